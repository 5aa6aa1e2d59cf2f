// Fetches one report page and hands it to the HTML loader, so that `extract <url>` and pipeline
// URL sources behave the same. The HTTP itself (robots.txt, politeness, retries, limits) is the
// client's; this file turns its answer into a LoadedDocument and its errors into LoadErrors.
import type { LoadedDocument } from '../schema.js';
import { charsetOfContentType, LoadError } from '../load/decode.js';
import { documentFromBytes } from '../load/index.js';
import { DEFAULT_HTTP_OPTIONS, FetchError, HttpClient } from './client.js';

export { USER_AGENT } from './client.js';
export const DEFAULT_TIMEOUT_MS = DEFAULT_HTTP_OPTIONS.timeoutMs;
export const DEFAULT_MAX_BODY_BYTES = DEFAULT_HTTP_OPTIONS.maxBytes;

const PAGE_ACCEPT = 'text/html,application/xhtml+xml,text/plain;q=0.9';

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  /** The client to fetch through (its queues, robots.txt cache and stats); default one per process. */
  client?: HttpClient;
}

// One client per limit pair, so that every fetch of a process shares robots.txt and host spacing.
const clients = new Map<string, HttpClient>();

function clientFor(options: FetchOptions): HttpClient {
  if (options.client) return options.client;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  const key = `${timeoutMs}:${maxBytes}`;
  let client = clients.get(key);
  if (!client) {
    client = new HttpClient({ timeoutMs, maxBytes });
    clients.set(key, client);
  }
  return client;
}

/** The page at `url` as a document; a LoadError naming the URL and the reason otherwise. */
export async function fetchDocument(url: string, options: FetchOptions = {}): Promise<LoadedDocument> {
  let response;
  try {
    response = await clientFor(options).get(url, { accept: PAGE_ACCEPT });
  } catch (e) {
    if (e instanceof FetchError) throw new LoadError(e.url, e.reason);
    throw e;
  }
  if (!response.body.length) throw new LoadError(url, 'empty body');
  const type = response.contentType;
  // The same decoding and main-text extraction as for files; the HTTP charset goes first.
  return documentFromBytes(response.body, url, /text\/plain/iu.test(type) ? 'text' : 'html', { declaredCharset: charsetOfContentType(type) });
}
