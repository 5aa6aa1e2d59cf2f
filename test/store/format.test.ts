import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { displayWidth, formatRows, tableLines, truncate, type FormatOptions, type OutputFormat } from '../../src/store/format.js';

/** Collects what formatRows writes; `columns` makes it look like a terminal of that width. */
function capture(rows: object[], format: OutputFormat, options: FormatOptions = {}, columns?: number): string {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  if (columns !== undefined) Object.assign(out, { columns });
  formatRows(rows, format, out, options);
  return text;
}

const ROWS = [
  { name: 'Spółdzielnia Socjalna ALEXIS', place: 'Łomża', documents: 12 },
  { name: 'Fundacja Madox', place: 'Łódź', documents: 3 },
  { name: 'BoxLife sp. z o.o.', place: null, documents: 1 },
];

describe('csv', () => {
  it('quotes per RFC 4180 and ends lines with CRLF', () => {
    const csv = capture([
      { a: 'plain', b: 'with, comma', c: 'say "hi"' },
      { a: 'line\nbreak', b: null, c: 3 },
      { a: 'Zażółć gęślą', b: '', c: 'cr\r' },
    ], 'csv');
    expect(csv).toBe('a,b,c\r\n' +
      'plain,"with, comma","say ""hi"""\r\n' +
      '"line\nbreak",,3\r\n' +
      'Zażółć gęślą,,"cr\r"\r\n');
  });

  it('gives rows of different shapes one header', () => {
    expect(capture([{ a: 1 }, { b: 2 }], 'csv')).toBe('a,b\r\n1,\r\n,2\r\n');
    expect(capture([], 'csv')).toBe('');
  });
});

describe('json and ndjson', () => {
  it('writes a JSON array, one row a line', () => {
    const json = capture(ROWS, 'json');
    expect(JSON.parse(json)).toEqual(ROWS);
    expect(json.split('\n')).toHaveLength(ROWS.length + 3);
    expect(capture([], 'json')).toBe('[]\n');
  });

  it('writes one JSON object per line', () => {
    const lines = capture(ROWS, 'ndjson').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l))).toEqual(ROWS);
    expect(capture([], 'ndjson')).toBe('');
  });
});

describe('table', () => {
  it('aligns columns counting each Polish letter as one column', () => {
    const lines = capture(ROWS, 'table').trimEnd().split('\n');
    expect(lines).toEqual([
      'name                          place  documents',
      '----------------------------  -----  ---------',
      'Spółdzielnia Socjalna ALEXIS  Łomża         12',
      'Fundacja Madox                Łódź           3',
      'BoxLife sp. z o.o.                           1',
    ]);
  });

  it('aligns text written with combining marks (NFD) as it shows', () => {
    const nfd = 'Łomża'.normalize('NFD');
    expect(nfd.length).toBe(6); // ż is z + a combining dot
    expect(displayWidth(nfd)).toBe(5);
    const lines = tableLines([{ place: nfd, n: 1 }, { place: 'Łódź', n: 22 }]);
    expect(lines.map(displayWidth)).toEqual([9, 9, 9, 9]);
    expect(lines[2]).toBe(`${nfd}   1`);
  });

  it('cuts long cells with an ellipsis', () => {
    const lines = tableLines([{ text: 'Spółdzielnia Socjalna ALEXIS w Łomży', n: 1 }], Infinity, 12);
    expect(lines[2]).toBe('Spółdzielni…  1');
    expect(truncate('Łódź', 4)).toBe('Łódź');
    expect(truncate('Łódzkie', 4)).toBe('Łód…');
  });

  it('fits the terminal by narrowing the widest column', () => {
    const rows = [{ name: 'Warsztat Terapii Zajęciowej w Marianowie', place: 'Marianowo' }];
    const lines = capture(rows, 'table', {}, 30).trimEnd().split('\n');
    expect(lines.every((l) => displayWidth(l) <= 30)).toBe(true);
    expect(lines[2]).toBe('Warsztat Terapii Z…  Marianowo');
  });

  it('keeps a row on one line when a cell holds line breaks', () => {
    const lines = tableLines([{ paragraph_text: 'Pierwszy wiersz.\nDrugi\twiersz.' }]);
    expect(lines[2]).toBe('Pierwszy wiersz. Drugi wiersz.');
  });

  it('counts wide characters as two columns', () => {
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('abc')).toBe(3);
  });
});
