// The fixture site of test/fetch/site/ (an imitation of a regional social-policy centre's website)
// served on 127.0.0.1 for the fetch, discovery and nightly-run tests. Routes come from
// site/site.json; every static page gets an ETag and Last-Modified, answers conditional requests
// with 304 and is compressed when the client allows. The misbehaving routes (/flaky, /busy, /slow,
// /huge) keep their state per server instance. See site/README.md for every route.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { encodeLegacy } from './site/legacy-charsets.js';

export const SITE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'site');

export interface SiteServerOptions {
  /** Port to listen on; default 0, any free port. */
  port?: number;
  /** How long /slow waits before answering; default 3000 ms (set it above the client's timeout). */
  slowMs?: number;
  /** Size of the /huge and /huge-stream bodies; default 4 MiB. */
  hugeBytes?: number;
  /** Requests to /flaky answered 500 before it recovers; default 1. */
  flakyFailures?: number;
  /** Requests to /busy answered 429 before it recovers; default 1. */
  busyFailures?: number;
  /** The Retry-After of /busy, in seconds; default 1. */
  retryAfterSeconds?: number;
}

export interface SiteRequest {
  /** Path and query as requested. */
  path: string;
  /** Status answered; 0 while unanswered (or when the client left before /slow answered). */
  status: number;
  /** Request headers, lower-case names, repeated ones joined with ", ". */
  headers: Record<string, string>;
}

export interface SiteServer {
  /** http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
  /** Requests to `path` (path and query when it has a "?", else any query); all requests without it. */
  hits(path?: string): number;
  requests: SiteRequest[];
  /** Changes a page (or feed, sitemap, robots.txt) from now on: new ETag, later Last-Modified. */
  edit(path: string, replaceText: (html: string) => string): void;
  /** Forgets requests, hits and the /flaky and /busy counters; edits stay. */
  reset(): void;
  /** Undoes edit() for one path, or for all: the files again, with their own ETag and Last-Modified. */
  revert(path?: string): void;
}

const DEFAULTS = { port: 0, slowMs: 3000, hugeBytes: 4 * 1024 * 1024, flakyFailures: 1, busyFailures: 1, retryAfterSeconds: 1 };

const BEHAVIOURS = ['flaky', 'busy', 'slow', 'huge', 'huge-stream'] as const;
type Behaviour = (typeof BEHAVIOURS)[number];

const RouteSchema = z.strictObject({
  path: z.string().startsWith('/'),
  file: z.string().optional(),
  encoding: z.enum(['utf-8', 'windows-1250', 'iso-8859-2']).default('utf-8'),
  charsetInHeader: z.boolean().default(true),
  contentType: z.string().optional(),
  gzip: z.boolean().default(false),
  lastModified: z.iso.datetime().optional(),
  behaviour: z.enum(BEHAVIOURS).optional(),
}).refine((route) => route.file !== undefined || route.behaviour === 'huge' || route.behaviour === 'huge-stream', { message: 'a route needs a file' });
type Route = z.infer<typeof RouteSchema>;

const SiteSchema = z.strictObject({
  _about: z.string(),
  lastModified: z.iso.datetime(),
  notFound: z.string(),
  routes: z.array(RouteSchema),
  redirects: z.array(z.strictObject({
    from: z.string().startsWith('/'),
    to: z.string().min(1),
    status: z.union([z.literal(301), z.literal(302), z.literal(307), z.literal(308)]),
  })),
});
type Site = z.infer<typeof SiteSchema>;

let siteCache: { site: Site; files: Map<string, string> } | null = null;

/** site.json and the files it names, read once per process. */
function loadSite(): { site: Site; files: Map<string, string> } {
  if (!siteCache) {
    const site = SiteSchema.parse(JSON.parse(readFileSync(join(SITE_DIR, 'site.json'), 'utf8')));
    const files = new Map<string, string>();
    for (const file of [site.notFound, ...site.routes.flatMap((route) => route.file ?? [])]) {
      if (!files.has(file)) files.set(file, readFileSync(join(SITE_DIR, file), 'utf8'));
    }
    siteCache = { site, files };
  }
  return siteCache;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html', '.xml': 'application/xml', '.txt': 'text/plain', '.gz': 'application/x-gzip',
};
const COMPRESSIBLE = /^(text\/|application\/([\w.+-]+\+)?(xml|json))/;

/** A static resource as sent without content coding. */
interface Representation {
  body: Buffer;
  etag: string;
  lastModified: Date;
  contentType: string;
  compressed: Map<'br' | 'gzip', Buffer>;
}

const etagOf = (bytes: Buffer) => `"${createHash('sha256').update(bytes).digest('hex').slice(0, 20)}"`;
const weak = (etag: string) => etag.replace(/^W\//, '');
/** HTTP dates carry whole seconds. */
const toSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

function contentTypeOf(route: Route): string {
  if (route.gzip) return route.contentType ?? CONTENT_TYPES['.gz'];
  const type = route.contentType ?? CONTENT_TYPES[extname(route.file ?? '')] ?? 'application/octet-stream';
  return route.charsetInHeader ? `${type}; charset=${route.encoding === 'utf-8' ? 'utf-8' : route.encoding}` : type;
}

function encodeText(text: string, route: Route): Buffer {
  const bytes = route.encoding === 'utf-8' ? Buffer.from(text, 'utf8') : encodeLegacy(text, route.encoding);
  return route.gzip ? gzipSync(bytes) : bytes;
}

/** The coding to send: br when the client takes it at least as gladly as gzip, else gzip, else none. */
export function negotiateEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (!acceptEncoding) return null;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    q.set(name.trim(), qParam ? Number(qParam.slice(2)) || 0 : 1);
  }
  const weight = (coding: string) => q.get(coding) ?? q.get('*') ?? 0;
  if (weight('br') > 0 && weight('br') >= weight('gzip')) return 'br';
  return weight('gzip') > 0 ? 'gzip' : null;
}

function isNotModified(req: IncomingMessage, rep: Representation): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  // If-None-Match wins over If-Modified-Since (RFC 9110, 13.2.2); ETags compare weakly.
  if (ifNoneMatch) return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || weak(tag.trim()) === weak(rep.etag));
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return !Number.isNaN(since) && toSecond(rep.lastModified.getTime()) <= since;
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const hugeParagraph = '<p>Załącznik statystyczny do sprawozdania z realizacji Regionalnego Programu Rozwoju Ekonomii Społecznej: zestawienie podmiotów według powiatów, form prawnych i liczby zatrudnionych osób.</p>\n';

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => { res.off('drain', done); res.off('close', done); resolve(); };
    res.on('drain', done);
    res.on('close', done);
  });
}

function hugeBody(bytes: number): Buffer {
  const head = '<!DOCTYPE html>\n<html lang="pl"><head><meta charset="utf-8"><title>Sprawozdanie – pełna wersja</title></head><body><main>\n';
  const tail = '</main></body></html>\n';
  const repeats = Math.max(1, Math.ceil((bytes - head.length - tail.length) / Buffer.byteLength(hugeParagraph)));
  return Buffer.from(head + hugeParagraph.repeat(repeats) + tail, 'utf8');
}

const STATUS_PAGES: Record<number, string> = {
  429: '<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>Zbyt wiele zapytań</title></head><body><h1>Zbyt wiele zapytań</h1><p>Spróbuj ponownie za chwilę.</p></body></html>\n',
  500: '<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>Błąd serwera</title></head><body><h1>Błąd serwera</h1><p>Wystąpił nieoczekiwany błąd. Spróbuj ponownie później.</p></body></html>\n',
  405: '<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>Metoda niedozwolona</title></head><body><h1>Metoda niedozwolona</h1></body></html>\n',
};

export async function startSiteServer(options: SiteServerOptions = {}): Promise<SiteServer> {
  const settings = { ...DEFAULTS, ...options };
  const { site, files } = loadSite();
  const routes = new Map(site.routes.map((route) => [route.path, route]));
  const redirects = new Map(site.redirects.map((redirect) => [redirect.from, redirect]));
  const requests: SiteRequest[] = [];
  const edits = new Map<string, { text: string; lastModified: Date }>();
  const cache = new Map<string, Representation>();
  const timers = new Set<NodeJS.Timeout>();
  const counters = { flaky: 0, busy: 0 };
  let origin = '';
  let huge: Buffer | null = null;

  const templateText = (route: Route) => files.get(route.file!)!.replaceAll('{{origin}}', origin);
  const currentText = (route: Route) => edits.get(route.path)?.text ?? templateText(route);

  function representation(route: Route): Representation {
    let rep = cache.get(route.path);
    if (!rep) {
      const body = encodeText(currentText(route), route);
      const lastModified = edits.get(route.path)?.lastModified ?? new Date(route.lastModified ?? site.lastModified);
      rep = { body, etag: etagOf(body), lastModified, contentType: contentTypeOf(route), compressed: new Map() };
      cache.set(route.path, rep);
    }
    return rep;
  }

  function answer(res: ServerResponse, entry: SiteRequest, status: number, headers: Record<string, string | number>, body?: Buffer, head = false): void {
    entry.status = status;
    res.writeHead(status, body ? { ...headers, 'content-length': body.length } : headers);
    res.end(head ? undefined : body);
  }

  function sendRepresentation(req: IncomingMessage, res: ServerResponse, entry: SiteRequest, route: Route): void {
    const rep = representation(route);
    const compressible = !route.gzip && COMPRESSIBLE.test(rep.contentType);
    const validators: Record<string, string> = { 'last-modified': rep.lastModified.toUTCString(), 'cache-control': 'no-cache' };
    if (compressible) validators.vary = 'Accept-Encoding';
    if (isNotModified(req, rep)) {
      answer(res, entry, 304, { ...validators, etag: rep.etag });
      return;
    }
    const coding = compressible ? negotiateEncoding(req.headers['accept-encoding']) : null;
    let body = rep.body;
    const headers: Record<string, string> = { ...validators, 'content-type': rep.contentType, etag: rep.etag };
    if (coding) {
      body = rep.compressed.get(coding) ?? (coding === 'br'
        ? brotliCompressSync(rep.body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } })
        : gzipSync(rep.body));
      rep.compressed.set(coding, body);
      headers['content-encoding'] = coding;
      // Another coding is another representation: a strong ETag would claim the same bytes.
      headers.etag = `W/${rep.etag}`;
    }
    answer(res, entry, 200, headers, body, req.method === 'HEAD');
  }

  function sendStatusPage(req: IncomingMessage, res: ServerResponse, entry: SiteRequest, status: number, extra: Record<string, string> = {}): void {
    answer(res, entry, status, { 'content-type': 'text/html; charset=utf-8', ...extra }, Buffer.from(STATUS_PAGES[status], 'utf8'), req.method === 'HEAD');
  }

  async function streamHuge(req: IncomingMessage, res: ServerResponse, entry: SiteRequest): Promise<void> {
    huge ??= hugeBody(settings.hugeBytes);
    entry.status = 200;
    // No Content-Length: the size shows only while reading.
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    if (req.method === 'HEAD') { res.end(); return; }
    const CHUNK = 64 * 1024;
    for (let at = 0; at < huge.length && !res.destroyed; at += CHUNK) {
      if (!res.write(huge.subarray(at, at + CHUNK))) await drainedOrClosed(res);
    }
    res.end();
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const target = req.url ?? '/';
    const entry: SiteRequest = { path: target, status: 0, headers: flattenHeaders(req) };
    requests.push(entry);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendStatusPage(req, res, entry, 405, { allow: 'GET, HEAD' });
      return;
    }
    const redirect = redirects.get(target);
    if (redirect) {
      const location = redirect.to.replaceAll('{{origin}}', origin);
      answer(res, entry, redirect.status, { location, 'content-type': 'text/html; charset=utf-8' }, Buffer.from(`<a href="${location}">${location}</a>\n`), req.method === 'HEAD');
      return;
    }
    const route = routes.get(target) ?? routes.get(target.split('?')[0]);
    if (!route) {
      const page = Buffer.from(files.get(site.notFound)!.replaceAll('{{origin}}', origin), 'utf8');
      answer(res, entry, 404, { 'content-type': 'text/html; charset=utf-8' }, page, req.method === 'HEAD');
      return;
    }
    switch (route.behaviour) {
      case 'flaky':
        if (counters.flaky < settings.flakyFailures) { counters.flaky++; sendStatusPage(req, res, entry, 500); return; }
        break;
      case 'busy':
        if (counters.busy < settings.busyFailures) { counters.busy++; sendStatusPage(req, res, entry, 429, { 'retry-after': String(settings.retryAfterSeconds) }); return; }
        break;
      case 'slow': {
        const timer = setTimeout(() => { timers.delete(timer); if (!res.destroyed) sendRepresentation(req, res, entry, route); }, settings.slowMs);
        timers.add(timer);
        res.on('close', () => { clearTimeout(timer); timers.delete(timer); });
        return;
      }
      case 'huge':
        huge ??= hugeBody(settings.hugeBytes);
        answer(res, entry, 200, { 'content-type': 'text/html; charset=utf-8' }, huge, req.method === 'HEAD');
        return;
      case 'huge-stream':
        void streamHuge(req, res, entry).catch(() => res.destroy());
        return;
    }
    sendRepresentation(req, res, entry, route);
  }

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    requests,
    hits(path) {
      if (path === undefined) return requests.length;
      const withQuery = path.includes('?');
      return requests.filter((r) => (withQuery ? r.path : r.path.split('?')[0]) === path).length;
    },
    edit(path, replaceText) {
      const route = routes.get(path);
      if (!route?.file) throw new Error(`edit: the fixture site has no page at ${path}`);
      const before = currentText(route);
      const text = replaceText(before);
      if (text === before) return;
      const previous = representation(route).lastModified.getTime();
      // Whole seconds, and always later than before, so that If-Modified-Since sees the change.
      edits.set(path, { text, lastModified: new Date(Math.max(toSecond(Date.now()), toSecond(previous) + 1000)) });
      cache.delete(path);
    },
    reset() {
      requests.length = 0;
      counters.flaky = 0;
      counters.busy = 0;
    },
    revert(path) {
      for (const edited of path === undefined ? [...edits.keys()] : [path]) {
        edits.delete(edited);
        cache.delete(edited);
      }
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

// What the site's articles are known to contain (expected.json), for tests of the whole run.

const EntitiesSchema = z.strictObject({
  organizations: z.array(z.strictObject({ name: z.string().min(1), legalForm: z.string().optional(), place: z.string().optional() })),
  places: z.array(z.strictObject({ name: z.string().min(1), kind: z.string().optional(), voivodeship: z.string().optional() })),
  dates: z.array(z.strictObject({ start: z.string(), end: z.string() })),
  people: z.array(z.strictObject({ name: z.string().min(1), role: z.string() })),
});

const ExpectedSchema = z.strictObject({
  _about: z.string(),
  articles: z.array(z.strictObject({
    path: z.string().startsWith('/'),
    title: z.string().min(1),
    publishedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** Where the page states its date: how a loader has to find it. */
    dateIn: z.string(),
    encoding: z.string(),
    entities: EntitiesSchema,
  })),
  notArticles: z.array(z.strictObject({ path: z.string().startsWith('/'), why: z.string() })),
  boilerplate: z.array(z.string().min(1)),
});
export type SiteExpectations = z.infer<typeof ExpectedSchema>;

export function readSiteExpectations(): SiteExpectations {
  return ExpectedSchema.parse(JSON.parse(readFileSync(join(SITE_DIR, 'expected.json'), 'utf8')));
}
