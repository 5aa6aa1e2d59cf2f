// Segment stage: every line is a paragraph; sentences are split by one scan over each paragraph.
import { z } from 'zod';
import type { LoadedDocument, Paragraph, SegmentedDocument, Sentence } from '../schema.js';
import abbreviationsJson from './abbreviations.json' with { type: 'json' };
import { isDigit, isLetter, isSpace, isUpper } from './tokenize.js';

export { tokenize } from './tokenize.js';

const EntrySchema = z.string().min(1).regex(/^[\p{Ll}.]+$/u, 'lower case letters and dots only');
const GroupSchema = z.object({ _why: z.string(), entries: z.array(EntrySchema) });
const AbbreviationsSchema = z.object({
  _source: z.string(),
  neverFinal: GroupSchema,
  finalBeforeCapital: GroupSchema,
  finalBeforeStarter: GroupSchema,
  sentenceStarters: z.object({ _why: z.string(), entries: z.array(z.string().regex(/^\p{Lu}\p{Ll}*$/u)) }),
}).superRefine((data, ctx) => {
  const seen = new Set<string>();
  for (const group of ['neverFinal', 'finalBeforeCapital', 'finalBeforeStarter'] as const) {
    for (const entry of data[group].entries) {
      if (seen.has(entry)) ctx.addIssue({ code: 'custom', message: `unexpected duplicate entry "${entry}"`, path: [group] });
      seen.add(entry);
    }
  }
});

type AbbreviationKind = 'neverFinal' | 'finalBeforeCapital' | 'finalBeforeStarter';

const abbreviations = AbbreviationsSchema.parse(abbreviationsJson);
const ABBREVIATION_KIND = new Map<string, AbbreviationKind>();
for (const kind of ['neverFinal', 'finalBeforeCapital', 'finalBeforeStarter'] as const) {
  for (const entry of abbreviations[kind].entries) ABBREVIATION_KIND.set(entry, kind);
}
const SENTENCE_STARTERS = new Set(abbreviations.sentenceStarters.entries);

/** Longest letters-and-dots run looked at before a full stop ("m.st.", "sp. z o.o." pieces). */
const MAX_ABBREVIATION = 12;
/** Longest word looked at after 'r.' / 'w.' to test it against sentenceStarters. */
const MAX_STARTER = 16;
/** Longest whitespace-free chunk searched for "@", "/" or "www." (URLs and e-mails). */
const MAX_URL_LOOKBACK = 256;
/** Longest list marker at a paragraph start: "12.", "XIV.". */
const MAX_LIST_MARKER = 6;

// . ! ? …
const isTerminator = (code: number) => code === 0x2e || code === 0x21 || code === 0x3f || code === 0x2026;
const CLOSERS = new Set(['”', '"', '»', '’', "'", ')', ']', '}', '“']);
const OPENERS = new Set(['„', '“', '"', '«', '(', '[', '‘', "'", '‚', '{']);
const WORD_JOINERS = new Set(['-', '‐', '‑', "'", '’', 'ʼ']);
const ROMAN = /^[IVXLCDM]+$/;

export function segment(doc: LoadedDocument): SegmentedDocument {
  const paragraphs = splitParagraphs(doc.text);
  const sentences: Sentence[] = [];
  for (const p of paragraphs) splitSentences(doc.text, p, sentences);
  return { doc, paragraphs, sentences };
}

/** Every line is a paragraph, without its surrounding spaces; blank lines only separate. */
export function splitParagraphs(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let start = lineStart;
    let end = lineEnd;
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    if (end > start) paragraphs.push({ index: paragraphs.length, start, end, text: text.slice(start, end) });
    lineStart = lineEnd + 1;
  }
  return paragraphs;
}

/** Appends the sentences of one paragraph to `out`, scanning its characters once. */
export function splitSentences(text: string, paragraph: Paragraph, out: Sentence[] = []): Sentence[] {
  const { start: pStart, end: pEnd, index } = paragraph;
  let sentenceStart = pStart;
  let i = pStart;
  while (i < pEnd) {
    if (!isTerminator(text.charCodeAt(i))) { i++; continue; }
    const runStart = i;
    while (i < pEnd && isTerminator(text.charCodeAt(i))) i++;
    const runEnd = i;
    while (i < pEnd && CLOSERS.has(text[i])) i++;
    const sentenceEnd = i;
    let next = i;
    while (next < pEnd && isSpace(text.charCodeAt(next))) next++;
    if (next === i || next >= pEnd) continue; // No space after it, or the paragraph ends anyway.
    if (!endsSentence(text, pStart, sentenceStart, runStart, runEnd, next, pEnd)) continue;
    out.push({ start: sentenceStart, end: sentenceEnd, paragraph: index });
    sentenceStart = next;
    i = next;
  }
  if (pEnd > sentenceStart) out.push({ start: sentenceStart, end: pEnd, paragraph: index });
  return out;
}

/**
 * Whether the terminators text[runStart, runEnd) end a sentence, the next sentence would start
 * at `next` (after whitespace). Looks back and ahead a bounded number of characters only.
 */
function endsSentence(text: string, pStart: number, sentenceStart: number, runStart: number, runEnd: number, next: number, pEnd: number): boolean {
  const nextCode = text.charCodeAt(next);
  const startsLikeSentence = isUpper(nextCode) || isDigit(nextCode) || OPENERS.has(text[next]);
  if (!startsLikeSentence) return false;
  const before = runStart > pStart ? text[runStart - 1] : '';
  // "(...)" and "[…]" mark an omission inside a sentence.
  if (before === '(' || before === '[') return false;
  // "!", "?", "…", "...", "?!" end a sentence when something sentence-like follows.
  if (runEnd - runStart > 1 || text[runStart] !== '.') return true;
  if (runStart === sentenceStart) return false; // A lone "." opening the sentence.
  if (isListMarker(text, pStart, runStart)) return false;
  if (isInUrl(text, pStart, runStart)) return true;
  const word = abbreviationBefore(text, pStart, runStart);
  // After a digit, bracket, quote or a long word: "w 2017. Potem", "(ul. X 1). Potem".
  if (!word) return true;
  const kind = ABBREVIATION_KIND.get(word.toLowerCase() + '.') ?? ABBREVIATION_KIND.get(word.toLowerCase());
  if (kind === 'neverFinal') return false;
  if (kind === 'finalBeforeCapital') return isUpper(nextCode) || OPENERS.has(text[next]);
  if (kind === 'finalBeforeStarter') return SENTENCE_STARTERS.has(wordAt(text, next, pEnd));
  // Initials: "J. Kowalski", "A.B. Nowak".
  if (isInitials(word)) return false;
  return true;
}

/**
 * The letters-and-dots run just before the full stop at `dot`, without that stop: "ul", "m.in",
 * "o.o", "r" in "2017r.". Empty when no letter precedes the stop, or the run is too long.
 */
function abbreviationBefore(text: string, pStart: number, dot: number): string {
  let from = dot;
  while (from > pStart && dot - from <= MAX_ABBREVIATION) {
    const c = text.charCodeAt(from - 1);
    if (isLetter(c) || c === 0x2e) from--;
    else break;
  }
  if (dot - from > MAX_ABBREVIATION) return ''; // A long word, not an abbreviation.
  // The end of a longer word: "Pop’n’art.", "Ja-Ty-My." are not "art.", "my.".
  if (from > pStart && WORD_JOINERS.has(text[from - 1])) return '';
  while (from < dot && text[from] === '.') from++;
  return text.slice(from, dot);
}

/** "J", "A.B", "j.k": single letters joined by dots. */
function isInitials(word: string): boolean {
  if (word.length % 2 === 0) return false;
  for (let k = 0; k < word.length; k++) {
    const code = word.charCodeAt(k);
    if (k % 2 === 0 ? !isLetter(code) : code !== 0x2e) return false;
  }
  return true;
}

/** "1." or "IV." alone at the paragraph start is a list marker, not a sentence. */
function isListMarker(text: string, pStart: number, dot: number): boolean {
  if (dot - pStart > MAX_LIST_MARKER || dot === pStart) return false;
  const marker = text.slice(pStart, dot);
  for (let k = 0; k < marker.length; k++) if (!isDigit(marker.charCodeAt(k))) return ROMAN.test(marker);
  return true;
}

/** Whether the full stop ends a URL or e-mail address ("www.rops.pl.", "biuro@fundacja.pl."). */
function isInUrl(text: string, pStart: number, dot: number): boolean {
  let from = dot;
  while (from > pStart && dot - from < MAX_URL_LOOKBACK && !isSpace(text.charCodeAt(from - 1))) from--;
  const chunk = text.slice(from, dot);
  return chunk.includes('@') || chunk.includes('/') || /^[(„"«]?www\./i.test(chunk);
}

/** The word starting at `at` (letters only, bounded), or '' when none starts there. */
function wordAt(text: string, at: number, pEnd: number): string {
  let end = at;
  while (end < pEnd && end - at < MAX_STARTER && isLetter(text.charCodeAt(end))) end++;
  return text.slice(at, end);
}
