// Fetches one report page over http(s) and hands it to the HTML loader. Timeouts, size limit and
// charset handling live here so that `extract <url>` and pipeline URL sources behave the same.
import type { LoadedDocument } from '../schema.js';
import { LoadError } from '../load/decode.js';
import { documentFromBytes } from '../load/index.js';

export const USER_AGENT = 'raporty/0.1 (report extraction; +https://www.npmjs.com/package/raporty)';
export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

function charsetFromContentType(value: string | null): string | null {
  const m = value && /charset\s*=\s*"?([\w-]+)/iu.exec(value);
  return m ? m[1].toLowerCase() : null;
}

export async function fetchDocument(url: string, options: FetchOptions = {}): Promise<LoadedDocument> {
  const protocol = new URL(url).protocol;
  if (protocol !== 'http:' && protocol !== 'https:') throw new LoadError(url, `only http and https URLs are fetched, not ${protocol}`);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { 'user-agent': USER_AGENT, accept: 'text/html,application/xhtml+xml,text/plain;q=0.9' },
      redirect: 'follow',
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (e) {
    const reason = e instanceof Error && e.name === 'TimeoutError' ? `no answer within ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms` : String((e as Error).cause ?? (e as Error).message);
    throw new LoadError(url, `could not fetch: ${reason}`);
  }
  if (!response.ok) throw new LoadError(url, `HTTP ${response.status} ${response.statusText}`);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > maxBytes) throw new LoadError(url, `body is ${length} bytes, over the ${maxBytes}-byte limit`);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > maxBytes) throw new LoadError(url, `body is ${bytes.length} bytes, over the ${maxBytes}-byte limit`);
  if (!bytes.length) throw new LoadError(url, 'empty body');
  const type = response.headers.get('content-type') ?? '';
  // The same decoding and main-text extraction as for files; the HTTP charset goes first.
  return documentFromBytes(bytes, url, /text\/plain/iu.test(type) ? 'text' : 'html', { declaredCharset: charsetFromContentType(type) });
}
