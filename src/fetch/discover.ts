// Discovery: which report URLs a website offers, from its sitemaps, its RSS/Atom feeds or its
// paginated listing pages. Pages come through an injected getter, so retries, robots.txt and
// politeness stay with the HTTP client; this module only reads what the getter returns.
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import * as cheerio from 'cheerio';
import { z } from 'zod';
import { charsetOfContentType, decodeText } from '../load/decode.js';
import { declaredCharset } from '../load/index.js';
import { compilePattern, compileUrlFilter, InvalidOptionError, resolveLink } from './url-filter.js';

export { InvalidOptionError, type UrlFilter } from './url-filter.js';

export interface Page {
  url: string;
  /** The URL after redirects: relative links are resolved against it. */
  finalUrl: string;
  contentType: string;
  body: Buffer;
}
export type GetPage = (url: string) => Promise<Page>;

export interface DiscoveredUrl {
  url: string;
  /**
   * From <lastmod>, <updated>, <pubDate>, <dc:date> or <published>: "2023-05-12" when the source
   * gives a day only, else an instant in UTC ("2023-05-12T08:30:00.000Z"); null when not given.
   */
  modified: string | null;
  /** The feed item's title or the listing link's text, when there is one. */
  title?: string;
}

/** Sitemaps, feeds or listing pages that cannot be read as such: skip the source, go on. */
export class DiscoveryError extends Error {
  readonly url: string;
  readonly reason: string;
  constructor(url: string, reason: string) {
    super(`${url}: ${reason}`);
    this.name = 'DiscoveryError';
    this.url = url;
    this.reason = reason;
  }
}

export const DEFAULT_MAX_URLS = 10_000;
export const DEFAULT_MAX_SITEMAPS = 50;
export const DEFAULT_MAX_PAGES = 10;
/** The sitemap protocol's own limit on an uncompressed sitemap (sitemaps.org, "Sitemap index files"). */
export const MAX_SITEMAP_BYTES = 50 * 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Options: zod schemas, so that pipeline definitions can embed them and report bad values early.

const patternList = (option: 'include' | 'exclude', description: string) => z.array(z.string().superRefine((pattern, ctx) => {
  try {
    compilePattern(option, pattern);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
  }
})).optional().describe(description);

const selector = (option: string) => z.string().min(1).superRefine((value, ctx) => {
  try {
    checkSelector(option, value);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
  }
});

export const DiscoverOptionsSchema = z.strictObject({
  include: patternList('include', 'Regular expressions (JavaScript syntax) matched against each absolute URL, percent-encoded or decoded; a URL is kept when one matches. All URLs when absent.'),
  exclude: patternList('exclude', 'Regular expressions matched like include; a URL matching any of them is dropped.'),
  maxAgeDays: z.number().positive().optional().describe('Skip URLs whose last-modified or publication date is more than this many days before now. URLs without a date are kept.'),
  maxUrls: z.number().int().positive().optional().describe(`Stop after this many URLs (default ${DEFAULT_MAX_URLS}).`),
});
export const SitemapOptionsSchema = DiscoverOptionsSchema.extend({
  maxSitemaps: z.number().int().positive().optional().describe(`Read at most this many sitemap files, the index included (default ${DEFAULT_MAX_SITEMAPS}).`),
});
export const FeedOptionsSchema = DiscoverOptionsSchema;
export const ListingOptionsSchema = DiscoverOptionsSchema.extend({
  linkSelector: selector('linkSelector').describe('CSS selector of the report links on a listing page ("article h2 a"); an element without href stands for the first link inside it.'),
  nextSelector: selector('nextSelector').optional().describe('CSS selector of the link to the next listing page ("a[rel=next]", ".pagination a.next"); only the first page is read when absent.'),
  maxPages: z.number().int().positive().default(DEFAULT_MAX_PAGES).describe(`Read at most this many listing pages (default ${DEFAULT_MAX_PAGES}).`),
});

/** One discovery source as a pipeline definition writes it. */
export const DiscoverySourceSchema = z.discriminatedUnion('type', [
  SitemapOptionsSchema.extend({ type: z.literal('sitemap'), url: z.url({ protocol: /^https?$/ }).describe('Sitemap or sitemap index URL (.xml or .xml.gz).') }),
  FeedOptionsSchema.extend({ type: z.literal('feed'), url: z.url({ protocol: /^https?$/ }).describe('RSS 2.0, RSS 1.0 or Atom feed URL.') }),
  ListingOptionsSchema.extend({ type: z.literal('listing'), url: z.url({ protocol: /^https?$/ }).describe('First listing page URL.') }),
]);

/** What a run supplies beside a source's own options. */
export interface DiscoverRuntime {
  /** The clock maxAgeDays counts back from; default the system clock. */
  now?: () => Date;
  /**
   * Told about a document discovery went on without: a sitemap or listing page after the first
   * that could not be read (without onSkip that is thrown instead), or one left out at a limit.
   */
  onSkip?: (url: string, reason: string) => void;
}
export type DiscoverOptions = z.input<typeof DiscoverOptionsSchema> & DiscoverRuntime;
export type SitemapOptions = z.input<typeof SitemapOptionsSchema> & DiscoverRuntime;
export type FeedOptions = z.input<typeof FeedOptionsSchema> & DiscoverRuntime;
export type ListingOptions = z.output<typeof ListingOptionsSchema> & DiscoverRuntime;
export type DiscoverySource = z.output<typeof DiscoverySourceSchema>;

/** The URLs one source offers, by its type. */
export function discoverSource(source: DiscoverySource, get: GetPage, runtime: DiscoverRuntime = {}): AsyncGenerator<DiscoveredUrl> {
  switch (source.type) {
    case 'sitemap': {
      const { type: _, url, ...options } = source;
      return discoverSitemap(url, get, { ...options, ...runtime });
    }
    case 'feed': {
      const { type: _, url, ...options } = source;
      return discoverFeed(url, get, { ...options, ...runtime });
    }
    case 'listing': {
      const { type: _, url, ...options } = source;
      return discoverListing(url, get, { ...options, ...runtime });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// What every kind of source shares: link resolution, de-duplication, filters, age and count.

interface Candidate { href: string; base: string; modified: string | null; title?: string }

interface Collector {
  /** The URL to yield, or null when it is not http(s), already seen, filtered out or too old. */
  take(candidate: Candidate): DiscoveredUrl | null;
  isTooOld(modified: string | null): boolean;
  readonly full: boolean;
}

function createCollector(options: DiscoverOptions): Collector {
  const accepts = compileUrlFilter(options);
  const maxUrls = options.maxUrls ?? DEFAULT_MAX_URLS;
  const cutoff = options.maxAgeDays === undefined ? -Infinity : (options.now?.() ?? new Date()).getTime() - options.maxAgeDays * DAY_MS;
  const isTooOld = (modified: string | null) => modified !== null && latestInstant(modified) < cutoff;
  const seen = new Set<string>();
  let count = 0;
  return {
    take({ href, base, modified, title }) {
      if (count >= maxUrls) return null;
      const url = resolveLink(href, base);
      if (url === null || seen.has(url)) return null;
      seen.add(url);
      if (!accepts(url) || isTooOld(modified)) return null;
      count++;
      return title ? { url, modified, title } : { url, modified };
    },
    isTooOld,
    get full() { return count >= maxUrls; },
  };
}

/**
 * The last moment a modified date can mean: "2023-04-25" may be 23:59 that day, so an item is
 * dropped for age only when all of its day (month, year) is before the cutoff.
 */
function latestInstant(modified: string): number {
  const [year, month, day] = modified.split(/[-T]/).map(Number);
  if (modified.length === 4) return Date.UTC(year + 1, 0, 1) - 1;
  if (modified.length === 7) return Date.UTC(year, month, 1) - 1;
  if (modified.length === 10) return Date.UTC(year, month - 1, day + 1) - 1;
  return Date.parse(modified);
}

function checkSelector(option: string, value: string): void {
  try {
    cheerio.load('')(value);
  } catch (e) {
    throw new InvalidOptionError(option, value, `is not a valid CSS selector: ${(e as Error).message}`);
  }
}

/** A failure past the source's first document goes to onSkip when there is one. */
function skipOrThrow(options: DiscoverRuntime, url: string, error: unknown): void {
  if (!options.onSkip) throw error;
  options.onSkip(url, error instanceof DiscoveryError ? error.reason : error instanceof Error ? error.message : String(error));
}

const gunzipAsync = promisify(gunzip);
const isGzip = (bytes: Buffer) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** The page's text: un-gzipped (.xml.gz sitemaps), decoded by its HTTP, XML or meta charset. */
async function pageText(page: Page): Promise<string> {
  let bytes = page.body;
  if (isGzip(bytes)) {
    try {
      bytes = await gunzipAsync(bytes, { maxOutputLength: MAX_SITEMAP_BYTES });
    } catch (e) {
      const tooBig = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      throw new DiscoveryError(page.finalUrl, tooBig ? `over ${MAX_SITEMAP_BYTES} bytes once un-gzipped` : `broken gzip data: ${(e as Error).message}`);
    }
  }
  try {
    const charset = charsetOfContentType(page.contentType) ?? declaredCharset(bytes);
    return decodeText(bytes, page.finalUrl, { declaredCharset: charset }).text;
  } catch (e) {
    throw new DiscoveryError(page.finalUrl, (e as { reason?: string }).reason ?? (e as Error).message);
  }
}

// ---------------------------------------------------------------------------------------------
// Dates as feeds and sitemaps write them.

// W3C Datetime (sitemaps, Atom): 2023, 2023-05, 2023-05-12, 2023-05-12T10:30[:00[.000]](Z|+02:00).
const W3C_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/i;
// RFC 822 / 1123 (RSS pubDate): "Fri, 12 May 2023 10:30:00 +0200", "12 May 23 10:30 GMT".
const RFC822_DATE = /^(?:[a-z]{3},?\s+)?(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([a-z]{1,5}|[+-]\d{4})?$/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** Zone names feeds write, in hours from UTC; an unknown one is read as UTC. */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0, cet: 1, met: 1, cest: 2, mest: 2, eet: 2, eest: 3,
  est: -5, edt: -4, cst: -6, cdt: -5, mst: -7, mdt: -6, pst: -8, pdt: -7,
};

function offsetMinutes(zone: string | undefined): number {
  if (!zone) return 0;
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (numeric) return (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3]));
  return (ZONES[zone.toLowerCase()] ?? 0) * 60;
}

function isRealDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function instant(year: number, month: number, day: number, hour: number, minute: number, second: number, zone: string | undefined): string | null {
  if (!isRealDay(year, month, day) || hour > 23 || minute > 59 || second > 60) return null;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes(zone) * 60_000).toISOString();
}

/** A sitemap or feed date as DiscoveredUrl.modified, or null when it is not one. */
export function parseFeedDate(value: string): string | null {
  const text = value.trim();
  let m = W3C_DATE.exec(text);
  if (m) {
    const [, year, month, day, hour, minute, second, zone] = m;
    if (hour !== undefined) return instant(+year, +month, +day, +hour, +minute, +(second ?? 0), zone);
    if (day !== undefined) return isRealDay(+year, +month, +day) ? `${year}-${month}-${day}` : null;
    if (month !== undefined) return +month >= 1 && +month <= 12 ? `${year}-${month}` : null;
    return year;
  }
  m = RFC822_DATE.exec(text);
  if (m) {
    const [, day, monthName, yearText, hour, minute, second, zone] = m;
    const month = MONTHS.indexOf(monthName.toLowerCase()) + 1;
    if (month === 0) return null;
    // RFC 822's two-digit years, read as RFC 2822 §4.3 says.
    const year = yearText.length === 2 ? (+yearText < 50 ? 2000 : 1900) + +yearText : +yearText;
    return instant(year, month, +day, +hour, +minute, +(second ?? 0), zone);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// XML walking by local name, so that prefixes (<atom:link>, <sm:url>) and default namespaces
// read the same.

interface XmlNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: XmlNode[];
}

const localName = (name: string | undefined) => (name ?? '').slice((name ?? '').indexOf(':') + 1).toLowerCase();
const elements = (node: XmlNode) => (node.children ?? []).filter((child) => child.type === 'tag');
const childrenNamed = (node: XmlNode, name: string) => elements(node).filter((child) => localName(child.name) === name);

function parseXml(text: string): { $: cheerio.CheerioAPI; root: XmlNode | null } {
  const $ = cheerio.load(text, { xml: true });
  const root = elements($.root().get(0) as unknown as XmlNode)[0] ?? null;
  return { $, root };
}

function textOf($: cheerio.CheerioAPI, node: XmlNode | undefined): string {
  return node ? $(node as never).text().replace(/\s+/g, ' ').trim() : '';
}

/** The first of the named children that holds a readable date. */
function firstDate($: cheerio.CheerioAPI, node: XmlNode, names: string[]): string | null {
  for (const name of names) {
    for (const child of childrenNamed(node, name)) {
      const date = parseFeedDate(textOf($, child));
      if (date) return date;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Sitemaps (sitemaps.org protocol): <urlset>, <sitemapindex>, gzip'ed, or plain text.

interface SitemapDocument {
  finalUrl: string;
  /** Child sitemaps of an index, or pages of a urlset. */
  kind: 'index' | 'urlset';
  entries: Candidate[];
}

function readSitemap(text: string, finalUrl: string): SitemapDocument {
  if (!text.trimStart().startsWith('<')) {
    // A text sitemap: one URL per line (sitemaps.org, "Text file").
    const entries = text.split('\n').map((line) => line.trim()).filter((line) => /^https?:\/\//i.test(line))
      .map((href) => ({ href, base: finalUrl, modified: null }));
    return { finalUrl, kind: 'urlset', entries };
  }
  const { $, root } = parseXml(text);
  const kind = localName(root?.name);
  if (!root || (kind !== 'urlset' && kind !== 'sitemapindex')) {
    throw new DiscoveryError(finalUrl, `not a sitemap: the root element is <${root?.name ?? 'none'}>, not <urlset> or <sitemapindex>`);
  }
  const entries = childrenNamed(root, kind === 'urlset' ? 'url' : 'sitemap').map((entry) => ({
    href: textOf($, childrenNamed(entry, 'loc')[0]),
    base: finalUrl,
    modified: firstDate($, entry, ['lastmod']),
  })).filter((entry) => entry.href !== '');
  return { finalUrl, kind: kind === 'urlset' ? 'urlset' : 'index', entries };
}

async function fetchSitemap(url: string, get: GetPage): Promise<SitemapDocument> {
  const page = await get(url);
  return readSitemap(await pageText(page), page.finalUrl);
}

/**
 * Page URLs listed by a sitemap, following sitemap indexes breadth first. A child sitemap is
 * read once, and not at all when the index dates it before maxAgeDays (nothing in it changed
 * since). include/exclude apply to page URLs, not to sitemaps.
 */
export function discoverSitemap(url: string, get: GetPage, options: SitemapOptions = {}): AsyncGenerator<DiscoveredUrl> {
  const collector = createCollector(options);
  return walkSitemaps(url, get, options, collector);
}

async function* walkSitemaps(url: string, get: GetPage, options: SitemapOptions, collector: Collector): AsyncGenerator<DiscoveredUrl> {
  const maxSitemaps = options.maxSitemaps ?? DEFAULT_MAX_SITEMAPS;
  const queue = [url];
  const visited = new Set<string>();
  let read = 0;
  while (queue.length > 0 && !collector.full) {
    const next = queue.shift()!;
    if (visited.has(next)) continue;
    visited.add(next);
    if (read >= maxSitemaps) {
      options.onSkip?.(next, `not read: the limit of ${maxSitemaps} sitemaps is reached (maxSitemaps)`);
      continue;
    }
    read++;
    let sitemap: SitemapDocument;
    try {
      sitemap = await fetchSitemap(next, get);
    } catch (e) {
      if (next === url) throw e;
      skipOrThrow(options, next, e);
      continue;
    }
    visited.add(sitemap.finalUrl);
    for (const entry of sitemap.entries) {
      if (sitemap.kind === 'index') {
        const child = resolveLink(entry.href, entry.base);
        if (child !== null && !visited.has(child) && !collector.isTooOld(entry.modified)) queue.push(child);
        continue;
      }
      const found = collector.take(entry);
      if (found) yield found;
      if (collector.full) return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Feeds: RSS 2.0, RSS 1.0 (RDF) and Atom 1.0.

const ALTERNATE = new Set(['', 'alternate']);

function rssItemLink($: cheerio.CheerioAPI, item: XmlNode): string {
  // <link> holds the URL as text; an <atom:link> (same local name) holds it in href.
  for (const link of childrenNamed(item, 'link')) {
    const href = link.attribs?.href ?? textOf($, link);
    if (href && ALTERNATE.has(link.attribs?.rel ?? '')) return href;
  }
  const guid = childrenNamed(item, 'guid')[0];
  // A guid is the item's URL unless it says otherwise (RSS 2.0, "<guid> sub-element of <item>").
  const guidText = textOf($, guid);
  return guid && guid.attribs?.ispermalink !== 'false' && guid.attribs?.isPermaLink !== 'false' && /^https?:\/\//i.test(guidText) ? guidText : '';
}

function atomEntryLink(entry: XmlNode): string {
  const links = childrenNamed(entry, 'link').filter((link) => ALTERNATE.has(link.attribs?.rel ?? ''));
  const html = links.find((link) => /html/i.test(link.attribs?.type ?? ''));
  return (html ?? links[0])?.attribs?.href ?? '';
}

/** xml:base of an element, resolved against the base around it. */
function xmlBase(node: XmlNode, base: string): string {
  const own = node.attribs?.['xml:base'];
  return own ? resolveLink(own, base) ?? base : base;
}

function readFeed(text: string, finalUrl: string): Candidate[] {
  const { $, root } = parseXml(text);
  const kind = localName(root?.name);
  if (!root) throw new DiscoveryError(finalUrl, 'not a feed: no XML element in the document');
  if (kind === 'feed') {
    const base = xmlBase(root, finalUrl);
    return childrenNamed(root, 'entry').map((entry) => ({
      href: atomEntryLink(entry),
      base: xmlBase(entry, base),
      // An entry's last change, else its first publication.
      modified: firstDate($, entry, ['updated', 'published', 'modified', 'issued']),
      title: textOf($, childrenNamed(entry, 'title')[0]),
    }));
  }
  let items: XmlNode[];
  if (kind === 'rss') items = childrenNamed(root, 'channel').flatMap((channel) => childrenNamed(channel, 'item'));
  else if (kind === 'rdf') items = childrenNamed(root, 'item');
  else throw new DiscoveryError(finalUrl, `not an RSS or Atom feed: the root element is <${root.name}>`);
  return items.map((item) => ({
    href: rssItemLink($, item),
    base: finalUrl,
    modified: firstDate($, item, ['updated', 'modified', 'pubdate', 'date', 'published']),
    title: textOf($, childrenNamed(item, 'title')[0]),
  }));
}

/** Item links of an RSS or Atom feed, in feed order, dated by the item's update or publication. */
export function discoverFeed(url: string, get: GetPage, options: FeedOptions = {}): AsyncGenerator<DiscoveredUrl> {
  const collector = createCollector(options);
  return walkFeed(url, get, collector);
}

async function* walkFeed(url: string, get: GetPage, collector: Collector): AsyncGenerator<DiscoveredUrl> {
  const page = await get(url);
  for (const item of readFeed(await pageText(page), page.finalUrl)) {
    if (!item.href) continue;
    const found = collector.take(item);
    if (found) yield found;
    if (collector.full) return;
  }
}

// ---------------------------------------------------------------------------------------------
// Listing pages: report links by CSS selector, then the next page, each page read once.

interface ListingPage { links: Candidate[]; next: string | null; finalUrl: string }

function readListing(html: string, finalUrl: string, options: ListingOptions): ListingPage {
  const $ = cheerio.load(html);
  const links = $(options.linkSelector).toArray().map((el) => {
    const $el = $(el);
    const $link = $el.is('[href]') ? $el : $el.find('a[href]').first();
    const title = $link.text().replace(/\s+/g, ' ').trim() || ($link.attr('title') ?? '').trim();
    return { href: $link.attr('href') ?? '', base: finalUrl, modified: null, title };
  }).filter((link) => link.href !== '');
  let next: string | null = null;
  if (options.nextSelector) {
    for (const el of $(options.nextSelector).toArray()) {
      const $el = $(el);
      const href = $el.is('[href]') ? $el.attr('href') : $el.find('a[href]').first().attr('href');
      next = href ? resolveLink(href, finalUrl) : null;
      if (next) break;
    }
  }
  return { links, next, finalUrl };
}

/**
 * Report links on a listing page and the pages after it (nextSelector), up to maxPages pages;
 * a page already read (the last page linking back to the first) ends the walk.
 */
export function discoverListing(url: string, get: GetPage, options: ListingOptions): AsyncGenerator<DiscoveredUrl> {
  checkSelector('linkSelector', options.linkSelector);
  if (options.nextSelector) checkSelector('nextSelector', options.nextSelector);
  const collector = createCollector(options);
  return walkListing(url, get, options, collector);
}

async function* walkListing(url: string, get: GetPage, options: ListingOptions, collector: Collector): AsyncGenerator<DiscoveredUrl> {
  const visited = new Set<string>();
  let next: string | null = resolveLink(url, url) ?? url;
  let pages = 0;
  while (next !== null && !visited.has(next) && !collector.full) {
    if (pages >= options.maxPages) {
      options.onSkip?.(next, `not read: the limit of ${options.maxPages} listing pages is reached (maxPages)`);
      return;
    }
    const current: string = next;
    visited.add(current);
    pages++;
    let listing: ListingPage;
    try {
      const page = await get(current);
      listing = readListing(await pageText(page), page.finalUrl, options);
    } catch (e) {
      if (pages === 1) throw e;
      skipOrThrow(options, current, e);
      return;
    }
    visited.add(listing.finalUrl);
    for (const link of listing.links) {
      const found = collector.take(link);
      if (found) yield found;
      if (collector.full) return;
    }
    next = listing.next;
  }
}
