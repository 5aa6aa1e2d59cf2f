// The word layer every extractor reads: tokens of each sentence with their offsets, sentence and
// paragraph, capitalisation, and (lazily, memoised) their dictionary readings.
import type { SegmentedDocument, Token } from '../schema.js';
import { tokenize } from '../segment/tokenize.js';
import { analyze, type Analysis } from '../lang/pl/morphology.js';
import { isFirstName } from '../lang/pl/names.js';

export interface Word extends Token {
  /** Position in DocumentWords.words. */
  index: number;
  sentence: number;
  paragraph: number;
  /** First word of its sentence: its capital says nothing about a proper name. */
  sentenceInitial: boolean;
  lower: string;
  capitalised: boolean;
  allCaps: boolean;
}

export interface SentenceWords {
  start: number;
  end: number;
  paragraph: number;
  /** Range of indices in DocumentWords.words: [first, last). */
  first: number;
  last: number;
}

export interface DocumentWords {
  text: string;
  words: Word[];
  sentences: SentenceWords[];
}

const UPPER = /^\p{Lu}/u;

export function buildWords(seg: SegmentedDocument): DocumentWords {
  const text = seg.doc.text;
  const words: Word[] = [];
  const sentences: SentenceWords[] = [];
  seg.sentences.forEach((s, si) => {
    const first = words.length;
    let initial = true;
    for (const t of tokenize(text, s.start, s.end)) {
      const lower = t.text.toLowerCase();
      const isWord = t.kind === 'word';
      // Fields listed, not spread from the token (`...t`): with the spread, V8 (Node 20) built the
      // words some 30 times slower, and extraction as a whole ran half as fast.
      words.push({
        text: t.text,
        start: t.start,
        end: t.end,
        kind: t.kind,
        index: words.length,
        sentence: si,
        paragraph: s.paragraph,
        sentenceInitial: isWord && initial,
        lower,
        capitalised: isWord && UPPER.test(t.text),
        allCaps: isWord && t.text.length > 1 && t.text === t.text.toUpperCase() && lower !== t.text,
      });
      // Opening quotes, dashes and bullets before the first word do not end the sentence start.
      if (isWord || t.kind === 'number') initial = false;
    }
    sentences.push({ start: s.start, end: s.end, paragraph: s.paragraph, first, last: words.length });
  });
  return { text, words, sentences };
}

/** What the dictionary says of one spelling; the views derived from its readings are filled when first asked for. */
interface Entry {
  readings: Analysis[];
  lemmas: ReadonlySet<string> | undefined;
  firstNames: Analysis[] | undefined;
}

// Memoised across documents, one entry per spelling; the cap keeps memory flat on long runs.
const CACHE_CAP = 200_000;
let cache = new Map<string, Entry>();

function entryOf(text: string): Entry {
  let e = cache.get(text);
  if (e === undefined) {
    if (cache.size >= CACHE_CAP) cache = new Map();
    const all = analyze(text);
    const known = all.filter((a) => !a.guessed);
    e = { readings: known.length ? known : all, lemmas: undefined, firstNames: undefined };
    cache.set(text, e);
  }
  return e;
}

/** Dictionary readings of a word (guesses only when the dictionary has none); memoised, do not modify. */
export function readings(text: string): Analysis[] {
  return entryOf(text).readings;
}

/** Lower-case lemmas the dictionary gives the word (no guesses); memoised, do not modify. */
export function lemmasOf(word: Word | string): ReadonlySet<string> {
  const e = entryOf(typeof word === 'string' ? word : word.text);
  return e.lemmas ??= new Set(e.readings.filter((a) => !a.guessed).map((a) => a.lemma.toLowerCase()));
}

/**
 * Singular readings whose lemma is a first name ("Dariuszem" → Dariusz): the start of a person's
 * name. Memoised (every extractor asks of capitalised words), do not modify.
 */
export function firstNameReadings(text: string): Analysis[] {
  const e = entryOf(text);
  return e.firstNames ??= e.readings.filter((a) => a.tag.number.includes('sg') && isFirstName(a.lemma));
}

/** The word as written (lower case) or one of its lemmas is in `set`; false for numbers and punctuation. */
export function isFormOrLemmaIn(w: Word | undefined, set: ReadonlySet<string>): boolean {
  if (!w || w.kind !== 'word') return false;
  if (set.has(w.lower)) return true;
  for (const l of lemmasOf(w)) if (set.has(l)) return true;
  return false;
}

/** True when the word has any common (lower-case lemma) reading. */
export function hasCommonReading(text: string): boolean {
  return readings(text).some((a) => !a.guessed && !UPPER.test(a.lemma));
}

/** Index of the word starting at `start` (words are in text order), or -1. */
export function wordStartingAt(dw: DocumentWords, start: number): number {
  const words = dw.words;
  let lo = 0;
  let hi = words.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid].start < start) lo = mid + 1;
    else if (words[mid].start > start) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** Word range [first, last) of a mention's characters, or undefined when no word starts it. */
export function wordRange(dw: DocumentWords, start: number, end: number): [number, number] | undefined {
  const first = wordStartingAt(dw, start);
  if (first < 0) return undefined;
  let last = first;
  while (last < dw.words.length && dw.words[last].end <= end) last++;
  return last > first ? [first, last] : undefined;
}
