// Publication date: structured data, a <time>, a labelled line or a date beside the headline.
import type * as cheerio from 'cheerio';
import { clean, type DomNode, isWithin, selectAll, selectEach, textContent } from './dom.js';
import { blockLines } from './lines.js';
import type { PageMetadata } from './metadata.js';
import { alternation, DATE_PATTERN, TIME_AFTER, WEEKDAY, YEAR_MARK_AFTER } from './patterns.js';
import { dates, type Zone } from './rules.js';
import { MAX_HEADLINE_CLIMB } from './title.js';
import { type Page, UNDATED_OUTSIDE_ZONES, UNDATED_ZONES, zoneAround } from './zones.js';

/** Levels above the content element searched for a <time> just before it (a meta line above the article). */
const MAX_TIME_CLIMB = 2;
/** A date line beside the headline ("12.05.2023 r.", "środa, 12 maja 2023, 10:15") is short. */
const MAX_DATE_LINE_CHARS = 60;

type LabelGroup = keyof typeof dates.labels;
// Labels longest first ("Data ostatniej modyfikacji" before "Data modyfikacji"); group 1 is the
// colon, group 2 the date.
const LABELLED_DATE: Record<LabelGroup, RegExp> = Object.fromEntries(
  (Object.keys(dates.labels) as LabelGroup[]).map((group) => [group, new RegExp(
    `(?<!\\p{L})(?:${alternation(dates.labels[group])})[ \\t]{0,20}(:?)[\\s|]{0,20}(?:dnia[ \\t]{1,3})?${WEEKDAY}${DATE_PATTERN}`, 'giu')]),
) as Record<LabelGroup, RegExp>;
const DATE_LINE = new RegExp(`^(?:\\p{L}{2,12}\\.?,?\\s{1,3})?${DATE_PATTERN}${YEAR_MARK_AFTER}${TIME_AFTER}$`, 'iu');
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})/;
const DMY_DATE = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})/;
const YMD_DATE = /^(\d{4})[./](\d{1,2})[./](\d{1,2})/;
const WORD_DATE = /^(\d{1,2})\s+(\p{L}+)\s+(\d{4})/u;
const MODIFIED_TIME_MARKERS = dates.modifiedTimeMarkers;
const MODIFIED_LABEL_BEFORE = new RegExp(`(?:${alternation(dates.labels.modified)})[\\s:]{0,5}$`, 'iu');

/**
 * Structured data first (meta tags, microdata, JSON-LD), then a <time> in or just above the
 * content, then a labelled line ("Data opublikowania: ..."), then a bare date beside the headline,
 * then a creation and, last, a modification date. Comments, sidebars and related links never count.
 */
export function findPublishedAt($: cheerio.CheerioAPI, page: Page, meta: PageMetadata, root: DomNode, besideHeadline: string | null): string | null {
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
  for (const matches of selectEach($, dates.metaSelectors)) {
    for (const el of matches) {
      const date = parseDate((el.attribs?.content ?? '').trim());
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
export function dateBesideHeadline(headline: DomNode): { date: string; node: DomNode } | null {
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
