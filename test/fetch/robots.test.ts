import { afterEach, describe, expect, it } from 'vitest';
import { FetchError, HttpClient, type HttpOptions } from '../../src/fetch/client.js';
import { MAX_ROBOTS_BYTES, RobotsCache, robotsPolicy, type RobotsAnswer } from '../../src/fetch/robots.js';
import { expectSpaced, startServer, type Handler, type TestServer } from './server.js';

const FAST: HttpOptions = { minIntervalMs: 0, backoffMs: 5, maxBackoffMs: 20, timeoutMs: 2000, retries: 1 };
const ROBOTS_URL = 'https://example.org/robots.txt';
const RULES = [
  'User-agent: *',
  'Disallow: /',
  '',
  'User-agent: raporty',
  'Disallow: /private/',
  'Allow: /private/open.html',
  'Crawl-delay: 2.5',
].join('\n');

describe('robotsPolicy', () => {
  it.each([
    ['/raporty/2024.html', null],
    ['/private/lista.html', 'disallowed by robots.txt'],
    ['/private/open.html', null],
    ['/private', null],
  ])('applies the raporty group, not *, to %s', (path, refusal) => {
    expect(robotsPolicy(ROBOTS_URL, { status: 200, text: RULES }).refusal(`https://example.org${path}`)).toBe(refusal);
  });

  it('falls back to * and reads Crawl-delay in ms', () => {
    const policy = robotsPolicy(ROBOTS_URL, { status: 200, text: 'User-agent: *\nDisallow: /tmp/\nCrawl-delay: 1' });
    expect(policy.refusal('https://example.org/tmp/a')).toBe('disallowed by robots.txt');
    expect(policy.refusal('https://example.org/a')).toBeNull();
    expect(policy.crawlDelayMs).toBe(1000);
    expect(robotsPolicy(ROBOTS_URL, { status: 200, text: RULES }).crawlDelayMs).toBe(2500);
    expect(robotsPolicy(ROBOTS_URL, { status: 200, text: 'User-agent: *\nDisallow:' }).crawlDelayMs).toBeNull();
  });

  it.each<[string, RobotsAnswer, string | null]>([
    ['404: no rules', { status: 404, text: '' }, null],
    ['401: no rules', { status: 401, text: '' }, null],
    ['too many redirects: no rules', { failure: 'more than 5 redirects', unreachable: false }, null],
    ['503: site off limits', { status: 503, text: '' }, 'robots.txt could not be read: HTTP 503, so the site is treated as disallowed for this run'],
    ['429: site off limits', { status: 429, text: '' }, 'robots.txt could not be read: HTTP 429, so the site is treated as disallowed for this run'],
    ['timeout: site off limits', { failure: 'no answer within 100 ms', unreachable: true }, 'robots.txt could not be read: no answer within 100 ms, so the site is treated as disallowed for this run'],
  ])('%s', (_name, answer, refusal) => {
    expect(robotsPolicy(ROBOTS_URL, answer).refusal('https://example.org/raport.html')).toBe(refusal);
  });
});

describe('RobotsCache', () => {
  it('asks once per origin, also when asked concurrently', async () => {
    const asked: string[] = [];
    const cache = new RobotsCache(async (url) => {
      asked.push(url);
      return { status: 200, text: 'User-agent: *\nDisallow: /x/' };
    });
    const urls = ['https://a.pl/1', 'https://a.pl/x/2', 'http://a.pl/3', 'https://b.pl:8443/4', 'https://a.pl/5'].map((u) => new URL(u));
    const policies = await Promise.all(urls.map((u) => cache.policyFor(u)));
    expect(asked).toEqual(['https://a.pl/robots.txt', 'http://a.pl/robots.txt', 'https://b.pl:8443/robots.txt']);
    expect(policies[1].refusal(urls[1].href)).toBe('disallowed by robots.txt');
    expect(cache.size).toBe(3);
  });

  it('turns a failing fetcher into a refusal, not a rejection', async () => {
    const cache = new RobotsCache(() => Promise.reject(new Error('socket hang up')));
    const policy = await cache.policyFor(new URL('https://a.pl/1'));
    expect(policy.refusal('https://a.pl/1')).toMatch(/socket hang up/);
  });
});

describe('HttpClient with robots.txt', () => {
  let servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  async function serve(robots: (host: string) => { status: number; text?: string }, page: Handler = (_req, res) => res.writeHead(200).end('ok')) {
    const server = await startServer((req, res, path) => {
      if (path !== '/robots.txt') return page(req, res, path);
      const answer = robots((req.headers.host ?? '').replace(/:\d+$/, ''));
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.text ?? '');
    });
    servers.push(server);
    return server;
  }
  const disallowPrivate = () => ({ status: 200, text: 'User-agent: raporty\nDisallow: /private/\n' });

  it('refuses a disallowed page without requesting it, and reads robots.txt once', async () => {
    const server = await serve(disallowPrivate);
    const client = new HttpClient(FAST);
    const error = await client.get(server.url('/private/a.html')).catch((e: unknown) => e as FetchError);
    expect(error).toBeInstanceOf(FetchError);
    expect(error.message).toBe(`${server.url('/private/a.html')}: disallowed by robots.txt`);
    expect(error).toMatchObject({ kind: 'robots', retryable: false, attempts: 0, status: null });
    expect(server.hits('/private/a.html')).toBe(0);
    await Promise.all(['/a', '/b', '/c', '/d', '/e'].map((p) => client.get(server.url(p))));
    await client.get(server.url('/f'));
    expect(server.hits('/robots.txt')).toBe(1);
    expect(server.hits('/f')).toBe(1);
  });

  it('checks the robots.txt of a redirect target before following it', async () => {
    const server = await serve(
      (host) => (host === 'localhost' ? disallowPrivate() : { status: 404 }),
      (_req, res, path) => (path === '/go' ? res.writeHead(302, { location: server.url('/private/b.html', 'localhost') }).end() : res.writeHead(200).end('ok')),
    );
    const error = await new HttpClient(FAST).get(server.url('/go')).catch((e: unknown) => e as FetchError);
    expect(error.message).toBe(`${server.url('/go')}: disallowed by robots.txt (at ${server.url('/private/b.html', 'localhost')})`);
    expect(server.seen.filter((r) => r.path === '/robots.txt').map((r) => r.host)).toEqual(['127.0.0.1', 'localhost']);
    expect(server.hits('/private/b.html')).toBe(0);
  });

  it('treats a site whose robots.txt fails with 5xx as disallowed, and one with 404 as open', async () => {
    const server = await serve((host) => (host === 'localhost' ? { status: 500 } : { status: 404 }));
    const client = new HttpClient(FAST);
    const error = await client.get(server.url('/a', 'localhost')).catch((e: unknown) => e as FetchError);
    expect(error.message).toBe(`${server.url('/a', 'localhost')}: robots.txt could not be read: HTTP 500, so the site is treated as disallowed for this run`);
    expect(error.retryable).toBe(false);
    expect(server.hits('/a')).toBe(0);
    // robots.txt itself was retried like any request before the site was given up.
    expect(server.seen.filter((r) => r.path === '/robots.txt' && r.host === 'localhost')).toHaveLength(2);
    await expect(client.get(server.url('/b', 'localhost'))).rejects.toThrow(/robots.txt could not be read/);
    expect(server.seen.filter((r) => r.path === '/robots.txt' && r.host === 'localhost')).toHaveLength(2);
    expect((await client.get(server.url('/a'))).status).toBe(200);
  });

  it('raises the host interval to the Crawl-delay', async () => {
    const server = await serve(() => ({ status: 200, text: 'User-agent: *\nCrawl-delay: 0.2\n' }));
    const client = new HttpClient(FAST);
    await Promise.all(['/a', '/b', '/c'].map((p) => client.get(server.url(p))));
    expectSpaced(server.seen.map((r) => r.startedAt), 200); // robots.txt, then the pages
  });

  it('reads only the first MAX_ROBOTS_BYTES of a huge robots.txt', async () => {
    const filler = `# ${'x'.repeat(1000)}\n`.repeat(Math.ceil(MAX_ROBOTS_BYTES / 1000));
    const server = await serve(() => ({ status: 200, text: `User-agent: *\nDisallow: /a\n${filler}Disallow: /b\n` }));
    const client = new HttpClient(FAST);
    await expect(client.get(server.url('/a'))).rejects.toThrow(/disallowed by robots.txt/);
    expect((await client.get(server.url('/b'))).status).toBe(200);
  });

  it('never asks for robots.txt when obeyRobots is false', async () => {
    const server = await serve(disallowPrivate);
    const response = await new HttpClient({ ...FAST, obeyRobots: false }).get(server.url('/private/c.html'));
    expect(response.status).toBe(200);
    expect(server.hits('/robots.txt')).toBe(0);
  });
});
