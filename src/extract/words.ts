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
      words.push({
        ...t,
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

// Readings are memoised across documents; the cap keeps memory flat on long runs.
const READINGS_CAP = 200_000;
let readingCache = new Map<string, Analysis[]>();

/** Dictionary readings of a word (guesses only when the dictionary has none). */
export function readings(text: string): Analysis[] {
  let r = readingCache.get(text);
  if (r === undefined) {
    if (readingCache.size >= READINGS_CAP) readingCache = new Map();
    const all = analyze(text);
    const known = all.filter((a) => !a.guessed);
    r = known.length ? known : all;
    readingCache.set(text, r);
  }
  return r;
}

let lemmaCache = new Map<string, ReadonlySet<string>>();

/** Lower-case lemmas the dictionary gives the word (no guesses); memoised, do not modify. */
export function lemmasOf(word: Word | string): ReadonlySet<string> {
  const text = typeof word === 'string' ? word : word.text;
  let set = lemmaCache.get(text);
  if (!set) {
    if (lemmaCache.size >= READINGS_CAP) lemmaCache = new Map();
    set = new Set(readings(text).filter((a) => !a.guessed).map((a) => a.lemma.toLowerCase()));
    lemmaCache.set(text, set);
  }
  return set;
}

/** Singular readings whose lemma is a first name ("Dariuszem" → Dariusz): the start of a person's name. */
export function firstNameReadings(text: string): Analysis[] {
  return readings(text).filter((a) => a.tag.number.includes('sg') && isFirstName(a.lemma));
}

/** True when the word has any common (lower-case lemma) reading. */
export function hasCommonReading(text: string): boolean {
  return readings(text).some((a) => !a.guessed && !UPPER.test(a.lemma));
}

