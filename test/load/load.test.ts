import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BYTES, declaredCharset, documentFromBytes, isLoadFailure, loadFile, LoadError, loadSources } from '../../src/load/index.js';
import type { LoadedDocument, LoadFailure } from '../../src/schema.js';
import { toCp1250, toIso88592 } from './encodings.js';

const REPORT = 'Wizyta studyjna w Łomży\n\nData opublikowania: 30.03.2012\n\nW dniach 29-30 marca 2012 roku odbyła się wizyta. Spółdzielnię Socjalną ALEXIS założyły kobiety.\n';

let dir: string;
const at = (...parts: string[]) => join(dir, ...parts);

async function collect(inputs: string[], options?: Parameters<typeof loadSources>[1]) {
  const out: Array<LoadedDocument | LoadFailure> = [];
  for await (const item of loadSources(inputs, options)) out.push(item);
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'raporty-load-'));
  await mkdir(at('mix', 'nested', 'deeper'), { recursive: true });
  await mkdir(at('mix', '.hidden'));
  await writeFile(at('mix', 'a-utf8.txt'), REPORT);
  await writeFile(at('mix', 'b-cp1250.txt'), toCp1250(REPORT.replace('wizyta.', 'wizyta „Ekonomia społeczna” – dobre praktyki.')));
  await writeFile(at('mix', 'c-iso.txt'), toIso88592(REPORT));
  await writeFile(at('mix', 'd-bom.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(REPORT)]));
  await writeFile(at('mix', 'e-crlf.TXT'), REPORT.replace(/\n/g, '\r\n'));
  await writeFile(at('mix', 'f-empty.txt'), '');
  await writeFile(at('mix', 'g-spaces.txt'), '  \r\n\t\n\u00a0\n');
  await writeFile(at('mix', 'h-binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
  await writeFile(at('mix', 'i-big.txt'), 'Spółdzielnia socjalna. '.repeat(100));
  await writeFile(at('mix', 'j-undecodable.txt'), Buffer.from([...Buffer.from('Raport '), 0x98, ...Buffer.from(' koniec')]));
  await writeFile(at('mix', 'notes.json'), '{"not": "a document"}');
  await writeFile(at('mix', 'README'), 'no extension');
  await writeFile(at('mix', 'nested', 'k-page.html'), '<html><head><title>Strona | Serwis</title></head><body><nav>Menu</nav><article><h1>Fundacja Madox</h1><p>Fundacja Madox szyje ubrania w Brzezinach.</p></article></body></html>');
  await writeFile(at('mix', 'nested', 'deeper', 'l-deep.text'), 'Głęboko\nTreść.');
  await writeFile(at('mix', '.hidden', 'm-hidden.txt'), 'Ukryty plik');
  await symlink(at('mix', 'nowhere.txt'), at('mix', 'n-broken.txt'));
  await writeFile(at('page-1250.html'), Buffer.concat([
    Buffer.from('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1250"><title>'),
    toCp1250('Łódź'),
    Buffer.from('</title></head><body><p>'),
    toCp1250('Spółdzielnia Socjalna „Incepcja” w Łodzi.'),
    Buffer.from('</p></body></html>'),
  ]));
  await writeFile(at('page-iso.htm'), Buffer.concat([
    Buffer.from('<html><head><meta charset="ISO-8859-2"></head><body><h1>'),
    toIso88592('Wizyta w Łomży'),
    Buffer.from('</h1><p>'),
    toIso88592('Ośrodek Wsparcia w Kownatach.'),
    Buffer.from('</p></body></html>'),
  ]));
  await writeFile(at('data.json'), '{}');
  await mkdir(at('empty-dir'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadFile', () => {
  it('loads a UTF-8 text with its title and publication date', async () => {
    const { raw, ...doc } = await loadFile(at('mix', 'a-utf8.txt'));
    expect(doc).toEqual({
      source: at('mix', 'a-utf8.txt'), title: 'Wizyta studyjna w Łomży', publishedAt: '2012-03-30',
      text: REPORT, encoding: 'utf-8', format: 'text',
    });
    // The bytes as read, for the archive.
    expect(raw?.toString('utf8')).toContain('Wizyta studyjna w Łomży');
  });

  it.each([
    ['b-cp1250.txt', 'windows-1250'],
    ['c-iso.txt', 'iso-8859-2'],
    ['d-bom.txt', 'utf-8'],
    ['e-crlf.TXT', 'utf-8'],
  ])('decodes %s as %s into the same LF text', async (name, encoding) => {
    const doc = await loadFile(at('mix', name));
    expect(doc.encoding).toBe(encoding);
    expect(doc.title).toBe('Wizyta studyjna w Łomży');
    expect(doc.publishedAt).toBe('2012-03-30');
    expect(doc.text).not.toContain('\r');
    expect(doc.text.startsWith('Wizyta')).toBe(true);
    if (name !== 'b-cp1250.txt') expect(doc.text).toBe(REPORT);
    else expect(doc.text).toContain('wizyta „Ekonomia społeczna” – dobre praktyki.');
  });

  it('loads HTML, honouring <meta http-equiv> and <meta charset>', async () => {
    const cp = await loadFile(at('page-1250.html'));
    expect(cp).toMatchObject({ title: 'Łódź', encoding: 'windows-1250', format: 'html' });
    expect(cp.text).toBe('Łódź\n\nSpółdzielnia Socjalna „Incepcja” w Łodzi.');
    const iso = await loadFile(at('page-iso.htm'));
    expect(iso).toMatchObject({ title: 'Wizyta w Łomży', encoding: 'iso-8859-2', text: 'Wizyta w Łomży\n\nOśrodek Wsparcia w Kownatach.' });
  });

  it('throws a LoadError naming the source and the reason', async () => {
    const error = await loadFile(at('mix', 'f-empty.txt')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoadError);
    expect(error).toMatchObject({ source: at('mix', 'f-empty.txt'), reason: 'empty file' });
    await expect(loadFile(at('data.json'))).rejects.toThrow(/not a document: only \.txt, \.text, \.html, \.htm or \.xhtml files are loaded/);
  });

  it('states the size limit and how to raise it', async () => {
    await expect(loadFile(at('mix', 'i-big.txt'), { maxBytes: 1000 }))
      .rejects.toThrow(/file is 2\.4 KB, over the 1000 bytes limit; raise it with the maxBytes option/);
    expect(DEFAULT_MAX_BYTES).toBe(20 * 1024 * 1024);
    await expect(loadFile(at('mix', 'i-big.txt'))).resolves.toMatchObject({ format: 'text' });
  });
});

describe('loadSources', () => {
  it('walks a mixed directory in sorted order; bad files are failures, the good ones still load', async () => {
    const items = await collect([at('mix')], { maxBytes: 1000 });
    const summary = items.map((item) => isLoadFailure(item)
      ? `FAIL ${item.source.slice(dir.length + 1)}: ${item.reason}`
      : `OK ${item.source.slice(dir.length + 1)} ${item.encoding}`);
    expect(summary).toEqual([
      'OK mix/a-utf8.txt utf-8',
      'OK mix/b-cp1250.txt windows-1250',
      'OK mix/c-iso.txt iso-8859-2',
      'OK mix/d-bom.txt utf-8',
      'OK mix/e-crlf.TXT utf-8',
      'FAIL mix/f-empty.txt: empty file',
      'FAIL mix/g-spaces.txt: file holds only whitespace',
      'FAIL mix/h-binary.txt: binary file, not text (NUL byte at 8)',
      'FAIL mix/i-big.txt: file is 2.4 KB, over the 1000 bytes limit; raise it with the maxBytes option',
      'FAIL mix/j-undecodable.txt: not UTF-8, Windows-1250 or ISO-8859-2 (byte 0x98 at 7)',
      'FAIL mix/n-broken.txt: cannot be read: broken link or file gone',
      'OK mix/nested/deeper/l-deep.text utf-8',
      'OK mix/nested/k-page.html utf-8',
    ]);
    const page = items.find((item) => item.source.endsWith('k-page.html')) as LoadedDocument;
    expect(page.text).toBe('Fundacja Madox\n\nFundacja Madox szyje ubrania w Brzezinach.');
  });

  it('fails an explicitly named non-document, a missing path and an empty directory, and goes on', async () => {
    const items = await collect([at('data.json'), at('missing.txt'), at('empty-dir'), at('mix', 'a-utf8.txt')]);
    expect(items.map((item) => (isLoadFailure(item) ? item.reason : 'loaded'))).toEqual([
      'not a document: only .txt, .text, .html, .htm or .xhtml files are loaded',
      'no such file or directory',
      'directory holds no .txt, .text, .html, .htm or .xhtml files',
      'loaded',
    ]);
  });

  it('loads a file reached twice once', async () => {
    const items = await collect([at('mix', 'a-utf8.txt'), at('mix', 'nested'), at('mix', 'a-utf8.txt'), at('mix', 'nested')]);
    expect(items.map((item) => item.source.slice(dir.length + 1))).toEqual([
      'mix/a-utf8.txt', 'mix/nested/deeper/l-deep.text', 'mix/nested/k-page.html',
    ]);
  });

  it('routes URLs to the injected fetcher, and fails them without one', async () => {
    const fetched: LoadedDocument = {
      source: 'https://example.org/relacja', title: 'Relacja', publishedAt: null, text: 'Relacja\n\nTreść.', encoding: 'utf-8', format: 'html',
    };
    const urls = ['https://example.org/relacja', 'http://example.org/zla'];
    const fetchDocument = async (url: string) => {
      if (url.endsWith('zla')) throw new LoadError(url, 'HTTP 404');
      return fetched;
    };
    expect(await collect(urls, { fetchDocument })).toEqual([fetched, { source: 'http://example.org/zla', reason: 'HTTP 404' }]);
    expect(await collect(urls.slice(0, 1))).toEqual([
      { source: 'https://example.org/relacja', reason: 'URLs need a fetcher: pass fetchDocument to loadSources' },
    ]);
  });
});

describe('documentFromBytes', () => {
  it('lets a charset from outside (HTTP Content-Type) decide for a page that declares none', () => {
    // "łó" has the same bytes in both code pages: only the declaration tells them apart.
    const bytes = Buffer.concat([Buffer.from('<html><body><p>'), toIso88592('łó'), Buffer.from('</p></body></html>')]);
    expect(documentFromBytes(bytes, 'https://example.org/a', 'html', { declaredCharset: 'iso-8859-2' }))
      .toMatchObject({ encoding: 'iso-8859-2', text: 'łó', title: '' });
    expect(documentFromBytes(bytes, 'https://example.org/a', 'html').encoding).toBe('windows-1250');
  });
});

describe('declaredCharset', () => {
  it.each<[string, string | null]>([
    ['<meta charset="windows-1250">', 'windows-1250'],
    ["<META CHARSET=iso-8859-2 />", 'iso-8859-2'],
    ['<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-2">', 'ISO-8859-2'],
    ['<?xml version="1.0" encoding="windows-1250"?><html>', 'windows-1250'],
    ['<html><body>charset=utf-8</body></html>', null],
  ])('%s', (head, expected) => {
    expect(declaredCharset(Buffer.from(head))).toBe(expected);
  });
});
