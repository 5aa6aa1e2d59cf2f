import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DATE_RULE_IDS, extractDates } from '../../src/extract/dates.js';
import { DateSchema, type DatePrecision, type DateRecord, type Paragraph } from '../../src/schema.js';

/** Paragraphs as the segmenter gives them: one per line. */
function paragraphsOf(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    paragraphs.push({ index: paragraphs.length, start, end: start + line.length, text: line });
    start += line.length + 1;
  }
  return paragraphs;
}

/** [start, end, precision, text of the mention] */
type Expected = [string, string, DatePrecision, string];

function run(text: string, publishedAt: string | null = null): DateRecord[] {
  const paragraphs = paragraphsOf(text);
  const records = extractDates(text, paragraphs, { publishedAt });
  for (const record of records) {
    DateSchema.parse(record);
    expect(record.text).toBe(record.mentions[0].text);
    for (const m of record.mentions) {
      expect(text.slice(m.start, m.end)).toBe(m.text);
      const p = paragraphs[m.paragraph];
      expect(m.start >= p.start && m.end <= p.end).toBe(true);
      expect(DATE_RULE_IDS).toContain(m.rule);
    }
  }
  return records;
}

/** Records as [start, end, precision, text], each mention checked to sit where its text first occurs. */
function summarise(text: string, records: DateRecord[]): Expected[] {
  return records.map((r) => {
    expect(r.mentions).toHaveLength(1);
    expect(r.mentions[0].start).toBe(text.indexOf(r.text));
    return [r.start, r.end, r.precision, r.text];
  });
}

const CASES: [string, Expected[]][] = [
  // Single days.
  ['Spotkanie odbyło się 29 marca 2012 roku w Łomży.', [['2012-03-29', '2012-03-29', 'day', '29 marca 2012 roku']]],
  ['Umowę podpisano 29 marca 2012 r. w Łomży.', [['2012-03-29', '2012-03-29', 'day', '29 marca 2012 r.']]],
  ['dnia 29.03.2012 podpisano umowę', [['2012-03-29', '2012-03-29', 'day', '29.03.2012']]],
  ['Termin: 29.03.2012 r.', [['2012-03-29', '2012-03-29', 'day', '29.03.2012 r.']]],
  ['data 29-03-2012', [['2012-03-29', '2012-03-29', 'day', '29-03-2012']]],
  ['data 2012-03-29', [['2012-03-29', '2012-03-29', 'day', '2012-03-29']]],
  ['data 29/03/2012', [['2012-03-29', '2012-03-29', 'day', '29/03/2012']]],
  ['Pismo z dnia 12 IV 2012 roku', [['2012-04-12', '2012-04-12', 'day', '12 IV 2012 roku']]],
  ['Pismo z dnia 12.IV.2012', [['2012-04-12', '2012-04-12', 'day', '12.IV.2012']]],
  ['Zebranie 5 XII 2016 r. w sali', [['2016-12-05', '2016-12-05', 'day', '5 XII 2016 r.']]],
  ['Zebranie 12 wrz. 2012 w sali', [['2012-09-12', '2012-09-12', 'day', '12 wrz. 2012']]],
  ['TERMIN: 3 GRUDNIA 2015', [['2015-12-03', '2015-12-03', 'day', '3 GRUDNIA 2015']]],
  ['Bez znakow: 5 pazdziernika 2013', [['2013-10-05', '2013-10-05', 'day', '5 pazdziernika 2013']]],
  ['Rok przestępny: 29 lutego 2012', [['2012-02-29', '2012-02-29', 'day', '29 lutego 2012']]],

  // Day ranges.
  ['W dniach 29-30 marca 2012 roku odbyła się wizyta', [['2012-03-29', '2012-03-30', 'day', '29-30 marca 2012 roku']]],
  ['w dniach 22 – 24 maja 2017 r. zorganizował', [['2017-05-22', '2017-05-24', 'day', '22 – 24 maja 2017 r.']]],
  ['Obóz 16-19.07.2018 nad morzem', [['2018-07-16', '2018-07-19', 'day', '16-19.07.2018']]],
  ['Kurs trwał od 3 do 5 czerwca 2015 r. w Kielcach', [['2015-06-03', '2015-06-05', 'day', 'od 3 do 5 czerwca 2015 r.']]],
  ['Festiwal 30 czerwca – 2 lipca 2016', [['2016-06-30', '2016-07-02', 'day', '30 czerwca – 2 lipca 2016']]],
  ['Festiwal 30.06-2.07.2016', [['2016-06-30', '2016-07-02', 'day', '30.06-2.07.2016']]],
  ['Szkolenie 28.02.–1.03.2013', [['2013-02-28', '2013-03-01', 'day', '28.02.–1.03.2013']]],
  ['Szkolenie od 28 lutego do 1 marca 2013', [['2013-02-28', '2013-03-01', 'day', 'od 28 lutego do 1 marca 2013']]],
  ['Targi od 3 czerwca do 5 czerwca 2015', [['2015-06-03', '2015-06-05', 'day', 'od 3 czerwca do 5 czerwca 2015']]],
  ['Obóz 30 grudnia 2015 – 2 stycznia 2016', [['2015-12-30', '2016-01-02', 'day', '30 grudnia 2015 – 2 stycznia 2016']]],
  ['Obóz 29 grudnia – 2 stycznia 2016', [['2015-12-29', '2016-01-02', 'day', '29 grudnia – 2 stycznia 2016']]],
  ['Sesja 12-14 IV 2012', [['2012-04-12', '2012-04-14', 'day', '12-14 IV 2012']]],
  ['w okresie od 1.01.2014 do 31.12.2014 r.', [['2014-01-01', '2014-12-31', 'day', 'od 1.01.2014 do 31.12.2014 r.']]],
  ['pomiędzy 2 a 5 maja 2012', [['2012-05-02', '2012-05-05', 'day', 'pomiędzy 2 a 5 maja 2012']]],
  ['Od 1 lipca 2013 r. do 30 czerwca 2015 r. trwał projekt', [['2013-07-01', '2015-06-30', 'day', 'Od 1 lipca 2013 r. do 30 czerwca 2015 r.']]],

  // Months and month ranges.
  ['Otwarcie nastąpiło w marcu 2012 r.', [['2012-03', '2012-03', 'month', 'marcu 2012 r.']]],
  ['Stan na marzec 2012', [['2012-03', '2012-03', 'month', 'marzec 2012']]],
  ['we wrześniu 2013 roku', [['2013-09', '2013-09', 'month', 'wrześniu 2013 roku']]],
  ['W okresie luty 2010 – lipiec 2011 Ośrodek', [['2010-02', '2011-07', 'month', 'luty 2010 – lipiec 2011']]],
  ['Projekt trwał od lutego 2010 do lipca 2011.', [['2010-02', '2011-07', 'month', 'od lutego 2010 do lipca 2011']]],
  ['Nabór od stycznia do marca 2014', [['2014-01', '2014-03', 'month', 'od stycznia do marca 2014']]],
  ['Harmonogram: styczeń–marzec 2014', [['2014-01', '2014-03', 'month', 'styczeń–marzec 2014']]],
  ['Stan na 03.2012', [['2012-03', '2012-03', 'month', '03.2012']]],
  ['na przełomie maja i czerwca 2015 r.', [['2015-05', '2015-06', 'month', 'przełomie maja i czerwca 2015 r.']]],
  ['przełom maja i czerwca 2015', [['2015-05', '2015-06', 'month', 'przełom maja i czerwca 2015']]],
  ['Wyniki za I kwartał 2013', [['2013-01', '2013-03', 'month', 'I kwartał 2013']]],
  ['w III kwartale 2014 r.', [['2014-07', '2014-09', 'month', 'III kwartale 2014 r.']]],
  ['w drugim półroczu 2016', [['2016-07', '2016-12', 'month', 'drugim półroczu 2016']]],

  // Years.
  ['Spółdzielnię założono w 2012 r.', [['2012', '2012', 'year', '2012 r.']]],
  ['Spółdzielnię założono w 2012 roku.', [['2012', '2012', 'year', '2012 roku']]],
  ['Był to rok 2012, trudny dla wszystkich.', [['2012', '2012', 'year', '2012']]],
  ['Spółdzielnię założono w 2012, a rozwiązano', [['2012', '2012', 'year', '2012']]],
  ['Dane z 2015 pokazują wzrost', [['2015', '2015', 'year', '2015']]],
  ['w latach 2010–2012 realizowano', [['2010', '2012', 'year', '2010–2012']]],
  ['lata 2010-2012 były dobre', [['2010', '2012', 'year', '2010-2012']]],
  ['Program na 2010-2012 r.', [['2010', '2012', 'year', '2010-2012 r.']]],
  ['od 2010 do 2012 roku', [['2010', '2012', 'year', 'od 2010 do 2012 roku']]],

  // Several dates in one sentence stay apart.
  ['Spotkania: 5 maja 2014 r. i 12 czerwca 2014 r.', [
    ['2014-05-05', '2014-05-05', 'day', '5 maja 2014 r.'],
    ['2014-06-12', '2014-06-12', 'day', '12 czerwca 2014 r.'],
  ]],

  // Not dates.
  ['Od dwóch lat działa Kino Bodo', []],
  ['Wrócimy za rok.', []],
  ['w ubiegłym roku było lepiej', []],
  ['dzieci w wieku do roku', []],
  ['zatrudnienie ok. 60 osób', []],
  ['(ul. Piotrkowska 17)', []],
  ['biuro przy ul. 3 Maja 12', []],
  ['tel. 12 345 67 89', []],
  ['koszt 1.500 zł', []],
  ['uchwała nr 12/2012 rady gminy', []],
  ['Sygnatura: nr 03.2012', []],
  ['Start o godz. 10.30', []],
  ['w godz. 10.30–12.00', []],
  ['zajęcia 10.30–12.00', []],
  ['Liczba uczestników: 2012', []],
  ['zestawienie 2010-2012', []],
  ['wiosną 2014 ruszy budowa', []],
  ['latem 2015 r. otwarto plażę', []],
  ['31 kwietnia 2012', []],
  ['29 lutego 2013', []],
  ['32 marca 2012', []],
  ['strony 12 i 14', []],
  ['punkt 1 lis', []],
  ['w 2500 r.', []],
  ['w 1850 roku', []],
  ['Bemaja 2012', []],
  ['Maja Kowalska przyszła', []],
];

describe('extractDates', () => {
  it.each(CASES)('%s', (text, expected) => {
    expect(summarise(text, run(text))).toEqual(expected);
  });

  it('returns a range once, not also its parts, with all offsets into the whole text', () => {
    const text = 'Wstęp.\nW dniach 29-30 marca 2012 roku odbyła się wizyta.';
    const records = run(text);
    expect(records).toHaveLength(1);
    expect(records[0].mentions).toEqual([
      { text: '29-30 marca 2012 roku', start: 16, end: 37, paragraph: 1, rule: 'day-range' },
    ]);
  });

  it('gathers repeated mentions of one date under one record', () => {
    const text = 'Warsztaty 5 maja 2014 r.\nPo warsztatach (5.05.2014) wydano raport.';
    const records = run(text);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ start: '2014-05-05', end: '2014-05-05', text: '5 maja 2014 r.' });
    expect(records[0].mentions.map((m) => [m.text, m.paragraph, m.rule])).toEqual([
      ['5 maja 2014 r.', 0, 'day-month'],
      ['5.05.2014', 1, 'day-numeric'],
    ]);
  });
});

describe('extractDates: a date without a year', () => {
  const RESOLUTION: [string, string, string | null, Expected[]][] = [
    ['takes the publication year', '1 lipca', '2017-05-25', [['2017-07-01', '2017-07-01', 'day', '1 lipca']]],
    ['takes the publication year for a month', 'Spotkanie w maju', '2017-05-25', [['2017-05', '2017-05', 'month', 'maju']]],
    ['takes the publication year for a range', 'w dniach 3–5 czerwca', '2017-05-25', [['2017-06-03', '2017-06-05', 'day', '3–5 czerwca']]],
    ['takes the publication year for a month range', 'Harmonogram: styczeń–marzec', '2017-05-25', [['2017-01', '2017-03', 'month', 'styczeń–marzec']]],
    ['is skipped more than ~6 months after publication with nothing before', 'Kolejne spotkanie 15 grudnia.', '2017-05-25', []],
    ['is skipped without publication date or context', 'Spotkanie 1 lipca.', null, []],
    ['prefers its paragraph to the publication year',
      'Szkolenie 3 czerwca, a konferencja 5 października 2015 r.', '2017-05-25',
      [['2015-06-03', '2015-06-03', 'day', '3 czerwca'], ['2015-10-05', '2015-10-05', 'day', '5 października 2015 r.']]],
    ['prefers its sentence to a closer date in the next one',
      'Konferencja 5 października 2015 r., a warsztaty 3 czerwca. Raport z 2014 r.', null,
      [['2015-10-05', '2015-10-05', 'day', '5 października 2015 r.'], ['2015-06-03', '2015-06-03', 'day', '3 czerwca'], ['2014', '2014', 'year', '2014 r.']]],
    ['falls back to the nearest dated mention before it',
      'Projekt ruszył 10 maja 2016 r.\nKolejne spotkanie 15 grudnia.', '2017-05-25',
      [['2016-05-10', '2016-05-10', 'day', '10 maja 2016 r.'], ['2016-12-15', '2016-12-15', 'day', '15 grudnia']]],
    ['falls back to the date before it without publication date',
      'Raport za 2012 r.\nW grudniu odbyło się spotkanie.', null,
      [['2012', '2012', 'year', '2012 r.'], ['2012-12', '2012-12', 'month', 'grudniu']]],
    ['is checked against the calendar of the year it gets', 'Zebranie 29 lutego', '2017-01-10', []],
  ];

  it.each(RESOLUTION)('%s', (_name, text, publishedAt, expected) => {
    expect(summarise(text, run(text, publishedAt))).toEqual(expected);
  });
});

describe('extractDates on the seed reports', () => {
  const seeds = fileURLToPath(new URL('../../../shared/seeds/', import.meta.url));
  const SEEDS: [string, Expected[]][] = [
    ['wizyta-podlaskie-2012.txt', [
      ['2012-03-29', '2012-03-30', 'day', '29-30 marca 2012 roku'],
      ['2010-02', '2011-07', 'month', 'luty 2010 – lipiec 2011'],
    ]],
    ['warsztaty-lodzkie-2017.txt', [['2017-05-22', '2017-05-24', 'day', '22 – 24 maja 2017 r.']]],
  ];

  // The seeds live beside the repository (../shared/seeds); a clone without them skips this.
  it.skipIf(!existsSync(seeds)).each(SEEDS)('%s gives exactly its gold dates', (file, expected) => {
    const text = readFileSync(seeds + file, 'utf8');
    expect(summarise(text, run(text, null))).toEqual(expected);
  });
});

describe('extractDates performance', () => {
  it('stays linear on input built to make regexes backtrack', () => {
    const chunk = '1-2-3 4.5.6 12 12 12 marca marca – – 2012 2012-2012 r r. od od do do przełom w w 11.11.11.11 ';
    const text = chunk.repeat(Math.ceil(200_000 / chunk.length));
    const started = performance.now();
    run(text);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
