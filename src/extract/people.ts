// People: a first name (any case) followed by a capitalised surname, put in the nominative with
// the surname's gender following the first name; the role is a function word next to the name
// ("z burmistrzem Marcinem Plutą", "Pana Krzysztofa Kozickiego Wicestarosty Łomżyńskiego",
// "Danuta Brzozowska, prezes …"), agreeing with it in case.
import { z } from 'zod';
import type { Mention } from '../schema.js';
import { normalizePhrase } from '../lang/pl/normalize.js';
import { isFirstName } from '../lang/pl/names.js';
import type { Case } from '../lang/pl/tags.js';
import rolesJson from './rules/roles.json' with { type: 'json' };
import { firstNameReadings, lemmasOf, readings, type DocumentWords, type Word } from './words.js';
import { mentionOf, textOf } from './spans.js';

const rules = z.object({
  roles: z.array(z.string()), complements: z.array(z.string()), honorifics: z.array(z.string()),
}).parse(rolesJson);
const ROLES = new Set(rules.roles);
const COMPLEMENTS = new Set(rules.complements);
const HONORIFICS = new Set(rules.honorifics.map((h) => h.replace(/\.$/u, '')));

export interface PersonMention {
  name: string;
  role: string;
  guessed: boolean;
  first: number;
  last: number;
  mention: Mention;
}

const isNameToken = (w: Word | undefined) => !!w && w.kind === 'word' && w.capitalised && !w.allCaps;

function firstNameReading(w: Word): boolean {
  if (!isNameToken(w)) return false;
  return firstNameReadings(w.text).some((a) => a.tag.pos === 'subst' && /^\p{Lu}/u.test(a.lemma)) || isFirstName(w.text);
}

// A name after these is a street's, a patron's or a saint's, not a person taking part.
const NOT_A_PERSON_BEFORE = new Set(['ul', 'al', 'pl', 'os', 'ulica', 'ulicy', 'aleja', 'alei', 'plac', 'placu', 'osiedle', 'rondo', 'im', 'imienia', 'pw', 'św', 'bł', 'wezwaniem']);

function namesSomethingElse(words: Word[], i: number, sFirst: number): boolean {
  let k = i - 1;
  if (k >= sFirst && words[k].text === '.') k--;
  return k >= sFirst && NOT_A_PERSON_BEFORE.has(words[k].lower);
}

function casesOf(w: Word): Set<Case> {
  return new Set(readings(w.text).filter((a) => a.tag.pos === 'subst' || a.tag.pos === 'adj').flatMap((a) => a.tag.case));
}

function roleLemma(w: Word | undefined): string | undefined {
  if (!w || w.kind !== 'word') return undefined;
  for (const l of lemmasOf(w)) if (ROLES.has(l)) return l;
  return ROLES.has(w.lower) ? w.lower : undefined;
}


/** The role phrase starting at a role word: the word, agreeing adjectives and set complements. */
function rolePhrase(dw: DocumentWords, i: number, end: number): { text: string; last: number } {
  const words = dw.words;
  let j = i + 1;
  // "Wicestarosty Łomżyńskiego", "prezes zarządu", "zastępca dyrektora"
  while (j < end && words[j].kind === 'word' && j - i <= 2) {
    const roleCases = casesOf(words[i]);
    const isAdj = readings(words[j].text).some((a) => a.tag.pos === 'adj' && a.tag.case.some((c) => roleCases.has(c)));
    const isComplement = [...lemmasOf(words[j])].some((l) => COMPLEMENTS.has(l)) && !words[j].capitalised;
    if (isAdj && !firstNameReading(words[j]) || isComplement) j++;
    else break;
  }
  const text = normalizePhrase(textOf(dw, i, j), 'organization').text.toLowerCase();
  return { text, last: j };
}

export function extractPeople(dw: DocumentWords, blocked: (i: number) => boolean, orgRangeEndingAt: (i: number) => number | undefined): PersonMention[] {
  const words = dw.words;
  const out: PersonMention[] = [];
  for (const s of dw.sentences) {
    for (let i = s.first; i < s.last; i++) {
      if (blocked(i) || !firstNameReading(words[i]) || namesSomethingElse(words, i, s.first)) continue;
      // First name(s), then a surname: "Marcinem Plutą", "Anna Maria Nowak-Kowalska".
      let j = i + 1;
      while (j < s.last && firstNameReading(words[j]) && j + 1 < s.last && isNameToken(words[j + 1])) j++;
      if (j >= s.last || !isNameToken(words[j]) || blocked(j)) continue;
      const last = j + 1;
      const nameText = textOf(dw, i, last);
      const n = normalizePhrase(nameText, 'person');
      const role = findRole(dw, i, last, s.first, s.last, blocked, orgRangeEndingAt);
      out.push({ name: n.text, role, guessed: n.guessed, first: i, last, mention: mentionOf(dw, i, last, 'person.first-last') });
      i = last - 1;
    }
  }
  return out;
}

function findRole(dw: DocumentWords, first: number, last: number, sFirst: number, sLast: number,
  blocked: (i: number) => boolean, orgRangeEndingAt: (i: number) => number | undefined): string {
  const words = dw.words;
  const nameCases = casesOf(words[first]);
  const agrees = (w: Word) => [...casesOf(w)].some((c) => nameCases.has(c));
  // After the name: "Kozickiego Wicestarosty Łomżyńskiego", "Danuta Brzozowska, prezes …"
  let k = last;
  const comma = words[k]?.text === ',';
  if (comma) k++;
  const after = roleLemma(words[k]);
  if (after && k < sLast && (comma || agrees(words[k]))) return rolePhrase(dw, k, sLast).text;
  // Before it: skip honorifics and an organisation's name between role and person.
  k = first - 1;
  let steps = 0;
  while (k >= sFirst && steps < 10) {
    const w = words[k];
    if (w.kind === 'word' && HONORIFICS.has(w.lower)) { k--; continue; }
    if (w.text === '.' && k > sFirst && HONORIFICS.has(words[k - 1].lower)) { k -= 2; continue; }
    const orgStart = orgRangeEndingAt(k + 1);
    if (orgStart !== undefined) { k = orgStart - 1; steps++; continue; }
    const lemma = roleLemma(w);
    if (lemma) {
      if (agrees(w) || first - k <= 1) return rolePhrase(dw, k, first).text;
      return '';
    }
    if (w.kind === 'punct' || blocked(k)) break;
    k--;
    steps++;
    // Only a few words may stand between a role and the name.
    if (steps > 3) break;
  }
  return '';
}
