// Date extraction: rules are regexes built once from small templates and the month data in
// rules/months.json, run per paragraph; overlapping matches keep the longest; a date without a
// year takes it from its paragraph, the publication date or the nearest preceding dated mention.
import { z } from 'zod';
import type { DatePrecision, DateRecord, Mention, Paragraph } from '../schema.js';
import monthsJson from './rules/months.json' with { type: 'json' };

// ---------------------------------------------------------------------------------------------
// Month data, checked on load

const MONTHS_FILE = 'src/extract/rules/months.json';
const Word = z.string().regex(/^\p{Ll}+$/u, 'expected one lower-case word');
const Roman = z.string().regex(/^[IVX]+$/, 'expected an upper-case Roman numeral');
const MonthsFileSchema = z.object({
  source: z.string().min(1),
  months: z.array(z.object({
    month: z.number().int().min(1).max(12),
    roman: Roman,
    forms: z.object({ nominative: Word, genitive: Word, locative: Word, instrumental: Word }),
    abbreviations: z.array(Word),
  })).length(12),
  periods: z.array(z.object({
    unit: Word,
    forms: z.array(Word).min(1),
    parts: z.array(z.tuple([z.number().int().min(1).max(12), z.number().int().min(1).max(12)])).min(1),
  })),
  ordinals: z.array(z.object({ n: z.number().int().min(1), roman: Roman, words: z.array(Word) })),
  seasons: z.array(Word),
});
type MonthsFile = z.infer<typeof MonthsFileSchema>;

function loadMonths(raw: unknown): MonthsFile {
  const parsed = MonthsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `- ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`${MONTHS_FILE}: invalid month data, fix these entries:\n${issues}`);
  }
  return parsed.data;
}

const MONTHS = loadMonths(monthsJson);

// Scraped text often loses Polish diacritics, so every form also matches without them.
const FOLD: Record<string, string> = { ą: 'a', ć: 'c', ę: 'e', ł: 'l', ń: 'n', ó: 'o', ś: 's', ź: 'z', ż: 'z' };
const fold = (w: string): string => w.replace(/[ąćęłńóśźż]/g, (c) => FOLD[c] ?? c);

/** Adds `word` (and its folded spelling) to `map`; a word meaning two things is a data error. */
function addWord<T>(map: Map<string, T>, word: string, value: T, what: string): void {
  for (const w of new Set([word, fold(word)])) {
    const had = map.get(w);
    if (had !== undefined && had !== value) {
      throw new Error(`${MONTHS_FILE}: "${w}" is listed for two ${what}s (${String(had)} and ${String(value)}); keep it in one`);
    }
    map.set(w, value);
  }
}

const monthByName = new Map<string, number>();
const monthByLocative = new Map<string, number>();
const monthByAbbreviation = new Map<string, number>();
const monthByRoman = new Map<string, number>();
for (const m of MONTHS.months) {
  for (const form of Object.values(m.forms)) addWord(monthByName, form, m.month, 'month');
  addWord(monthByLocative, m.forms.locative, m.month, 'month');
  for (const a of m.abbreviations) addWord(monthByAbbreviation, a, m.month, 'month');
  addWord(monthByRoman, m.roman, m.month, 'month');
}
if (monthByRoman.size !== 12) throw new Error(`${MONTHS_FILE}: each month 1-12 must be listed once`);
const ordinalByWord = new Map<string, number>();
for (const o of MONTHS.ordinals) {
  addWord(ordinalByWord, o.roman, o.n, 'ordinal');
  for (const w of o.words) addWord(ordinalByWord, w, o.n, 'ordinal');
}
const periodPartsByForm = new Map<string, [number, number][]>();
for (const p of MONTHS.periods) for (const f of p.forms) addWord(periodPartsByForm, f, p.parts, 'period');

// ---------------------------------------------------------------------------------------------
// Regex fragments. Every fragment is a literal alternation or a class with bounded repetition,
// so each rule runs in linear time over a paragraph.

/** Years outside this window are not taken (a bare "2500" is a count, not a year). */
const YEAR_MIN = 1900;
const YEAR_MAX = 2100;
/** A date without a year may lie this far after publication ("reports speak of the past or near future"). */
const PUBLICATION_LOOKAHEAD_MS = 183 * 86_400_000;

// Letters for word boundaries. Latin only, and no `u` flag: with `iu` V8 runs a literal
// alternation such as the month names five times slower.
const LETTER_RANGES = 'A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F';
const NOT_AFTER_LETTER = `(?<![${LETTER_RANGES}])`;
const NOT_BEFORE_LETTER = `(?![${LETTER_RANGES}])`;

const escape = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Longest first, so that "marca" is tried before "mar". */
const alternation = (words: Iterable<string>): string =>
  [...new Set(words)].sort((a, b) => b.length - a.length || a.localeCompare(b)).map(escape).join('|');

const NAMES = alternation(monthByName.keys());
const ABBREVIATIONS = alternation(monthByAbbreviation.keys());
const ROMANS = alternation(monthByRoman.keys());

type Fragment = { body: string; before?: string; after?: string };
/** A whole word from an alternation, not part of a longer one. */
const word = (body: string): Fragment => ({ body, before: NOT_AFTER_LETTER, after: NOT_BEFORE_LETTER });
/** Digits that are not part of a longer number. */
const digits = (body: string): Fragment => ({ body, before: '(?<!\\d)', after: '(?!\\d)' });
// "r." "roku" "rok" after a year, "rr." after a range of years.
const YEAR_MARK = `\\s{0,2}(?:rr?\\.|(?:roku|rok|r)${NOT_BEFORE_LETTER})`;

/** `{KEY}` or `{KEY:group}` in a rule pattern; the body goes into a named group when asked. */
const FRAGMENTS: Record<string, Fragment> = {
  // A document or file reference: letters, digits and separators.
  REF: { body: `[${LETTER_RANGES}\\d./-]{1,40}` },
  S: { body: '\\s{1,3}' },
  S0: { body: '\\s{0,3}' },
  DASH: { body: '\\s{0,3}[-‐‑‒–—−]\\s{0,3}' },
  YDASH: { body: '\\s{0,3}[-‐‑‒–—−/]\\s{0,3}' },
  YM: { body: YEAR_MARK },
  YMO: { body: `(?:${YEAR_MARK})?` },
  D: digits('\\d{1,2}'),
  MM: digits('\\d{1,2}'),
  Y: digits('\\d{4}'),
  M: word(`${NAMES}|${ROMANS}|(?:${ABBREVIATIONS})\\.?`),
  MN: word(NAMES),
  ML: word(alternation(monthByLocative.keys())),
  MR: word(ROMANS),
  P: word(alternation(ordinalByWord.keys())),
  PU: word(alternation(periodPartsByForm.keys())),
  SEASON: word(alternation(MONTHS.seasons.flatMap((s) => [s, fold(s)]))),
};

function compile(id: string, pattern: string): RegExp {
  const source = pattern.replace(/\{([A-Z][A-Z0-9]*)(?::([a-z]+))?\}/g, (_, key: string, group: string | undefined, at: number) => {
    const f = FRAGMENTS[key];
    if (!f) throw new Error(`date rule ${id}: unknown fragment {${key}}`);
    const body = group ? `(?<${group}>${f.body})` : `(?:${f.body})`;
    // A leading lookbehind stops V8 from skipping ahead to the first character; the start of a
    // match is checked by startsInsideToken instead.
    return `${at === 0 ? '' : f.before ?? ''}${body}${f.after ?? ''}`;
  });
  return new RegExp(source, 'gi');
}

// ---------------------------------------------------------------------------------------------
// Rules. Groups: sd/sm/sy = start day/month/year, ed/em/ey = end; a missing end part is taken
// from the start and the other way round. Words that only announce a date ("w", "w latach", "rok")
// go in `pre` and stay out of the mention; words that join the ends of a range ("od … do",
// "przełom … i", "między … a") are part of it.

interface Point { y: number | null; m: number | null; d: number | null }
interface Parts { start: Point; end: Point; precision: DatePrecision }
type Groups = Record<string, string | undefined>;

interface RuleSpec {
  id: string;
  pattern: string;
  /** Claims its span so that no date is read inside it ("nr 12/2012", "godz. 10.30"). */
  skip?: boolean;
  build?: (g: Groups) => Parts | null;
}

const RULE_SPECS: RuleSpec[] = [
  // Not dates. Listed first: on a tie in length they win.
  { id: 'skip-time', skip: true, pattern: 'godz(?:\\.|ina|inie|iny)?{S0}\\d{1,2}[.:]\\d{2}(?:{DASH}\\d{1,2}[.:]\\d{2})?' },
  { id: 'skip-time-range', skip: true, pattern: '(?<![\\d.])\\d{1,2}[.:]\\d{2}{DASH}\\d{1,2}[.:]\\d{2}(?!\\d|\\.\\d)' },
  { id: 'skip-document-number', skip: true, pattern: '(?:nr|numer|sygn\\.|sygnatura){S0}{REF}' },
  { id: 'skip-street', skip: true, pattern: '(?:ul\\.|ulicy|ulica|al\\.|alei|aleja|pl\\.|placu|plac|os\\.|osiedlu|osiedle){S0}{D}{S}{MN}' },
  // Seasons are not exact periods: skip them with their year.
  { id: 'skip-season', skip: true, pattern: '{SEASON}{S}{Y}{YMO}' },

  // Day ranges.
  { id: 'day-range-od-do-cross-month', pattern: 'od{S}{D:sd}{S}{M:sm}(?:{S}{Y:sy}{YMO})?{S}do{S}{D:ed}{S}{M:em}(?:{S}{Y:ey}{YMO})?' },
  { id: 'day-range-od-do-numeric', pattern: 'od{S}{D:sd}\\.{MM:sm}(?:\\.(?:{Y:sy}{YMO})?)?{S}do{S}{D:ed}\\.{MM:em}\\.{Y:ey}{YMO}' },
  { id: 'day-range-between', pattern: '(?:po)?między{S}{D:sd}{S}a{S}{D:ed}{S}{M:em}(?:{S}{Y:ey}{YMO})?' },
  { id: 'day-range-od-do', pattern: 'od{S}{D:sd}{S}do{S}{D:ed}{S}{M:em}(?:{S}{Y:ey}{YMO})?' },
  { id: 'day-range-cross-month', pattern: '{D:sd}{S}{M:sm}(?:{S}{Y:sy}{YMO})?{DASH}{D:ed}{S}{M:em}(?:{S}{Y:ey}{YMO})?' },
  { id: 'day-range', pattern: '{D:sd}{DASH}{D:ed}{S}{M:em}(?:{S}{Y:ey}{YMO})?' },
  { id: 'day-range-numeric-cross-month', pattern: '{D:sd}\\.{MM:sm}(?:\\.(?:{Y:sy})?)?{DASH}{D:ed}\\.{MM:em}\\.{Y:ey}{YMO}' },
  { id: 'day-range-numeric', pattern: '{D:sd}{DASH}{D:ed}\\.{MM:em}\\.{Y:ey}{YMO}' },
  // Single days.
  { id: 'day-numeric', pattern: '{D:sd}(?<sep>[./-]){MM:sm}\\k<sep>{Y:sy}{YMO}' },
  { id: 'day-roman-dotted', pattern: '{D:sd}\\.\\s?{MR:sm}\\.\\s?{Y:sy}{YMO}' },
  { id: 'day-iso', pattern: '{Y:sy}-{MM:sm}-{D:sd}' },
  { id: 'day-month', pattern: '{D:sd}{S}{M:sm}(?:{S}{Y:sy}{YMO})?' },

  // Months and month ranges.
  { id: 'month-range-turn', pattern: 'przełom(?:ie|u)?{S}{MN:sm}(?:{S}{Y:sy}{YMO})?{S}(?:i|a){S}{MN:em}(?:{S}{Y:ey}{YMO})?' },
  { id: 'month-range-od-do', pattern: 'od{S}{MN:sm}(?:{S}{Y:sy}{YMO})?{S}do{S}{MN:em}(?:{S}{Y:ey}{YMO})?' },
  { id: 'month-range', pattern: '{MN:sm}(?:{S}{Y:sy}{YMO})?{DASH}{MN:em}(?:{S}{Y:ey}{YMO})?' },
  { id: 'month-year', pattern: '{MN:sm}{S}{Y:sy}{YMO}' },
  { id: 'month-numeric', pattern: '(?<![\\d.,/])(?<sm>0[1-9]|1[0-2])\\.{Y:sy}(?!\\.\\d){YMO}' },
  { id: 'month-in', pattern: '(?<pre>we?{S}){ML:sm}' },
  // Quarters and halves: exact month ranges.
  { id: 'period-year', pattern: '{P:pn}{S}{PU:pu}{S}{Y:sy}{YMO}', build: buildPeriod },

  // Years: only when marked as years, since a bare four-digit number may be a count.
  { id: 'year-range-turn', pattern: 'przełom(?:ie|u)?{S}{Y:sy}{YMO}{S}(?:i|a){S}{Y:ey}{YMO}' },
  { id: 'year-range-od-do', pattern: 'od{S}{Y:sy}{YMO}{S}do{S}{Y:ey}{YMO}' },
  { id: 'year-range-after-lata', pattern: '(?<pre>(?:latach|lata|lat){S}){Y:sy}{YDASH}{Y:ey}{YMO}' },
  { id: 'year-range-marked', pattern: '{Y:sy}{YDASH}{Y:ey}{YM}' },
  { id: 'year-marked', pattern: '{Y:sy}{YM}' },
  { id: 'year-after-marker', pattern: '(?<pre>(?:w|we|od|do|z|rok|roku){S}){Y:sy}' },
];

interface Rule { id: string; regex: RegExp; skip: boolean; build: (g: Groups) => Parts | null }

const RULES: Rule[] = RULE_SPECS.map((r) => ({
  id: r.id, regex: compile(r.id, r.pattern), skip: r.skip === true, build: r.build ?? buildFromGroups,
}));

/** Rule ids in priority order (earlier wins a tie in length). */
export const DATE_RULE_IDS: readonly string[] = RULES.map((r) => r.id);

// ---------------------------------------------------------------------------------------------
// Builders: groups → parts of a date, years possibly still unknown.

interface MonthToken { month: number; needsYear: boolean }

function monthOf(token: string): MonthToken | null {
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    return n >= 1 && n <= 12 ? { month: n, needsYear: false } : null;
  }
  // Case matters for Roman numerals only: "12 i 2012" is not April.
  const roman = monthByRoman.get(token);
  if (roman !== undefined) return { month: roman, needsYear: true };
  const word = token.toLowerCase();
  const name = monthByName.get(word);
  if (name !== undefined) return { month: name, needsYear: false };
  const abbreviation = monthByAbbreviation.get(word.endsWith('.') ? word.slice(0, -1) : word);
  return abbreviation !== undefined ? { month: abbreviation, needsYear: true } : null;
}

const num = (s: string | undefined): number | null => (s === undefined ? null : Number(s));

function buildFromGroups(g: Groups): Parts | null {
  const sm = g.sm === undefined ? null : monthOf(g.sm);
  const em = g.em === undefined ? null : monthOf(g.em);
  if ((g.sm !== undefined && !sm) || (g.em !== undefined && !em)) return null;
  // Roman numerals and abbreviations ("IV", "lis") are dates only beside an explicit year.
  if ((sm?.needsYear || em?.needsYear) && g.sy === undefined && g.ey === undefined) return null;
  const start: Point = { y: num(g.sy), m: (sm ?? em)?.month ?? null, d: num(g.sd) };
  const isRange = g.ed !== undefined || g.em !== undefined || g.ey !== undefined;
  const end: Point = isRange ? { y: num(g.ey), m: (em ?? sm)?.month ?? null, d: num(g.ed) ?? start.d } : { ...start };
  const precision: DatePrecision = start.d !== null ? 'day' : start.m !== null ? 'month' : 'year';
  return { start, end, precision };
}

function buildPeriod(g: Groups): Parts | null {
  const n = g.pn === undefined ? undefined : ordinalByWord.get(/^[IVX]+$/.test(g.pn) ? g.pn : g.pn.toLowerCase());
  const parts = g.pu === undefined ? undefined : periodPartsByForm.get(g.pu.toLowerCase());
  const months = n === undefined || !parts ? undefined : parts[n - 1];
  if (!months) return null;
  const y = num(g.sy);
  return { start: { y, m: months[0], d: null }, end: { y, m: months[1], d: null }, precision: 'month' };
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers

/** Compares month and day only; a missing day counts as 0. */
const compareInYear = (a: Point, b: Point): number => ((a.m ?? 0) - (b.m ?? 0)) || ((a.d ?? 0) - (b.d ?? 0));

/** Gives the start the end's year and the other way round, stepping over New Year when needed. */
function completeYears(p: Parts): void {
  if (p.start.y === null && p.end.y !== null) p.start.y = p.end.y - (compareInYear(p.start, p.end) > 0 ? 1 : 0);
  if (p.end.y === null && p.start.y !== null) p.end.y = p.start.y + (compareInYear(p.end, p.start) < 0 ? 1 : 0);
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isValidPoint(p: Point): boolean {
  if (p.y === null || p.y < YEAR_MIN || p.y > YEAR_MAX) return false;
  if (p.m === null) return p.d === null;
  if (p.m < 1 || p.m > 12) return false;
  if (p.d === null) return true;
  const days = p.m === 2 && isLeap(p.y) ? 29 : DAYS_IN_MONTH[p.m - 1];
  return p.d >= 1 && p.d <= days;
}

const pad = (n: number): string => String(n).padStart(2, '0');
function toIso(p: Point, precision: DatePrecision): string {
  const y = String(p.y);
  if (precision === 'year') return y;
  if (precision === 'month') return `${y}-${pad(p.m ?? 0)}`;
  return `${y}-${pad(p.m ?? 0)}-${pad(p.d ?? 0)}`;
}

const timeOf = (p: Point, y: number): number => Date.UTC(y, (p.m ?? 1) - 1, p.d ?? 1);

// ---------------------------------------------------------------------------------------------
// Matching per paragraph

interface Candidate {
  start: number;
  end: number;
  rule: number;
  parts: Parts | null;
}

const LETTER = new RegExp(`[${LETTER_RANGES}]`);
const DIGIT = /\d/;
/** A match may not begin inside a word or a number ("maja" in "Bemaja", "12" in "2012"). */
function startsInsideToken(s: string, i: number): boolean {
  if (i === 0) return false;
  const before = s[i - 1];
  const first = s[i];
  return (LETTER.test(before) && LETTER.test(first)) || (DIGIT.test(before) && DIGIT.test(first));
}

function matchParagraph(par: string, offset: number): Candidate[] {
  const found: Candidate[] = [];
  for (let r = 0; r < RULES.length; r++) {
    const rule = RULES[r];
    const re = rule.regex;
    re.lastIndex = 0;
    for (let m = re.exec(par); m !== null; m = re.exec(par)) {
      if (startsInsideToken(par, m.index)) {
        re.lastIndex = m.index + 1;
        continue;
      }
      const g: Groups = m.groups ?? {};
      const parts = rule.skip ? null : rule.build(g);
      if (!rule.skip && !parts) {
        // Rejected: let the same rule try again inside this span.
        re.lastIndex = m.index + 1;
        continue;
      }
      if (parts) completeYears(parts);
      const start = m.index + (g.pre?.length ?? 0);
      found.push({ start: offset + start, end: offset + m.index + m[0].length, rule: r, parts });
    }
  }
  return keepLongest(found, offset, par.length);
}

/**
 * Drops every match that overlaps a longer one (a range, not also its parts); ties go to the
 * earlier rule. Taken spans are marked character by character, so the cost stays linear.
 */
function keepLongest(found: Candidate[], offset: number, length: number): Candidate[] {
  if (found.length < 2) return found;
  found.sort((a, b) => (b.end - b.start) - (a.end - a.start) || a.rule - b.rule || a.start - b.start);
  const taken = new Uint8Array(length);
  const kept: Candidate[] = [];
  for (const c of found) {
    const from = c.start - offset;
    const to = c.end - offset;
    if (taken.subarray(from, to).includes(1)) continue;
    taken.fill(1, from, to);
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

// Sentence ends: ., ! or ? before a capital, except after common abbreviations ("ul. Piotrkowska").
const SENTENCE_END = /(?<!(?<!\p{L})(?:ul|al|pl|os|ok|godz|tel|nr|św|np|tj|dr|prof|mgr|inż|im|wg|tzw|ks|m\.in|ww))[.!?…]["”»)]{0,2}\s{1,5}(?=[\p{Lu}„"«])/gu;

/** Absolute offsets where the sentences of `paragraph` start. */
function sentenceStarts(text: string, paragraph: Paragraph): number[] {
  const starts = [paragraph.start];
  const par = text.slice(paragraph.start, paragraph.end);
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(par); m !== null; m = SENTENCE_END.exec(par)) starts.push(paragraph.start + m.index + m[0].length);
  return starts;
}

/** Index of the sentence holding `pos`, by binary search over `starts`. */
function sentenceAt(starts: number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= pos) lo = mid; else hi = mid - 1;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// Year resolution and records

interface Found extends Candidate { parts: Parts; paragraph: number; paragraphPos: number; explicit: boolean }

function findDates(text: string, paragraphs: Paragraph[]): Found[] {
  const all: Found[] = [];
  paragraphs.forEach((p, paragraphPos) => {
    for (const c of matchParagraph(text.slice(p.start, p.end), p.start)) {
      if (c.parts) all.push({ ...c, parts: c.parts, paragraph: p.index, paragraphPos, explicit: c.parts.start.y !== null });
    }
  });
  return all;
}

interface Publication { year: number; time: number }

function parsePublished(publishedAt: string | null): Publication | null {
  const m = publishedAt === null ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(publishedAt);
  if (!m) return null;
  return { year: Number(m[1]), time: Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) };
}

/**
 * Gives each date without a year the year of the nearest dated mention in its sentence, else in
 * its paragraph, else the publication year when that puts it at most ~6 months after publication,
 * else the event's year: the latest year of the document's dated days and months (a report looks
 * back on history but is written in the year of what it reports). Left null when none.
 */
function resolveYears(all: Found[], text: string, paragraphs: Paragraph[], published: Publication | null): void {
  let eventYear: number | null = null;
  for (const c of all) {
    if (c.explicit && c.parts.precision !== 'year' && typeof c.parts.end.y === 'number') eventYear = Math.max(eventYear ?? 0, c.parts.end.y);
  }
  // Next dated mention in the same paragraph, by index; found in one backward pass.
  const next = new Int32Array(all.length).fill(-1);
  for (let i = all.length - 2; i >= 0; i--) {
    if (all[i + 1].paragraphPos === all[i].paragraphPos) next[i] = all[i + 1].explicit ? i + 1 : next[i + 1];
  }
  let previous: Found | null = null; // nearest dated mention before, anywhere in the document
  let starts: { paragraphPos: number; offsets: number[] } | null = null;
  for (let i = 0; i < all.length; i++) {
    const c = all[i];
    if (c.explicit) {
      previous = c;
      continue;
    }
    const before = previous && previous.paragraphPos === c.paragraphPos ? previous : null;
    const after = next[i] >= 0 ? all[next[i]] : null;
    let year: number | null = null;
    if (before || after) {
      if (!starts || starts.paragraphPos !== c.paragraphPos) {
        starts = { paragraphPos: c.paragraphPos, offsets: sentenceStarts(text, paragraphs[c.paragraphPos]) };
      }
      year = nearestYear(c, before, after, starts.offsets);
    } else if (published && timeOf(c.parts.start, published.year) <= published.time + PUBLICATION_LOOKAHEAD_MS) {
      year = published.year;
    } else if (eventYear !== null) {
      year = eventYear;
    } else if (previous) {
      year = previous.parts.end.y;
    }
    c.parts.start.y = year;
    completeYears(c.parts);
  }
}

/** Year of the dated neighbour in the same sentence, else of the closer one. */
function nearestYear(c: Found, before: Found | null, after: Found | null, starts: number[]): number | null {
  const sentence = sentenceAt(starts, c.start);
  const inSentence = (o: Found | null): boolean => o !== null && sentenceAt(starts, o.start) === sentence;
  let pick = before ?? after;
  if (before && after) {
    if (inSentence(before) !== inSentence(after)) pick = inSentence(before) ? before : after;
    else pick = c.start - before.end <= after.start - c.end ? before : after;
  }
  if (!pick) return null;
  return pick === before ? pick.parts.end.y : pick.parts.start.y;
}

function toRecords(all: Found[], text: string): DateRecord[] {
  const records = new Map<string, DateRecord>();
  for (const c of all) {
    const { start: s, end: e, precision } = c.parts;
    // A date whose year stayed unknown is skipped: the schema requires a four-digit year.
    if (!isValidPoint(s) || !isValidPoint(e) || timeOf(s, s.y as number) > timeOf(e, e.y as number)) continue;
    const start = toIso(s, precision);
    const end = toIso(e, precision);
    const mention: Mention = { text: text.slice(c.start, c.end), start: c.start, end: c.end, paragraph: c.paragraph, rule: RULES[c.rule].id };
    const key = `${start}/${end}`;
    const record = records.get(key);
    if (record) record.mentions.push(mention);
    else records.set(key, { start, end, precision, text: mention.text, mentions: [mention] });
  }
  return [...records.values()];
}

/**
 * Dates in `text`, one record per distinct (start, end) with all its mentions, in order of first
 * mention. Only text inside `paragraphs` is read. A date whose year cannot be resolved from
 * context is skipped: the schema requires a four-digit year.
 */
export function extractDates(text: string, paragraphs: Paragraph[], context: { publishedAt: string | null }): DateRecord[] {
  const all = findDates(text, paragraphs);
  resolveYears(all, text, paragraphs, parsePublished(context.publishedAt));
  return toRecords(all, text);
}
