// Zones: every element that is not the report, by tag, role, visibility, class/id or heading. The
// parsed page is never changed: zones are a map the walks consult.
import type * as cheerio from 'cheerio';
import { BLOCK_TAGS, clean, type DomNode, elementsInOrder, HEADING_TAGS, isElement, textContent } from './dom.js';
import { boilerplate, ZONES, type Zone } from './rules.js';

/** A section heading ("Zobacz także", "Komentarze (3)") is short. */
const MAX_SECTION_HEADING_CHARS = 40;
/** Wrappers climbed from a section heading that holds nothing else (<div class="title"><h3>). */
const MAX_SECTION_CLIMB = 3;
const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;
const CAMEL_HUMP = /([a-z])([A-Z])/g;
const NON_ALNUM = /[^a-z0-9]+/;
const HEADING_COUNT = /\(\d{1,5}\)$/u;

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
export const UNDATED_ZONES = new Set<Zone>(boilerplate.undatedZones);
// A <time> above the content element must not come from the site's header or footer.
export const UNDATED_OUTSIDE_ZONES = new Set<Zone>([...boilerplate.undatedZones, 'header', 'footer']);
export const UNTITLED_ZONES = new Set<Zone>(boilerplate.untitledZones);

export interface TextStats {
  /** Characters of text outside links. */
  text: number;
  /** Characters of link text. */
  link: number;
}

export interface Page {
  body: DomNode;
  zones: Map<DomNode, Zone>;
  stats: Map<DomNode, TextStats>;
  /** Position of each element in document order. */
  order: Map<DomNode, number>;
}

export function readPage($: cheerio.CheerioAPI): Page {
  const body = ($('body').get(0) ?? $.root().get(0)) as unknown as DomNode;
  const elements = elementsInOrder(body);
  const stats = measureText(elements);
  const order = new Map(elements.map((el, i) => [el, i]));
  const zones = markZones(body, elements, stats);
  return { body, zones, stats, order };
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
export function zoneAround(page: Page, node: DomNode, stop: DomNode | null, among: Set<Zone>): Zone | null {
  for (let a: DomNode | null | undefined = node; a && a !== stop; a = a.parent) {
    const zone = page.zones.get(a);
    if (zone && among.has(zone)) return zone;
  }
  return null;
}

export const ALL_ZONES = new Set<Zone>(ZONES);
