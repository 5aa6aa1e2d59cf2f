import { describe, expect, it } from 'vitest';
import type { Token } from '../../src/schema.js';
import { tokenize } from '../../src/segment/tokenize.js';

const tokens = (text: string) => tokenize(text, 0, text.length).map((t) => `${t.kind}:${t.text}`);

describe('tokenize', () => {
  it.each<[string, string[]]>([
    ['Ala ma kota.', ['word:Ala', 'word:ma', 'word:kota', 'punct:.']],
    ['Żółć źdźbła, łąka i ŚĆŃ.', ['word:Żółć', 'word:źdźbła', 'punct:,', 'word:łąka', 'word:i', 'word:ŚĆŃ', 'punct:.']],
    ['„Ja-Ty-My”', ['punct:„', 'word:Ja-Ty-My', 'punct:”']],
    ['pub Pop’n’art.', ['word:pub', 'word:Pop’n’art', 'punct:.']],
    ["Ośrodek Miejsko-Gminny O'Neill", ['word:Ośrodek', 'word:Miejsko-Gminny', "word:O'Neill"]],
    ['29-30 marca 2012 roku', ['number:29', 'punct:-', 'number:30', 'word:marca', 'number:2012', 'word:roku']],
    ['dnia 12.05.2017 r.', ['word:dnia', 'number:12.05.2017', 'word:r', 'punct:.']],
    ['2017r.', ['number:2017', 'word:r', 'punct:.']],
    ['1.500 zł i 1,5 mln', ['number:1.500', 'word:zł', 'word:i', 'number:1,5', 'word:mln']],
    ['w 2017. Potem', ['word:w', 'number:2017', 'punct:.', 'word:Potem']],
    ['muzyczno – artystyczny — i - tak', ['word:muzyczno', 'punct:–', 'word:artystyczny', 'punct:—', 'word:i', 'punct:-', 'word:tak']],
    ['muzyczno- i', ['word:muzyczno', 'punct:-', 'word:i']],
    ['«a» \'b\' "c" ‘d’', ['punct:«', 'word:a', 'punct:»', "punct:'", 'word:b', "punct:'", 'punct:"', 'word:c', 'punct:"', 'punct:‘', 'word:d', 'punct:’']],
    ['(ul. Piotrkowska 17)', ['punct:(', 'word:ul', 'punct:.', 'word:Piotrkowska', 'number:17', 'punct:)']],
    ['sp. z o.o.', ['word:sp', 'punct:.', 'word:z', 'word:o', 'punct:.', 'word:o', 'punct:.']],
    ['COVID-19 i B2B', ['word:COVID-19', 'word:i', 'word:B2B']],
    ['biuro@fundacja.pl', ['word:biuro', 'punct:@', 'word:fundacja', 'punct:.', 'word:pl']],
    ['100% 😀!', ['number:100', 'punct:%', 'punct:😀', 'punct:!']],
    ['Spół\u00addzielnia', ['word:Spół\u00addzielnia']],
    ['Zaz\u0301dz\u0301bło', ['word:Zaz\u0301dz\u0301bło']],
  ])('%s', (text, expected) => {
    expect(tokens(text)).toEqual(expected);
  });

  it('gives offsets absolute into the document and stays inside the slice', () => {
    const text = 'Tytuł\n\nSpółdzielnia „Incepcja” w Łodzi. Koniec.';
    const start = text.indexOf('Spółdzielnia');
    const end = text.indexOf(' Koniec');
    const result: Token[] = tokenize(text, start, end);
    expect(result.map((t) => t.text)).toEqual(['Spółdzielnia', '„', 'Incepcja', '”', 'w', 'Łodzi', '.']);
    for (const t of result) {
      expect(text.slice(t.start, t.end)).toBe(t.text);
      expect(t.start).toBeGreaterThanOrEqual(start);
      expect(t.end).toBeLessThanOrEqual(end);
    }
  });

  it('does not run a word or number past the end of the slice', () => {
    const text = 'Ja-Ty 12.05';
    expect(tokenize(text, 0, 3).map((t) => t.text)).toEqual(['Ja', '-']);
    expect(tokenize(text, 0, 4).map((t) => t.text)).toEqual(['Ja-T']);
    expect(tokenize(text, 6, 9).map((t) => t.text)).toEqual(['12', '.']);
  });

  it('is linear on long input', () => {
    const text = 'Spółdzielnia Socjalna „Ja-Ty-My” zatrudnia 1.500 osób. '.repeat(20_000);
    const t0 = performance.now();
    const result = tokenize(text, 0, text.length);
    expect(result.length).toBe(20_000 * 9);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});
