// The HTTP layer of the fetch stage. One client per run: its queues, its robots.txt cache and its
// counters are shared by every request it makes. Politeness first: a global and a per-host
// concurrency limit, request starts to one host spaced by minIntervalMs (raised by Crawl-delay and
// Retry-After), robots.txt asked before every hop. Then robustness: a timeout per attempt, retries
// with backoff and jitter, a body limit enforced while streaming, redirects followed one hop at a
// time so that the limit, the http(s)-only rule and robots.txt apply to each of them.
import { STATUS_CODES } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';
import { z } from 'zod';
import { MAX_ROBOTS_BYTES, RobotsCache, type RobotsAnswer } from './robots.js';

export const USER_AGENT = 'raporty/0.1 (report extraction; +https://www.npmjs.com/package/raporty)';

const wholeNumber = (min: number, description: string) => z.number().int().min(min).optional().describe(description);

/** The `http` block of a pipeline definition; every field falls back to DEFAULT_HTTP_OPTIONS. */
export const HttpOptionsSchema = z.strictObject({
  concurrency: wholeNumber(1, 'Requests in flight at once, over all hosts.'),
  perHostConcurrency: wholeNumber(1, 'Requests in flight at once to one host (host name and port).'),
  minIntervalMs: wholeNumber(0, 'Least time between two request starts to the same host, in ms; a longer robots.txt Crawl-delay raises it.'),
  timeoutMs: wholeNumber(1, 'Time one attempt may take, from sending the request to the last byte of the body, in ms.'),
  retries: wholeNumber(0, 'Attempts after the first one on a network error, a timeout, HTTP 429 or HTTP 5xx.'),
  backoffMs: wholeNumber(0, 'Wait before the first retry, in ms; doubled for each further retry, of which a random half is waited.'),
  maxBackoffMs: wholeNumber(0, 'Longest wait between two attempts when the server gave no Retry-After, in ms.'),
  maxRetryAfterMs: wholeNumber(0, 'Longest Retry-After honoured, in ms; a longer one is cut to this.'),
  maxCrawlDelayMs: wholeNumber(0, 'Longest robots.txt Crawl-delay honoured, in ms; a longer one is cut to this.'),
  maxRedirects: wholeNumber(0, 'Redirects followed for one request; one more is an error.'),
  maxBytes: wholeNumber(1, 'Largest body accepted, in bytes after decompression; a bigger one is an error, not retried.'),
  userAgent: z.string().min(1).optional().describe('User-Agent header of every request; robots.txt is matched on the token "raporty" whatever it says.'),
  obeyRobots: z.boolean().optional().describe('Ask robots.txt before every request (and every redirect hop); false only for sites that allow it otherwise.'),
});
export type HttpOptions = z.infer<typeof HttpOptionsSchema>;

export const DEFAULT_HTTP_OPTIONS: Readonly<Required<HttpOptions>> = {
  concurrency: 8,
  perHostConcurrency: 2,
  minIntervalMs: 1000,
  timeoutMs: 20_000,
  retries: 2,
  backoffMs: 1000,
  maxBackoffMs: 30_000,
  maxRetryAfterMs: 120_000,
  maxCrawlDelayMs: 30_000,
  maxRedirects: 5,
  maxBytes: 20 * 1024 * 1024,
  userAgent: USER_AGENT,
  obeyRobots: true,
};

/** Validators stored from an earlier fetch of the same URL. */
export interface Validators {
  etag?: string | null;
  lastModified?: string | null;
}

export interface GetInit {
  validators?: Validators;
  /** The Accept header; default any type. */
  accept?: string;
}

export interface FetchResponse {
  /** The URL asked for. */
  url: string;
  /** The URL that answered, after redirects. */
  finalUrl: string;
  status: number;
  /** True on HTTP 304: the stored copy is current and `body` is empty. */
  notModified: boolean;
  contentType: string;
  /** Decoded (gunzipped, ...) bytes. */
  body: Buffer;
  /** Validators to store for the next fetch; on a 304 without them, the ones sent. */
  etag: string | null;
  lastModified: string | null;
  /** Attempts at finalUrl (1 when the first one succeeded). */
  attempts: number;
  /** Every URL redirected to, in order. */
  redirects: string[];
  /** There were redirects and every one was permanent (301, 308): the URL may be replaced by finalUrl. */
  permanentRedirect: boolean;
}

export interface FetchStats {
  /** HTTP requests sent, robots.txt, redirect hops and retries included. */
  requests: number;
  retries: number;
  notModified: number;
  /** Decoded body bytes received. */
  bytes: number;
}

/** What went wrong, so that a caller can count failures by cause. */
export type FetchFailureKind = 'url' | 'robots' | 'redirects' | 'http' | 'timeout' | 'network' | 'too-large';

/** A URL that could not be fetched; `message` is `url: reason`, in plain words. */
export class FetchError extends Error {
  override name = 'FetchError';
  readonly url: string;
  readonly reason: string;
  readonly kind: FetchFailureKind;
  /** The HTTP status that ended it, null when there was none (timeout, network, robots...). */
  readonly status: number | null;
  /** Whether a later run may succeed where this one, retries included, did not. */
  readonly retryable: boolean;
  readonly attempts: number;

  constructor(url: string, reason: string, details: { kind: FetchFailureKind; status?: number | null; attempts: number }) {
    super(`${url}: ${reason}`);
    this.url = url;
    this.reason = reason;
    this.kind = details.kind;
    this.status = details.status ?? null;
    this.attempts = details.attempts;
    this.retryable = details.kind === 'timeout' || details.kind === 'network' || (details.kind === 'http' && isRetryableStatus(this.status ?? 0));
  }
}

// ---- pure helpers ---------------------------------------------------------------------------

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Node's fetch decodes these itself; the body limit is applied to what it hands over.
const ACCEPT_ENCODING = 'gzip, deflate, br';
// IMF-fixdate, RFC 850 and asctime dates all start with a day name (RFC 9110, 5.6.7).
const HTTP_DATE_START = /^[A-Za-z]{3}/;

export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * Wait before retry number `retry` (1-based): baseMs doubled per retry, capped at maxMs, of which
 * half is waited and the other half drawn at random, so that requests that failed together do
 * not all come back together.
 */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Retry-After (delay in seconds or an HTTP date) in ms from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  const text = value?.trim() ?? '';
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!HTTP_DATE_START.test(text)) return null;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function isHttpUrl(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

function parseHttpUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FetchError(url, 'not a URL', { kind: 'url', attempts: 0 });
  }
  if (!isHttpUrl(parsed)) throw new FetchError(url, `only http and https URLs are fetched, not ${parsed.protocol}`, { kind: 'url', attempts: 0 });
  return parsed;
}

/** Where a redirect answer points, null when it is no redirect or names no usable target. */
function redirectTarget(answer: Answer, from: URL): URL | null {
  const location = answer.headers.get('location');
  if (!REDIRECT_STATUSES.has(answer.status) || !location) return null;
  try {
    return new URL(location, from);
  } catch {
    return null;
  }
}

/** A Content-Length over the limit condemns an unencoded body before it is read. */
function isDeclaredTooLarge(headers: Headers, maxBytes: number): boolean {
  const encoding = headers.get('content-encoding');
  if (encoding && encoding.trim().toLowerCase() !== 'identity') return false; // decoded size unknown
  const length = Number(headers.get('content-length') ?? 0);
  return Number.isFinite(length) && length > maxBytes;
}

/** Reads at most maxBytes; `complete` is false when the body was longer (the rest is not read). */
async function readLimited(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<{ bytes: Buffer; complete: boolean }> {
  if (!body) return { bytes: Buffer.alloc(0), complete: true };
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { bytes: Buffer.concat(chunks, size), complete: true };
    if (size + value.length > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - size));
      await reader.cancel().catch(noop); // stops the download: Content-Length may be absent or lie
      return { bytes: Buffer.concat(chunks, maxBytes), complete: false };
    }
    chunks.push(value);
    size += value.length;
  }
}

function noop(): void {}

function pause(ms: number): Promise<void> {
  return ms > 0 ? sleep(ms) : Promise.resolve();
}

/** p-queue's add, typed without its timeout case (no queue here has a timeout). */
function enqueue<T>(queue: PQueue, task: () => Promise<T>): Promise<T> {
  return queue.add(task, { throwOnTimeout: true });
}

function withAttempts(reason: string, attempts: number): string {
  return attempts > 1 ? `${reason} after ${attempts} attempts` : reason;
}

/** ` (at <hop>)` when the failing hop is not the URL asked for. */
function atHop(hop: URL, requested: string): string {
  return hop.href === requested ? '' : ` (at ${hop.href})`;
}

// ---- one attempt ----------------------------------------------------------------------------

interface Answer {
  status: number;
  statusText: string;
  headers: Headers;
  body: Buffer;
}

interface BodyLimit {
  maxBytes: number;
  /** 'fail': a longer body is an error; 'truncate': its first maxBytes are kept (robots.txt). */
  overflow: 'fail' | 'truncate';
}

class BodyTooLarge extends Error {}

interface Failure {
  kind: FetchFailureKind;
  reason: string;
}

function describeFailure(error: unknown, options: Required<HttpOptions>): Failure {
  if (error instanceof BodyTooLarge) return { kind: 'too-large', reason: `body over the ${options.maxBytes}-byte limit` };
  if (error instanceof Error && error.name === 'TimeoutError') return { kind: 'timeout', reason: `no answer within ${options.timeoutMs} ms` };
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const detail = [cause?.code, cause?.message, error instanceof Error ? error.message : String(error)].find((d) => typeof d === 'string' && d);
  return { kind: 'network', reason: `connection failed (${String(detail)})` };
}

function hasBodyToRead(status: number): boolean {
  return status >= 200 && status <= 299 && status !== 204;
}

// ---- scheduling -----------------------------------------------------------------------------

/** One host's share of the client: its concurrency limit and the spacing of its request starts. */
class HostGate {
  private readonly slots: PQueue;
  /** Starts are taken one at a time, so that each waits its interval after the one before. */
  private readonly starts = new PQueue({ concurrency: 1 });
  private lastStartAt = Number.NEGATIVE_INFINITY;
  private notBefore = 0;

  constructor(concurrency: number, private intervalMs: number) {
    this.slots = new PQueue({ concurrency });
  }

  raiseInterval(ms: number): void {
    this.intervalMs = Math.max(this.intervalMs, ms);
  }

  /** The host asked us to come back later (Retry-After): no request to it starts before `time`. */
  deferUntil(time: number): void {
    this.notBefore = Math.max(this.notBefore, time);
  }

  /**
   * Runs `task` holding a host slot and a slot of `global`. The global slot is taken only once the
   * host's interval has passed, so a throttled host never holds slots other hosts could use.
   */
  run<T>(global: PQueue, task: () => Promise<T>): Promise<T> {
    return enqueue(this.slots, async () => {
      let running!: Promise<T>;
      await enqueue(this.starts, async () => {
        await pause(Math.max(this.lastStartAt + this.intervalMs, this.notBefore) - Date.now());
        await new Promise<void>((started) => {
          running = enqueue(global, () => {
            this.lastStartAt = Date.now();
            started();
            return task();
          });
          running.catch(noop); // awaited below; this keeps an early failure from counting as unhandled
        });
      });
      return running;
    });
  }
}

// ---- the client -----------------------------------------------------------------------------

interface HopRequest {
  obeyRobots: boolean;
  headers: Record<string, string>;
  limit: BodyLimit;
}

interface Followed {
  answer: Answer;
  url: URL;
  attempts: number;
  redirects: string[];
  permanent: boolean;
}

function resolveOptions(options: HttpOptions): Required<HttpOptions> {
  const parsed = HttpOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `- ${i.path.join('.') || '(options)'}: ${i.message}`).join('\n');
    throw new TypeError(`invalid HTTP options:\n${issues}`);
  }
  const given = Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_HTTP_OPTIONS, ...given };
}

export class HttpClient {
  readonly options: Readonly<Required<HttpOptions>>;
  private readonly global: PQueue;
  private readonly hosts = new Map<string, HostGate>();
  private readonly robots = new RobotsCache((robotsUrl) => this.fetchRobots(robotsUrl));
  private readonly counts: FetchStats = { requests: 0, retries: 0, notModified: 0, bytes: 0 };

  constructor(options: HttpOptions = {}) {
    this.options = resolveOptions(options);
    this.global = new PQueue({ concurrency: this.options.concurrency });
  }

  get stats(): Readonly<FetchStats> {
    return { ...this.counts };
  }

  /**
   * GETs `url`: a 2xx answer or a 304 (`notModified`, empty body) resolves; anything else rejects
   * with a FetchError naming the URL and the reason.
   */
  async get(url: string, init: GetInit = {}): Promise<FetchResponse> {
    const start = parseHttpUrl(url);
    const { answer, url: final, attempts, redirects, permanent } = await this.follow(url, start, {
      obeyRobots: this.options.obeyRobots,
      headers: this.headers(init.accept ?? '*/*', init.validators),
      limit: { maxBytes: this.options.maxBytes, overflow: 'fail' },
    });
    const notModified = answer.status === 304;
    if (!notModified && (answer.status < 200 || answer.status > 299)) throw statusError(url, final, answer, attempts);
    if (notModified) this.counts.notModified++;
    const kept = notModified ? init.validators : undefined;
    return {
      url,
      finalUrl: final.href,
      status: answer.status,
      notModified,
      contentType: answer.headers.get('content-type') ?? '',
      body: answer.body,
      etag: answer.headers.get('etag') ?? kept?.etag ?? null,
      lastModified: answer.headers.get('last-modified') ?? kept?.lastModified ?? null,
      attempts,
      redirects,
      permanentRedirect: redirects.length > 0 && permanent,
    };
  }

  private headers(accept: string, validators?: Validators): Record<string, string> {
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent, accept, 'accept-encoding': ACCEPT_ENCODING };
    if (validators?.etag) headers['if-none-match'] = validators.etag;
    if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
    return headers;
  }

  private hostOf(url: URL): HostGate {
    let gate = this.hosts.get(url.host);
    if (!gate) {
      gate = new HostGate(this.options.perHostConcurrency, this.options.minIntervalMs);
      this.hosts.set(url.host, gate);
    }
    return gate;
  }

  /** Follows redirects from `start`, one checked hop at a time, to the first answer that is not one. */
  private async follow(requested: string, start: URL, request: HopRequest): Promise<Followed> {
    const redirects: string[] = [];
    let permanent = true;
    for (let url = start; ;) {
      if (request.obeyRobots) await this.checkRobots(requested, url);
      const { answer, attempts } = await this.withRetries(requested, url, request);
      const target = redirectTarget(answer, url);
      if (!target) return { answer, url, attempts, redirects, permanent };
      if (answer.status !== 301 && answer.status !== 308) permanent = false;
      if (redirects.length >= this.options.maxRedirects) {
        throw new FetchError(requested, `more than ${this.options.maxRedirects} redirects`, { kind: 'redirects', status: answer.status, attempts });
      }
      if (!isHttpUrl(target)) {
        throw new FetchError(requested, `redirected to ${target.href}, but only http and https URLs are fetched`, { kind: 'url', status: answer.status, attempts });
      }
      redirects.push(target.href);
      url = target;
    }
  }

  private async checkRobots(requested: string, url: URL): Promise<void> {
    const policy = await this.robots.policyFor(url);
    if (policy.crawlDelayMs !== null) this.hostOf(url).raiseInterval(Math.min(policy.crawlDelayMs, this.options.maxCrawlDelayMs));
    const refusal = policy.refusal(url.href);
    if (refusal) throw new FetchError(requested, refusal + atHop(url, requested), { kind: 'robots', attempts: 0 });
  }

  /** Attempts one hop until it answers with a status that is not worth retrying, or retries run out. */
  private async withRetries(requested: string, url: URL, request: HopRequest): Promise<{ answer: Answer; attempts: number }> {
    const host = this.hostOf(url);
    for (let attempt = 1; ; attempt++) {
      const outcome: { answer: Answer } | { failure: Failure } = await host.run(this.global, () => this.attempt(url, request)).then(
        (answer) => ({ answer }),
        (e: unknown) => ({ failure: describeFailure(e, this.options) }),
      );
      const answer = 'answer' in outcome ? outcome.answer : null;
      const retryable = 'answer' in outcome ? isRetryableStatus(outcome.answer.status) : outcome.failure.kind !== 'too-large';
      if (!retryable || attempt > this.options.retries) {
        if ('answer' in outcome) return { answer: outcome.answer, attempts: attempt };
        const { kind, reason } = outcome.failure;
        throw new FetchError(requested, withAttempts(reason, attempt) + atHop(url, requested), { kind, attempts: attempt });
      }
      this.counts.retries++;
      const retryAfter = answer ? parseRetryAfter(answer.headers.get('retry-after'), Date.now()) : null;
      // The host told us when to come back: that holds for every request to it, not just this one.
      if (retryAfter !== null) host.deferUntil(Date.now() + Math.min(retryAfter, this.options.maxRetryAfterMs));
      else await pause(backoffDelay(attempt, this.options.backoffMs, this.options.maxBackoffMs));
    }
  }

  /** One request, body included, under one timeout. Throws on network errors, timeouts, a too-large body. */
  private async attempt(url: URL, request: HopRequest): Promise<Answer> {
    this.counts.requests++;
    // The timeout signal goes to fetch as is: wrapped in AbortSignal.any, Node 20 can collect it
    // before it fires (nodejs/node#57736). A download is stopped early by cancelling its body.
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const response = await fetch(url, { headers: request.headers, redirect: 'manual', signal });
    const status = response.status;
    const head = { status, statusText: response.statusText || STATUS_CODES[status] || '', headers: response.headers };
    if (!hasBodyToRead(status)) {
      // Redirects and errors are judged by their status: their bodies are not needed.
      await response.body?.cancel().catch(noop);
      return { ...head, body: Buffer.alloc(0) };
    }
    const { maxBytes, overflow } = request.limit;
    if (overflow === 'fail' && isDeclaredTooLarge(response.headers, maxBytes)) {
      await response.body?.cancel().catch(noop);
      throw new BodyTooLarge();
    }
    const { bytes, complete } = await readLimited(response.body, maxBytes);
    this.counts.bytes += bytes.length;
    if (!complete && overflow === 'fail') throw new BodyTooLarge();
    return { ...head, body: bytes };
  }

  /** The answer for an origin's robots.txt, never a rejection (see robots.ts for what each means). */
  private async fetchRobots(robotsUrl: string): Promise<RobotsAnswer> {
    try {
      const { answer } = await this.follow(robotsUrl, new URL(robotsUrl), {
        obeyRobots: false,
        headers: this.headers('text/plain'),
        limit: { maxBytes: MAX_ROBOTS_BYTES, overflow: 'truncate' },
      });
      return { status: answer.status, text: answer.body.toString('utf8') };
    } catch (e) {
      if (!(e instanceof FetchError)) throw e;
      return { failure: e.reason, unreachable: e.kind === 'timeout' || e.kind === 'network' };
    }
  }
}

function statusError(requested: string, final: URL, answer: Answer, attempts: number): FetchError {
  const missingTarget = REDIRECT_STATUSES.has(answer.status) ? ' without a usable Location' : '';
  const reason = withAttempts(`HTTP ${answer.status} ${answer.statusText}`.trim() + missingTarget, attempts) + atHop(final, requested);
  return new FetchError(requested, reason, { kind: 'http', status: answer.status, attempts });
}
