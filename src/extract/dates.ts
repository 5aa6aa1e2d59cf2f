// Date extraction: rules are regexes built once from small templates and the word tables in
// rules/months.json and rules/dates-context.json, run per paragraph; overlapping matches keep the
// longest; a date without a year takes it from its sentence or paragraph, the publication date or
// the document's dates before it; the event a date's sentence names (rules/dates-events.json) is
// kept beside it.
import { z } from 'zod';
import type { DatePrecision, DateRecord, Mention, Paragraph, Token } from '../schema.js';
import { isNoun, type Case, type Number as GrammaticalNumber } from '../lang/pl/tags.js';
import { normalizePhrase } from '../lang/pl/normalize.js';
import { tokenize } from '../segment/tokenize.js';
import type { Analysis } from '../lang/pl/morphology.js';
import { readings } from './words.js';
import { readStamp, STAMP_LINE_WINDOW } from '../load/stamp.js';
import { speaksOfFuture, tensesOfSentence } from './tense.js';
import monthsJson from './rules/months.json' with { type: 'json' };
import contextJson from './rules/dates-context.json' with { type: 'json' };
import eventsJson from './rules/dates-events.json' with { type: 'json' };

// ---------------------------------------------------------------------------------------------
// Word tables, checked on load

const MONTHS_FILE = 'src/extract/rules/months.json';
const CONTEXT_FILE = 'src/extract/rules/dates-context.json';
const EVENTS_FILE = 'src/extract/rules/dates-events.json';
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

const ContextFileSchema = z.object({
  source: z.string().min(1),
  /** Words after which a number is a reference, not a day ("art. 15", "pkt 9"). */
  referenceWords: z.array(Word).min(1),
  /** Words after which a number is a count, not a year ("2000 osób", "2000 zł"). */
  countWords: z.array(Word).min(1),
  /** Words after which a Roman month with a year and no day is a date ("za IV 2012"). */
  romanMonthBefore: z.array(Word).min(1),
  /** Words after which a bare range of years is a programme's period ("w perspektywie 2007-2013"). */
  programmeWords: z.array(Word).min(1),
  /** Labels of a page's publication stamp ("Data publikacji: 16.12.2019"), not a reported date. */
  publicationLabels: z.array(z.string().regex(/^\p{Ll}+(?: \p{Ll}+)*$/u, 'expected lower-case words')).min(1),
  /** Words after a date without a year that place it against the publication year ("w marcu ub. roku"). */
  relativeYears: z.array(z.object({ offset: z.number().int().min(-1).max(1), phrases: z.array(z.string().min(2)).min(1) })).min(1),
  /** Lemmas of verbs of planning: a date in their sentence is still ahead ("zaplanowano na 16 grudnia"). */
  planningLemmas: z.array(Word).min(1),
  /** Weekday names, Monday first, in the forms written beside a date. */
  weekdays: z.array(z.array(Word).min(1)).length(7),
});

const EventsFileSchema = z.object({
  source: z.string().min(1),
  events: z.array(z.object({
    name: z.string().regex(/^\p{Ll}+$/u, 'expected the lower-case nominative'),
    gerundOf: Word.optional(),
    pluralOf: Word.optional(),
    complement: z.boolean().optional(),
  })).min(1),
  /** Event noun + next word that name an organisation instead ("Warsztaty Terapii Zajęciowej"). */
  notEvents: z.array(z.string().regex(/^\p{Ll}+ \p{Ll}+$/u, 'expected two lower-case words')),
});

function loadTable<T>(file: string, schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `- ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`${file}: invalid entries, fix these:\n${issues}`);
  }
  return parsed.data;
}

const MONTHS: MonthsFile = loadTable(MONTHS_FILE, MonthsFileSchema, monthsJson);
const CONTEXT = loadTable(CONTEXT_FILE, ContextFileSchema, contextJson);
const EVENTS = loadTable(EVENTS_FILE, EventsFileSchema, eventsJson);

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
const withFolded = (words: string[]): Set<string> => new Set(words.flatMap((w) => [w, fold(w)]));
const ROMAN_MONTH_BEFORE = withFolded(CONTEXT.romanMonthBefore);
const REFERENCE_WORDS = withFolded(CONTEXT.referenceWords);
const PROGRAMME_WORDS = withFolded(CONTEXT.programmeWords);

// ---------------------------------------------------------------------------------------------
// Regex fragments. Every fragment is a literal alternation or a class with bounded repetition,
// so each rule runs in linear time over a paragraph.

/** Years outside this window are not taken (a bare "2500" is a count, not a year). */
const YEAR_MIN = 1900;
const YEAR_MAX = 2100;
/**
 * Reports describe past events: a date without a year read in the publication year may lie at
 * most this far after publication ("zapraszamy 20 lipca"); further on, it is last year's.
 */
const PUBLICATION_LOOKAHEAD_MS = 61 * 86_400_000;
/** A programme's period is a few years ("2014–2020"), at most this many. */
const MAX_PROGRAMME_YEARS = 20;
/** Days and months in a list that share one month or year ("9, 16 i 23 września"). */
const MAX_LIST_ITEMS = 8;

// Letters for word boundaries. Latin only, and no `u` flag: with `iu` V8 runs a literal
// alternation such as the month names five times slower.
const LETTER_RANGES = 'A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F';
const NOT_AFTER_LETTER = `(?<![${LETTER_RANGES}])`;
const NOT_BEFORE_LETTER = `(?![${LETTER_RANGES}])`;

const escape = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Longest first, so that "marca" is tried before "mar". */
const alternation = (words: Iterable<string>): string =>
  [...new Set(words)].sort((a, b) => b.length - a.length || a.localeCompare(b)).map(escape).join('|');

/** "ub. roku" right after a date (after an optional "r."), with its offset in years. */
const RELATIVE_YEAR = new RegExp(`^\\s{0,3}(?:r\\.\\s{1,3})?(${alternation(CONTEXT.relativeYears.flatMap((r) => r.phrases)).replace(/ /g, '\\s{1,3}')})(?![\\p{L}])`, 'iu');
const offsetOfRelative = new Map(CONTEXT.relativeYears.flatMap((r) => r.phrases.map((p) => [p.toLowerCase(), r.offset] as const)));
/** A weekday in the few words before a date or in brackets after it: its index, Monday 0. */
const weekdayByForm = new Map(CONTEXT.weekdays.flatMap((forms, day) => forms.map((f) => [f, day] as const)));
const WEEKDAYS = alternation(weekdayByForm.keys());
const WEEKDAY_BEFORE = new RegExp(`(?:^|[^\\p{L}])(${WEEKDAYS})[\\s,.()–-]{1,4}(?:\\p{Ll}{1,5}\\.?\\s{1,3}){0,2}$`, 'iu');
const WEEKDAY_PAIR = new RegExp(`(?:^|[^\\p{L}])(?:${WEEKDAYS})\\s{1,3}(?:i|oraz|lub|a)\\s{1,3}(?:${WEEKDAYS})(?![\\p{L}])`, 'iu');
const WEEKDAY_AFTER = new RegExp(`^\\s{0,2}[(,–-]\\s{0,2}(${WEEKDAYS})(?![\\p{L}])`, 'iu');

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
  // "i", "oraz" before the last item of a list; a comma between the others.
  AND: { body: '\\s{1,3}(?:i|oraz)\\s{1,3}' },
  COMMA: { body: '\\s{0,2},\\s{0,3}' },
  YM: { body: YEAR_MARK },
  YMO: { body: `(?:${YEAR_MARK})?` },
  PUBLISHED: { body: alternation(CONTEXT.publicationLabels).replace(/ /g, '\\s{1,3}') },
  // A year followed by a count noun is a number of things ("do 2000 osób").
  NOTCOUNT: { body: `(?!\\s{0,3}(?:${alternation(withFolded(CONTEXT.countWords))})${NOT_BEFORE_LETTER})` },
  D: digits('\\d{1,2}'),
  MM: digits('\\d{1,2}'),
  Y: digits('\\d{4}'),
  M: word(`${NAMES}|${ROMANS}|(?:${ABBREVIATIONS})\\.?`),
  MN: word(NAMES),
  // The accusative of a month name is its nominative: "na październik", "za marzec".
  MA: word(alternation(MONTHS.months.flatMap((m) => [m.forms.nominative, fold(m.forms.nominative)]))),
  ML: word(alternation(monthByLocative.keys())),
  MG: word(alternation(MONTHS.months.flatMap((m) => [m.forms.genitive, fold(m.forms.genitive)]))),
  MR: word(ROMANS),
  P: word(alternation(ordinalByWord.keys())),
  PU: word(alternation(periodPartsByForm.keys())),
  SEASON: word(alternation(MONTHS.seasons.flatMap((s) => [s, fold(s)]))),
  WD: word(alternation(CONTEXT.weekdays.flat().flatMap((w) => [w, fold(w)]))),
};

function compile(id: string, pattern: string, indices: boolean): RegExp {
  const source = pattern.replace(/\{([A-Z][A-Z0-9]*)(?::([a-z]+))?\}/g, (_, key: string, group: string | undefined, at: number) => {
    const f = FRAGMENTS[key];
    if (!f) throw new Error(`date rule ${id}: unknown fragment {${key}}`);
    const body = group ? `(?<${group}>${f.body})` : `(?:${f.body})`;
    // A leading lookbehind stops V8 from skipping ahead to the first character; the start of a
    // match is checked by startsInsideToken instead.
    const leading = at === 0 || /^\(\?<[a-z]+>$/.test(pattern.slice(0, at));
    return `${leading ? '' : f.before ?? ''}${body}${f.after ?? ''}`;
  });
  return new RegExp(source, indices ? 'dgi' : 'gi');
}

// ---------------------------------------------------------------------------------------------
// Rules. Groups: sd/sm/sy = start day/month/year, ed/em/ey = end; a missing end part is taken
// from the start and the other way round. Words that only announce a date ("w", "w latach", "rok")
// go in `pre` and stay out of the mention; words that join the ends of a range ("od … do",
// "przełom … i", "między … a") are part of it. `list`: the items before the last one of a list
// ("9, 16" in "9, 16 i 23 września").

interface Point { y: number | null; m: number | null; d: number | null }
interface Parts { start: Point; end: Point; precision: DatePrecision }
type Groups = Record<string, string | undefined>;
/** One date read from a match, its offsets relative to the paragraph. */
interface Piece { from: number; to: number; parts: Parts }
/** A match as the builders see it; `at` gives where a named group starts (list rules only). */
interface Match { g: Groups; par: string; index: number; length: number; at: (group: string) => number }

interface RuleSpec {
  id: string;
  pattern: string;
  /** Claims its span so that no date is read inside it ("nr 12/2012", "godz. 10.30"). */
  skip?: boolean;
  build?: (m: Match) => Piece[] | null;
  /** The builder needs where its groups start (the `d` flag, kept off the other rules). */
  indices?: boolean;
}

const RULE_SPECS: RuleSpec[] = [
  // Not dates. Listed first: on a tie in length they win.
  { id: 'skip-time', skip: true, pattern: 'godz(?:\\.|ina|inie|iny)?{S0}\\d{1,2}[.:]\\d{2}(?:{DASH}\\d{1,2}[.:]\\d{2})?' },
  { id: 'skip-time-range', skip: true, pattern: '(?<![\\d.])\\d{1,2}[.:]\\d{2}{DASH}\\d{1,2}[.:]\\d{2}(?!\\d|\\.\\d)' },
  { id: 'skip-document-number', skip: true, pattern: '(?:nr|numer|sygn\\.|sygnatura){S0}{REF}' },
  { id: 'skip-street', skip: true, pattern: '(?:ul\\.|ulicy|ulica|al\\.|alei|aleja|pl\\.|placu|plac|os\\.|osiedlu|osiedle){S0}{D}{S}{MN}' },
  // The page's own publication stamp ("Data publikacji: 16.12.2019") is metadata, not a reported date.
  { id: 'skip-publication-stamp', skip: true, pattern: '(?:{PUBLISHED}){S0}:?{S0}(?:\\d{1,2}[./-]\\d{1,2}[./-]\\d{4}|\\d{4}-\\d{2}-\\d{2}|{D}{S}{M}{S}{Y})(?:{YMO})?' },
  // Seasons are not exact periods: skip them with their year.
  { id: 'skip-season', skip: true, pattern: '{SEASON}{S}{Y}{YMO}' },

  // Day ranges.
  { id: 'day-range-od-do-cross-month', pattern: 'od{S}(?:dnia{S})?{D:sd}{S}{M:sm}(?:{S}{Y:sy}{YMO})?{S}do{S}(?:dnia{S})?{D:ed}{S}{M:em}(?:{S}{Y:ey}{YMO})?' },
  { id: 'day-range-od-do-numeric', pattern: 'od{S}(?:dnia{S})?{D:sd}\\.{MM:sm}(?:\\.(?:{Y:sy}{YMO})?)?{S}do{S}(?:dnia{S})?{D:ed}\\.{MM:em}\\.{Y:ey}{YMO}' },
  { id: 'day-range-between', pattern: '(?:po)?między{S}{D:sd}{S}a{S}{D:ed}{S}{M:em}(?:{S}{Y:ey}{YMO})?' },
  { id: 'day-range-od-do', pattern: 'od{S}(?:dnia{S})?{D:sd}{S}do{S}(?:dnia{S})?{D:ed}{S}{M:em}(?:{S}{Y:ey}{YMO})?' },
  { id: 'day-range-cross-month', pattern: '{D:sd}{S}{M:sm}(?:{S}{Y:sy}{YMO})?{DASH}{D:ed}{S}{M:em}(?:{S}{Y:ey}{YMO})?' },
  { id: 'day-range', pattern: '{D:sd}{DASH}{D:ed}{S}{M:em}(?:{S}{Y:ey}{YMO})?' },
  { id: 'day-range-numeric-cross-month', pattern: '{D:sd}\\.{MM:sm}(?:\\.(?:{Y:sy})?)?{DASH}{D:ed}\\.{MM:em}\\.{Y:ey}{YMO}' },
  { id: 'day-range-numeric', pattern: '{D:sd}{DASH}{D:ed}\\.{MM:em}\\.{Y:ey}{YMO}' },
  // Days sharing a month: "9, 16 i 23 września 2021".
  { id: 'day-list', pattern: `(?<list>\\d{1,2}(?!\\d)(?:{COMMA}\\d{1,2}(?!\\d)){0,${MAX_LIST_ITEMS - 2}}){AND}{D:sd}{S}{M:sm}(?:{S}{Y:sy}{YMO})?`, build: buildDayList, indices: true },
  // Single days.
  { id: 'day-numeric', pattern: '{D:sd}(?<sep>[./-]){MM:sm}\\k<sep>{Y:sy}{YMO}' },
  { id: 'day-roman-dotted', pattern: '{D:sd}\\.\\s?{MR:sm}\\.\\s?{Y:sy}{YMO}' },
  { id: 'day-iso', pattern: '{Y:sy}-{MM:sm}-{D:sd}' },
  { id: 'day-month', pattern: '{D:sd}{S}{M:sm}(?:{S}{Y:sy}{YMO})?' },
  // A day heading without its year: "środa, 14.09"; the weekday says it is a date.
  { id: 'day-numeric-weekday', pattern: '(?<pre>{WD},?{S}){D:sd}\\.{MM:sm}(?![.,]?\\d)' },

  // Months and month ranges.
  { id: 'month-range-turn', pattern: 'przełom(?:ie|u)?{S}{MN:sm}(?:{S}{Y:sy}{YMO})?{S}(?:i|a){S}{MN:em}(?:{S}{Y:ey}{YMO})?' },
  { id: 'month-range-od-do', pattern: 'od{S}{MN:sm}(?:{S}{Y:sy}{YMO})?{S}do{S}{MN:em}(?:{S}{Y:ey}{YMO})?' },
  { id: 'month-range', pattern: '{MN:sm}(?:{S}{Y:sy}{YMO})?{DASH}{MN:em}(?:{S}{Y:ey}{YMO})?' },
  // Months sharing a year: "w maju i czerwcu 2020", "maj i czerwiec 2020".
  { id: 'month-list-in', pattern: `(?<pre>we?{S})(?<list>{ML}(?:{COMMA}{ML}){0,${MAX_LIST_ITEMS - 2}}){AND}{ML:sm}(?:{S}{Y:sy}{YMO})?`, build: buildMonthList, indices: true },
  { id: 'month-list', pattern: `(?<list>{MN}(?:{COMMA}{MN}){0,${MAX_LIST_ITEMS - 2}}){AND}{MN:sm}{S}{Y:sy}{YMO}`, build: buildMonthList, indices: true },
  { id: 'month-year', pattern: '{MN:sm}{S}{Y:sy}{YMO}' },
  { id: 'month-roman-year', pattern: '{MR:sm}{S}{Y:sy}{YMO}', build: buildRomanMonth },
  { id: 'month-numeric', pattern: '(?<![\\d.,/])(?<sm>0[1-9]|1[0-2])\\.{Y:sy}(?!\\.\\d){YMO}' },
  { id: 'month-in', pattern: '(?<pre>we?{S}){ML:sm}' },
  { id: 'month-for', pattern: '(?<pre>(?:na|za){S}){MA:sm}' },
  // "od listopada", "do końca stycznia": the month itself.
  { id: 'month-since-until', pattern: '(?<pre>(?:od|do|do{S}końca|od{S}początku|na{S}początku|w{S}połowie|pod{S}koniec|przed){S}){MG:sm}', build: buildLowerCaseMonth },
  // Quarters and halves: exact month ranges.
  { id: 'period-year', pattern: '{P:pn}{S}{PU:pu}{S}{Y:sy}{YMO}', build: buildPeriod },
  { id: 'period', pattern: '{P:pn}{S}{PU:pu}', build: buildPeriod },

  // Years: only when marked as years, since a bare four-digit number may be a count.
  { id: 'year-range-turn', pattern: 'przełom(?:ie|u)?{S}{Y:sy}{YMO}{S}(?:i|a){S}{Y:ey}{YMO}' },
  { id: 'year-range-od-do', pattern: 'od{S}{Y:sy}{YMO}{S}do{S}{Y:ey}{YMO}' },
  { id: 'year-range-after-lata', pattern: '(?<pre>(?:latach|lata|lat){S}){Y:sy}{YDASH}{Y:ey}{YMO}' },
  { id: 'year-range-marked', pattern: '{Y:sy}{YDASH}{Y:ey}{YM}' },
  // A programme's period after its name: "RPO WP 2014–2020", "w perspektywie 2007-2013".
  { id: 'year-range-programme', pattern: '{Y:sy}{DASH}{Y:ey}{YMO}', build: buildProgrammePeriod },
  // A school or academic year: "2019/2020".
  { id: 'year-range-school', pattern: '{Y:sy}/{Y:ey}{YMO}', build: buildSchoolYear },
  { id: 'year-marked', pattern: '{Y:sy}{YM}' },
  { id: 'year-after-marker', pattern: '(?<pre>(?:w|we|od|do|z|rok|roku){S}){Y:sy}{NOTCOUNT}' },
  { id: 'year-in-parentheses', pattern: '(?<pre>\\(){Y:sy}(?=\\))' },
];

interface Rule { id: string; regex: RegExp; skip: boolean; build: (m: Match) => Piece[] | null }

const RULES: Rule[] = RULE_SPECS.map((r) => ({
  id: r.id, regex: compile(r.id, r.pattern, r.indices === true), skip: r.skip === true, build: r.build ?? buildSingle,
}));

/** Rule ids in priority order (earlier wins a tie in length). */
export const DATE_RULE_IDS: readonly string[] = RULES.map((r) => r.id);

// ---------------------------------------------------------------------------------------------
// Builders: a match → the dates it gives, years possibly still unknown.

type MonthKind = 'name' | 'number' | 'roman' | 'abbreviation';
interface MonthToken { month: number; kind: MonthKind }

function monthOf(token: string): MonthToken | null {
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    return n >= 1 && n <= 12 ? { month: n, kind: 'number' } : null;
  }
  // Case matters for Roman numerals only: "12 i 2012" is not April.
  const roman = monthByRoman.get(token);
  if (roman !== undefined) return { month: roman, kind: 'roman' };
  const lower = token.toLowerCase();
  const name = monthByName.get(lower);
  if (name !== undefined) return { month: name, kind: 'name' };
  const abbreviation = monthByAbbreviation.get(lower.endsWith('.') ? lower.slice(0, -1) : lower);
  return abbreviation !== undefined ? { month: abbreviation, kind: 'abbreviation' } : null;
}

/**
 * Abbreviations ("lis") are months only beside a year; a Roman numeral beside a year or a day
 * ("9 IV"), except a lone "I", which in capitals is also the word "i".
 */
function isMonthReadable(t: MonthToken | null, hasDay: boolean, hasYear: boolean): boolean {
  if (t === null || hasYear || t.kind === 'name' || t.kind === 'number') return true;
  return t.kind === 'roman' && hasDay && t.month !== 1;
}

const num = (s: string | undefined): number | null => (s === undefined ? null : Number(s));

/** The whole match (less its `pre`) as one date. */
function wholeMatch(m: Match, parts: Parts): Piece[] {
  return [{ from: m.index + (m.g.pre?.length ?? 0), to: m.index + m.length, parts }];
}

function partsFromGroups(g: Groups): Parts | null {
  const sm = g.sm === undefined ? null : monthOf(g.sm);
  const em = g.em === undefined ? null : monthOf(g.em);
  if ((g.sm !== undefined && !sm) || (g.em !== undefined && !em)) return null;
  const hasYear = g.sy !== undefined || g.ey !== undefined;
  const hasDay = g.sd !== undefined;
  if (!isMonthReadable(sm, hasDay, hasYear) || !isMonthReadable(em, hasDay, hasYear)) return null;
  const start: Point = { y: num(g.sy), m: (sm ?? em)?.month ?? null, d: num(g.sd) };
  const isRange = g.ed !== undefined || g.em !== undefined || g.ey !== undefined;
  const end: Point = isRange ? { y: num(g.ey), m: (em ?? sm)?.month ?? null, d: num(g.ed) ?? start.d } : { ...start };
  const precision: DatePrecision = start.d !== null ? 'day' : start.m !== null ? 'month' : 'year';
  return { start, end, precision };
}

function buildSingle(m: Match): Piece[] | null {
  const parts = partsFromGroups(m.g);
  return parts && wholeMatch(m, parts);
}

function buildPeriod(m: Match): Piece[] | null {
  const { pn, pu } = m.g;
  const n = pn === undefined ? undefined : ordinalByWord.get(/^[IVX]+$/.test(pn) ? pn : pn.toLowerCase());
  const parts = pu === undefined ? undefined : periodPartsByForm.get(pu.toLowerCase());
  const months = n === undefined || !parts ? undefined : parts[n - 1];
  if (!months) return null;
  const y = num(m.g.sy);
  return wholeMatch(m, { start: { y, m: months[0], d: null }, end: { y, m: months[1], d: null }, precision: 'month' });
}

/** "od maja", not "od Maja Kowalskiej": a month name alone is written in lower case (or all capitals). */
function buildLowerCaseMonth(m: Match): Piece[] | null {
  const sm = m.g.sm ?? '';
  if (sm !== sm.toLowerCase() && sm !== sm.toUpperCase()) return null;
  return buildSingle(m);
}

/** "IV 2012": a month only after nothing, punctuation or a word that introduces a date. */
function buildRomanMonth(m: Match): Piece[] | null {
  const before = precedingWord(m.par, m.index).word;
  if (before !== '' && !ROMAN_MONTH_BEFORE.has(before.toLowerCase())) return null;
  return buildSingle(m);
}

function buildSchoolYear(m: Match): Piece[] | null {
  const sy = num(m.g.sy);
  const ey = num(m.g.ey);
  if (sy === null || ey !== sy + 1) return null;
  return wholeMatch(m, { start: { y: sy, m: null, d: null }, end: { y: ey, m: null, d: null }, precision: 'year' });
}

/** The word just before `index` and whether it opens its sentence; "" when punctuation or the start comes first. */
function precedingWord(par: string, index: number): { word: string; initial: boolean } {
  let end = index;
  while (end > 0 && /\s/.test(par[end - 1])) end--;
  let start = end;
  while (start > 0 && end - start < 40 && LETTER.test(par[start - 1])) start--;
  if (start === end) return { word: '', initial: false };
  let before = start;
  while (before > 0 && /\s/.test(par[before - 1])) before--;
  return { word: par.slice(start, end), initial: before === 0 || /[.!?…]/.test(par[before - 1]) };
}

/** "RPO WP 2014–2020", "Interreg Południowy Bałtyk 2014–2020": after a name (not the sentence's first word) or a programme word. */
function buildProgrammePeriod(m: Match): Piece[] | null {
  const sy = num(m.g.sy);
  const ey = num(m.g.ey);
  if (sy === null || ey === null || ey <= sy || ey - sy > MAX_PROGRAMME_YEARS) return null;
  const { word: before, initial } = precedingWord(m.par, m.index);
  const isName = before !== '' && before[0] !== before[0].toLowerCase() && !initial;
  if (!isName && !PROGRAMME_WORDS.has(before.toLowerCase())) return null;
  return wholeMatch(m, { start: { y: sy, m: null, d: null }, end: { y: ey, m: null, d: null }, precision: 'year' });
}

const LIST_ITEM_DAY = /\d{1,2}/g;
const LIST_ITEM_MONTH = new RegExp(`[${LETTER_RANGES}]+`, 'g');

/** The items of a `list` group with their offsets in the paragraph. */
function listItems(m: Match, item: RegExp): { text: string; from: number }[] {
  const at = m.at('list');
  return [...(m.g.list ?? '').matchAll(item)].map((x) => ({ text: x[0], from: at + (x.index ?? 0) }));
}

/**
 * "9, 16 i 23 września 2021": each day is its own date and its own mention, the earlier ones
 * just their number ("9"), the last one with the month and year all of them share. Days must
 * rise, or the numbers are something else ("strony 12 i 5 maja").
 */
function buildDayList(m: Match): Piece[] | null {
  const last = partsFromGroups(m.g);
  if (!last || last.start.d === null) return null;
  const items = listItems(m, LIST_ITEM_DAY);
  const days = [...items.map((i) => Number(i.text)), last.start.d];
  if (days.some((d, k) => k > 0 && d <= days[k - 1])) return null;
  const pieces: Piece[] = items.map((i, k) => ({
    from: i.from, to: i.from + i.text.length,
    parts: { start: { ...last.start, d: days[k] }, end: { ...last.start, d: days[k] }, precision: 'day' },
  }));
  pieces.push({ from: m.at('sd'), to: m.index + m.length, parts: last });
  return pieces;
}

/** "w maju i czerwcu 2020": two months, the first mentioned as "maju", the last with the year. */
function buildMonthList(m: Match): Piece[] | null {
  const last = partsFromGroups(m.g);
  if (!last || last.start.m === null) return null;
  const items = listItems(m, LIST_ITEM_MONTH);
  const months = [...items.map((i) => monthByName.get(i.text.toLowerCase()) ?? 0), last.start.m];
  if (months.some((x, k) => x === 0 || (k > 0 && x <= months[k - 1]))) return null;
  const pieces: Piece[] = items.map((i, k) => ({
    from: i.from, to: i.from + i.text.length,
    parts: { start: { ...last.start, m: months[k] }, end: { ...last.start, m: months[k] }, precision: 'month' },
  }));
  pieces.push({ from: m.at('sm'), to: m.index + m.length, parts: last });
  return pieces;
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
/** The last day a point covers: its day, the last of its month, or 31 December. */
const lastDayOf = (p: Point, y: number): number => (p.d !== null ? timeOf(p, y) : Date.UTC(y, p.m ?? 12, 0));

// ---------------------------------------------------------------------------------------------
// Matching per paragraph

interface Candidate {
  start: number;
  end: number;
  rule: number;
  /** The dates the match gives; null for a skip rule. */
  pieces: Piece[] | null;
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

/** A number after "art.", "pkt", "§" is a reference ("pkt 9 IV"), not a day. */
function isReferenceNumber(par: string, index: number): boolean {
  if (!DIGIT.test(par[index])) return false;
  let before = index;
  while (before > 0 && /\s/.test(par[before - 1])) before--;
  if (par[before - 1] === '.') before--;
  if (par[before - 1] === '§') return true;
  const { word } = precedingWord(par, before);
  return word !== '' && REFERENCE_WORDS.has(word.toLowerCase());
}

function matchParagraph(par: string, offset: number): Candidate[] {
  const found: Candidate[] = [];
  for (let r = 0; r < RULES.length; r++) {
    const rule = RULES[r];
    const re = rule.regex;
    re.lastIndex = 0;
    for (let m = re.exec(par); m !== null; m = re.exec(par)) {
      if (startsInsideToken(par, m.index) || isReferenceNumber(par, m.index)) {
        re.lastIndex = m.index + 1;
        continue;
      }
      const g: Groups = m.groups ?? {};
      const groupIndices = m.indices?.groups;
      const at = (group: string): number => groupIndices?.[group]?.[0] ?? -1;
      const pieces = rule.skip ? null : rule.build({ g, par, index: m.index, length: m[0].length, at });
      if (!rule.skip && !pieces?.length) {
        // Rejected: let the same rule try again inside this span.
        re.lastIndex = m.index + 1;
        continue;
      }
      for (const piece of pieces ?? []) completeYears(piece.parts);
      const start = m.index + (g.pre?.length ?? 0);
      found.push({ start: offset + start, end: offset + m.index + m[0].length, rule: r, pieces });
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

// Sentence ends: ., ! or ? before a capital (or a dash opening a quoted speech, then a capital),
// except after common abbreviations ("ul. Piotrkowska").
const SENTENCE_END = /(?<!(?<!\p{L})(?:ul|al|pl|os|ok|godz|tel|nr|św|np|tj|dr|prof|mgr|inż|im|wg|tzw|ks|m\.in|ww))[.!?…]["”»)]{0,2}\s{1,5}(?=(?:[–—-]\s{1,2})?[\p{Lu}„"«])/gu;

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

/** Sentence starts of each paragraph, computed when first asked for. */
class Sentences {
  private readonly starts = new Map<number, number[]>();
  constructor(private readonly text: string, private readonly paragraphs: Paragraph[]) {}

  startsOf(paragraphPos: number): number[] {
    let s = this.starts.get(paragraphPos);
    if (!s) {
      s = sentenceStarts(this.text, this.paragraphs[paragraphPos]);
      this.starts.set(paragraphPos, s);
    }
    return s;
  }

  /** [start, end) of the sentence holding `pos` in the paragraph at `paragraphPos`. */
  around(paragraphPos: number, pos: number): [number, number] {
    const starts = this.startsOf(paragraphPos);
    const k = sentenceAt(starts, pos);
    return [starts[k], k + 1 < starts.length ? starts[k + 1] : this.paragraphs[paragraphPos].end];
  }
}

// ---------------------------------------------------------------------------------------------
// Year resolution

interface Found { start: number; end: number; rule: number; parts: Parts; paragraph: number; paragraphPos: number; explicit: boolean }

function findDates(text: string, paragraphs: Paragraph[]): Found[] {
  const all: Found[] = [];
  paragraphs.forEach((p, paragraphPos) => {
    // The page's stamp beside its headline ("Aktualności | 28.06.2018") dates the page, not an event.
    if (paragraphPos < STAMP_LINE_WINDOW && readStamp(text.slice(p.start, p.end))) return;
    for (const c of matchParagraph(text.slice(p.start, p.end), p.start)) {
      for (const piece of c.pieces ?? []) {
        all.push({
          start: p.start + piece.from, end: p.start + piece.to, rule: c.rule, parts: piece.parts,
          paragraph: p.index, paragraphPos, explicit: piece.parts.start.y !== null,
        });
      }
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

/** A day or month whose year the text gives: what a date without a year is read against. */
const isAnchor = (c: Found): boolean => c.explicit && c.parts.precision !== 'year';

/** How many of the document's dated days and months before a date are weighed for its year. */
const MAX_ANCHORS_WEIGHED = 32;

/** What a date without a year is read against. */
interface YearContext {
  /** The nearest anchor before it in its paragraph, and after it (when that keeps their order). */
  before: Found | null;
  after: Found | null;
  /** The document's anchors before it, nearest last, and the first one after it. */
  anchorsBefore: Found[];
  later: Found | null;
  /** The nearest year-only date before it ("Raport za 2012 r."). */
  previousYear: Found | null;
  sentenceStarts: number[];
  published: Publication | null;
}

/**
 * Gives each date without a year the year its context gives (see yearFromContext). Anchors are
 * days and months whose year the text gives; years alone ("od 1957 r.", "do końca 2017 r.") are
 * background, not the year of an event, and lend their year only as the last resort.
 */
function resolveYears(all: Found[], sentences: Sentences, published: Publication | null): void {
  // Next anchor in the same paragraph and in the whole document, by index; one backward pass.
  const nextInParagraph = new Int32Array(all.length).fill(-1);
  const nextInDocument = new Int32Array(all.length).fill(-1);
  for (let i = all.length - 2; i >= 0; i--) {
    nextInDocument[i] = isAnchor(all[i + 1]) ? i + 1 : nextInDocument[i + 1];
    if (all[i + 1].paragraphPos === all[i].paragraphPos) nextInParagraph[i] = isAnchor(all[i + 1]) ? i + 1 : nextInParagraph[i + 1];
  }
  const anchorsBefore: Found[] = [];
  let previousYear: Found | null = null;
  for (let i = 0; i < all.length; i++) {
    const c = all[i];
    if (c.explicit) {
      if (isAnchor(c)) anchorsBefore.push(c);
      else previousYear = c;
      continue;
    }
    const previous = anchorsBefore.length ? anchorsBefore[anchorsBefore.length - 1] : null;
    const next = nextInParagraph[i] >= 0 ? all[nextInParagraph[i]] : null;
    c.parts.start.y = yearFromContext(c, {
      before: previous && previous.paragraphPos === c.paragraphPos ? previous : null,
      // A date written before its neighbour is not later than it in the neighbour's year ("na 9
      // listopada, a … w I kwartale 2011 r."): then the neighbour says nothing of its year.
      after: next && compareInYear(c.parts.end, next.parts.start) <= 0 ? next : null,
      anchorsBefore: anchorsBefore.slice(-MAX_ANCHORS_WEIGHED),
      later: nextInDocument[i] >= 0 ? all[nextInDocument[i]] : null,
      previousYear,
      sentenceStarts: sentences.startsOf(c.paragraphPos),
      published,
    });
    completeYears(c.parts);
  }
}

/**
 * In this order: the year of the nearest anchor in its sentence; else, with an anchor in its
 * paragraph, the year that puts it closest in time to one of the anchors before it or to the one
 * after it in its paragraph ("W dniach 16-19.06.2014" … "w październiku 2012 r." … "17 czerwca"
 * is 2014); else the publication year, or the year before when the publication year would put
 * it over ~2 months after publication (reports describe the past); else the closest year the
 * document's anchors before it give; else the year of the first anchor after it; else of a
 * single year before it. Null when nothing applies.
 */
function yearFromContext(c: Found, x: YearContext): number | null {
  const sentence = sentenceAt(x.sentenceStarts, c.start);
  const inSentence = (o: Found | null): Found | null => (o !== null && sentenceAt(x.sentenceStarts, o.start) === sentence ? o : null);
  const before = inSentence(x.before);
  const after = inSentence(x.after);
  if (before || after) return nearestYear(c, before, after);
  if (x.before || x.after) return closestYear(c.parts.start, x.after ? [...x.anchorsBefore, x.after] : x.anchorsBefore);
  if (x.published) return publicationYear(c.parts.start, x.published);
  if (x.anchorsBefore.length) return closestYear(c.parts.start, x.anchorsBefore);
  if (x.later) return x.later.parts.start.y;
  const single = x.previousYear;
  return single && single.parts.start.y === single.parts.end.y ? single.parts.start.y : null;
}

/**
 * What a date without a year is placed against when the page gives no publication date: the
 * document's first dated day or month, which is most often what it reports, less the two months
 * a deadline may come before it ("szkolenia w dn. 16-19.09.2009 … Zapisy do 10 września").
 */
function referenceOf(anchor: Found | null): Publication | null {
  if (!anchor) return null;
  const { start } = anchor.parts;
  return { year: start.y as number, time: timeOf(start, start.y as number) - PUBLICATION_LOOKAHEAD_MS };
}

/**
 * What the words beside a date without a year say of it, over what its neighbours say:
 * - a relative year ("w marcu ub. roku", against the publication year);
 * - a clause about the future ("nabór ruszy we wrześniu", "zaplanowano na 16 grudnia"): the
 *   first such date not before publication;
 * - a weekday ("w piątek, 13 marca": of the year inferred and the ones either side, the one it
 *   falls on a Friday).
 * Without a publication date the document's first dated day or month stands for it.
 */
function correctYears(all: Found[], text: string, sentences: Sentences, published: Publication | null): void {
  const reference = published ?? referenceOf(all.find(isAnchor) ?? null);
  for (const c of all) {
    if (c.explicit || c.parts.start.y === null) continue;
    const relative = RELATIVE_YEAR.exec(text.slice(c.end, c.end + 30));
    if (relative) {
      if (!reference) continue;
      const offset = offsetOfRelative.get(relative[1].toLowerCase().replace(/\s+/g, ' ')) ?? 0;
      shiftYears(c.parts, reference.year + offset - c.parts.start.y);
      continue;
    }
    const beforeReference = () => lastDayOf(c.parts.end, c.parts.end.y as number) < reference!.time;
    // The clause is read only for a date that would move.
    if (reference && beforeReference() && isAboutFuture(c, text, sentences)) {
      while (beforeReference()) shiftYears(c.parts, 1);
    }
    const { start, end } = c.parts;
    const year = start.y;
    if (year === null || start.d === null || start.m === null || end.d !== start.d || end.m !== start.m) continue;
    const before = text.slice(Math.max(0, c.start - 30), c.start);
    // "W sobotę i niedzielę, 23 i 24 marca": two weekdays before a list say nothing of one day.
    if (WEEKDAY_PAIR.test(before)) continue;
    const named = WEEKDAY_BEFORE.exec(before) ?? WEEKDAY_AFTER.exec(text.slice(c.end, c.end + 16));
    const day = named && weekdayByForm.get(named[1].toLowerCase());
    if (day === undefined || day === null) continue;
    const fits = (y: number) => (new Date(Date.UTC(y, start.m! - 1, start.d!)).getUTCDay() + 6) % 7 === day;
    if (fits(year)) continue;
    const other = [year - 1, year + 1].filter(fits);
    if (other.length === 1) shiftYears(c.parts, other[0] - year);
  }
}

/** "do 20 listopada", "Do końca września": a deadline. */
const DEADLINE_BEFORE = /(?:^|[^\p{L}])do(?:\s{1,3}końca)?\s{1,3}$/iu;
const PLANNING_LEMMAS: ReadonlySet<string> = new Set(CONTEXT.planningLemmas);

/** Whether the date's clause or sentence speaks of what is still to come (see tense.ts). */
function isAboutFuture(c: Found, text: string, sentences: Sentences): boolean {
  const [sentenceStart, sentenceEnd] = sentences.around(c.paragraphPos, c.start);
  const [clauseStart, clauseEnd] = clauseAround(text, sentenceStart, sentenceEnd, c.start, c.end);
  const deadline = DEADLINE_BEFORE.test(text.slice(Math.max(sentenceStart, c.start - 12), c.start));
  const { clause, sentence } = tensesOfSentence(text, sentenceStart, sentenceEnd, clauseStart, clauseEnd, PLANNING_LEMMAS);
  return speaksOfFuture(clause, sentence, deadline);
}

function shiftYears(p: Parts, by: number): void {
  if (p.start.y !== null) p.start.y += by;
  if (p.end.y !== null) p.end.y += by;
}

/** Year of the closer of two neighbours in the same sentence. */
function nearestYear(c: Found, before: Found | null, after: Found | null): number | null {
  const pick = before && after ? (c.start - before.end <= after.start - c.end ? before : after) : before ?? after;
  if (!pick) return null;
  return pick === before ? pick.parts.end.y : pick.parts.start.y;
}

/**
 * The year, of those the anchors give, that puts `p` closest to its anchor; ties go to the later
 * anchor. Inside a range over several years ("od 1 maja 2019 r. do 31 grudnia 2021 r.") a date
 * is the range's first such day.
 */
function closestYear(p: Point, anchors: Found[]): number | null {
  let best: { year: number; gap: number } | null = null;
  for (const a of anchors) {
    const { start, end } = a.parts;
    const from = timeOf(start, start.y as number);
    const to = timeOf(end, end.y as number);
    let own: { year: number; gap: number } | null = null;
    for (let year = start.y as number; year <= (end.y as number); year++) {
      const t = timeOf(p, year);
      const gap = t < from ? from - t : t > to ? t - to : 0;
      if (!own || gap < own.gap) own = { year, gap };
    }
    if (own && (!best || own.gap <= best.gap)) best = own;
  }
  return best?.year ?? null;
}

function publicationYear(p: Point, published: Publication): number {
  return timeOf(p, published.year) <= published.time + PUBLICATION_LOOKAHEAD_MS ? published.year : published.year - 1;
}

// ---------------------------------------------------------------------------------------------
// Events: what the date's sentence says happens then ("W dniach … odbyła się wizyta studyjna").

type EventEntry = z.infer<typeof EventsFileSchema>['events'][number];

/** Entries by the lemma a reading must have: the noun, the verb of a gerund, the singular of a plural-only use. */
const eventsByLemma = new Map<string, EventEntry[]>();
const eventNames = new Set<string>();
for (const e of EVENTS.events) {
  if (eventNames.has(e.name)) throw new Error(`${EVENTS_FILE}: "${e.name}" is listed twice; keep one entry`);
  eventNames.add(e.name);
  for (const lemma of new Set([e.name, e.gerundOf, e.pluralOf])) {
    if (lemma !== undefined) eventsByLemma.set(lemma, [...(eventsByLemma.get(lemma) ?? []), e]);
  }
}
const NOT_EVENTS = new Set(EVENTS.notEvents);
/** Event words and their modifiers: at most this many adjectives after the noun ("wizyta studyjna"). */
const MAX_EVENT_ADJECTIVES = 2;
/** An event noun is looked for at most this many characters from its date, so a sentence that never ends costs no more. */
const EVENT_WINDOW = 300;
// A clause ends at these; the event of the date's own clause wins over a closer one across them.
const CLAUSE_BREAK = /[,;:()–—]|\s-\s/g;

interface EventHead { entry: EventEntry; readings: Analysis[] }

// Reports repeat their words: heads are memoised per spelling, with a cap that keeps memory flat.
const EVENT_HEAD_CAP = 50_000;
let eventHeads = new Map<string, EventHead | null>();

/** The event entry a word is a form of, with the readings that make it so; memoised. */
function eventHeadOf(text: string): EventHead | null {
  let head = eventHeads.get(text);
  if (head === undefined) {
    if (eventHeads.size >= EVENT_HEAD_CAP) eventHeads = new Map();
    head = findEventHead(text);
    eventHeads.set(text, head);
  }
  return head;
}

function findEventHead(text: string): EventHead | null {
  for (const r of readings(text)) {
    if (r.guessed) continue;
    const lemma = r.lemma.toLowerCase();
    for (const entry of eventsByLemma.get(lemma) ?? []) {
      const fits = (lemma === entry.gerundOf && r.tag.pos === 'ger')
        || (lemma === entry.pluralOf && isNoun(r.tag) && r.tag.number.includes('pl'))
        || (lemma === entry.name && isNoun(r.tag));
      if (fits) return { entry, readings: readings(text).filter((x) => x.lemma.toLowerCase() === lemma) };
    }
  }
  return null;
}

const agree = (a: Analysis, b: Analysis): boolean =>
  a.tag.case.some((c: Case) => b.tag.case.includes(c))
  && a.tag.number.some((n: GrammaticalNumber) => b.tag.number.includes(n))
  && a.tag.gender.some((g) => b.tag.gender.includes(g));

/** An adjective agreeing with one of `nouns` ("studyjnej" after "wizycie"); participles are verbs here. */
const adjectiveAgreeing = (text: string, nouns: Analysis[]): boolean =>
  readings(text).some((r) => r.tag.pos === 'adj' && nouns.some((h) => agree(r, h)));

// Words that are nouns only in a dictionary's rare sense: "do" (the note) is a preposition.
const FUNCTION_POS = new Set(['prep', 'conj', 'comp', 'qub', 'adv', 'ppron12', 'ppron3', 'siebie', 'pred', 'interj']);

/** Noun readings of a word in the genitive, none when the word is also a function word. */
function genitiveNounReadings(text: string): Analysis[] {
  const all = readings(text);
  if (all.some((r) => FUNCTION_POS.has(r.tag.pos))) return [];
  return all.filter((r) => isNoun(r.tag) && r.tag.case.includes('gen'));
}

/** Words of the genitive complement at token `j` ("projektu", "kolejnego cyklu"), 0 when none. */
function complementLength(tokens: Token[], j: number): number {
  const first = tokens[j];
  const second = tokens[j + 1];
  if (first?.kind !== 'word') return 0;
  // An adjective with its noun first: "trzeciej edycji", where "trzeciej" alone also reads as a noun.
  const nouns = second?.kind === 'word' ? genitiveNounReadings(second.text) : [];
  if (nouns.length && adjectiveAgreeing(first.text, nouns)) return 2;
  return genitiveNounReadings(first.text).length ? 1 : 0;
}

/** An adjective after the head that agrees with the noun after it modifies that noun ("zakończenia kolejnego cyklu"). */
function modifiesNext(tokens: Token[], j: number): boolean {
  const next = tokens[j + 1];
  if (next?.kind !== 'word') return false;
  const nouns = readings(next.text).filter((r) => isNoun(r.tag));
  return nouns.length > 0 && adjectiveAgreeing(tokens[j].text, nouns);
}

/** An event phrase: its words in the nominative, lower case, and its last token. */
interface EventPhrase { text: string; last: number }

/** The event phrase whose head is token `k`, or null. */
function eventPhrase(text: string, tokens: Token[], k: number, head: EventHead): EventPhrase | null {
  const next = tokens[k + 1];
  if (next?.kind === 'word' && NOT_EVENTS.has(`${head.entry.name} ${next.text.toLowerCase()}`)) return null;
  let last = k;
  while (last + 1 < tokens.length && last - k < MAX_EVENT_ADJECTIVES && tokens[last + 1].kind === 'word'
    && adjectiveAgreeing(tokens[last + 1].text, head.readings) && !modifiesNext(tokens, last + 1)) last++;
  let phrase = head.entry.name;
  if (last > k) {
    // The nominative of the head with its adjectives, plural when the text has it so ("uroczystości rodzinne").
    const nominative = normalizePhrase(text.slice(tokens[k].start, tokens[last].end), 'organization').text.toLowerCase();
    if (eventHeadOf(nominative.split(' ')[0])?.entry === head.entry) phrase = nominative;
  }
  const complement = head.entry.complement ? complementLength(tokens, last + 1) : 0;
  if (complement) {
    phrase += ` ${text.slice(tokens[last + 1].start, tokens[last + complement].end).toLowerCase()}`;
    last += complement;
  }
  return { text: phrase, last };
}

/** [start, end) of the clause around [from, to) within the sentence [sentenceStart, sentenceEnd). */
function clauseAround(text: string, sentenceStart: number, sentenceEnd: number, from: number, to: number): [number, number] {
  let start = sentenceStart;
  let end = sentenceEnd;
  CLAUSE_BREAK.lastIndex = 0;
  const sentence = text.slice(sentenceStart, sentenceEnd);
  for (let m = CLAUSE_BREAK.exec(sentence); m !== null; m = CLAUSE_BREAK.exec(sentence)) {
    const at = sentenceStart + m.index;
    if (at + m[0].length <= from) start = at + m[0].length;
    else if (at >= to) {
      end = at;
      break;
    }
  }
  return [start, end];
}

const isWordChar = (ch: string | undefined): boolean => ch !== undefined && (LETTER.test(ch) || DIGIT.test(ch));

/** `pos`, or the start of the next word when `pos` falls inside one (never past `limit`). */
function wordStartAtOrAfter(text: string, pos: number, limit: number): number {
  let i = pos;
  while (i < limit && isWordChar(text[i - 1]) && isWordChar(text[i])) i++;
  return i;
}

/** `pos`, or the end of the previous word when `pos` falls inside one (never before `limit`). */
function wordEndAtOrBefore(text: string, pos: number, limit: number): number {
  let i = pos;
  while (i > limit && isWordChar(text[i - 1]) && isWordChar(text[i])) i--;
  return i;
}

/**
 * The event named in the date's sentence: the nearest event noun phrase in the date's own clause,
 * else the nearest in the sentence; undefined when the sentence names none.
 */
function eventOf(text: string, c: Found, sentences: Sentences): string | undefined {
  const [sentenceStart, sentenceEnd] = sentences.around(c.paragraphPos, c.start);
  const from = wordStartAtOrAfter(text, Math.max(sentenceStart, c.start - EVENT_WINDOW), c.start);
  const to = wordEndAtOrBefore(text, Math.min(sentenceEnd, c.end + EVENT_WINDOW), c.end);
  const [clauseStart, clauseEnd] = clauseAround(text, from, to, c.start, c.end);
  const tokens = tokenize(text, from, to);
  let best: { phrase: string; rank: number } | null = null;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind !== 'word' || (t.end > c.start && t.start < c.end)) continue;
    const head = eventHeadOf(t.text);
    const phrase = head && eventPhrase(text, tokens, k, head);
    if (!phrase) continue;
    const end = tokens[phrase.last].end;
    const distance = t.start >= c.end ? t.start - c.end : Math.max(0, c.start - end);
    const inClause = t.start >= clauseStart && end <= clauseEnd;
    const rank = (inClause ? 0 : text.length) + distance;
    if (!best || rank < best.rank) best = { phrase: phrase.text, rank };
    // An event noun inside this phrase's complement ("zakończenie zajęć") is part of it, not an event of its own.
    k = Math.max(k, phrase.last);
  }
  return best?.phrase;
}

// ---------------------------------------------------------------------------------------------
// Records

function toRecords(all: Found[], text: string, sentences: Sentences): DateRecord[] {
  const records = new Map<string, DateRecord>();
  for (const c of all) {
    const { start: s, end: e, precision } = c.parts;
    // A date whose year stayed unknown is skipped: the schema requires a four-digit year.
    if (!isValidPoint(s) || !isValidPoint(e) || timeOf(s, s.y as number) > timeOf(e, e.y as number)) continue;
    const start = toIso(s, precision);
    const end = toIso(e, precision);
    const mention: Mention = { text: text.slice(c.start, c.end), start: c.start, end: c.end, paragraph: c.paragraph, rule: RULES[c.rule].id };
    const key = `${start}/${end}`;
    const record = records.get(key) ?? { start, end, precision, text: mention.text, mentions: [] };
    records.set(key, record);
    record.mentions.push(mention);
    if (record.event === undefined) {
      const event = eventOf(text, c, sentences);
      if (event !== undefined) record.event = event;
    }
  }
  return [...records.values()];
}

/**
 * Dates in `text`, one record per distinct (start, end) with all its mentions, in order of first
 * mention, each with the event its sentence names when it names one. Only text inside
 * `paragraphs` is read. A date whose year cannot be resolved from context is skipped: the schema
 * requires a four-digit year.
 */
export function extractDates(text: string, paragraphs: Paragraph[], context: { publishedAt: string | null }): DateRecord[] {
  const sentences = new Sentences(text, paragraphs);
  const all = findDates(text, paragraphs);
  const published = parsePublished(context.publishedAt);
  resolveYears(all, sentences, published);
  correctYears(all, text, sentences, published);
  return toRecords(all, text, sentences);
}
