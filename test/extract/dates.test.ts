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

  // Roman-numeral months: with a day or a year beside them.
  ['Zebranie 12-14 IV 2012 r. w sali', [['2012-04-12', '2012-04-14', 'day', '12-14 IV 2012 r.']]],
  ['Sprawozdanie za IV 2012 r.', [['2012-04', '2012-04', 'month', 'IV 2012 r.']]],
  ['Stan na: VII 2015', [['2015-07', '2015-07', 'month', 'VII 2015']]],
  ['Obrady 28.XI.2013 w Sieradzu', [['2013-11-28', '2013-11-28', 'day', '28.XI.2013']]],

  // Ranges in their usual wordings.
  ['w dniach 12–14 maja 2023 r. trwały targi', [['2023-05-12', '2023-05-14', 'day', '12–14 maja 2023 r.']]],
  ['w dniach 30 czerwca – 2 lipca 2021 gościliśmy', [['2021-06-30', '2021-07-02', 'day', '30 czerwca – 2 lipca 2021']]],
  ['od 28 lutego do 2 marca 2016 r. trwał nabór', [['2016-02-28', '2016-03-02', 'day', 'od 28 lutego do 2 marca 2016 r.']]],
  ['od stycznia do marca 2019 trwał nabór', [['2019-01', '2019-03', 'month', 'od stycznia do marca 2019']]],
  ['od 1.03.2022 do 31.05.2022 trwał nabór', [['2022-03-01', '2022-05-31', 'day', 'od 1.03.2022 do 31.05.2022']]],
  ['Okres realizacji: od dnia 1 marca 2012 r. do dnia 30 listopada 2012 r.', [['2012-03-01', '2012-11-30', 'day', 'od dnia 1 marca 2012 r. do dnia 30 listopada 2012 r.']]],
  ['Rekrutacja między 3 a 5 września 2018 r.', [['2018-09-03', '2018-09-05', 'day', 'między 3 a 5 września 2018 r.']]],
  ['Szkolenie 29.03–2.04.2012 w Łodzi', [['2012-03-29', '2012-04-02', 'day', '29.03–2.04.2012']]],
  ['Szkolenie 29-30.03.2012 w Łodzi', [['2012-03-29', '2012-03-30', 'day', '29-30.03.2012']]],

  // Lists sharing a month and year: each day is its own date, mentioned by its own number; the
  // last one's mention also takes the month and year that all of them share.
  ['Zajęcia: 9, 16 i 23 września 2021 r. w Łodzi', [
    ['2021-09-09', '2021-09-09', 'day', '9'],
    ['2021-09-16', '2021-09-16', 'day', '16'],
    ['2021-09-23', '2021-09-23', 'day', '23 września 2021 r.'],
  ]],
  ['Dyżury 5 i 6 maja 2014', [['2014-05-05', '2014-05-05', 'day', '5'], ['2014-05-06', '2014-05-06', 'day', '6 maja 2014']]],
  ['Dyżury 3 oraz 4 GRUDNIA 2015', [['2015-12-03', '2015-12-03', 'day', '3'], ['2015-12-04', '2015-12-04', 'day', '4 GRUDNIA 2015']]],
  ['DYŻURY 5 I 6 MAJA 2014', [['2014-05-05', '2014-05-05', 'day', '5'], ['2014-05-06', '2014-05-06', 'day', '6 MAJA 2014']]],
  ['Kursy w maju i czerwcu 2020 r.', [['2020-05', '2020-05', 'month', 'maju'], ['2020-06', '2020-06', 'month', 'czerwcu 2020 r.']]],

  // Turns of months and years, quarters, half-years, school years.
  ['przełom maja i czerwca 2019', [['2019-05', '2019-06', 'month', 'przełom maja i czerwca 2019']]],
  ['na przełomie 2018 i 2019 roku', [['2018', '2019', 'year', 'przełomie 2018 i 2019 roku']]],
  ['w I kwartale 2020 r.', [['2020-01', '2020-03', 'month', 'I kwartale 2020 r.']]],
  ['w II półroczu 2019', [['2019-07', '2019-12', 'month', 'II półroczu 2019']]],
  ['w roku szkolnym 2019/2020', [['2019', '2020', 'year', '2019/2020']]],
  ['rok akademicki 2021/2022 r.', [['2021', '2022', 'year', '2021/2022 r.']]],
  ['zestawienie wydatków 2019/2021', []],
  ['w latach 2014–2020 realizowano', [['2014', '2020', 'year', '2014–2020']]],
  // A programme's period after its name is a range of years; a bare range after a common noun is not.
  ['Projekt współfinansowany ze środków RPO WP 2014–2020.', [['2014', '2020', 'year', '2014–2020']]],
  ['w ramach programu Interreg Południowy Bałtyk 2014–2020', [['2014', '2020', 'year', '2014–2020']]],
  ['środki programu Fundusze Europejskie dla Śląskiego 2021–2027', [['2021', '2027', 'year', '2021–2027']]],
  ['w perspektywie finansowej 2007-2013 r', [['2007', '2013', 'year', '2007-2013 r']]],
  ['w perspektywie 2007-2013', [['2007', '2013', 'year', '2007-2013']]],

  // Years and months in their usual wordings.
  ['Raport roczny (2018) omawia', [['2018', '2018', 'year', '2018']]],
  ['rok 2019 był rekordowy', [['2019', '2019', 'year', '2019']]],
  ['w 2015 roku powstała', [['2015', '2015', 'year', '2015 roku']]],
  ['do końca czerwca 2021 r. potrwa', [['2021-06', '2021-06', 'month', 'czerwca 2021 r.']]],
  ['Stan na 03.2010', [['2010-03', '2010-03', 'month', '03.2010']]],

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
  ['Zestawienie 2010-2012 w tabeli', []],
  ['ISBN 978-83-2010-2012', []],
  ['Program 2012-2010', []],
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
  ['Jan Paweł II odwiedził Polskę', []],
  ['Papież Jan Paweł II 2005', []],
  ['II edycja konkursu', []],
  ['II edycja konkursu 2019', []],
  ['III sektor rośnie', []],
  ['edycja II 2019 była udana', []],
  ['art. 15 ust. 2 ustawy', []],
  ['zgodnie z pkt 9 IV rozdziału', []],
  ['§ 5 ust. 3', []],
  ['90-001 Łódź, ul. Piotrkowska 17', []],
  ['NIP 725-18-01-126, KRS 0000123456', []],
  ['koszt 12.500 zł', []],
  ['wzrost o 12.5%', []],
  ['Start godz. 12.00', []],
  ['uchwała nr 12/2019', []],
  ['raport liczy 2012 stron', []],
  ['przyszło do 2000 osób', []],
  ['wsparcie od 2000 zł', []],
  ['Fundacja Rozwoju 2000 działa', []],
  ['w przyszłym miesiącu', []],
  ['w tym roku', []],
  ['w XX wieku', []],
  ['w latach 90. XX wieku', []],
  ['lata 90. były trudne', []],
  ['wiosną 2021 ruszy nabór', []],
  ['Wrócimy jesienią 2019 r.', []],
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
    ['takes the year before when the publication year puts it over ~2 months after publication',
      'Kolejne spotkanie 15 grudnia.', '2017-05-25', [['2016-12-15', '2016-12-15', 'day', '15 grudnia']]],
    ['takes the publication year up to ~2 months after publication', 'Spotkanie 20 lipca.', '2017-05-25', [['2017-07-20', '2017-07-20', 'day', '20 lipca']]],
    ['takes the publication year for a range with od … do', 'od 5 do 7 października', '2021-10-20', [['2021-10-05', '2021-10-07', 'day', 'od 5 do 7 października']]],
    ['takes the publication year for między … a', 'między 3 a 5 września', '2019-09-10', [['2019-09-03', '2019-09-05', 'day', 'między 3 a 5 września']]],
    ['takes the publication year for a list', 'Dyżury 5 i 6 maja.', '2019-09-10', [['2019-05-05', '2019-05-05', 'day', '5'], ['2019-05-06', '2019-05-06', 'day', '6 maja']]],
    ['takes the publication year for a month in the accusative', 'Rozmowy zaplanowano na październik.', '2022-09-20', [['2022-10', '2022-10', 'month', 'październik']]],
    ['"ub. roku" after a month is the year before publication', 'W grudniu ub. roku kupiono piec.', '2015-03-16', [['2014-12', '2014-12', 'month', 'grudniu']]],
    ['"ubiegłego roku" after a day, even beside a later anchor', 'Wniosek złożono 12 października ubiegłego roku, a umowę podpisano 3 marca 2016 r.', '2016-03-20',
      [['2015-10-12', '2015-10-12', 'day', '12 października'], ['2016-03-03', '2016-03-03', 'day', '3 marca 2016 r.']]],
    ['"br." is the publication year', 'Wnioski przyjmujemy do 30 czerwca br. w biurze.', '2019-04-15', [['2019-06-30', '2019-06-30', 'day', '30 czerwca']]],
    ['"przyszłego roku" is the year after publication', 'Otwarcie planujemy w maju przyszłego roku.', '2015-11-02', [['2016-05', '2016-05', 'month', 'maju']]],
    ['a weekday picks the year on which the day falls so', 'Rok temu, 12 marca 2014 r., spółdzielnię wpisano do KRS. W piątek, 13 marca, świętowano urodziny.', '2015-03-16',
      [['2014-03-12', '2014-03-12', 'day', '12 marca 2014 r.'], ['2015-03-13', '2015-03-13', 'day', '13 marca']]],
    ['a weekday in brackets after the day', 'Gala odbyła się 13 marca (piątek) w Kielcach, rok po wpisie z 12 marca 2014 r.', null,
      [['2015-03-13', '2015-03-13', 'day', '13 marca'], ['2014-03-12', '2014-03-12', 'day', '12 marca 2014 r.']]],
    ['a weekday that fits the inferred year leaves it', 'W czwartek, 13 marca 2014 r., i w piątek, 14 marca, trwały warsztaty.', null,
      [['2014-03-13', '2014-03-13', 'day', '13 marca 2014 r.'], ['2014-03-14', '2014-03-14', 'day', '14 marca']]],
    ['reads a day with a Roman month in the year of the date before it',
      'Wizyta trwała od 8 do 10 kwietnia 2019 r.\n9 IV grupa gościła w Nowej Rudzie.', null,
      [['2019-04-08', '2019-04-10', 'day', 'od 8 do 10 kwietnia 2019 r.'], ['2019-04-09', '2019-04-09', 'day', '9 IV']]],
    ['never reads a lone "I" after a number as January without a year', 'Przyszła grupa 5 I klasa.', '2019-09-10', []],
    ['takes a half-year\'s year from its sentence',
      'Zgłoszenia na szkolenia w I półroczu przyjmujemy do 15 lutego 2013 r.', null,
      [['2013-01', '2013-06', 'month', 'I półroczu'], ['2013-02-15', '2013-02-15', 'day', '15 lutego 2013 r.']]],
    ['takes no year from a year-only date beside it',
      'W dniach 8–10 kwietnia 2019 roku trwała wizyta.\nDrugiego dnia, 9 kwietnia, grupa odwiedziła spółdzielnię działającą od 1957 r.', null,
      [['2019-04-08', '2019-04-10', 'day', '8–10 kwietnia 2019 roku'], ['2019-04-09', '2019-04-09', 'day', '9 kwietnia'], ['1957', '1957', 'year', '1957 r.']]],
    ['takes its year from the dated days and months before it, not from a later one',
      'W dniach 22–24 listopada 2017 r. odbyła się konferencja.\nDrugiego dnia, 23 listopada, odbyły się panele.\nMateriały ukażą się w marcu 2018 r.', null,
      [['2017-11-22', '2017-11-24', 'day', '22–24 listopada 2017 r.'], ['2017-11-23', '2017-11-23', 'day', '23 listopada'], ['2018-03', '2018-03', 'month', 'marcu 2018 r.']]],
    ['is skipped when the only date before it spans several years',
      'W latach 2010–2012 działał projekt.\nW grudniu odbyło się spotkanie.', null,
      [['2010', '2012', 'year', '2010–2012']]],
    ['beyond its sentence, takes the year that puts it closest in time to a dated day or month around it',
      'Raport z 15.01.2025 r.\nOd października 2024 r. pomaga spółdzielnia. Do 10 stycznia wyremontowano 37 lokali.', null,
      [['2025-01-15', '2025-01-15', 'day', '15.01.2025 r.'], ['2024-10', '2024-10', 'month', 'października 2024 r.'], ['2025-01-10', '2025-01-10', 'day', '10 stycznia']]],
    ['takes no year from a later neighbour that its own year would put it after',
      'Umowę podpisano 15 października 2010 r.\nProjekt potrwa do 31 grudnia 2011 r. Pierwsze spotkanie zaplanowano na 9 listopada, a diagnoza ma być gotowa w I kwartale 2011 r.', null,
      [['2010-10-15', '2010-10-15', 'day', '15 października 2010 r.'], ['2011-12-31', '2011-12-31', 'day', '31 grudnia 2011 r.'],
        ['2010-11-09', '2010-11-09', 'day', '9 listopada'], ['2011-01', '2011-03', 'month', 'I kwartale 2011 r.']]],
    ['leaves out the page\'s publication stamp', 'Data publikacji: 16.12.2019\nW sobotę, 14 grudnia, odbył się kiermasz.', '2019-12-16',
      [['2019-12-14', '2019-12-14', 'day', '14 grudnia']]],
    ['reads a month after "od" or "do końca"', 'Bistro od listopada przygotuje posiłki, a do końca grudnia zatrudni kucharza.', '2022-10-14',
      [['2022-11', '2022-11', 'month', 'listopada'], ['2022-12', '2022-12', 'month', 'grudnia']]],
    ['never reads a capitalised genitive alone as a month', 'Kwiaty od Maja Nowaka.', '2022-10-14', []],
    ['with nothing dated before it, takes the first dated day or month after it',
      'Spotkanie 5 maja.\nW dniach 5–6 maja 2014 r. gościliśmy delegację.', null,
      [['2014-05-05', '2014-05-05', 'day', '5 maja'], ['2014-05-05', '2014-05-06', 'day', '5–6 maja 2014 r.']]],
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
    ['inside a range over several years, is the range\'s first such day', 'Porozumienie obowiązuje od 1 maja 2019 r. do 31 grudnia 2021 r.\nPierwsze spotkanie zaplanowano na 23 maja.', null,
      [['2019-05-01', '2021-12-31', 'day', 'od 1 maja 2019 r. do 31 grudnia 2021 r.'], ['2019-05-23', '2019-05-23', 'day', '23 maja']]],
    ['two weekdays before a list of days say nothing of either', 'W sobotę i niedzielę, 23 i 24 marca, odbył się kiermasz.', '2013-03-25',
      [['2013-03-23', '2013-03-23', 'day', '23'], ['2013-03-24', '2013-03-24', 'day', '24 marca']]],
    ['reads a day heading after its weekday without a year', 'W dniach 14–16 września 2022 r. trwała wizyta.\nŚroda, 14.09 – Wdzydze. Godz. 14.30 obiad.', null,
      [['2022-09-14', '2022-09-16', 'day', '14–16 września 2022 r.'], ['2022-09-14', '2022-09-14', 'day', '14.09']]],
    ['in a clause about the future, is the first such date not before publication', 'Kolejny nabór ruszy we wrześniu.', '2019-06-28',
      [['2019-09', '2019-09', 'month', 'wrześniu']]],
    ['after a verb of planning, whatever its tense, is still ahead', 'Kolejne targi zaplanowano na 12–13 grudnia.', '2015-03-30',
      [['2015-12-12', '2015-12-13', 'day', '12–13 grudnia']]],
    ['as a deadline in a sentence in the present, is still ahead', 'Zgłoszenia przyjmuje biuro federacji do 20 listopada.', '2015-03-30',
      [['2015-11-20', '2015-11-20', 'day', '20 listopada']]],
    ['in a clause in the past, stays before publication', 'W październiku spółdzielnia zatrudniła kucharza, a w listopadzie ruszy bistro.', '2022-07-01',
      [['2021-10', '2021-10', 'month', 'październiku'], ['2022-11', '2022-11', 'month', 'listopadzie']]],
    ['without a publication date, is placed against the first dated day', 'W dn. 16-19.09.2009 r. odbędą się szkolenia. Zapisy przyjmujemy do 10 września.', null,
      [['2009-09-16', '2009-09-19', 'day', '16-19.09.2009 r.'], ['2009-09-10', '2009-09-10', 'day', '10 września']]],
    ['without a publication date, counts "ub. roku" from the first dated day',
      'Targi odbyły się 28 września 2009 r. Podczas I edycji, 15-16 maja ub. roku, stoisk było 41.', null,
      [['2009-09-28', '2009-09-28', 'day', '28 września 2009 r.'], ['2008-05-15', '2008-05-16', 'day', '15-16 maja']]],
    ['leaves out a stamp beside the headline', 'Powiat Raciborski | Aktualności | 28.06.2018\nWe wtorek, 26 czerwca 2018 r., wręczono świadectwa.', null,
      [['2018-06-26', '2018-06-26', 'day', '26 czerwca 2018 r.']]],
    ['leaves out a newsletter\'s issue month', 'Biuletyn nr 12 (grudzień 2012)\nW listopadzie 2012 r. klub ukończyło 15 osób.', null,
      [['2012-11', '2012-11', 'month', 'listopadzie 2012 r.']]],
    ['keeps a press release\'s dateline', 'Kłodzko, 15 maja 2013 r.\nPorozumienie podpisano w starostwie.', null,
      [['2013-05-15', '2013-05-15', 'day', '15 maja 2013 r.']]],
  ];

  it.each(RESOLUTION)('%s', (_name, text, publishedAt, expected) => {
    expect(summarise(text, run(text, publishedAt))).toEqual(expected);
  });
});

describe('extractDates: what happens on the date', () => {
  const EVENTS: [string, [string, string | undefined][]][] = [
    ['W dniach 12–14 maja 2023 r. odbyła się wizyta studyjna w Łomży.', [['12–14 maja 2023 r.', 'wizyta studyjna']]],
    ['Od 8 do 10 kwietnia 2019 roku przedstawiciele samorządów uczestniczyli w wizycie studyjnej.', [['Od 8 do 10 kwietnia 2019 roku', 'wizyta studyjna']]],
    ['Targi odbędą się 5 czerwca 2015 r. w Szczecinie.', [['5 czerwca 2015 r.', 'targi']]],
    ['Na gali finałowej 3 grudnia 2019 r. wręczono nagrody.', [['3 grudnia 2019 r.', 'gala finałowa']]],
    ['Zakończenie projektu nastąpiło 30 czerwca 2018 r.', [['30 czerwca 2018 r.', 'zakończenie projektu']]],
    ['Spółdzielnię założono w 2012 r.', [['2012 r.', undefined]]],
    // Each date takes the event of its own clause, though another is closer across a comma.
    ['Szkolenie odbyło się 3 maja 2014 r., a konferencja 5 czerwca 2014 r.', [
      ['3 maja 2014 r.', 'szkolenie'], ['5 czerwca 2014 r.', 'konferencja'],
    ]],
    // Plural events stay plural; a complement may bring its adjective; a preposition is no complement.
    ['Uroczystości rodzinne odbyły się 5 maja 2019 r.', [['5 maja 2019 r.', 'uroczystości rodzinne']]],
    ['Podsumowanie trzeciej edycji odbyło się 23 czerwca 2016 r.', [['23 czerwca 2016 r.', 'podsumowanie trzeciej edycji']]],
    ['Nabór do projektu trwa od 1 do 5 marca 2019 r.', [['od 1 do 5 marca 2019 r.', 'nabór']]],
    ['Zakończenie zajęć kolejnej grupy odbyło się 12 grudnia 2008 r.', [['12 grudnia 2008 r.', 'zakończenie zajęć']]],
    // A workshop organisation is no event.
    ['Warsztaty Terapii Zajęciowej działają od 2005 r.', [['2005 r.', undefined]]],
    // The event is looked for in the date's sentence only.
    ['Była konferencja. Raport wydano 5 maja 2014 r.', [['5 maja 2014 r.', undefined]]],
  ];

  it.each(EVENTS)('%s', (text, expected) => {
    expect(run(text).map((r) => [r.text, r.event])).toEqual(expected);
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
    const chunk = '1-2-3 4.5.6 12 12 12 marca marca – – 2012 2012-2012 r r. od od do do przełom w w 11.11.11.11 '
      + '1, 2, 3, 4, 5, 6, 7, 8, 9 i i 10 maju, czerwcu, lipcu i i IV IV 2012 2012/2013 (2012 Data publikacji: art. 12 ';
    const text = chunk.repeat(Math.ceil(200_000 / chunk.length));
    const started = performance.now();
    run(text);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
