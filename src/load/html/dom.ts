// What every step of the HTML loader reads of the parsed page: elements and text in document
// order, selection from the whole page, text cleaned to one line.
import type * as cheerio from 'cheerio';
import { normalizeText } from '../decode.js';

// Cheerio's (domhandler's) nodes, reduced to what the walks read.
export interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
  parent?: DomNode | null;
  prev?: DomNode | null;
  next?: DomNode | null;
}

export const BLOCK_TAGS = new Set([
  'address', 'article', 'blockquote', 'caption', 'center', 'dd', 'details', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'footer', 'hr',
  'legend', 'li', 'main', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot',
  'th', 'thead', 'tr', 'ul',
]);
export const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

export const isElement = (node: DomNode) => node.type === 'tag' || node.type === 'script' || node.type === 'style';

/** Elements under root (root first), in document order; iterative, so deep pages cannot overflow the stack. */
export function elementsInOrder(root: DomNode): DomNode[] {
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

/** All text under node (scripts and styles are not text nodes of tags, so they stay out). */
export function textContent(node: DomNode): string {
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

/**
 * Elements the selector matches in the whole page. Selecting from the document, never from a
 * large element: cheerio's find() compares every pair of the context's children.
 */
export function selectAll($: cheerio.CheerioAPI, selector: string): DomNode[] {
  return $(selector).toArray() as unknown as DomNode[];
}

/**
 * What each selector of a rule list matches, list order kept: one walk of the page for the whole
 * list, then each selector tested on the few elements it found, not one walk per selector. For
 * plain CSS only: cheerio's positional :first or :eq() would count within what the list found.
 */
export function selectEach($: cheerio.CheerioAPI, selectors: string[]): DomNode[][] {
  const found = $(selectors.join(', '));
  return selectors.map((selector) => (found.length ? found.filter(selector).toArray() as unknown as DomNode[] : []));
}

export function isWithin(node: DomNode, ancestor: DomNode): boolean {
  for (let a: DomNode | null | undefined = node; a; a = a.parent) if (a === ancestor) return true;
  return false;
}

export function clean(text: string): string {
  return normalizeText(text, { preserveOffsets: false }).replace(/\s+/g, ' ').trim();
}
