// Text: block elements one per line, data tables one row per line, then boilerplate lines out.
import { BLOCK_TAGS, clean, type DomNode, elementsInOrder, textContent } from './dom.js';
import { alternation, DATE_PATTERN, escapeRegExp, WEEKDAY } from './patterns.js';
import { lineRules } from './rules.js';
import type { Page } from './zones.js';

/** Lines up to this length that recur (photo captions, "Czytaj więcej") are kept once. */
export const MAX_REPEATED_LINE = 120;
/** A short line met this many times in the body (a gallery's captions) is dropped everywhere. */
export const MIN_DROPPED_REPEATS = 3;

/** A data table's cells are short; a cell holding more is a layout table's column. */
const MAX_TABLE_CELL_CHARS = 300;
const SOFT_BREAK = '\u2028'; // Stands for <br> inside a line until the line is split.
const SENTENCE_END = /[.!?:;…]$/u;
const STARTS_LOWER = /^\p{Ll}/u;
const HAS_WORD = /[\p{L}\p{N}]/u;
const DECORATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
const SEGMENT_SEPARATOR = /\s[|•·]\s/u;

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

export function bodyLines(root: DomNode, page: Page, title: string, dateLine: DomNode | null): string[] {
  const lines = blockLines(root, (node) => page.zones.has(node) || node === dateLine).filter((line) => !isBoilerplateLine(line));
  const titleKey = title.toLowerCase();
  return dropRepeatedLines(lines).filter((line) => line.toLowerCase() !== titleKey);
}

/**
 * Text of block elements, one per line, inline whitespace collapsed; <br> breaks a line unless it
 * only wraps a sentence; a data table gives one line per row, its cells joined by " | ".
 */
export function blockLines(root: DomNode, skip: (node: DomNode) => boolean): string[] {
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
