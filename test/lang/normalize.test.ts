// Accuracy of normalizePhrase against the hand-checked cases in normalize-cases.tsv: oblique
// forms of places, organisations and persons, each with its nominative. The TSV is the
// linguistic reference; when the normaliser disagrees, the normaliser is wrong.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizePhrase } from '../../src/lang/pl/normalize.js';

type Kind = 'person' | 'place' | 'organization';

interface Case {
  line: number;
  kind: Kind;
  phrase: string;
  expected: string;
  note: string;
}

const KINDS: readonly Kind[] = ['place', 'organization', 'person'];
const MIN_ACCURACY = 0.97;

function loadCases(): Case[] {
  const path = fileURLToPath(new URL('./normalize-cases.tsv', import.meta.url));
  const lines = readFileSync(path, 'utf8').replace(/^\uFEFF/u, '').split(/\r?\n/u);
  const header = lines[0].split('\t');
  if (header.join('\t') !== 'kind\tphrase\texpected\tnote') throw new Error(`unexpected TSV header: ${lines[0]}`);
  const cases: Case[] = [];
  lines.slice(1).forEach((text, i) => {
    if (!text.trim() || text.startsWith('#')) return;
    const cols = text.split('\t');
    const line = i + 2;
    if (cols.length !== 4) throw new Error(`line ${line}: expected 4 columns, got ${cols.length}`);
    const [kind, phrase, expected, note] = cols;
    if (!KINDS.includes(kind as Kind)) throw new Error(`line ${line}: unknown kind "${kind}"`);
    cases.push({ line, kind: kind as Kind, phrase, expected, note });
  });
  return cases;
}

const CASES = loadCases();

// The examples the normaliser must get right one by one (looked up in the TSV, which stays
// the single source of the expected values).
const KEY_PHRASES: ReadonlyArray<[Kind, string]> = [
  ['place', 'Łomży'],
  ['place', 'Gnieznu'],
  ['place', 'Łomżę'],
  ['place', 'Łomżą'],
  ['place', 'Nowym Sączu'],
  ['place', 'Kielcach'],
  ['place', 'Końskich'],
  ['place', 'Łodzi'],
  ['place', 'Białymstoku'],
  ['place', 'Zakopanem'],
  ['place', 'województwie łódzkim'],
  ['place', 'województwa kujawsko-pomorskiego'],
  ['place', 'powiatu łomżyńskiego'],
  ['place', 'Niemczech'],
  ['place', 'Włoszech'],
  ['organization', 'Spółdzielnię Socjalną ALEXIS'],
  ['organization', 'Regionalnego Ośrodka Polityki Społecznej w Kielcach'],
  ['organization', 'Miejsko-Gminnym Ośrodkiem Pomocy Społecznej'],
  ['organization', 'Łódzkiego Sejmiku Osób Niepełnosprawnych'],
  ['organization', 'Zakładów Spożywczych'],
  ['organization', 'Stowarzyszenia Nasza Galeria'],
  ['organization', 'Urzędu Marszałkowskiego Województwa Łódzkiego'],
  ['organization', 'Caritas Diecezji Łomżyńskiej'],
  ['organization', 'BoxLife sp. z o.o.'],
  ['person', 'Marcinem Plutą'],
  ['person', 'Agaty Róg'],
  ['person', 'Danuty Brzozowskiej'],
  ['person', 'Pawłem Kowalskim'],
  ['person', 'Krzysztofa Kozickiego'],
  ['person', 'Janowi Mice'],
  ['person', 'Anny Nowak-Kowalskiej'],
  ['person', 'Marią Skłodowską-Curie'],
  ['person', 'Markiem Zającem'],
  ['person', 'Jacka Wróbla'],
];

function keyCases(): Case[] {
  return KEY_PHRASES.map(([kind, phrase]) => {
    const found = CASES.find((c) => c.kind === kind && c.phrase === phrase);
    if (!found) throw new Error(`key phrase missing from the TSV: ${kind} "${phrase}"`);
    return found;
  });
}

describe('normalize-cases.tsv', () => {
  it('is well formed: enough rows of each kind, no duplicates', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(330);
    const counts = Object.fromEntries(KINDS.map((k) => [k, CASES.filter((c) => c.kind === k).length]));
    expect(counts.place).toBeGreaterThanOrEqual(140);
    expect(counts.organization).toBeGreaterThanOrEqual(90);
    expect(counts.person).toBeGreaterThanOrEqual(100);
    const seen = new Set<string>();
    for (const c of CASES) {
      const key = `${c.kind}\t${c.phrase}`;
      expect(seen.has(key), `duplicate row at line ${c.line}`).toBe(false);
      seen.add(key);
      expect(c.phrase.trim(), `line ${c.line}`).toBe(c.phrase);
      expect(c.expected.trim(), `line ${c.line}`).toBe(c.expected);
      expect(c.note, `line ${c.line}`).not.toBe('');
    }
  });
});

describe('normalizePhrase accuracy', () => {
  interface Result extends Case { got: string }
  let results: Result[] = [];

  beforeAll(() => {
    results = CASES.map((c) => ({ ...c, got: normalizePhrase(c.phrase, c.kind).text }));
  });

  it(`reaches ${MIN_ACCURACY} exact-match accuracy over all rows`, () => {
    const failures = results.filter((r) => r.got !== r.expected);
    const lines: string[] = [];
    for (const kind of KINDS) {
      const ofKind = results.filter((r) => r.kind === kind);
      const right = ofKind.filter((r) => r.got === r.expected).length;
      lines.push(`${kind.padEnd(12)} ${right}/${ofKind.length} = ${(right / ofKind.length).toFixed(3)}`);
    }
    const right = results.length - failures.length;
    const accuracy = right / results.length;
    lines.push(`${'overall'.padEnd(12)} ${right}/${results.length} = ${accuracy.toFixed(3)}`);
    console.log(`normalizePhrase accuracy\n${lines.join('\n')}`);
    if (failures.length) {
      console.log(
        `failures (${failures.length}):\n` +
          failures
            .map((f) => `  [${f.kind}] ${f.phrase} → expected "${f.expected}", got "${f.got}"  (${f.note}; line ${f.line})`)
            .join('\n'),
      );
    }
    expect(accuracy).toBeGreaterThanOrEqual(MIN_ACCURACY);
  });

  it.each(keyCases().map((c) => [c.kind, c.phrase, c.expected] as const))('%s: %s → %s', (kind, phrase, expected) => {
    expect(normalizePhrase(phrase, kind).text).toBe(expected);
  });
});
