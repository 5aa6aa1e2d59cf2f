// Load stage: files, directories (and URLs through an injected fetcher) -> LoadedDocument, or a
// LoadFailure naming the source and the reason, after which loading goes on with the rest.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { LoadedDocument, LoadFailure } from '../schema.js';
import { decodeText, LoadError } from './decode.js';
import { findPublishedAtInText, htmlToDocument } from './html.js';
import { stampDateOf } from './stamp.js';

export type { HtmlOptions } from './html.js';

export { charsetOfContentType, LoadError } from './decode.js';

/** Bigger files are refused, not read: a report is kilobytes, a 20 MB "report" is a mistake. */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
/** The .txt title is the first non-empty line, cut to this length. */
export const MAX_TITLE_CHARS = 300;
/** A .txt publication date line is looked for in this many first lines. */
export const PUBLISHED_LINE_WINDOW = 15;
// Bytes read as ASCII to find <meta charset>, as browsers do (HTML's prescan looks at 1024).
const CHARSET_PRESCAN_BYTES = 4096;

export const DOCUMENT_FORMATS: Readonly<Record<string, LoadedDocument['format']>> = {
  '.txt': 'text', '.text': 'text', '.html': 'html', '.htm': 'html', '.xhtml': 'html',
};
const EXTENSION_LIST = '.txt, .text, .html, .htm or .xhtml';

export interface LoadOptions {
  /** Files above this size are failures; default DEFAULT_MAX_BYTES (20 MB). */
  maxBytes?: number;
  /** CSS selector of the element holding the report on HTML pages (see HtmlOptions). */
  contentSelector?: string;
}

/** A loaded document; `warnings` (present only when there are any) are for the run log. */
export type LoadedPage = LoadedDocument & { warnings?: string[] };

export interface LoadSourcesOptions extends LoadOptions {
  /** Loads an http(s) URL; without it URLs are failures. */
  fetchDocument?: (url: string) => Promise<LoadedDocument>;
}

export function isLoadFailure(item: LoadedDocument | LoadFailure): item is LoadFailure {
  return 'reason' in item;
}

export function documentFormat(path: string): LoadedDocument['format'] | null {
  return DOCUMENT_FORMATS[extname(path).toLowerCase()] ?? null;
}

const isUrl = (input: string) => /^https?:\/\//i.test(input);

/** Loads one .txt/.text/.html/.htm/.xhtml file; throws LoadError with the reason otherwise. */
export async function loadFile(path: string, options: LoadOptions = {}): Promise<LoadedPage> {
  const source = resolve(path);
  const format = documentFormat(source);
  if (!format) throw new LoadError(source, `not a document: only ${EXTENSION_LIST} files are loaded`);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const checkSize = (size: number) => {
    if (size > maxBytes) throw new LoadError(source, `file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit; raise it with the maxBytes option`);
  };
  const info = await stat(source).catch((e: unknown) => { throw new LoadError(source, readFailure(e)); });
  if (info.isDirectory()) throw new LoadError(source, 'is a directory, not a file');
  checkSize(info.size);
  const bytes = await readFile(source).catch((e: unknown) => { throw new LoadError(source, readFailure(e)); });
  checkSize(bytes.length); // Again on the bytes: the file may have grown since stat().
  return documentFromBytes(bytes, source, format, { contentSelector: options.contentSelector });
}

/**
 * The document in a file's or a response's bytes: decoded, and for HTML its title, date and main
 * text. `declaredCharset` (an HTTP Content-Type charset) goes before the page's own <meta charset>;
 * `contentSelector` names the HTML element that holds the report.
 */
export function documentFromBytes(
  bytes: Buffer, source: string, format: LoadedDocument['format'],
  options: { declaredCharset?: string | null; contentSelector?: string } = {},
): LoadedPage {
  if (bytes.length === 0) throw new LoadError(source, 'empty file');
  const charset = options.declaredCharset ?? (format === 'html' ? declaredCharset(bytes) : null);
  const { text, encoding } = decodeText(bytes, source, { declaredCharset: charset });
  if (!text.trim()) throw new LoadError(source, 'file holds only whitespace');
  if (format === 'text') return { source, title: textTitle(text), publishedAt: textPublishedAt(text), text, encoding, format, raw: bytes };
  const page = htmlToDocument(text, source, { contentSelector: options.contentSelector });
  const loaded: LoadedPage = { source, title: page.title, publishedAt: page.publishedAt, text: page.text, encoding, format, raw: bytes };
  if (page.warnings.length) loaded.warnings = page.warnings;
  return loaded;
}

/**
 * Loads every input in order: files, directories (recursively, in sorted order, document files
 * only, hidden entries skipped) and http(s) URLs (through options.fetchDocument). A source that
 * cannot be loaded is yielded as a LoadFailure and the rest still load. A file reached twice is
 * loaded once.
 */
export async function* loadSources(inputs: string[], options: LoadSourcesOptions = {}): AsyncGenerator<LoadedDocument | LoadFailure> {
  const seen = new Set<string>();
  for (const input of inputs) {
    if (isUrl(input)) {
      yield await fetchUrl(input, options);
      continue;
    }
    const source = resolve(input);
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(source)).isDirectory();
    } catch (e) {
      yield { source, reason: readFailure(e) };
      continue;
    }
    const paths = isDirectory ? walkDocuments(source, new Set()) : single(source);
    let found = 0;
    for await (const entry of paths) {
      found++;
      if (typeof entry !== 'string') { yield entry; continue; }
      if (seen.has(entry)) continue;
      seen.add(entry);
      yield await loadOrFail(entry, options);
    }
    if (found === 0) yield { source, reason: `directory holds no ${EXTENSION_LIST} files` };
  }
}

async function* single(path: string): AsyncGenerator<string> {
  yield path;
}

async function loadOrFail(path: string, options: LoadOptions): Promise<LoadedDocument | LoadFailure> {
  try {
    return await loadFile(path, options);
  } catch (e) {
    if (e instanceof LoadError) return { source: e.source, reason: e.reason };
    return { source: path, reason: `could not be loaded: ${e instanceof Error ? e.message : String(e)}` };
  }
}

async function fetchUrl(url: string, options: LoadSourcesOptions): Promise<LoadedDocument | LoadFailure> {
  if (!options.fetchDocument) return { source: url, reason: 'URLs need a fetcher: pass fetchDocument to loadSources' };
  try {
    return await options.fetchDocument(url);
  } catch (e) {
    if (e instanceof LoadError) return { source: e.source, reason: e.reason };
    return { source: url, reason: `could not be fetched: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Document files under dir, depth first in code-point order; unreadable directories as failures. */
async function* walkDocuments(dir: string, visited: Set<string>): AsyncGenerator<string | LoadFailure> {
  let real: string;
  let names: string[];
  try {
    real = await realpath(dir);
    names = await readdir(dir);
  } catch (e) {
    yield { source: dir, reason: readFailure(e) };
    return;
  }
  // A symbolic link back up the tree would loop forever.
  if (visited.has(real)) return;
  visited.add(real);
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) yield* walkDocuments(path, visited);
    // A dangling link named like a document is reported; other files are not documents.
    else if (documentFormat(name)) yield info ? path : { source: path, reason: 'cannot be read: broken link or file gone' };
  }
}

function readFailure(e: unknown): string {
  const code = e && typeof e === 'object' && 'code' in e ? String(e.code) : '';
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'cannot be read: permission denied';
    case 'EISDIR': return 'is a directory, not a file';
    case 'ELOOP': return 'cannot be read: too many levels of symbolic links';
    default: return `cannot be read: ${e instanceof Error ? e.message : String(e)}`;
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${n} bytes`;
}

/** <meta charset>, <meta http-equiv="Content-Type" content="...; charset=..."> or <?xml encoding>. */
export function declaredCharset(bytes: Buffer): string | null {
  const head = bytes.subarray(0, CHARSET_PRESCAN_BYTES).toString('latin1');
  const match = /<meta\b[^>]{0,500}?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)
    ?? /^\s*<\?xml\b[^>]{0,200}?\bencoding\s*=\s*["']([\w.:-]+)/i.exec(head);
  return match ? match[1] : null;
}

function textTitle(text: string): string {
  const match = /\S[^\n]*/.exec(text);
  return match ? match[0].trim().slice(0, MAX_TITLE_CHARS).trim() : '';
}

/** A labelled line ("Dodano: 06.06.2017") among the first lines, else a stamp beside the headline. */
function textPublishedAt(text: string): string | null {
  let end = -1;
  for (let i = 0; i < PUBLISHED_LINE_WINDOW; i++) {
    end = text.indexOf('\n', end + 1);
    if (end < 0) break;
  }
  return findPublishedAtInText(end < 0 ? text : text.slice(0, end)) ?? stampDateOf(text);
}
