// Content element: the source's selector, else the first listed CMS container that holds most of
// the text, else the densest block.
import type * as cheerio from 'cheerio';
import { BLOCK_TAGS, type DomNode, selectAll, selectEach } from './dom.js';
import { content } from './rules.js';
import { ALL_ZONES, type Page, type TextStats, zoneAround } from './zones.js';

// Parts of a text block, not containers: their text counts for the element around them when
// looking for the densest block (a list's items for the div that holds the list).
const TEXT_PART_TAGS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'ul', 'ol', 'li', 'dl', 'dd', 'dt',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'figure', 'figcaption',
]);
/** Bound on climbing out of nested text parts (tables in tables). */
const MAX_PART_DEPTH = 12;

export function chooseContent($: cheerio.CheerioAPI, page: Page, selector: string | undefined): { root: DomNode; warnings: string[] } {
  const warnings: string[] = [];
  if (selector !== undefined) {
    const chosen = selectedElement($, page, selector);
    if (typeof chosen !== 'string') return { root: chosen, warnings };
    warnings.push(chosen);
  }
  const densest = densestBlock(page);
  for (const matches of selectEach($, content.contentSelectors)) {
    let best: DomNode | null = null;
    let bestText = 0;
    for (const el of matches) {
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
