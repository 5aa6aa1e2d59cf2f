import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeText } from '../../../src/load/decode.js';
import { readSiteExpectations, SITE_DIR, startSiteServer, type SiteServer } from '../site-server.js';

interface RawResponse { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

/** One request without fetch's automatic decompression and redirects, to see what is sent. */
function raw(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const POLISH_LETTERS = [...'ąćęłńóśźżĄĆĘŁŃÓŚŹŻ'];
const site = JSON.parse(readFileSync(join(SITE_DIR, 'site.json'), 'utf8')) as {
  routes: Array<{ path: string; file?: string; encoding?: string; behaviour?: string }>;
};

describe('fixture site server', () => {
  let server: SiteServer;
  beforeAll(async () => { server = await startSiteServer({ slowMs: 400, hugeBytes: 1024 * 1024, flakyFailures: 1, busyFailures: 1 }); });
  afterAll(async () => { await server.close(); });
  beforeEach(() => server.reset());

  it('answers every static route with 200, an ETag and a Last-Modified', async () => {
    for (const route of site.routes.filter((r) => !r.behaviour)) {
      const res = await raw(server.url + route.path);
      expect(res.status, route.path).toBe(200);
      expect(res.headers.etag, route.path).toMatch(/^"[0-9a-f]{20}"$/);
      expect(Date.parse(String(res.headers['last-modified'])), route.path).toBeGreaterThan(Date.parse('2020-01-01'));
    }
  });

  it('replaces {{origin}} with its own address', async () => {
    const robots = (await raw(`${server.url}/robots.txt`)).body.toString('utf8');
    expect(robots).toContain('Disallow: /prywatne/');
    expect(robots).toContain(`Sitemap: ${server.url}/sitemap.xml`);
    expect(robots).not.toContain('{{origin}}');
  });

  it('answers If-None-Match and If-Modified-Since with 304, and a stale validator with 200', async () => {
    const path = `${server.url}/aktualnosci/konferencja-augustow.html`;
    const first = await raw(path);
    const etag = String(first.headers.etag);
    const lastModified = String(first.headers['last-modified']);
    const byTag = await raw(path, { 'if-none-match': etag });
    expect(byTag.status).toBe(304);
    expect(byTag.body.length).toBe(0);
    expect((await raw(path, { 'if-none-match': `W/${etag}` })).status).toBe(304);
    expect((await raw(path, { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await raw(path, { 'if-modified-since': new Date(Date.parse(lastModified) - 1000).toUTCString() })).status).toBe(200);
    // The ETag decides when both are sent.
    expect((await raw(path, { 'if-none-match': '"other"', 'if-modified-since': lastModified })).status).toBe(200);
  });

  it('edit() gives a page a new ETag and a later Last-Modified', async () => {
    const path = '/aktualnosci/porozumienie-z-uwm.html';
    const before = await raw(server.url + path);
    server.edit(path, (html) => html.replace('z możliwością przedłużenia', 'z możliwością przedłużenia o kolejne dwa lata'));
    const after = await raw(server.url + path);
    expect(after.body.toString('utf8')).toContain('o kolejne dwa lata');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(Date.parse(String(after.headers['last-modified']))).toBeGreaterThan(Date.parse(String(before.headers['last-modified'])));
    expect((await raw(server.url + path, { 'if-none-match': String(before.headers.etag) })).status).toBe(200);
    expect((await raw(server.url + path, { 'if-modified-since': String(before.headers['last-modified']) })).status).toBe(200);
    expect(() => server.edit('/nie-ma-takiej-strony.html', (h) => h)).toThrow(/no page at/);
    server.revert(path);
    const reverted = await raw(server.url + path);
    expect(reverted.headers.etag).toBe(before.headers.etag);
    expect(reverted.body.equals(before.body)).toBe(true);
  });

  it('compresses with br or gzip as Accept-Encoding allows, with a weak ETag', async () => {
    const path = `${server.url}/aktualnosci/`;
    const plain = await raw(path);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await raw(path, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.headers.etag).toBe(`W/${plain.headers.etag}`);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const gzip = await raw(path, { 'accept-encoding': 'gzip;q=1, br;q=0.5' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    expect((await raw(path, { 'accept-encoding': 'br;q=0, gzip;q=0' })).headers['content-encoding']).toBeUndefined();
    // A 304 for the compressed representation's validator.
    expect((await raw(path, { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) })).status).toBe(304);
  });

  it('sends the legacy pages in their charset, decoding to the same Polish text', async () => {
    const legacy = site.routes.filter((r) => r.encoding && r.encoding !== 'utf-8');
    expect(legacy.map((r) => r.encoding).sort()).toEqual(['iso-8859-2', 'iso-8859-2', 'windows-1250', 'windows-1250']);
    for (const route of legacy) {
      const res = await raw(server.url + route.path);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(res.body), route.path).toThrow();
      const text = new TextDecoder(route.encoding).decode(res.body);
      const source = readFileSync(join(SITE_DIR, route.file!), 'utf8').replaceAll('{{origin}}', server.url);
      // Characters the code page lacks travel as numeric character references.
      const unescaped = text.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
      expect(unescaped, route.path).toBe(source);
      if (route.path.endsWith('.html')) for (const letter of POLISH_LETTERS) expect(text, `${route.path} ${letter}`).toContain(letter);
    }
  });

  it('names each legacy charset where the README says: header, <meta http-equiv>, <meta charset>, XML declaration', async () => {
    const biskupiec = await raw(`${server.url}/aktualnosci/spoldzielnia-socjalna-biskupiec.html`);
    expect(biskupiec.headers['content-type']).toBe('text/html; charset=windows-1250');
    expect(biskupiec.body.toString('latin1')).not.toMatch(/charset=|<meta charset/i);
    const gizycko = await raw(`${server.url}/aktualnosci/absolwenci-cis-gizycko.html`);
    expect(gizycko.headers['content-type']).toBe('text/html');
    expect(gizycko.body.toString('latin1')).toContain('<meta http-equiv="Content-Type" content="text/html; charset=windows-1250">');
    const elblag = await raw(`${server.url}/aktualnosci/targi-ekonomii-spolecznej-elblag.html`);
    expect(elblag.headers['content-type']).toBe('text/html; charset=iso-8859-2');
    const atom = await raw(`${server.url}/atom.xml`);
    expect(atom.headers['content-type']).toBe('application/atom+xml');
    expect(atom.body.toString('latin1')).toMatch(/^<\?xml version="1.0" encoding="ISO-8859-2"\?>/);
    // The project's own decoder reads them right when told the declared charset.
    const decoded = decodeText(gizycko.body, 'gizycko', { declaredCharset: 'windows-1250' });
    expect(decoded.encoding).toBe('windows-1250');
    expect(decoded.text).toContain('Centrum Integracji Społecznej w Giżycku');
  });

  it('serves the .xml.gz sitemap as gzip data, not as a content coding', async () => {
    const res = await raw(`${server.url}/sitemap-strony.xml.gz`, { 'accept-encoding': 'gzip, br' });
    expect(res.headers['content-type']).toBe('application/x-gzip');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(gunzipSync(res.body).toString('utf8')).toContain(`<loc>${server.url}/kontakt.html</loc>`);
  });

  it('redirects: a 301 from an old address, a trailing-slash 301 and a 302 loop', async () => {
    const old = await raw(`${server.url}/index.php?option=com_content&view=article&id=57&Itemid=102`);
    expect(old.status).toBe(301);
    expect(old.headers.location).toBe(`${server.url}/aktualnosci/porozumienie-z-uwm.html`);
    expect((await raw(`${server.url}/aktualnosci`)).headers.location).toBe('/aktualnosci/');
    const a = await raw(`${server.url}/aktualnosci/zaproszenie-szkolenie-zamowienia.html`);
    expect(a.status).toBe(302);
    const b = await raw(server.url + String(a.headers.location));
    expect(b.status).toBe(302);
    expect(b.headers.location).toBe('/aktualnosci/zaproszenie-szkolenie-zamowienia.html');
    await expect(fetch(`${server.url}/aktualnosci/zaproszenie-szkolenie-zamowienia.html`)).rejects.toThrow();
  });

  it('answers unknown paths and the deleted report with a 404 page', async () => {
    const res = await raw(`${server.url}/aktualnosci/lista-rankingowa-aktywni-razem.html`);
    expect(res.status).toBe(404);
    expect(res.body.toString('utf8')).toContain('Nie znaleziono strony');
  });

  it('/flaky fails once then recovers; reset() makes it fail again', async () => {
    expect((await raw(`${server.url}/flaky`)).status).toBe(500);
    expect((await raw(`${server.url}/flaky`)).status).toBe(200);
    expect(server.hits('/flaky')).toBe(2);
    expect(server.requests.map((r) => r.status)).toEqual([500, 200]);
    server.reset();
    expect(server.hits()).toBe(0);
    expect((await raw(`${server.url}/flaky`)).status).toBe(500);
  });

  it('/busy answers 429 with Retry-After, then 200', async () => {
    const busy = await raw(`${server.url}/busy`);
    expect(busy.status).toBe(429);
    expect(busy.headers['retry-after']).toBe('1');
    expect((await raw(`${server.url}/busy`)).status).toBe(200);
  });

  it('/slow answers only after slowMs, and a client that gives up leaves no answer', async () => {
    await expect(fetch(`${server.url}/slow`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    const started = Date.now();
    const res = await fetch(`${server.url}/slow`);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(server.requests.map((r) => r.status)).toEqual([0, 200]);
  });

  it('/huge announces its size; /huge-stream does not', async () => {
    const huge = await raw(`${server.url}/huge`, { 'accept-encoding': 'gzip' });
    expect(Number(huge.headers['content-length'])).toBeGreaterThanOrEqual(1024 * 1024);
    expect(huge.headers['content-encoding']).toBeUndefined();
    const stream = await raw(`${server.url}/huge-stream`);
    expect(stream.headers['content-length']).toBeUndefined();
    expect(stream.headers['transfer-encoding']).toBe('chunked');
    expect(stream.body.equals(huge.body)).toBe(true);
  });

  it('records request headers and answers HEAD without a body', async () => {
    const res = await raw(`${server.url}/feed.xml`, { 'user-agent': 'raporty-test' }, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(1000);
    expect(server.requests[0]).toEqual({ path: '/feed.xml', status: 200, headers: expect.objectContaining({ 'user-agent': 'raporty-test' }) });
    expect((await raw(`${server.url}/feed.xml`, {}, 'POST')).status).toBe(405);
  });

  it('expected.json names articles the site serves, with text the pages hold', async () => {
    const expected = readSiteExpectations();
    expect(expected.articles).toHaveLength(7);
    const pages: string[] = [];
    for (const article of expected.articles) {
      const route = site.routes.find((r) => r.path === article.path);
      expect(route, article.path).toBeDefined();
      const $ = cheerio.load(readFileSync(join(SITE_DIR, route!.file!), 'utf8'));
      expect($('h1').first().text()).toBe(article.title);
      const body = $('[itemprop="articleBody"]').text().replace(/\s+/g, ' ');
      expect(body.length).toBeGreaterThan(800);
      for (const text of expected.boilerplate) expect(body, `${article.path}: ${text}`).not.toContain(text);
      pages.push($('body').text().replace(/\s+/g, ' '));
    }
    // ...and each boilerplate string is on some report page (no typos in the list).
    for (const text of expected.boilerplate) expect(pages.some((page) => page.includes(text)), text).toBe(true);
  });
});
