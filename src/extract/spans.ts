// Small helpers shared by the extractors: mentions cut from word ranges, quotation marks, casing.
import type { Mention } from '../schema.js';
import type { DocumentWords, SentenceWords, Word } from './words.js';

/** The mention covering words [first, last): its text is exactly the document's slice. */
export function mentionOf(dw: DocumentWords, first: number, last: number, rule: string): Mention {
  const start = dw.words[first].start;
  const end = dw.words[last - 1].end;
  return { text: dw.text.slice(start, end), start, end, paragraph: dw.words[first].paragraph, rule };
}

/** The whole sentence as the mention: the evidence of a relation stated in it. */
export function sentenceMention(dw: DocumentWords, s: SentenceWords, rule: string): Mention {
  return { text: dw.text.slice(s.start, s.end), start: s.start, end: s.end, paragraph: s.paragraph, rule };
}

/** The document text of words [first, last), from the first's start to the last's end. */
export function textOf(dw: DocumentWords, first: number, last: number): string {
  return dw.text.slice(dw.words[first].start, dw.words[last - 1].end);
}

// Opening quotation marks and the closers each accepts: „…” „…“ "…" «…» »…« '…' ‘…’ “…”. A Map,
// not an object: `in` would take a word such as "constructor" for a key every object inherits.
const QUOTE_PAIRS = new Map<string, readonly string[]>([
  ['„', ['”', '“', '"']], ['"', ['"', '”', '“']], ['“', ['”', '"']], ['«', ['»']], ['»', ['«']], ["'", ["'", '’']],
  ['‘', ['’', "'"]], ['”', ['”']],
]);

/** Every quotation mark is one character: the length test spares the words a lookup. */
export function isOpeningQuote(text: string): boolean {
  return text.length === 1 && QUOTE_PAIRS.has(text);
}

const QUOTE_CHARS = /["„”“«»‘’']/gu;

/** Index of the quote that closes the one at `open`, within `maxWords` words; -1 when none. */
export function closingQuoteFor(words: Word[], open: number, end: number, maxWords = 14): number {
  const closers = QUOTE_PAIRS.get(words[open].text);
  if (!closers) return -1;
  for (let k = open + 1; k < end && k <= open + maxWords; k++) {
    if (closers.includes(words[k].text)) return k > open + 1 ? k : -1;
  }
  return -1;
}

export function stripQuotes(text: string): string {
  return text.replace(QUOTE_CHARS, '').replace(/\s+/g, ' ').trim();
}

// Function words stay lower-case inside a name: "Spółdzielnia Socjalna Osób Prawnych", "Zakład Pracy".
const LOWER_IN_NAMES = new Set(['i', 'w', 'we', 'z', 'ze', 'o', 'na', 'do', 'dla', 'pod', 'przy', 'oraz', 'rzecz', 'wezwaniem']);

export function titleCaseWords(text: string): string {
  return text.replace(/[\p{L}][\p{L}\p{M}'’-]*/gu, (w, offset: number) => {
    if (offset > 0 && LOWER_IN_NAMES.has(w.toLowerCase())) return w;
    if (w.length > 1 && w === w.toUpperCase()) return w;
    return w.charAt(0).toUpperCase() + w.slice(1);
  });
}
