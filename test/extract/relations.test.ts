import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { segment } from '../../src/segment/index.js';
import { extractRecord } from '../../src/extract/index.js';
import { RELATION_RULE_IDS, streetNameNominative } from '../../src/extract/relations.js';
import { RecordSchema, RelationSchema, type RelationType, type ReportRecord } from '../../src/schema.js';

/** The record of a short report, its first line the title; every relation checked against the schema and the text. */
function extract(text: string): ReportRecord {
  const title = text.split('\n')[0];
  const record = extractRecord(segment({ source: '/reports/test.txt', title, publishedAt: null, text, encoding: 'utf-8', format: 'text' }));
  RecordSchema.parse(record);
  for (const r of record.relations) {
    RelationSchema.parse(r);
    const e = r.evidence;
    expect(text.slice(e.start, e.end)).toBe(e.text);
    expect(RELATION_RULE_IDS).toContain(e.rule);
    // The evidence is the whole sentence: it lies within one paragraph.
    const p = record.paragraphs[e.paragraph];
    expect(e.start >= p.start && e.end <= p.end).toBe(true);
  }
  return record;
}

/** An organisation of the record, found by how it is written in the text (its name is the record's own). */
const org = (written: string) => ({ org: written });
type Side = string | { org: string };

function nameOf(record: ReportRecord, side: Side): string {
  if (typeof side === 'string') return side;
  const found = record.organizations.find((o) => o.mentions.some((m) => m.text.includes(side.org)));
  if (!found) throw new Error(`no organisation written "${side.org}" in ${JSON.stringify(record.organizations.map((o) => o.name))}`);
  return found.name;
}

type Expected = [RelationType, Side, Side];

const CASES: [string, Expected[]][] = [
  // run_by
  ['Warsztat Terapii Zajęciowej w Marianowie, prowadzony przez Fundację „Promyk Nadziei”, zaprasza na kiermasz.',
    [['run_by', org('Warsztat Terapii Zajęciowej w Marianowie'), org('Promyk Nadziei')]]],
  ['Centrum Integracji Społecznej w Wągrowcu, którego organem prowadzącym jest Stowarzyszenie „Przystań”, przyjęło 30 uczestników.',
    [['run_by', org('Centrum Integracji Społecznej w Wągrowcu'), org('Przystań')]]],
  ['Klub Integracji Społecznej w Opocznie, działający przy Miejskim Ośrodku Pomocy Społecznej w Opocznie, prowadzi zajęcia.',
    [['run_by', org('Klub Integracji Społecznej w Opocznie'), org('Miejskim Ośrodku Pomocy Społecznej')]]],
  ['Przy Fundacji „Światło” od 2012 r. działa Warsztat Terapii Zajęciowej w Lipnie.',
    [['run_by', org('Warsztat Terapii Zajęciowej w Lipnie'), org('Światło')]]],
  // A venue is no organisation: its name, in the nominative, is the subject.
  ['Kawiarnia „Pod Aniołem” prowadzona przez Spółdzielnię Socjalną „Anielskie Smaki” zaprasza od poniedziałku do soboty.',
    [['run_by', 'kawiarnia „Pod Aniołem”', org('Anielskie Smaki')]]],
  ['W Kielcach działa sklep „Zielony Koszyk”. Prowadzi go Spółdzielnia Socjalna „Ogrody” z Kielc.',
    [['run_by', 'sklep „Zielony Koszyk”', org('Ogrody')]]],
  // founded_by
  ['Spółdzielnia Socjalna „Zielony Ogród” została założona przez Gminę Wilków w 2014 roku.',
    [['founded_by', org('Zielony Ogród'), org('Gminę Wilków')]]],
  ['Gmina Czerniejewo wraz z Gminą Niechanowo powołały Spółdzielnię Socjalną Osób Prawnych „Zielone Sąsiedztwo”.',
    [['founded_by', org('Zielone Sąsiedztwo'), org('Gmina Czerniejewo')], ['founded_by', org('Zielone Sąsiedztwo'), org('Gminą Niechanowo')]]],
  ['Fundacja „Horyzont” powstała z inicjatywy Stowarzyszenia „Aktywni Razem”.',
    [['founded_by', org('Horyzont'), org('Aktywni Razem')]]],
  // patronage: an organisation or an office, in the nominative
  ['Konkurs „Zwykły Bohater” odbył się pod honorowym patronatem Marszałka Województwa Łódzkiego.',
    [['patronage', 'konkurs „Zwykły Bohater”', 'Marszałek Województwa Łódzkiego']]],
  ['Targi Ekonomii Społecznej w Łodzi\n12 maja 2018 r. w Łodzi odbyły się Targi Ekonomii Społecznej. Patronat honorowy nad targami objął Prezydent Miasta Łodzi.',
    [['patronage', 'Targi Ekonomii Społecznej', 'Prezydent Miasta Łodzi']]],
  // member_of
  ['Spółdzielnia Socjalna „Wspólny Stół” jest członkiem Ogólnopolskiego Związku Rewizyjnego Spółdzielni Socjalnych.',
    [['member_of', org('Wspólny Stół'), org('Ogólnopolskiego Związku Rewizyjnego')]]],
  ['Stowarzyszenie „Tratwa” należy do Federacji Organizacji Pozarządowych „Razem dla Regionu”.',
    [['member_of', org('Tratwa'), org('Razem dla Regionu')]]],
  ['Fundacja „Most” jest zrzeszona w Związku Stowarzyszeń „Sieć Pomocy”.',
    [['member_of', org('Most'), org('Sieć Pomocy')]]],
  // located_at: addresses in the nominative, street names too
  ['Fundacja „Nowy Dom” mieści się przy ulicy Piotrkowskiej 17 w Łodzi.',
    [['located_at', org('Nowy Dom'), 'ul. Piotrkowska 17, Łódź']]],
  ['Stowarzyszenie „Aktywni” z siedzibą przy al. Jana Pawła II 25/3, 90-001 Łódź prowadzi doradztwo.',
    [['located_at', org('Aktywni'), 'al. Jana Pawła II 25/3, 90-001 Łódź']]],
  ['Spółdzielnia Socjalna „Osiedle” działa na os. Słonecznym 4 w Radomiu.',
    [['located_at', org('Osiedle'), 'os. Słoneczne 4, Radom']]],
  ['Kontakt: Fundacja „Rynek”, pl. Wolności 1, 62-800 Kalisz, tel. 62 765 43 21.',
    [['located_at', org('Rynek'), 'pl. Wolności 1, 62-800 Kalisz']]],
  ['Od maja w siedzibie Fundacji „Nowe Podwórko” przy ul. Ząbkowskiej 27 działa punkt porad.',
    [['located_at', org('Nowe Podwórko'), 'ul. Ząbkowska 27']]],
  // partner_of
  ['Regionalny Ośrodek Polityki Społecznej w Szczecinie we współpracy z Urzędem Marszałkowskim Województwa Zachodniopomorskiego zorganizował targi.',
    [['partner_of', org('Regionalny Ośrodek Polityki Społecznej'), org('Urzędem Marszałkowskim')]]],
  ['Ośrodek Wsparcia Ekonomii Społecznej w Kaliszu działa w partnerstwie ze Stowarzyszeniem Rozwoju Gmin „Prosna”.',
    [['partner_of', org('Ośrodek Wsparcia Ekonomii Społecznej w Kaliszu'), org('Prosna')]]],
  ['Podpisano porozumienie o współpracy pomiędzy Gminą Kluczbork a Fundacją „Aktywni Razem”.',
    [['partner_of', org('Gminą Kluczbork'), org('Aktywni Razem')]]],
  ['Stronami porozumienia są Gmina Kluczbork, Powiat Kluczborski oraz Fundacja „Aktywni Razem”.',
    [['partner_of', org('Gmina Kluczbork'), org('Powiat Kluczborski')], ['partner_of', org('Gmina Kluczbork'), org('Aktywni Razem')],
      ['partner_of', org('Powiat Kluczborski'), org('Aktywni Razem')]]],
  // Nothing to relate.
  ['Uczestnicy odwiedzili Fundację „Słońce” oraz świetlicę prowadzoną przez Stowarzyszenie „Tęcza”.', []],
  ['Fundacja „Słońce” prowadzi warsztaty rękodzieła. Członek zarządu Fundacji „Słońce” Jan Kowalski opowiedział o nich.', []],
  ['Gmina Końskie przekazała spółdzielni lokal przy ul. Warszawskiej 35.', []],
];

describe('relations', () => {
  it.each(CASES)('%s', (text, expected) => {
    const record = extract(text);
    const got = record.relations.map((r) => [r.type, r.subject, r.object]);
    // Organisations are named as the record names them (nameOf looks them up by their mention).
    expect(got).toEqual(expected.map(([type, s, o]) => [type, nameOf(record, s), nameOf(record, o)]));
  });

  it('gives each relation the sentence that states it', () => {
    const text = 'Spółdzielnia Socjalna „Las” zatrudnia 6 osób. Warsztat Terapii Zajęciowej w Marianowie, prowadzony przez Fundację „Promyk”, współpracuje z nią.';
    const [r] = extract(text).relations;
    expect(r.evidence.text).toBe('Warsztat Terapii Zajęciowej w Marianowie, prowadzony przez Fundację „Promyk”, współpracuje z nią.');
    expect(r.evidence.start).toBe(text.indexOf('Warsztat'));
    expect(r.evidence.rule).toBe('run_by.prowadzony-przez');
  });

  it('keeps one relation per type, subject and object', () => {
    const text = 'WTZ: Warsztat Terapii Zajęciowej w Lipnie, prowadzony przez Fundację „Światło”.\nWarsztat Terapii Zajęciowej w Lipnie, prowadzony przez Fundację „Światło”, ma 30 uczestników.';
    expect(extract(text).relations).toHaveLength(1);
  });
});

describe('street names in the nominative', () => {
  const streets = JSON.parse(readFileSync(new URL('../../src/extract/rules/relations.json', import.meta.url), 'utf8')).streets;
  const ul = streets.find((s: { abbreviation: string }) => s.abbreviation === 'ul');
  it.each([
    ['loc', 'Piotrkowskiej', 'Piotrkowska'],
    ['inst', 'Piotrkowską', 'Piotrkowska'],
    ['gen', 'Kosynierów Gdyńskich', 'Kosynierów Gdyńskich'],
    ['loc', 'Jana Pawła II', 'Jana Pawła II'],
    ['loc', '3 Maja', '3 Maja'],
    ['nom', 'Toruńska', 'Toruńska'],
  ] as const)('%s "%s" → %s', (caseName, written, expected) => {
    expect(streetNameNominative(ul, caseName, written)).toBe(expected);
  });
});

describe("people's organisations", () => {
  const organizationOf = (text: string, person: string) => {
    const record = extract(text);
    const p = record.people.find((x) => x.name === person);
    expect(p).toBeDefined();
    return { record, organization: p!.organization };
  };

  it.each([
    ['Gościem była Danuta Brzozowska, prezes Prudnickiej Spółdzielni Socjalnej, która opowiedziała o zatrudnieniu.', 'Danuta Brzozowska', 'Prudnickiej Spółdzielni Socjalnej'],
    ['Nagrody wręczył prezes Fundacji „Dobre Serce” Jan Kowalski.', 'Jan Kowalski', 'Dobre Serce'],
    ['Regionalny Ośrodek Polityki Społecznej w Kielcach (ROPS) zorganizował spotkanie. Gości powitała dyrektor ROPS w Kielcach Anna Nowak.', 'Anna Nowak', 'Regionalny Ośrodek Polityki Społecznej w Kielcach'],
    ['Spółdzielnia Socjalna „Smaki Kaszub” zatrudnia pięć osób. – Jesteśmy dumni – mówi prezes spółdzielni Karolina Szulc.', 'Karolina Szulc', 'Smaki Kaszub'],
    ['Dokument podpisali prezydent Rybnika Henryk Moskal oraz prezes zarządu Fundacji „Most”, Pan Jan Nowak.', 'Jan Nowak', 'Most'],
  ])('%s → %s', (text, person, written) => {
    const { record, organization } = organizationOf(text, person);
    expect(organization).toBe(nameOf(record, org(written)));
  });

  it.each([
    ['Jan Kowalski opowiedział o Fundacji „Słońce”.', 'Jan Kowalski'],
    // The role after the comma belongs to the next name.
    ['Dokument podpisali prezydent Rybnika Henryk Moskal, dyrektor Fundacji „Most” Pani Beata Ptak.', 'Henryk Moskal'],
    ['W gali wzięli udział starosta gorlicki Marian Gąsior, wójt gminy Łącko Jan Cebula oraz posłanka Barbara Górecka.', 'Marian Gąsior'],
  ])('%s → none for %s', (text, person) => {
    expect(organizationOf(text, person).organization).toBeUndefined();
  });

  it('takes the organisation heading a contact block for "Prezes zarządu: …"', () => {
    const text = ['Informator', '', '1. FUNDACJA „AKTYWNI RAZEM”', 'ul. Leśna 4, 06-400 Ciechanów', 'Prezes zarządu: Grzegorz Pietrzak'].join('\n');
    const { record, organization } = organizationOf(text, 'Grzegorz Pietrzak');
    expect(organization).toBe(nameOf(record, org('AKTYWNI RAZEM')));
  });
});
