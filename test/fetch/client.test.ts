import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  backoffDelay, DEFAULT_HTTP_OPTIONS, FetchError, HttpClient, HttpOptionsSchema, parseRetryAfter, USER_AGENT,
  type HttpOptions,
} from '../../src/fetch/client.js';
import { fetchDocument, USER_AGENT as HTTP_USER_AGENT } from '../../src/fetch/http.js';
import { LoadError } from '../../src/load/decode.js';
import { expectSpaced, noRobots, sleep, startServer, type Handler, type TestServer } from './server.js';

// Small waits so that retries and spacing are exercised in milliseconds.
const FAST: HttpOptions = { minIntervalMs: 0, backoffMs: 5, maxBackoffMs: 20, timeoutMs: 2000, retries: 2 };

let servers: TestServer[] = [];
async function serve(handler: Handler): Promise<TestServer> {
  const server = await startServer(noRobots(handler));
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

const page = (body: string, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
};

describe('HttpClient: answers', () => {
  it('returns a 200 body with its type, validators and request headers as sent', async () => {
    const server = await serve(page('<p>Raport</p>', { etag: '"v1"', 'last-modified': 'Tue, 01 Apr 2025 10:00:00 GMT' }));
    const client = new HttpClient(FAST);
    const response = await client.get(server.url('/a.html'), { accept: 'text/html' });
    expect(response).toMatchObject({
      url: server.url('/a.html'), finalUrl: server.url('/a.html'), status: 200, notModified: false,
      contentType: 'text/html; charset=utf-8', etag: '"v1"', lastModified: 'Tue, 01 Apr 2025 10:00:00 GMT',
      attempts: 1, redirects: [],
    });
    expect(response.body.toString()).toBe('<p>Raport</p>');
    const request = server.seen.find((r) => r.path === '/a.html')!;
    expect(request.headers['user-agent']).toBe(USER_AGENT);
    expect(request.headers.accept).toBe('text/html');
    expect(request.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(request.headers['if-none-match']).toBeUndefined();
    expect(client.stats).toEqual({ requests: 2, retries: 0, notModified: 0, bytes: 13 }); // robots.txt + page
  });

  it('sends stored validators and reports a 304 as notModified with an empty body', async () => {
    const server = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v2"') res.writeHead(304, { etag: '"v2"' }).end();
      else res.writeHead(200, { etag: '"v2"' }).end('nowa treść');
    });
    const client = new HttpClient({ ...FAST, userAgent: 'raporty-test/1.0' });
    const validators = { etag: '"v2"', lastModified: 'Wed, 02 Apr 2025 08:00:00 GMT' };
    const response = await client.get(server.url('/r.html'), { validators });
    expect(response).toMatchObject({ status: 304, notModified: true, etag: '"v2"', lastModified: validators.lastModified });
    expect(response.body.length).toBe(0);
    const request = server.seen.find((r) => r.path === '/r.html')!;
    expect(request.headers['if-none-match']).toBe('"v2"');
    expect(request.headers['if-modified-since']).toBe(validators.lastModified);
    expect(request.headers['user-agent']).toBe('raporty-test/1.0');
    expect(client.stats.notModified).toBe(1);
    // A changed page comes back whole.
    const changed = await client.get(server.url('/r.html'), { validators: { etag: '"v1"' } });
    expect(changed).toMatchObject({ status: 200, notModified: false, etag: '"v2"', lastModified: null });
    expect(changed.body.toString()).toBe('nowa treść');
  });
});

describe('HttpClient: redirects', () => {
  const chain: Handler = (_req, res, path) => {
    const step = /^\/hop(\d)$/.exec(path);
    if (step && Number(step[1]) < 4) res.writeHead(302, { location: `/hop${Number(step[1]) + 1}` }).end();
    else if (path === '/hop4') res.writeHead(301, { location: '/final.html' }).end();
    else if (path === '/final.html') res.writeHead(200).end('koniec');
    else if (path === '/to-ftp') res.writeHead(302, { location: 'ftp://127.0.0.1/plik.html' }).end();
    else res.writeHead(404).end();
  };

  it('follows a chain hop by hop and lists every hop', async () => {
    const server = await serve(chain);
    const response = await new HttpClient(FAST).get(server.url('/hop1'));
    expect(response.finalUrl).toBe(server.url('/final.html'));
    expect(response.redirects).toEqual(['/hop2', '/hop3', '/hop4', '/final.html'].map((p) => server.url(p)));
    expect(response.body.toString()).toBe('koniec');
  });

  it('refuses a chain longer than maxRedirects without requesting the hop beyond', async () => {
    const server = await serve(chain);
    const error = await failure(new HttpClient({ ...FAST, maxRedirects: 2 }).get(server.url('/hop1')));
    expect(error.message).toBe(`${server.url('/hop1')}: more than 2 redirects`);
    expect(error).toMatchObject({ kind: 'redirects', status: 302, retryable: false });
    expect(server.hits('/hop3')).toBe(1);
    expect(server.hits('/hop4')).toBe(0);
  });

  it('refuses a redirect to a scheme other than http(s), and such a URL outright', async () => {
    const server = await serve(chain);
    const client = new HttpClient(FAST);
    const error = await failure(client.get(server.url('/to-ftp')));
    expect(error.message).toBe(`${server.url('/to-ftp')}: redirected to ftp://127.0.0.1/plik.html, but only http and https URLs are fetched`);
    expect(error.retryable).toBe(false);
    const direct = await failure(client.get('file:///etc/passwd'));
    expect(direct.message).toBe('file:///etc/passwd: only http and https URLs are fetched, not file:');
    expect(direct.attempts).toBe(0);
  });
});

describe('HttpClient: retries', () => {
  it('does not retry a 404', async () => {
    const server = await serve((_req, res) => res.writeHead(404).end('brak'));
    const client = new HttpClient(FAST);
    const error = await failure(client.get(server.url('/x.html')));
    expect(error.message).toBe(`${server.url('/x.html')}: HTTP 404 Not Found`);
    expect(error).toMatchObject({ status: 404, retryable: false, attempts: 1, kind: 'http' });
    expect(server.hits('/x.html')).toBe(1);
    expect(client.stats.retries).toBe(0);
  });

  it('retries 500 until the server recovers', async () => {
    let calls = 0;
    const server = await serve((_req, res) => (++calls <= 2 ? res.writeHead(500).end() : res.writeHead(200).end('w końcu')));
    const client = new HttpClient(FAST);
    const response = await client.get(server.url('/flaky'));
    expect(response.attempts).toBe(3);
    expect(response.body.toString()).toBe('w końcu');
    expect(server.hits('/flaky')).toBe(3);
    expect(client.stats.retries).toBe(2);
  });

  it('gives up on a 503 after all attempts, as retryable', async () => {
    const server = await serve((_req, res) => res.writeHead(503).end());
    const error = await failure(new HttpClient({ ...FAST, retries: 1 }).get(server.url('/down')));
    expect(error.message).toBe(`${server.url('/down')}: HTTP 503 Service Unavailable after 2 attempts`);
    expect(error).toMatchObject({ status: 503, retryable: true, attempts: 2 });
    expect(server.hits('/down')).toBe(2);
  });

  it('waits as long as Retry-After asks after a 429', async () => {
    let calls = 0;
    const server = await serve((_req, res) => (++calls === 1 ? res.writeHead(429, { 'retry-after': '1' }).end() : res.writeHead(200).end('ok')));
    const response = await new HttpClient(FAST).get(server.url('/busy'));
    expect(response.attempts).toBe(2);
    const [first, second] = server.seen.filter((r) => r.path === '/busy');
    expect(second.startedAt - first.startedAt).toBeGreaterThanOrEqual(950);
  });

  it('cuts a long Retry-After to maxRetryAfterMs', async () => {
    let calls = 0;
    const server = await serve((_req, res) => (++calls === 1 ? res.writeHead(503, { 'retry-after': '3600' }).end() : res.writeHead(200).end('ok')));
    const started = Date.now();
    await new HttpClient({ ...FAST, maxRetryAfterMs: 100 }).get(server.url('/later'));
    expect(Date.now() - started).toBeLessThan(1000);
    const [first, second] = server.seen.filter((r) => r.path === '/later');
    expect(second.startedAt - first.startedAt).toBeGreaterThanOrEqual(95);
  });

  it('times out a slow answer on every attempt and says so', async () => {
    const server = await serve(async (_req, res) => {
      await sleep(1500);
      res.writeHead(200).end('za późno');
    });
    const error = await failure(new HttpClient({ ...FAST, timeoutMs: 150 }).get(server.url('/slow')));
    expect(error.message).toBe(`${server.url('/slow')}: no answer within 150 ms after 3 attempts`);
    expect(error).toMatchObject({ kind: 'timeout', status: null, retryable: true, attempts: 3 });
    expect(server.hits('/slow')).toBe(3);
  });

  it('times out a body that stalls after the headers', async () => {
    const server = await serve(async (_req, res) => {
      res.writeHead(200);
      res.write('początek…');
      await sleep(1500);
      res.end();
    });
    const error = await failure(new HttpClient({ ...FAST, timeoutMs: 150, retries: 0 }).get(server.url('/stall')));
    expect(error.message).toBe(`${server.url('/stall')}: no answer within 150 ms`);
  });

  it('reports a refused connection in plain words after retrying', async () => {
    const server = await serve(page('x'));
    const url = server.url('/gone');
    await server.close();
    servers = [];
    const error = await failure(new HttpClient({ ...FAST, obeyRobots: false, retries: 1 }).get(url));
    expect(error.message).toBe(`${url}: connection failed (ECONNREFUSED) after 2 attempts`);
    expect(error).toMatchObject({ kind: 'network', retryable: true });
  });
});

describe('HttpClient: body size', () => {
  it('refuses an oversized body declared by Content-Length, once', async () => {
    const server = await serve(page('x'.repeat(5000)));
    const error = await failure(new HttpClient({ ...FAST, maxBytes: 1000 }).get(server.url('/big')));
    expect(error.message).toBe(`${server.url('/big')}: body over the 1000-byte limit`);
    expect(error).toMatchObject({ kind: 'too-large', retryable: false, attempts: 1 });
    expect(server.hits('/big')).toBe(1);
  });

  it('stops a chunked body as soon as it passes the limit', async () => {
    let written = 0;
    const server = await serve(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }); // no Content-Length: chunked
      for (let i = 0; i < 100 && !res.destroyed; i++) {
        res.write('y'.repeat(1000));
        written++;
        await sleep(5);
      }
      res.end();
    });
    const error = await failure(new HttpClient({ ...FAST, maxBytes: 5000 }).get(server.url('/stream')));
    expect(error.kind).toBe('too-large');
    expect(server.hits('/stream')).toBe(1);
    await sleep(50);
    expect(written).toBeLessThan(50);
  });

  it.each([
    ['gzip', gzipSync],
    ['br', brotliCompressSync],
    ['deflate', deflateSync],
  ] as const)('decodes a %s body and applies the limit to the decoded bytes', async (encoding, compress) => {
    const text = 'Spółdzielnia Socjalna ALEXIS w Łomży. '.repeat(500);
    const server = await serve((_req, res) => {
      const body = compress(Buffer.from(text));
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-encoding': encoding, 'content-length': body.length }).end(body);
    });
    const response = await new HttpClient(FAST).get(server.url('/z.txt'));
    expect(response.body.toString('utf8')).toBe(text);
    // Compressed it is far below the limit; decoded it is not.
    expect(compress(Buffer.from(text)).length).toBeLessThan(2000);
    const error = await failure(new HttpClient({ ...FAST, maxBytes: 10_000 }).get(server.url('/z.txt')));
    expect(error.kind).toBe('too-large');
  });
});

describe('HttpClient: politeness', () => {
  const slowPage: Handler = async (_req, res) => {
    await sleep(80);
    res.writeHead(200).end('ok');
  };
  const paths = (n: number) => Array.from({ length: n }, (_, i) => `/p${i}`);

  it('keeps at most perHostConcurrency requests in flight to one host', async () => {
    const server = await serve(slowPage);
    const client = new HttpClient({ ...FAST, concurrency: 10, perHostConcurrency: 2 });
    await Promise.all(paths(6).map((p) => client.get(server.url(p))));
    expect(server.maxInFlight).toBe(2);
  });

  it('spaces request starts to one host by minIntervalMs', async () => {
    const server = await serve((_req, res) => res.writeHead(200).end('ok'));
    const client = new HttpClient({ ...FAST, perHostConcurrency: 4, minIntervalMs: 150 });
    await Promise.all(paths(4).map((p) => client.get(server.url(p))));
    const starts = server.seen.map((r) => r.startedAt); // robots.txt first, then the pages
    expect(starts).toHaveLength(5);
    expectSpaced(starts, 150);
  });

  it('keeps at most `concurrency` requests in flight over all hosts', async () => {
    const server = await serve(slowPage);
    const client = new HttpClient({ ...FAST, concurrency: 2, perHostConcurrency: 2 });
    const urls = paths(3).flatMap((p) => [server.url(p, '127.0.0.1'), server.url(p, 'localhost')]);
    await Promise.all(urls.map((u) => client.get(u)));
    expect(server.maxInFlight).toBe(2);
    expect(new Set(server.seen.map((r) => r.host))).toEqual(new Set(['127.0.0.1', 'localhost']));
  });
});

describe('HttpClient: options', () => {
  it('validates options with the schema and describes every field', () => {
    expect(() => new HttpClient({ retries: -1 })).toThrow(/retries/);
    expect(HttpOptionsSchema.safeParse({ timeout: 5 }).success).toBe(false);
    expect(new HttpClient({ retries: 0 }).options).toEqual({ ...DEFAULT_HTTP_OPTIONS, retries: 0 });
    for (const [key, field] of Object.entries(HttpOptionsSchema.shape)) {
      expect(field.description, key).toMatch(/\w{3}/);
    }
    expect(Object.keys(HttpOptionsSchema.shape).sort()).toEqual(Object.keys(DEFAULT_HTTP_OPTIONS).sort());
  });

  it('backs off exponentially up to the cap, with half of each wait random', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 100, 500, () => 0))).toEqual([50, 100, 200, 250]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 100, 500, () => 1))).toEqual([100, 200, 400, 500]);
  });

  it.each([
    ['120', 120_000],
    ['0', 0],
    ['Wed, 21 Oct 2015 07:28:30 GMT', 30_000],
    ['Wed, 21 Oct 2015 07:27:00 GMT', 0], // in the past
    ['1.5', null],
    ['soon', null],
    [null, null],
  ])('reads Retry-After %j as %j ms', (value, expected) => {
    expect(parseRetryAfter(value, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(expected);
  });
});

describe('fetchDocument', () => {
  it('keeps its User-Agent and turns a page into a document, a failure into a LoadError', async () => {
    expect(HTTP_USER_AGENT).toBe(USER_AGENT);
    const html = '<html><head><title>Targi ekonomii społecznej</title></head><body><main><p>Spółdzielnia Socjalna ALEXIS z Łomży wystawiła swoje wyroby na targach w Białymstoku.</p></main></body></html>';
    const server = await serve((_req, res, path) => {
      if (path === '/targi.html') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      else if (path === '/pusty.html') res.writeHead(200).end();
      else res.writeHead(404).end();
    });
    const client = new HttpClient(FAST);
    const doc = await fetchDocument(server.url('/targi.html'), { client });
    expect(doc.source).toBe(server.url('/targi.html'));
    expect(doc.text).toContain('Spółdzielnia Socjalna ALEXIS z Łomży');
    for (const [path, reason] of [['/brak.html', 'HTTP 404 Not Found'], ['/pusty.html', 'empty body']]) {
      const error = await fetchDocument(server.url(path), { client }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LoadError);
      expect(error).toMatchObject({ source: server.url(path), reason });
    }
  });
});
