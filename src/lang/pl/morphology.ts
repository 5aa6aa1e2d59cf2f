/**
 * Word analysis on top of the dictionary: casing variants (sentence-initial
 * and ALL CAPS words) and, for unknown capitalised words, an ending-based
 * guesser for proper names learnt from the dictionary's own proper nouns.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDictionary, projectRoot, type Dictionary, type Reading } from './dictionary.js';
import { parseTag, type Tag } from './tags.js';

export interface Analysis {
  lemma: string;
  tag: Tag;
  /** True when the reading comes from the ending guesser, not the dictionary. */
  guessed: boolean;
}

export type CaseShape = 'lower' | 'capitalised' | 'upper' | 'other';

const isUpper = (ch: string): boolean => ch !== ch.toLowerCase() && ch === ch.toUpperCase();
const isLower = (ch: string): boolean => ch !== ch.toUpperCase() && ch === ch.toLowerCase();

/** 'upper' needs at least two letters, so "W" counts as capitalised. */
export function caseShape(word: string): CaseShape {
  let letters = 0;
  let lower = 0;
  for (const ch of word) {
    if (isLower(ch)) {
      letters++;
      lower++;
    } else if (isUpper(ch)) letters++;
  }
  const first = word.charAt(0);
  if (letters >= 2 && lower === 0) return 'upper';
  if (isUpper(first)) return 'capitalised';
  if (lower > 0 && isLower(first)) return 'lower';
  return 'other';
}

/** "BIELSKO-BIAŁA" → "Bielsko-Biała". */
export function titleCase(word: string): string {
  return word.toLowerCase().replace(/(^|[-'’])(\p{Ll})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** Spellings looked up for a word, in order: as written, then Title-case / lower-case. */
export function casingVariants(word: string): string[] {
  const shape = caseShape(word);
  const out = [word];
  const add = (w: string): void => {
    if (!out.includes(w)) out.push(w);
  };
  if (shape === 'capitalised') add(word.toLowerCase());
  else if (shape === 'upper') {
    add(titleCase(word));
    add(word.toLowerCase());
  }
  return out;
}

/**
 * Dictionary readings of the word under every casing variant; proper-name
 * readings (capitalised lemma) are kept as the dictionary spells them. If the
 * dictionary knows none and the word is capitalised, returns guesses instead.
 * `guesser`: undefined = the default one (loaded on first need), null = no guessing.
 */
export function analyze(word: string, dict: Dictionary = defaultDictionary(), guesser?: Guesser | null): Analysis[] {
  const out: Analysis[] = [];
  for (const variant of casingVariants(word)) addReadings(out, dict.lookup(variant));
  if (out.length > 0) return out;
  const shape = caseShape(word);
  if (shape !== 'capitalised' && shape !== 'upper') return out;
  const g = guesser === undefined ? defaultGuesser() : guesser;
  if (g === null) return out;
  for (const guess of g.guess(shape === 'upper' ? titleCase(word) : word)) {
    out.push({ lemma: guess.lemma, tag: parseTag(guess.tag), guessed: true });
  }
  return out;
}

/** Dictionary readings only, of the lower-cased word (common-word readings). */
export function analyzeLower(word: string, dict: Dictionary = defaultDictionary()): Analysis[] {
  const out: Analysis[] = [];
  addReadings(out, dict.lookup(word.toLowerCase()));
  return out;
}

function addReadings(out: Analysis[], readings: Reading[]): void {
  next: for (const r of readings) {
    for (const a of out) if (a.lemma === r.lemma && a.tag.raw === r.tag) continue next;
    out.push({ lemma: r.lemma, tag: parseTag(r.tag), guessed: false });
  }
}

// --- guesser -----------------------------------------------------------------

export const GUESSER_FORMAT = 1;

/**
 * Serialized guesser (resources/dictionary/guesser.json). For each word ending
 * (1..maxEnding chars) a flat list of [rewrite index, tag index, count]
 * triples, most frequent first. A rewrite "3:ów" means: drop 3 chars, append "ów".
 */
export interface GuesserData {
  format: number;
  maxEnding: number;
  rewrites: string[];
  tags: string[];
  endings: Record<string, number[]>;
  [extra: string]: unknown;
}

export interface Guess {
  lemma: string;
  tag: string;
  /** How many dictionary forms with this ending follow this rewrite and tag. */
  count: number;
}

export interface GuessOptions {
  /** Most lemma rewrites returned with a personal (m1, p1) tag: surnames, first names. */
  maxPersonal?: number;
  /** Most lemma rewrites returned with any other tag: places, institutions, things. */
  maxOther?: number;
  /** Within a class, drop rewrites seen less than this share of the class's best. */
  minShare?: number;
  /** Drop a whole class whose best is below this share of the overall best. */
  minClassShare?: number;
  /** Within a rewrite, drop tags seen less than this share of its best tag. */
  minTagShare?: number;
}

interface RuleGroup {
  rewrite: number;
  total: number;
  tags: Array<{ tag: number; count: number }>;
}

export class GuesserMissingError extends Error {
  override name = 'GuesserMissingError';
  constructor(readonly path: string) {
    super(`Proper-name guesser not found at ${path}. Run \`npm run build\` to generate it from the dictionary.`);
  }
}

export class Guesser {
  private readonly strip: Int32Array;
  private readonly append: string[];
  private readonly tags: string[];
  private readonly personalTag: boolean[];
  private readonly endings: Map<string, number[]>;
  readonly maxEnding: number;

  constructor(data: GuesserData) {
    if (data.format !== GUESSER_FORMAT) {
      throw new Error(`guesser format ${data.format}, expected ${GUESSER_FORMAT}; rebuild with \`npm run build\``);
    }
    this.maxEnding = data.maxEnding;
    this.strip = new Int32Array(data.rewrites.length);
    this.append = [];
    data.rewrites.forEach((rw, i) => {
      const colon = rw.indexOf(':');
      this.strip[i] = Number(rw.slice(0, colon));
      this.append.push(rw.slice(colon + 1));
    });
    this.tags = data.tags;
    this.personalTag = data.tags.map((t) => /:(m1|p1)(:|$)/.test(t));
    this.endings = new Map(Object.entries(data.endings));
  }

  static fromFile(path: string): Guesser {
    if (!existsSync(path)) throw new GuesserMissingError(path);
    return new Guesser(JSON.parse(readFileSync(path, 'utf8')) as GuesserData);
  }

  /**
   * Lemma/tag guesses for an unknown (capitalised) word by its longest known
   * ending, most frequent first. Personal names outnumber place names among
   * the dictionary's proper nouns about 4:1, so the two are ranked separately
   * and both kept: "Xowie" is as likely a family (Xowie → X) as a place (Xów, Xowo).
   */
  guess(word: string, options: GuessOptions = {}): Guess[] {
    const { maxPersonal = 2, maxOther = 3, minShare = 0.05, minClassShare = 0.02, minTagShare = 0.2 } = options;
    const chars = Array.from(word);
    if (chars.length < 3) return [];
    let rules: number[] | undefined;
    for (let len = Math.min(this.maxEnding, chars.length - 1); len >= 1 && !rules; len--) {
      rules = this.endings.get(chars.slice(-len).join(''));
    }
    if (!rules) return [];
    const personal = new Map<number, RuleGroup>();
    const other = new Map<number, RuleGroup>();
    for (let i = 0; i < rules.length; i += 3) {
      const rewrite = rules[i];
      // Keep at least two letters of the word so the lemma stays a name.
      if (this.strip[rewrite] > chars.length - 2) continue;
      const groups = this.personalTag[rules[i + 1]] ? personal : other;
      let g = groups.get(rewrite);
      if (!g) groups.set(rewrite, (g = { rewrite, total: 0, tags: [] }));
      g.total += rules[i + 2];
      g.tags.push({ tag: rules[i + 1], count: rules[i + 2] });
    }
    const ranked = (groups: Map<number, RuleGroup>, max: number): RuleGroup[] => {
      const list = [...groups.values()].sort((a, b) => b.total - a.total);
      return list.length === 0 ? [] : list.filter((g, i) => i < max && g.total >= list[0].total * minShare);
    };
    const p = ranked(personal, maxPersonal);
    const o = ranked(other, maxOther);
    const best = Math.max(p[0]?.total ?? 0, o[0]?.total ?? 0);
    const kept = [...(p.length && p[0].total >= best * minClassShare ? p : []), ...(o.length && o[0].total >= best * minClassShare ? o : [])];
    kept.sort((a, b) => b.total - a.total);
    const out: Guess[] = [];
    for (const g of kept) {
      const lemma = chars.slice(0, chars.length - this.strip[g.rewrite]).join('') + this.append[g.rewrite];
      const top = g.tags[0].count;
      for (const { tag, count } of g.tags) {
        if (count >= top * minTagShare) out.push({ lemma, tag: this.tags[tag], count });
      }
    }
    return out;
  }
}

export function defaultGuesserPath(): string {
  return join(projectRoot(), 'resources', 'dictionary', 'guesser.json');
}

let cachedGuesser: Guesser | undefined;

/** The guesser built by `npm run build`, loaded once per process. */
export function defaultGuesser(): Guesser {
  cachedGuesser ??= Guesser.fromFile(defaultGuesserPath());
  return cachedGuesser;
}
