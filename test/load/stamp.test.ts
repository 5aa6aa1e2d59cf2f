import { describe, expect, it } from 'vitest';
import { readDateline, readStamp, stampDateOf } from '../../src/load/stamp.js';

describe('readStamp', () => {
  const STAMPS: [string, string | null][] = [
    ['Powiat Raciborski | Aktualności | 28.06.2018', '2018-06-28'],
    ['27.03.2026, 14:20 · Radom i region · oprac. Kamil Wroński', '2026-03-27'],
    ['wtorek, 11 października 2016 | Region', '2016-10-11'],
    ['Dodał: admin, 29 listopada 2011', '2011-11-29'],
    ['Publikacja: 28.11.2016r. | Ośrodek Wsparcia Ekonomii Społecznej w Opolu', '2016-11-28'],
    ['Opublikowano: piątek, 14 listopada 2014 11:20 | Jelenia Góra | Czytano: 842 razy', '2014-11-14'],
    ['Aktualizacja: 04.09.2023 07:15', '2023-09-04'],
    ['23.03.2026', '2026-03-23'],
    ['NEWSLETTER LGD „WOKÓŁ ŁYSICY” • MARZEC 2025', null],
    ['Nowinki z obszaru LGD – Biuletyn nr 12 (grudzień 2012)', null],
  ];
  it.each(STAMPS)('reads %s', (line, date) => {
    expect(readStamp(line)).toEqual({ date });
  });

  const NOT_STAMPS = [
    'Termin: 12 maja 2023',
    'Kłodzko, 15 maja 2013 r.',
    '(ak), 2.09.2020',
    'W dniu 15.12.2006r. w sali widowiskowej odbyło się zakończenie zajęć.',
    'Targi Ekonomii Społecznej | Kielce',
    'Termin: 12.05.2023 | Miejsce: Kielce',
  ];
  it.each(NOT_STAMPS)('leaves %s', (line) => {
    expect(readStamp(line)).toBeNull();
  });
});

describe('readDateline', () => {
  it('reads a press release\'s place and date', () => {
    expect(readDateline('Gniewkowo, dnia 14 grudnia 2012 r.')).toBe('2012-12-14');
    expect(readDateline('Bielsko-Biała, 11.04.2025 r.')).toBe('2025-04-11');
  });
  it('reads no sentence', () => {
    expect(readDateline('W Kłodzku, 15 maja 2013 r. podpisano porozumienie.')).toBeNull();
  });
});

describe('stampDateOf', () => {
  it('takes the first stamp or dateline among the first lines with text', () => {
    expect(stampDateOf('Nagłówek\n\nINFORMACJA PRASOWA\nŻywiec, 8 marca 2024 r.\n\nTreść z 1 marca 2024 r.')).toBe('2024-03-08');
    expect(stampDateOf('Tytuł\n\n13 marca 2017 | Aktualności OWES\n\nW czwartek 9 marca 2017 r. podpisano umowę.')).toBe('2017-03-13');
  });
  it('looks no further than the page\'s first lines', () => {
    const body = Array.from({ length: 12 }, (_, i) => `Akapit ${i + 1}.`).join('\n\n');
    expect(stampDateOf(`${body}\n\n13.03.2017`)).toBeNull();
  });
});
