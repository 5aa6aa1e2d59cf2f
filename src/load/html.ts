// HTML page -> title, publication date and the report's own text, one block element per line.
// A recipe of named steps, as mozilla/readability's parse(): read the page's metadata, put every
// element in a zone (navigation, cookies, share, comments...), choose the content element, then
// read its headline, the publication date and its lines. The parsed page is never changed: zones
// are a map the walks consult.
import * as cheerio from 'cheerio';
import { z } from 'zod';
import { LoadError, normalizeText } from './decode.js';
import boilerplateJson from './rules/boilerplate.json' with { type: 'json' };
import contentJson from './rules/content.json' with { type: 'json' };
import datesJson from './rules/dates.json' with { type: 'json' };
import linesJson from './rules/lines.json' with { type: 'json' };

// ---------------------------------------------------------------------------------------------
// Rule tables (src/load/rules/*.json), checked on load.

const ZONES = [
  'navigation', 'chrome', 'header', 'footer', 'sidebar', 'form', 'embed', 'hidden', 'popup', 'cookies',
  'share', 'print', 'gallery', 'comments', 'related', 'taxonomy', 'meta', 'pagination',
] as const;
const ZoneSchema = z.enum(ZONES);
type Zone = z.infer<typeof ZoneSchema>;

function rejectDuplicates(list: string[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  for (const entry of list) {
    if (seen.has(entry)) ctx.addIssue({ code: 'custom', message: `unexpected duplicate entry "${entry}"` });
    seen.add(entry);
  }
}
const isSelector = (selector: string) => {
  try {
    cheerio.load('')(selector);
    return true;
  } catch {
    return false;
  }
};
const LowerPhrase = z.string().min(1).refine((s) => s === s.toLowerCase() && s === s.trim(), 'lower case, no surrounding spaces');
const Phrases = z.array(LowerPhrase).superRefine(rejectDuplicates);
const Selectors = z.array(z.string().refine(isSelector, 'not a valid CSS selector')).superRefine(rejectDuplicates);
const Marker = z.string().regex(/^[a-z0-9_-]+\$?$/, 'lower-case class or id prefix, "$" at the end for a whole name');

const BoilerplateSchema = z.object({
  _source: z.string(),
  droppedTags: z.record(z.string().regex(/^[a-z0-9]+$/), ZoneSchema),
  pageWrapperTags: z.array(z.string().regex(/^[a-z0-9]+$/)),
  droppedRoles: z.record(z.string().regex(/^[a-z]+$/), ZoneSchema),
  markers: z.partialRecord(ZoneSchema, z.array(Marker)),
  sectionHeadings: z.partialRecord(ZoneSchema, Phrases),
  undatedZones: z.array(ZoneSchema),
  untitledZones: z.array(ZoneSchema),
}).superRefine((data, ctx) => {
  rejectDuplicates(Object.values(data.markers).flat(), ctx);
  rejectDuplicates(Object.values(data.sectionHeadings).flat(), ctx);
});
const ContentSchema = z.object({
  _source: z.string(),
  contentSelectors: Selectors,
  headlineSelectors: Selectors,
});
const DatesSchema = z.object({
  _source: z.string(),
  metaSelectors: Selectors,
  labels: z.object({ published: z.array(z.string().min(1)), created: z.array(z.string().min(1)), modified: z.array(z.string().min(1)) }),
  modifiedTimeMarkers: z.array(Marker),
  months: z.record(LowerPhrase, z.number().int().min(1).max(12)),
});
const LinesSchema = z.object({
  _source: z.string(),
  maxLineChars: z.number().int().positive(),
  maxCookieLineChars: z.number().int().positive(),
  wholeLines: Phrases,
  metaLabels: Phrases,
  metaPhrases: Phrases,
  actionWords: Phrases,
  actionFunctionWords: Phrases,
  breadcrumbStarts: Phrases,
  breadcrumbLabels: Phrases,
  breadcrumbSeparators: z.array(z.string().length(1)),
  cookiePhrases: Phrases,
});

const boilerplate = BoilerplateSchema.parse(boilerplateJson);
const content = ContentSchema.parse(contentJson);
const dates = DatesSchema.parse(datesJson);
const lineRules = LinesSchema.parse(linesJson);

// ---------------------------------------------------------------------------------------------
// Public interface.

export interface HtmlDocument {
  title: string;
  publishedAt: string | null;
  /** Title, a blank line, then the body: one block element per line. */
  text: string;
  /** For the run log: a contentSelector that matched nothing (the automatic choice was used). */
  warnings: string[];
}

export interface HtmlOptions {
  /**
   * CSS selector of the element that holds the report on this source's pages. When it matches,
   * the body is that element's text only; when it does not, the content element is chosen
   * automatically and a warning says so.
   */
  contentSelector?: string;
}

/** Lines up to this length that recur (photo captions, "Czytaj więcej") are kept once. */
export const MAX_REPEATED_LINE = 120;
/** A short line met this many times in the body (a gallery's captions) is dropped everywhere. */
export const MIN_DROPPED_REPEATS = 3;

// ---------------------------------------------------------------------------------------------
// Constants, compiled once.

// Cheerio's (domhandler's) nodes, reduced to what the walks read.
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
  parent?: DomNode | null;
  prev?: DomNode | null;
  next?: DomNode | null;
}

const BLOCK_TAGS = new Set([
  'address', 'article', 'blockquote', 'caption', 'center', 'dd', 'details', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'footer', 'hr',
  'legend', 'li', 'main', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot',
  'th', 'thead', 'tr', 'ul',
]);
const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
// Parts of a text block, not containers: their text counts for the element around them when
// looking for the densest block (a list's items for the div that holds the list).
const TEXT_PART_TAGS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'ul', 'ol', 'li', 'dl', 'dd', 'dt',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'figure', 'figcaption',
]);
/** Bound on climbing out of nested text parts (tables in tables). */
const MAX_PART_DEPTH = 12;
/** A section heading ("Zobacz także", "Komentarze (3)") is short. */
const MAX_SECTION_HEADING_CHARS = 40;
/** Wrappers climbed from a section heading that holds nothing else (<div class="title"><h3>). */
const MAX_SECTION_CLIMB = 3;
/** Levels above the content element searched for its headline (Drupal's page-title block). */
const MAX_HEADLINE_CLIMB = 2;
/** Levels above the content element searched for a <time> just before it (a meta line above the article). */
const MAX_TIME_CLIMB = 2;
/** A date line beside the headline ("12.05.2023 r.", "środa, 12 maja 2023, 10:15") is short. */
const MAX_DATE_LINE_CHARS = 60;
/** A data table's cells are short; a cell holding more is a layout table's column. */
const MAX_TABLE_CELL_CHARS = 300;
/** Bound on the JSON-LD values looked at for datePublished. */
const MAX_JSON_LD_NODES = 2000;

// Separators between a page title and the site name in <title>.
const TITLE_SEPARATOR = / (?:\||-|–|—|::|»|·|•) /g;
/** A <title> part of fewer words is a site name, not an article title. */
const MIN_TITLE_WORDS = 3;
const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;
const CAMEL_HUMP = /([a-z])([A-Z])/g;
const NON_ALNUM = /[^a-z0-9]+/;
const SOFT_BREAK = '\u2028'; // Stands for <br> inside a line until the line is split.
const SENTENCE_END = /[.!?:;…]$/u;
const STARTS_LOWER = /^\p{Ll}/u;
const HAS_WORD = /[\p{L}\p{N}]/u;
const DECORATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
const SEGMENT_SEPARATOR = /\s[|•·]\s/u;
const HEADING_COUNT = /\(\d{1,5}\)$/u;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (list: string[]) => [...list].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');

const MONTH_NAMES = alternation(Object.keys(dates.months));
const DATE_PATTERN = `(\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[./-]\\d{1,2}[./-]\\d{4}|\\d{4}[./]\\d{1,2}[./]\\d{1,2}|\\d{1,2}\\s{1,3}(?:${MONTH_NAMES})\\s{1,3}\\d{4})`;
// "środa, 12 maja 2023", "pon., 06.03.2023": a weekday before a date, ending in a comma.
const WEEKDAY = '(?:\\p{L}{2,12}\\.?,[ \\t]{0,3})?';
type LabelGroup = keyof typeof dates.labels;
// Labels longest first ("Data ostatniej modyfikacji" before "Data modyfikacji"); group 1 is the
// colon, group 2 the date.
const LABELLED_DATE: Record<LabelGroup, RegExp> = Object.fromEntries(
  (Object.keys(dates.labels) as LabelGroup[]).map((group) => [group, new RegExp(
    `(?<!\\p{L})(?:${alternation(dates.labels[group])})[ \\t]{0,20}(:?)[\\s|]{0,20}(?:dnia[ \\t]{1,3})?${WEEKDAY}${DATE_PATTERN}`, 'giu')]),
) as Record<LabelGroup, RegExp>;
const DATE_LINE = new RegExp(
  `^(?:\\p{L}{2,12}\\.?,?\\s{1,3})?${DATE_PATTERN}(?:\\s{0,2}r\\.?|\\s{1,2}roku)?(?:,?\\s{1,3}(?:godz\\.?\\s{0,2})?\\d{1,2}[:.]\\d{2})?$`, 'iu');
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})/;
const DMY_DATE = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})/;
const YMD_DATE = /^(\d{4})[./](\d{1,2})[./](\d{1,2})/;
const WORD_DATE = /^(\d{1,2})\s+(\p{L}+)\s+(\d{4})/u;

// How a marker matches a class or id: the start of a word, the start of the whole name, or all of it.
type MarkerMatch = 'word' | 'name-start' | 'name';
const MARKERS = Object.entries(boilerplate.markers).flatMap(([zone, list]) => list.map((entry) => ({
  marker: entry.replace(/\$$/, ''),
  zone: zone as Zone,
  match: (entry.endsWith('$') ? 'name' : /[-_]/.test(entry) ? 'name-start' : 'word') as MarkerMatch,
})));
const SECTION_HEADINGS = new Map<string, Zone>(Object.entries(boilerplate.sectionHeadings)
  .flatMap(([zone, list]) => list.map((phrase) => [phrase, zone as Zone] as [string, Zone])));
const PAGE_WRAPPER_TAGS = new Set(boilerplate.pageWrapperTags);
const UNDATED_ZONES = new Set<Zone>(boilerplate.undatedZones);
// A <time> above the content element must not come from the site's header or footer.
const UNDATED_OUTSIDE_ZONES = new Set<Zone>([...boilerplate.undatedZones, 'header', 'footer']);
const UNTITLED_ZONES = new Set<Zone>(boilerplate.untitledZones);
const MODIFIED_TIME_MARKERS = dates.modifiedTimeMarkers;
const MODIFIED_LABEL_BEFORE = new RegExp(`(?:${alternation(dates.labels.modified)})[\\s:]{0,5}$`, 'iu');

const WHOLE_LINES = new Set(lineRules.wholeLines);
// A label with a colon, alone, or followed by nothing but a date or a count ("Odsłon 245");
// a count before it ("245 wyświetleń"); or a phrase such as "Napisane przez".
const META_LABELS = alternation(lineRules.metaLabels);
const META_LINE = new RegExp(`^(?:(?:${META_LABELS})(?:[ \\t]{0,3}(?::|$)|[ \\t]{1,3}(?:dnia[ \\t]{1,3})?${WEEKDAY}${DATE_PATTERN}[^\\p{L}]{0,30}(?:r\\.|roku)?[^\\p{L}]{0,30}$|[ \\t]{1,3}\\d[\\d ]{0,9}$)|\\d[\\d ]{0,8}[ \\t](?:${META_LABELS})$|(?:${alternation(lineRules.metaPhrases)})[ \\t])`, 'u');
const SEPARATOR_CLASS = lineRules.breadcrumbSeparators.map(escapeRegExp).join('');
const BREADCRUMB_LINE = new RegExp(`^(?:(?:${alternation(lineRules.breadcrumbStarts)})[ \\t]{0,3}:?[ \\t]{0,3}[${SEPARATOR_CLASS}]|(?:${alternation(lineRules.breadcrumbLabels)})[ \\t]{0,3}:)`, 'u');
const ACTION_WORDS = new Set(lineRules.actionWords);
const ACTION_FUNCTION_WORDS = new Set(lineRules.actionFunctionWords);
const WORD_SPLIT = /[^\p{L}\p{N}-]+/u;

// ---------------------------------------------------------------------------------------------
// The recipe.

export function htmlToDocument(html: string, source: string, options: HtmlOptions = {}): HtmlDocument {
  const $ = cheerio.load(html);
  const meta = readMetadata($);
  const page = readPage($);
  const { root, warnings } = chooseContent($, page, options.contentSelector);
  const headline = findHeadline($, page, root);
  const title = chooseTitle(meta, headline ? clean(textContent(headline)) : '');
  const dateLine = headline ? dateBesideHeadline(headline) : null;
  const publishedAt = findPublishedAt($, page, meta, root, dateLine?.date ?? null);
  const body = bodyLines(root, page, title, dateLine?.node ?? null);
  if (body.length === 0) {
    throw new LoadError(source, 'no readable text in the HTML (nothing left once navigation and boilerplate are removed)');
  }
  return { title, publishedAt, text: normalizeText([title, '', ...body].join('\n'), { preserveOffsets: false }), warnings };
}

function clean(text: string): string {
  return normalizeText(text, { preserveOffsets: false }).replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// Metadata: <title>, Open Graph, JSON-LD.

interface PageMetadata {
  titleTag: string;
  ogTitle: string;
  siteName: string;
  jsonLdPublished: string | null;
}

function readMetadata($: cheerio.CheerioAPI): PageMetadata {
  return {
    titleTag: clean($('title').first().text()),
    ogTitle: clean($('meta[property="og:title"]').attr('content') ?? ''),
    siteName: clean($('meta[property="og:site_name"]').attr('content') ?? ''),
    jsonLdPublished: jsonLdPublished($),
  };
}

/** The first datePublished in the page's JSON-LD blocks, outer objects before nested ones (a comment's). */
function jsonLdPublished($: cheerio.CheerioAPI): string | null {
  for (const el of $('script[type="application/ld+json"]').toArray()) {
    let data: unknown;
    try {
      data = JSON.parse($(el).text());
    } catch {
      continue; // Broken JSON-LD is common; the page's other dates still count.
    }
    const queue: unknown[] = [data];
    for (let seen = 0; queue.length && seen < MAX_JSON_LD_NODES; seen++) {
      const value = queue.shift();
      if (Array.isArray(value)) { queue.push(...value); continue; }
      if (!value || typeof value !== 'object') continue;
      const record = value as Record<string, unknown>;
      if (typeof record.datePublished === 'string') {
        const date = parseDate(record.datePublished.trim());
        if (date) return date;
      }
      for (const [key, child] of Object.entries(record)) if (key !== 'comment' && typeof child === 'object') queue.push(child);
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Zones: every element that is not the report, by tag, role, visibility, class/id or heading.

interface TextStats {
  /** Characters of text outside links. */
  text: number;
  /** Characters of link text. */
  link: number;
}

interface Page {
  body: DomNode;
  zones: Map<DomNode, Zone>;
  stats: Map<DomNode, TextStats>;
  /** Position of each element in document order. */
  order: Map<DomNode, number>;
}

const isElement = (node: DomNode) => node.type === 'tag' || node.type === 'script' || node.type === 'style';

function readPage($: cheerio.CheerioAPI): Page {
  const body = ($('body').get(0) ?? $.root().get(0)) as unknown as DomNode;
  const elements = elementsInOrder(body);
  const stats = measureText(elements);
  const order = new Map(elements.map((el, i) => [el, i]));
  const zones = markZones(body, elements, stats);
  return { body, zones, stats, order };
}

/** Elements under root (root first), in document order; iterative, so deep pages cannot overflow the stack. */
function elementsInOrder(root: DomNode): DomNode[] {
  const out: DomNode[] = [];
  const stack: DomNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node !== root && !isElement(node)) continue;
    out.push(node);
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return out;
}

/** Text and link-text lengths of every element, children summed before parents. */
function measureText(elements: DomNode[]): Map<DomNode, TextStats> {
  const stats = new Map<DomNode, TextStats>();
  for (let i = elements.length - 1; i >= 0; i--) {
    const el = elements[i];
    const own: TextStats = { text: 0, link: 0 };
    if (el.type === 'tag' || el === elements[0]) {
      for (const child of el.children ?? []) {
        if (child.type === 'text') own.text += (child.data ?? '').trim().length;
        const c = stats.get(child);
        if (!c) continue;
        if (child.name === 'a') own.link += c.text + c.link;
        else { own.text += c.text; own.link += c.link; }
      }
    }
    stats.set(el, own);
  }
  return stats;
}

function markZones(body: DomNode, elements: DomNode[], stats: Map<DomNode, TextStats>): Map<DomNode, Zone> {
  const zones = new Map<DomNode, Zone>();
  const total = stats.get(body)?.text ?? 0;
  // A marked element that holds most of the page's text ("layout-with-sidebar") is the page, not boilerplate.
  const holdsMostText = (el: DomNode) => total > 0 && (stats.get(el)?.text ?? 0) * 2 >= total;
  for (const el of elements) {
    if (el === body) continue;
    const tagZone = boilerplate.droppedTags[el.name ?? ''];
    if (tagZone && !(PAGE_WRAPPER_TAGS.has(el.name ?? '') && holdsMostText(el))) { zones.set(el, tagZone); continue; }
    const zone = attributeZone(el);
    if (zone && !holdsMostText(el)) zones.set(el, zone);
  }
  markSections(body, elements, stats, zones);
  return zones;
}

function attributeZone(el: DomNode): Zone | null {
  const attribs = el.attribs ?? {};
  const role = boilerplate.droppedRoles[(attribs.role ?? '').toLowerCase()];
  if (role) return role;
  if ('hidden' in attribs || attribs['aria-hidden'] === 'true' || HIDDEN_STYLE.test(attribs.style ?? '')) return 'hidden';
  return markerZone(el);
}

/** Zone of the first marker that a class or id of el starts with ("shareButtons" -> share). */
function markerZone(el: DomNode): Zone | null {
  const names = `${el.attribs?.class ?? ''} ${el.attribs?.id ?? ''}`;
  if (!names.trim()) return null;
  const tokens = names.toLowerCase().split(/\s+/).filter(Boolean);
  const words = names.replace(CAMEL_HUMP, '$1 $2').toLowerCase().split(NON_ALNUM).filter(Boolean);
  for (const { marker, zone, match } of MARKERS) {
    if (match === 'name' ? tokens.includes(marker) : (match === 'word' ? words : tokens).some((w) => w.startsWith(marker))) return zone;
  }
  return null;
}

/**
 * "Zobacz także", "Komentarze (3)", "Galeria zdjęć" as a heading of their own: the heading and
 * what follows it up to the next real heading belong to that zone, marked or not.
 */
function markSections(body: DomNode, elements: DomNode[], stats: Map<DomNode, TextStats>, zones: Map<DomNode, Zone>): void {
  const total = stats.get(body)?.text ?? 0;
  const length = (el: DomNode) => { const s = stats.get(el); return s ? s.text + s.link : 0; };
  for (const el of elements) {
    const chars = length(el);
    if (el === body || chars === 0 || chars > MAX_SECTION_HEADING_CHARS || el.name === 'h1') continue;
    // A wrapper whose text is all in one child is read through that child (and climbed to below).
    if ((el.children ?? []).some((child) => length(child) === chars)) continue;
    const zone = sectionHeadingZone(textContent(el));
    if (!zone) continue;
    let head = el;
    for (let k = 0; k < MAX_SECTION_CLIMB && head.parent && head.parent !== body && length(head.parent) === chars; k++) head = head.parent;
    // A phrase inside running text ("… <strong>Galeria</strong> …") is not a heading.
    if (!BLOCK_TAGS.has(head.name ?? '')) continue;
    const section = [head, ...followingSection(head)];
    const sectionText = section.reduce((n, node) => n + (stats.get(node)?.text ?? 0), 0);
    if (sectionText * 2 >= total && total > 0) continue; // Then it is the page's own subject.
    for (const node of section) if (!zones.has(node)) zones.set(node, zone);
  }
}

/** "Komentarze (3):" -> komentarze: the heading without its count and colon. */
function sectionHeadingZone(text: string): Zone | null {
  const stripEnd = (s: string) => {
    let end = s.length;
    while (end > 0 && (s[end - 1] === ':' || s[end - 1] === ' ')) end--;
    return s.slice(0, end);
  };
  const key = stripEnd(stripEnd(clean(text).toLowerCase()).replace(HEADING_COUNT, ''));
  return SECTION_HEADINGS.get(key) ?? null;
}

/** Element siblings after head, up to the next heading that is not itself a boilerplate heading. */
function followingSection(head: DomNode): DomNode[] {
  const out: DomNode[] = [];
  for (let node = head.next; node; node = node.next) {
    if (!isElement(node)) continue;
    if (HEADING_TAGS.has(node.name ?? '') && !sectionHeadingZone(textContent(node))) break;
    out.push(node);
  }
  return out;
}

/** The zone of node or of an ancestor below stop, if it is one of `among`. */
function zoneAround(page: Page, node: DomNode, stop: DomNode | null, among: Set<Zone>): Zone | null {
  for (let a: DomNode | null | undefined = node; a && a !== stop; a = a.parent) {
    const zone = page.zones.get(a);
    if (zone && among.has(zone)) return zone;
  }
  return null;
}

const ALL_ZONES = new Set<Zone>(ZONES);

// ---------------------------------------------------------------------------------------------
// Content element: the source's selector, else the first listed CMS container that holds most of
// the text, else the densest block.

function chooseContent($: cheerio.CheerioAPI, page: Page, selector: string | undefined): { root: DomNode; warnings: string[] } {
  const warnings: string[] = [];
  if (selector !== undefined) {
    const chosen = selectedElement($, page, selector);
    if (typeof chosen !== 'string') return { root: chosen, warnings };
    warnings.push(chosen);
  }
  const densest = densestBlock(page);
  for (const candidateSelector of content.contentSelectors) {
    let best: DomNode | null = null;
    let bestText = 0;
    for (const el of selectAll($, candidateSelector)) {
      if (zoneAround(page, el, null, ALL_ZONES)) continue; // An <article> teaser in a sidebar.
      const n = visibleTextLength(el, page);
      if (n > bestText) { best = el; bestText = n; }
    }
    if (best && bestText * 2 >= densest.text) return { root: best, warnings };
  }
  return { root: densest.node ?? page.body, warnings };
}

/** The first element the selector matches that has text, or the warning to log. */
function selectedElement($: cheerio.CheerioAPI, page: Page, selector: string): DomNode | string {
  let matches: DomNode[];
  try {
    matches = selectAll($, selector);
  } catch {
    return `contentSelector "${selector}" is not a valid CSS selector; the content was chosen automatically`;
  }
  const hit = matches.find((el) => visibleTextLength(el, page) > 0);
  if (hit) return hit;
  return matches.length
    ? `contentSelector "${selector}" matched only elements without text; the content was chosen automatically`
    : `contentSelector "${selector}" matched nothing on the page; the content was chosen automatically`;
}

/** Non-link text under root, zones below it left out. */
function visibleTextLength(root: DomNode, page: Page): number {
  let n = 0;
  const stack: DomNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'text') { n += (node.data ?? '').trim().length; continue; }
    if (node.type !== 'tag' || node.name === 'a' || (node !== root && page.zones.has(node))) continue;
    for (const child of node.children ?? []) stack.push(child);
  }
  return n;
}

/**
 * The element with the most text of its own (its paragraphs', lists' and tables' included) and
 * the least link text, zones left out: readability's text-density fallback.
 */
function densestBlock(page: Page): { node: DomNode | null; text: number } {
  const own = new Map<DomNode, TextStats>();
  const stack: Array<{ node: DomNode; block: DomNode; inLink: boolean }> = [{ node: page.body, block: page.body, inLink: false }];
  while (stack.length) {
    const { node, block, inLink } = stack.pop()!;
    if (node.type === 'text') {
      const n = (node.data ?? '').trim().length;
      if (!n) continue;
      let target = block;
      for (let k = 0; k < MAX_PART_DEPTH && TEXT_PART_TAGS.has(target.name ?? '') && target.parent; k++) target = target.parent;
      const s = own.get(target) ?? { text: 0, link: 0 };
      if (inLink) s.link += n; else s.text += n;
      own.set(target, s);
      continue;
    }
    if (node.type !== 'tag' && node !== page.body) continue;
    if (node !== page.body && page.zones.has(node)) continue;
    const inner = node.type === 'tag' && BLOCK_TAGS.has(node.name ?? '') ? node : block;
    for (const child of node.children ?? []) stack.push({ node: child, block: inner, inLink: inLink || node.name === 'a' });
  }
  let best: { node: DomNode | null; text: number; score: number } = { node: null, text: 0, score: 0 };
  for (const [node, { text, link }] of own) {
    const score = (text * text) / (text + link); // Text scaled by 1 - link density.
    if (score > best.score) best = { node, text, score };
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Title: og:title, else the content's headline, else <title> without the site name.

function findHeadline($: cheerio.CheerioAPI, page: Page, root: DomNode): DomNode | null {
  const hasText = (el: DomNode) => clean(textContent(el)).length > 0;
  for (const selector of content.headlineSelectors) {
    const inside = selectAll($, selector).find((el) => el !== root && isWithin(el, root) && !zoneAround(page, el, root, UNTITLED_ZONES) && hasText(el));
    if (inside) return inside;
  }
  // Just before the content element (a theme's page-title block above the article).
  const rootOrder = page.order.get(root) ?? 0;
  const h1s = selectAll($, 'h1').filter((el) => (page.order.get(el) ?? Infinity) < rootOrder);
  let ancestor = root.parent;
  for (let level = 0; level < MAX_HEADLINE_CLIMB && ancestor && ancestor !== page.body && ancestor.type === 'tag'; level++, ancestor = ancestor.parent) {
    const scope = ancestor;
    const before = h1s.find((el) => isWithin(el, scope) && !zoneAround(page, el, null, ALL_ZONES) && hasText(el));
    if (before) return before;
  }
  return null;
}

/**
 * Elements the selector matches in the whole page. Selecting from the document, never from a
 * large element: cheerio's find() compares every pair of the context's children.
 */
function selectAll($: cheerio.CheerioAPI, selector: string): DomNode[] {
  return $(selector).toArray() as unknown as DomNode[];
}

function isWithin(node: DomNode, ancestor: DomNode): boolean {
  for (let a: DomNode | null | undefined = node; a; a = a.parent) if (a === ancestor) return true;
  return false;
}

function chooseTitle(meta: PageMetadata, headline: string): string {
  const siteName = meta.siteName || siteNameInTitleTag(meta.titleTag);
  const og = meta.ogTitle.toLowerCase() === siteName.toLowerCase() ? '' : meta.ogTitle;
  if (og || headline) return withoutSiteName(og || headline, siteName, false);
  return withoutSiteName(meta.titleTag, siteName, true);
}

/** Without og:site_name, "Article title | Site" in <title> names the site after its last separator. */
function siteNameInTitleTag(titleTag: string): string {
  const separators = [...titleTag.matchAll(TITLE_SEPARATOR)];
  const last = separators[separators.length - 1];
  if (!last) return '';
  const head = titleTag.slice(0, last.index).trim();
  return head.split(' ').length >= MIN_TITLE_WORDS ? titleTag.slice(last.index + last[0].length).trim() : '';
}

/**
 * "Article | Site": the site name (og:site_name) cut from either end; for a <title> without one,
 * the part before the last separator, unless it is too short to be a title.
 */
function withoutSiteName(title: string, siteName: string, isTitleTag: boolean): string {
  const separators = [...title.matchAll(TITLE_SEPARATOR)];
  if (separators.length === 0) return title;
  const last = separators[separators.length - 1];
  const first = separators[0];
  const head = title.slice(0, last.index).trim();
  const tail = title.slice(last.index + last[0].length).trim();
  const lead = title.slice(0, first.index).trim();
  const rest = title.slice(first.index + first[0].length).trim();
  const site = siteName.toLowerCase();
  if (site && tail.toLowerCase() === site) return head;
  if (site && lead.toLowerCase() === site) return rest;
  if (!isTitleTag) return title;
  if (head.split(' ').length >= MIN_TITLE_WORDS) return head;
  return rest.length > lead.length ? rest : head;
}

// ---------------------------------------------------------------------------------------------
// Publication date.

/**
 * Structured data first (meta tags, microdata, JSON-LD), then a <time> in or just above the
 * content, then a labelled line ("Data opublikowania: ..."), then a bare date beside the headline,
 * then a creation and, last, a modification date. Comments, sidebars and related links never count.
 */
function findPublishedAt($: cheerio.CheerioAPI, page: Page, meta: PageMetadata, root: DomNode, besideHeadline: string | null): string | null {
  const memo = new Map<DomNode, string>();
  const textOf = (region: DomNode) => memo.get(region) ?? memo.set(region, regionText(region, page)).get(region)!;
  const rootText = () => textOf(root);
  const bodyText = () => textOf(page.body);
  return metaDate($)
    ?? microdataDate($, page)
    ?? meta.jsonLdPublished
    ?? timeInContent($, page, root)
    ?? labelledDate(rootText(), 'published')
    ?? besideHeadline
    ?? labelledDate(bodyText(), 'published')
    ?? labelledDate(rootText(), 'created') ?? labelledDate(bodyText(), 'created')
    ?? labelledDate(rootText(), 'modified') ?? labelledDate(bodyText(), 'modified');
}

function metaDate($: cheerio.CheerioAPI): string | null {
  for (const selector of dates.metaSelectors) {
    for (const el of $(selector).toArray()) {
      const date = parseDate(($(el).attr('content') ?? '').trim());
      if (date) return date;
    }
  }
  return null;
}

function microdataDate($: cheerio.CheerioAPI, page: Page): string | null {
  for (const el of $('body [itemprop="datePublished"]').toArray() as unknown as DomNode[]) {
    if (zoneAround(page, el, null, UNDATED_ZONES) || $(el as never).closest('[itemtype*="Comment"]').length) continue;
    const date = parseDate(elementDateValue(el));
    if (date) return date;
  }
  return null;
}

function elementDateValue(el: DomNode): string {
  return (el.attribs?.content ?? el.attribs?.datetime ?? clean(textContent(el))).trim();
}

/** The first <time> inside the content, else the nearest one just above it; never an update's. */
function timeInContent($: cheerio.CheerioAPI, page: Page, root: DomNode): string | null {
  const all = selectAll($, 'time');
  const times = (scope: DomNode) => all.filter((el) => isWithin(el, scope));
  for (const el of times(root)) {
    if (zoneAround(page, el, root, UNDATED_ZONES) || isModificationTime(el)) continue;
    const date = parseDate(elementDateValue(el));
    if (date) return date;
  }
  const rootOrder = page.order.get(root) ?? 0;
  let ancestor = root.parent;
  for (let level = 0; level < MAX_TIME_CLIMB && ancestor && ancestor !== page.body && ancestor.type === 'tag'; level++, ancestor = ancestor.parent) {
    const before = times(ancestor).filter((el) => (page.order.get(el) ?? Infinity) < rootOrder).reverse();
    for (const el of before) {
      if (zoneAround(page, el, null, UNDATED_OUTSIDE_ZONES) || isModificationTime(el)) continue;
      const date = parseDate(elementDateValue(el));
      if (date) return date;
    }
  }
  return null;
}

/** <time class="updated">, itemprop=dateModified, or a time right after "Zaktualizowano:". */
function isModificationTime(el: DomNode): boolean {
  const classes = (el.attribs?.class ?? '').toLowerCase();
  if (/\bpublished\b/.test(classes)) return false;
  if ((el.attribs?.itemprop ?? '') === 'dateModified') return true;
  if (MODIFIED_TIME_MARKERS.some((m) => classes.includes(m))) return true;
  let before = '';
  for (let node = el.prev; node && before.length < MAX_DATE_LINE_CHARS; node = node.prev) before = textContent(node) + before;
  return MODIFIED_LABEL_BEFORE.test(before.trim());
}

/** Lines of region with the zones that never hold the page's date (comments, sidebars) left out. */
function regionText(region: DomNode, page: Page): string {
  return blockLines(region, (node) => UNDATED_ZONES.has(page.zones.get(node) as Zone)).join('\n');
}

/** "Data opublikowania: 12.05.2017" / "Opublikowano 12 maja 2017" (at a line start) -> yyyy-mm-dd. */
function labelledDate(text: string, group: LabelGroup): string | null {
  const pattern = LABELLED_DATE[group];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    // Without a colon the label must open a line or a table cell: "wyniki opublikowano 12 maja" is a sentence.
    const lineStart = Math.max(text.lastIndexOf('\n', m.index), text.lastIndexOf('|', m.index)) + 1;
    if (m[1] || !text.slice(lineStart, m.index).trim()) {
      const date = parseDate(m[2]);
      if (date) return date;
    }
  }
  return null;
}

/** A "Data opublikowania: 12.05.2017" / "Opublikowano 12 maja 2017" line, as ISO yyyy-mm-dd. */
export function findPublishedAtInText(text: string): string | null {
  return labelledDate(text, 'published');
}

/**
 * "12.05.2023 r." or "środa, 12 maja 2023" standing alone just before or after the headline,
 * with its node: the body leaves it out, as it leaves out other metadata lines.
 */
function dateBesideHeadline(headline: DomNode): { date: string; node: DomNode } | null {
  for (let node: DomNode | null | undefined = headline, k = 0; node && k < MAX_HEADLINE_CLIMB; node = node.parent, k++) {
    for (const near of [...siblings(node, 'next', 2), ...siblings(node, 'prev', 1)]) {
      const text = clean(textContent(near));
      const m = text.length <= MAX_DATE_LINE_CHARS ? DATE_LINE.exec(text) : null;
      const date = m ? parseDate(m[1]) : null;
      if (date) return { date, node: near };
    }
    // Look beside the wrapper only when the headline is all it holds (<div class="title"><h1>).
    const parent = node.parent;
    if (!parent || clean(textContent(parent)) !== clean(textContent(node))) break;
  }
  return null;
}

/** Up to `count` siblings with text in one direction. */
function siblings(node: DomNode, direction: 'next' | 'prev', count: number): DomNode[] {
  const out: DomNode[] = [];
  for (let s = node[direction]; s && out.length < count; s = s[direction]) {
    if ((s.type === 'text' || s.type === 'tag') && clean(textContent(s))) out.push(s);
  }
  return out;
}

/** ISO, dd.mm.yyyy, yyyy.mm.dd or "12 maja 2017" -> yyyy-mm-dd, or null when not a real date. */
export function parseDate(value: string): string | null {
  let m = ISO_DATE.exec(value) ?? YMD_DATE.exec(value);
  if (m) return isoDate(+m[1], +m[2], +m[3]);
  m = DMY_DATE.exec(value);
  if (m) return isoDate(+m[3], +m[2], +m[1]);
  m = WORD_DATE.exec(value);
  if (m) {
    const month = dates.months[m[2].toLowerCase()];
    return month ? isoDate(+m[3], month, +m[1]) : null;
  }
  return null;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Text: block elements one per line, data tables one row per line, then boilerplate lines out.

/** All text under node (scripts and styles are not text nodes of tags, so they stay out). */
function textContent(node: DomNode): string {
  if (node.type === 'text') return node.data ?? '';
  let text = '';
  const stack: DomNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'text') { text += n.data ?? ''; continue; }
    if (n.type !== 'tag' && n.type !== 'root') continue;
    const children = n.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return text;
}

function bodyLines(root: DomNode, page: Page, title: string, dateLine: DomNode | null): string[] {
  const lines = blockLines(root, (node) => page.zones.has(node) || node === dateLine).filter((line) => !isBoilerplateLine(line));
  const titleKey = title.toLowerCase();
  return dropRepeatedLines(lines).filter((line) => line.toLowerCase() !== titleKey);
}

/**
 * Text of block elements, one per line, inline whitespace collapsed; <br> breaks a line unless it
 * only wraps a sentence; a data table gives one line per row, its cells joined by " | ".
 */
function blockLines(root: DomNode, skip: (node: DomNode) => boolean): string[] {
  const lines: string[] = [];
  let line = '';
  const flush = () => {
    lines.push(...splitAtBreaks(line));
    line = '';
  };
  // Iterative walk: deeply nested pages must not overflow the stack.
  const stack: Array<DomNode | 'end-block'> = [root];
  while (stack.length) {
    const item = stack.pop()!;
    if (item === 'end-block') { flush(); continue; }
    if (item !== root && skip(item)) { line += ' '; continue; }
    if (item.type === 'text') { line += item.data ?? ''; continue; }
    // Comments, directives, scripts and styles.
    if (item.type !== 'tag' && item.type !== 'root') continue;
    if (item.name === 'br') { line += SOFT_BREAK; continue; }
    if (item.name === 'table' && isDataTable(item)) { flush(); lines.push(...tableLines(item, skip)); continue; }
    if (BLOCK_TAGS.has(item.name ?? '')) { flush(); stack.push('end-block'); }
    const children = item.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  flush();
  return lines;
}

/**
 * A line's <br>-separated pieces: a piece that goes on in lower case after one without closing
 * punctuation continues it (a hard-wrapped sentence); <br><br> always ends a paragraph.
 */
function splitAtBreaks(raw: string): string[] {
  const out: string[] = [];
  let paragraphEnded = true;
  for (const piece of raw.split(SOFT_BREAK).map(clean)) {
    if (!piece) { paragraphEnded = true; continue; }
    const last = out.length - 1;
    if (!paragraphEnded && last >= 0 && !SENTENCE_END.test(out[last]) && STARTS_LOWER.test(piece)) out[last] += ` ${piece}`;
    else out.push(piece);
    paragraphEnded = false;
  }
  return out.filter((l) => HAS_WORD.test(l));
}

function tableRows(table: DomNode): DomNode[] {
  return (table.children ?? []).flatMap((child) => {
    if (child.name === 'tr') return [child];
    if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') return (child.children ?? []).filter((c) => c.name === 'tr');
    return [];
  });
}

const tableCells = (row: DomNode) => (row.children ?? []).filter((c) => c.name === 'td' || c.name === 'th');

/** No table inside, every cell short: data, not the page's layout. */
function isDataTable(table: DomNode): boolean {
  const rows = tableRows(table);
  if (rows.length === 0) return false;
  for (const row of rows) {
    for (const cell of tableCells(row)) {
      if (elementsInOrder(cell).some((el) => el.name === 'table')) return false;
      if (clean(textContent(cell)).length > MAX_TABLE_CELL_CHARS) return false;
    }
  }
  return true;
}

function tableLines(table: DomNode, skip: (node: DomNode) => boolean): string[] {
  const lines: string[] = [];
  for (const caption of (table.children ?? []).filter((c) => c.name === 'caption' && !skip(c))) lines.push(...blockLines(caption, skip));
  for (const row of tableRows(table)) {
    if (skip(row)) continue;
    const cells = tableCells(row).filter((cell) => !skip(cell)).map((cell) => blockLines(cell, skip).join(' ')).filter(Boolean);
    if (cells.length) lines.push(cells.join(' | '));
  }
  return lines;
}

/** Buttons, metadata, breadcrumbs, share and cookie lines; a "a | b | c" line when all its parts are. */
function isBoilerplateLine(line: string): boolean {
  const lower = line.toLowerCase();
  if (lower.length <= lineRules.maxCookieLineChars && lineRules.cookiePhrases.some((p) => lower.includes(p))) return true;
  if (lower.length > lineRules.maxLineChars) return false;
  if (isBoilerplateSegment(lower)) return true;
  const segments = lower.split(SEGMENT_SEPARATOR);
  return segments.length > 1 && segments.every((s) => !HAS_WORD.test(s) || isBoilerplateSegment(s.trim()));
}

function isBoilerplateSegment(lower: string): boolean {
  return WHOLE_LINES.has(lower.replace(DECORATION, ''))
    || META_LINE.test(lower)
    || BREADCRUMB_LINE.test(lower)
    || isActionLine(lower);
}

/** "Udostępnij: Facebook Twitter", "Wyślij e-mailem", "Drukuj Powrót": links' words only. */
function isActionLine(lower: string): boolean {
  const words = lower.split(WORD_SPLIT).filter(Boolean);
  return words.length > 0 && words.every((w) => ACTION_WORDS.has(w)) && words.some((w) => !ACTION_FUNCTION_WORDS.has(w));
}

/**
 * Short lines met MIN_DROPPED_REPEATS times or more (a gallery's captions) go; a short line met
 * twice is kept once.
 */
function dropRepeatedLines(lines: string[]): string[] {
  const counts = new Map<string, number>();
  for (const line of lines) if (line.length <= MAX_REPEATED_LINE) counts.set(line.toLowerCase(), (counts.get(line.toLowerCase()) ?? 0) + 1);
  const seen = new Set<string>();
  return lines.filter((line) => {
    if (line.length > MAX_REPEATED_LINE) return true;
    const key = line.toLowerCase();
    if ((counts.get(key) ?? 0) >= MIN_DROPPED_REPEATS || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
