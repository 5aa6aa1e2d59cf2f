// HTML page -> title, publication date and main text, one block element per line.
import * as cheerio from 'cheerio';
import { z } from 'zod';
import { LoadError, normalizeText } from './decode.js';
import rulesJson from './rules.json' with { type: 'json' };

const RulesSchema = z.object({
  _source: z.string(),
  droppedTags: z.array(z.string().regex(/^[a-z0-9]+$/)),
  boilerplateMarkers: z.array(z.string().regex(/^[a-z0-9]+$/)),
  publishedLabels: z.array(z.string().min(1)),
  months: z.record(z.string(), z.number().int().min(1).max(12)),
});
const rules = RulesSchema.parse(rulesJson);

export interface HtmlDocument {
  title: string;
  publishedAt: string | null;
  /** Title, a blank line, then the body: one block element per line. */
  text: string;
}

/** Lines up to this length that recur (photo captions, "Czytaj więcej") are kept once. */
export const MAX_REPEATED_LINE = 120;

// Cheerio's nodes, reduced to what the walk reads.
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
  parent?: DomNode | null;
}

const BLOCK_TAGS = new Set([
  'address', 'article', 'blockquote', 'caption', 'center', 'dd', 'details', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li', 'main',
  'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
// Parts of a text block, not containers: their text counts for the element around them when
// looking for the main text (a list's items for the div that holds the list).
const TEXT_PART_TAGS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'ul', 'ol', 'li', 'dl', 'dd', 'dt',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'figure', 'figcaption',
]);
/** Bound on climbing out of nested text parts (tables in tables). */
const MAX_PART_DEPTH = 12;
const CONTENT_SELECTORS = 'article, main, [role="main"], [itemprop="articleBody"]';
// Most specific first; a "Data opublikowania:" line is read after these, any <time> last
// (sidebars list other posts' dates).
const DATE_SELECTORS = [
  'meta[property="article:published_time"]', 'meta[name="article:published_time"]',
  '[itemprop="datePublished"]', 'meta[name="date"]', 'meta[name="DC.date.issued"]',
  'meta[name="dcterms.created"]', 'article time[datetime]', 'main time[datetime]',
];
// Separators between a page title and the site name in <title>.
const TITLE_SEPARATOR = / (?:\||-|–|—|::|»|·|•) /;
const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;
const CAMEL_HUMP = /([a-z])([A-Z])/g;
const NON_ALNUM = /[^a-z0-9]+/;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MONTH_NAMES = Object.keys(rules.months).sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
const DATE_PATTERN = `(\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[./-]\\d{1,2}[./-]\\d{4}|\\d{4}[./]\\d{1,2}[./]\\d{1,2}|\\d{1,2}\\s+(?:${MONTH_NAMES})\\s+\\d{4})`;
// Longest label first, so "Data opublikowania" is tried before "Data".
const PUBLISHED_LINE = new RegExp(
  `(?<!\\p{L})(?:${[...rules.publishedLabels].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})`
  + `[ \\t]*:?\\s{0,20}(?:dnia[ \\t]+)?${DATE_PATTERN}`, 'iu');
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})/;
const DMY_DATE = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})/;
const YMD_DATE = /^(\d{4})[./](\d{1,2})[./](\d{1,2})/;
const WORD_DATE = /^(\d{1,2})\s+(\p{L}+)\s+(\d{4})/u;

export function htmlToDocument(html: string, source: string): HtmlDocument {
  const $ = cheerio.load(html);
  $('script, style, noscript, template').remove(); // Their text would read as page text below.
  const title = findTitle($);
  const publishedAt = findPublishedAt($);
  removeBoilerplate($);
  const container = chooseContainer($);
  const titleKey = title.toLowerCase();
  const body = dropRepeatedLines(blockLines(container))
    .filter((line) => line.toLowerCase() !== titleKey);
  if (body.length === 0) {
    throw new LoadError(source, 'no readable text in the HTML (nothing left once navigation and boilerplate are removed)');
  }
  return { title, publishedAt, text: normalizeText([title, '', ...body].join('\n'), { preserveOffsets: false }) };
}

function clean(text: string): string {
  return normalizeText(text, { preserveOffsets: false }).replace(/\s+/g, ' ');
}

function findTitle($: cheerio.CheerioAPI): string {
  const siteName = clean($('meta[property="og:site_name"]').attr('content') ?? '');
  const og = clean($('meta[property="og:title"]').attr('content') ?? '');
  const h1s = $('h1').toArray() as unknown as DomNode[];
  const h1 = h1s.find((h) => hasAncestor(h, (a) => a.name === 'article' || a.name === 'main'))
    ?? h1s.find((h) => !hasAncestor(h, (a) => ['header', 'nav', 'footer', 'aside'].includes(a.name ?? '')))
    ?? h1s[0];
  const heading = h1 ? clean($(h1 as never).text()) : '';
  const titleTag = stripSiteName(clean($('title').first().text()));
  const title = og || heading || titleTag;
  return siteName ? stripSuffix(title, siteName) : title;
}

function stripSuffix(title: string, siteName: string): string {
  const parts = title.split(TITLE_SEPARATOR);
  if (parts.length > 1 && parts[parts.length - 1].toLowerCase() === siteName.toLowerCase()) {
    return parts.slice(0, -1).join(' - ');
  }
  return title;
}

/** "Article title | Site name": the part before the last separator, unless that is too short. */
function stripSiteName(title: string): string {
  const parts = title.split(TITLE_SEPARATOR);
  if (parts.length < 2) return title;
  const head = parts.slice(0, -1).join(' - ');
  if (head.split(' ').length >= 3) return head;
  return parts.reduce((a, b) => (b.length > a.length ? b : a));
}

function hasAncestor(node: DomNode, test: (a: DomNode) => boolean): boolean {
  for (let a = node.parent; a; a = a.parent) if (a.type === 'tag' && test(a)) return true;
  return false;
}

function findPublishedAt($: cheerio.CheerioAPI): string | null {
  return dateAt($, DATE_SELECTORS) ?? findPublishedAtInText($('body').text()) ?? dateAt($, ['time[datetime]']);
}

function dateAt($: cheerio.CheerioAPI, selectors: string[]): string | null {
  for (const selector of selectors) {
    for (const el of $(selector).toArray()) {
      const $el = $(el);
      const date = parseDate(($el.attr('content') ?? $el.attr('datetime') ?? $el.text()).trim());
      if (date) return date;
    }
  }
  return null;
}

/** A "Data opublikowania: 12.05.2017" / "Opublikowano 12 maja 2017" line, as ISO yyyy-mm-dd. */
export function findPublishedAtInText(text: string): string | null {
  const match = PUBLISHED_LINE.exec(text);
  return match ? parseDate(match[1]) : null;
}

/** ISO, dd.mm.yyyy, yyyy.mm.dd or "12 maja 2017" -> yyyy-mm-dd, or null when not a real date. */
export function parseDate(value: string): string | null {
  let m = ISO_DATE.exec(value) ?? YMD_DATE.exec(value);
  if (m) return isoDate(+m[1], +m[2], +m[3]);
  m = DMY_DATE.exec(value);
  if (m) return isoDate(+m[3], +m[2], +m[1]);
  m = WORD_DATE.exec(value);
  if (m) {
    const month = rules.months[m[2].toLowerCase()];
    return month ? isoDate(+m[3], month, +m[1]) : null;
  }
  return null;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Class and id words, camelCase split: "shareButtons post_meta" -> share, buttons, post, meta. */
function markerWords(el: DomNode): string[] {
  const names = `${el.attribs?.class ?? ''} ${el.attribs?.id ?? ''}`.replace(CAMEL_HUMP, '$1 $2').toLowerCase();
  return names.split(NON_ALNUM).filter(Boolean);
}

function isBoilerplate(el: DomNode): boolean {
  const attribs = el.attribs ?? {};
  if ('hidden' in attribs || attribs['aria-hidden'] === 'true' || HIDDEN_STYLE.test(attribs.style ?? '')) return true;
  return markerWords(el).some((word) => rules.boilerplateMarkers.some((marker) => word.startsWith(marker)));
}

/** Length of the text under `root` that is not link text: menus and link lists score nothing. */
function contentLength(root: DomNode): number {
  let n = 0;
  const stack: DomNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'text') n += (node.data ?? '').trim().length;
    else if (node.name !== 'a') for (const child of node.children ?? []) stack.push(child);
  }
  return n;
}

/**
 * Drops non-content tags and elements marked as menus, banners, share bars, galleries...
 * A marked element that holds most of the page's text (a "layout-with-sidebar" wrapper) is
 * kept, as are body and html.
 */
function removeBoilerplate($: cheerio.CheerioAPI): void {
  $(rules.droppedTags.join(', ')).remove();
  const body = $('body').get(0) as unknown as DomNode | undefined;
  const total = body ? contentLength(body) : 0;
  for (const el of $('body *').toArray() as unknown as DomNode[]) {
    if (!el.parent || !isBoilerplate(el)) continue; // Already removed with an ancestor.
    if (total > 0 && contentLength(el) * 2 >= total) continue;
    $(el as never).remove();
  }
}

/**
 * The <article>/<main> with the most non-link text, unless another element holds far more text
 * of its own (see densestBlock); the body when nothing holds text.
 */
function chooseContainer($: cheerio.CheerioAPI): DomNode {
  const body = ($('body').get(0) ?? $.root().get(0)) as unknown as DomNode;
  let semantic: DomNode | null = null;
  let semanticText = 0;
  for (const el of $(CONTENT_SELECTORS).toArray() as unknown as DomNode[]) {
    const n = contentLength(el);
    // Ties go to the inner element (an <article> inside <main>).
    if (n > semanticText || (n === semanticText && n > 0 && semantic && hasAncestor(el, (a) => a === semantic))) {
      semantic = el;
      semanticText = n;
    }
  }
  const densest = densestBlock(body);
  if (semantic && semanticText * 2 >= densest.text) return semantic;
  return densest.node ?? body;
}

/** The element with the most non-link text of its own, its paragraphs', lists' and tables' text included. */
function densestBlock(root: DomNode): { node: DomNode | null; text: number } {
  const own = new Map<DomNode, number>();
  const stack: Array<{ node: DomNode; block: DomNode }> = [{ node: root, block: root }];
  while (stack.length) {
    const { node, block } = stack.pop()!;
    if (node.type === 'text') {
      const n = (node.data ?? '').trim().length;
      if (n) {
        let target = block;
        for (let k = 0; k < MAX_PART_DEPTH && TEXT_PART_TAGS.has(target.name ?? '') && target.parent; k++) target = target.parent;
        own.set(target, (own.get(target) ?? 0) + n);
      }
      continue;
    }
    if (node.name === 'a') continue;
    const inner = node.type === 'tag' && BLOCK_TAGS.has(node.name ?? '') ? node : block;
    for (const child of node.children ?? []) stack.push({ node: child, block: inner });
  }
  let best: { node: DomNode | null; text: number } = { node: null, text: 0 };
  for (const [node, text] of own) if (text > best.text) best = { node, text };
  return best;
}

/** Text of block elements, one per line; inline whitespace collapsed; <br> breaks a line. */
function blockLines(root: DomNode): string[] {
  const lines: string[] = [];
  let line = '';
  const flush = () => {
    const text = clean(line).trim();
    if (text) lines.push(text);
    line = '';
  };
  // Iterative walk: deeply nested pages must not overflow the stack.
  const stack: Array<DomNode | 'end-block'> = [root];
  while (stack.length) {
    const item = stack.pop()!;
    if (item === 'end-block') { flush(); continue; }
    if (item.type === 'text') { line += item.data ?? ''; continue; }
    // Comments, directives; script and style are dropped before.
    if (item.type !== 'tag' && item.type !== 'root') continue;
    if (item.name === 'br') { flush(); continue; }
    const isBlock = BLOCK_TAGS.has(item.name ?? '');
    if (isBlock) { flush(); stack.push('end-block'); }
    const children = item.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  flush();
  return lines;
}

/** Keeps the first of repeated short lines (captions under every photo of a gallery). */
function dropRepeatedLines(lines: string[]): string[] {
  const seen = new Set<string>();
  return lines.filter((line) => {
    if (line.length > MAX_REPEATED_LINE) return true;
    const key = line.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
