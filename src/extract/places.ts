// Places: voivodeships ("w województwie łódzkim"), powiats ("powiatu łomżyńskiego"), gminas
// ("Gminą Rogów", "miasta i gminy Brzeziny"), countries, and localities: a capitalised name after
// a preposition or one the gazetteer knows, put in the nominative and given its voivodeship by the
// gazetteer in the light of the document's own regions.
//
// A locality's nominative comes from, in this order: the gazetteer (every nominative its words can
// have, "Piotrkowie Trybunalskim" → Piotrków Trybunalski), then agreement (the noun's readings in
// the case its preposition governs, its adjectives made to agree: "Rogowa Sobóckiego" → Rogów
// Sobócki), then the ending guesser. When several readings remain ("Mietkowie": Mietków or
// Mietkowo), the document's region settles them by the endings of its own place names.
import { z } from 'zod';
import { VOIVODESHIPS, type Mention, type PlaceKind, type Voivodeship } from '../schema.js';
import { normalizePhrase } from '../lang/pl/normalize.js';
import { ADJECTIVAL_NAME_TARGETS, matchCase, nominativeAdjective, type Target } from '../lang/pl/inflect.js';
import { defaultGuesser } from '../lang/pl/morphology.js';
import { isNoun, parseTag, type Case, type Gender } from '../lang/pl/tags.js';
import { defaultGazetteer, REGISTER_VILLAGE, sharedVoivodeship, type Gazetteer, type GazetteerEntry } from '../lang/pl/gazetteer.js';
import placesJson from './rules/places.json' with { type: 'json' };
import endingsJson from './rules/places-endings.json' with { type: 'json' };
import rolesJson from './rules/roles.json' with { type: 'json' };
import countriesJson from '../lang/pl/data/countries.json' with { type: 'json' };
import { firstNameReadings, hasCommonReading, lemmasOf, readings, type DocumentWords, type Word } from './words.js';
import { closingQuoteFor, isOpeningQuote, mentionOf, textOf } from './spans.js';
import { isFirstName } from '../lang/pl/names.js';

const CaseSchema = z.enum(['nom', 'gen', 'dat', 'acc', 'inst', 'loc', 'voc']);
const WordList = z.array(z.string().min(1));
const rules = z.object({
  prepositions: z.record(z.string(), z.array(CaseSchema).min(1)),
  guessAfter: WordList, coordinators: WordList, voivodeshipWords: WordList, voivodeshipOffices: WordList, powiatWords: WordList, powiatQualifiers: WordList,
  gminaWords: WordList, gminaQualifiers: WordList, localityWords: WordList, districtWords: WordList, seatAcronyms: WordList, friendWords: WordList, streetWords: WordList,
  waterWords: WordList, nameJoiners: WordList, regions: WordList, homeCountry: z.string(), foreignAdjectives: WordList,
}).superRefine((r, ctx) => {
  for (const p of r.guessAfter) if (!(p in r.prepositions)) ctx.addIssue({ code: 'custom', message: `"${p}" is not in prepositions`, path: ['guessAfter'] });
}).parse(placesJson);
const ENDING_PAIRS = z.array(z.tuple([z.string().min(1), z.string().min(1)]));
const ENDINGS = z.object({ feminine: ENDING_PAIRS, neuterLocative: ENDING_PAIRS, pluralNominative: z.array(z.string().min(1)) }).parse(endingsJson);
const FEMININE_ENDINGS = ENDINGS.feminine;
const PLURAL_NOMINATIVE_ENDINGS = ENDINGS.pluralNominative;

const PREPOSITIONS = new Map<string, readonly Case[]>(Object.entries(rules.prepositions));
const REGIONS = new Set(rules.regions.map((r) => r.toLowerCase()));
const COUNTRIES = new Set(z.object({ countries: z.array(z.string()) }).parse(countriesJson).countries);

/** Longest locality name in words, hyphenated parts counting as one. */
const MAX_NAME_WORDS = 3;
/** Words of a quotation read as a name (a venue's, a project's, a title): only a listed place after a preposition counts inside it. */
const MAX_QUOTED_NAME_WORDS = 14;
/** Readings combined when the gazetteer is asked about every nominative of a name. */
const MAX_COMBINATIONS = 64;
/** Names whose readings are remembered; reports repeat their places, and the cap keeps memory flat. */
const MEMO_CAP = 50_000;

export interface PlaceMention {
  name: string;
  kind: PlaceKind;
  voivodeship: Voivodeship;
  guessed: boolean;
  first: number;
  last: number;
  mention: Mention;
  /** Other nominatives the words can have, for the document's regions to settle (see assignVoivodeships). */
  alternatives?: NameReading[];
  /** Named in a sentence about another country ("w Sninie na Słowacji", "czeskiego miasta Trutnov"). */
  abroad?: boolean;
}

/** One nominative a written name can have. */
export interface NameReading {
  name: string;
  /** Listed by the gazetteer. */
  known: boolean;
  /** Listed only as a village of the register, which needs the context a guess needs. */
  minor?: boolean;
  /** Inflected from the ending guesser's reading rather than the dictionary's. */
  guessed: boolean;
  /** The noun that carries the name's ending ("Rogów" in Rogów Sobócki), and how often the guesser saw that ending (0: the dictionary's reading). */
  head: string;
  count: number;
}

/** A place found at words [first, last), with the rule that found it. */
type Found = Omit<PlaceMention, 'mention'> & { rule: string };
/** Territorial units found at a word, and the word after them. */
interface Units { found: Found[]; next: number }

/** What stands before a name: the cases it must be in and whether an unknown name may be taken. */
interface Introducer {
  cases: readonly Case[] | undefined;
  mayGuess: boolean;
  kind: 'preposition' | 'locality-word' | 'friend-word' | 'none';
  placeKind: 'locality' | 'district';
}

const NO_INTRODUCER: Introducer = { cases: undefined, mayGuess: false, kind: 'none', placeKind: 'locality' };

// Voivodeship adjectives by their stem ("podlask"), longest first so "dolnośląsk" beats "śląsk".
const VOIVODESHIP_STEMS = VOIVODESHIPS.map((v) => ({ v, stem: v.replace(/ie$/u, '') })).sort((a, b) => b.stem.length - a.stem.length);

/** "podlaskim", "łódzkiego", even the misspelt "podlasim" → the voivodeship's adjective. */
export function voivodeshipOfAdjective(word: string): Voivodeship | undefined {
  const lower = word.toLowerCase();
  for (const { v, stem } of VOIVODESHIP_STEMS) {
    if (lower.startsWith(stem)) return v;
  }
  // A typo inside the ending: compare the first letters of the stem, at least six.
  for (const { v, stem } of VOIVODESHIP_STEMS) {
    const n = Math.max(6, stem.length - 1);
    if (stem.length >= 6 && lower.length >= n && lower.slice(0, n) === stem.slice(0, n)) return v;
  }
  return undefined;
}

// --- words ---------------------------------------------------------------------------------

/** Word lists as sets, by the rule table's field name. */
type ListName = { [K in keyof typeof rules]: (typeof rules)[K] extends string[] ? K : never }[keyof typeof rules];
const LISTS = listSets();
function listSets(): Record<ListName, ReadonlySet<string>> {
  const sets = {} as Record<ListName, ReadonlySet<string>>;
  for (const k of Object.keys(rules) as (keyof typeof rules)[]) {
    const v = rules[k];
    if (Array.isArray(v)) sets[k as ListName] = new Set(v);
  }
  return sets;
}
/** The word, or one of its lemmas, is on the list. */
function isWordIn(w: Word | undefined, list: ReadonlySet<string>): boolean {
  if (!w || w.kind !== 'word') return false;
  if (list.has(w.lower)) return true;
  for (const l of lemmasOf(w)) if (list.has(l)) return true;
  return false;
}
/** An acronym with a case ending: "PFRON-u", "ZUS-ie". */
const INFLECTED_ACRONYM = /^\p{Lu}{2,}-\p{Ll}{1,3}$/u;
/** An acronym, or a first name in any case: words that name no village even when one is so called. */
const cannotBeVillage = (run: Word[]) => run.some((w) => w.kind === 'word' && (w.allCaps || INFLECTED_ACRONYM.test(w.text) || isFirstName(w.text)
  || readings(w.text).some((a) => isFirstName(a.lemma) && a.tag.number.includes('sg'))));
const isNameToken = (w: Word | undefined) => !!w && w.kind === 'word' && (w.capitalised || w.allCaps);
/** A capitalised word that can start a name: not a preposition or conjunction at a sentence start ("W Polsce"). */
const isNameStart = (w: Word | undefined) => isNameToken(w) && !PREPOSITIONS.has(w!.lower) && !LISTS.coordinators.has(w!.lower);
const TOWN: ReadonlySet<string> = new Set(['miasto']);
const isCoordinator = (w: Word | undefined) => !!w && LISTS.coordinators.has(w.lower);
const isAdjectivePos = (pos: string) => pos === 'adj' || pos === 'ppas' || pos === 'pact' || pos === 'adja';
const isAdjectiveOnly = (text: string) => {
  const r = readings(text).filter((a) => !a.guessed);
  return r.length > 0 && r.every((a) => isAdjectivePos(a.tag.pos));
};
/** Every gender is a person's (m1, p1): a first name's or surname's reading, not a place's. */
const isPersonal = (genders: readonly Gender[]) => genders.every((g) => g === 'm1' || g === 'p1');
const hasNounReading = (text: string) => readings(text).some((a) => isNoun(a.tag));
const hasProperReading = (text: string) => readings(text).some((a) => /^\p{Lu}/u.test(a.lemma));
/** A proper-noun reading that is not only a person's ("Szkoła" is a surname too). */
const hasImpersonalProperReading = (text: string) => readings(text).some((a) => /^\p{Lu}/u.test(a.lemma) && !isPersonal(a.tag.gender));

/** A first name followed by a capitalised word starts a person's name ("wójta gminy Łącko Jana Cebuli"). */
function startsPerson(words: Word[], i: number, end: number): boolean {
  return i + 1 < end && isNameToken(words[i + 1]) && firstNameReadings(words[i].text).length > 0;
}

/** Every word the dictionary knows can stand in one of the cases ("z Kowalskim" is no "from Kowalskie"). */
function inGovernedCase(run: Word[], cases: readonly Case[] | undefined): boolean {
  if (!cases) return true;
  return run.every((w) => {
    if (w.kind !== 'word') return true;
    // A plural of a first name ("Mietkowie": Mieteks) says nothing of the place's case.
    const known = readings(w.text).filter((a) => !a.guessed && a.tag.case.length && !(isNoun(a.tag) && isPersonal(a.tag.gender)));
    return !known.length || known.some((a) => inCases(a.tag.case, cases));
  });
}

/** A sentence naming another country or using its adjective: its unknown towns lie abroad. */
function namesAbroad(words: Word[], s: { first: number; last: number }): boolean {
  for (let k = s.first; k < s.last; k++) {
    const w = words[k];
    if (w.kind !== 'word') continue;
    if (isWordIn(w, LISTS.foreignAdjectives)) return true;
    if (w.capitalised && [...lemmasOf(w)].some((l) => { const n = matchCase(l, w.text); return COUNTRIES.has(n) && n !== rules.homeCountry; })) return true;
  }
  return false;
}

/** "Pan", "Pani", "ks.": a person's name follows, the place's has ended ("Wójt Gminy Bartoszyce Pan Ryszard Gajewski"). */
const HONORIFICS: ReadonlySet<string> = new Set(rolesJson.honorifics.filter((h) => !h.endsWith('.')));
/** The end of a capitalised name starting at i: up to three words, hyphenated parts joined. */
function nameRun(words: Word[], i: number, end: number): number {
  let j = i;
  while (j < end && isNameStart(words[j]) && j - i < MAX_NAME_WORDS && !(j > i && (startsPerson(words, j, end) || isWordIn(words[j], HONORIFICS)))) {
    j++;
    if (j + 1 < end && words[j].text === '-' && words[j].end === words[j + 1].start && isNameToken(words[j + 1])) j++;
  }
  return j;
}

/** A word inside a capitalised run after which a place's name may follow: "Przyjaciół", "OSP", "Wsi". */
const isInnerIntroducer = (w: Word) => LISTS.seatAcronyms.has(w.text) || isWordIn(w, LISTS.friendWords)
  || isWordIn(w, LISTS.localityWords) || isWordIn(w, LISTS.districtWords);

/** The word before i, skipping an abbreviation's dot ("ul. Kazimierza"). */
function wordBefore(words: Word[], i: number, first: number): Word | undefined {
  let k = i - 1;
  if (k > first && words[k].text === '.') k--;
  return k >= first && words[k].kind === 'word' ? words[k] : undefined;
}

/** Words inside a short quotation: «Biała Wstążka», "Dobre praktyki …". */
function quotedWords(dw: DocumentWords): Uint8Array {
  const inside = new Uint8Array(dw.words.length);
  for (const s of dw.sentences) {
    for (let k = s.first; k < s.last; k++) {
      if (!isOpeningQuote(dw.words[k].text)) continue;
      const close = closingQuoteFor(dw.words, k, s.last, MAX_QUOTED_NAME_WORDS);
      if (close < 0) continue;
      inside.fill(1, k + 1, close);
      k = close;
    }
  }
  return inside;
}

// --- readings of a name ------------------------------------------------------------------

interface NounReading { lemma: string; target: Target; guessed: boolean; count: number; personal: boolean }

const inCases = (tagCases: readonly Case[], cases: readonly Case[] | undefined) => !cases || tagCases.some((c) => cases.includes(c));
const isPluraleTantum = (genders: readonly Gender[]) => genders.some((g) => g === 'p1' || g === 'p2' || g === 'p3');

/** The gender an agreeing adjective takes: masculine, feminine, neuter, or a plural name's. */
function agreementTarget(number: 'sg' | 'pl', genders: readonly Gender[]): Target {
  if (number === 'pl' || isPluraleTantum(genders)) return { number: 'pl', gender: 'p3' };
  if (genders.includes('f')) return { number: 'sg', gender: 'f' };
  if (genders.some((g) => g.startsWith('n'))) return { number: 'sg', gender: 'n' };
  return { number: 'sg', gender: 'm3' };
}

/**
 * Nominatives of one word read as the noun of a place name, in the given cases: proper-noun
 * readings, common nouns whose capitalised lemma is a listed locality ("Woli" → Wola), then the
 * ending guesser's, which also answers when the dictionary's readings are all in other cases
 * ("Mietkowie": the plural of Mietek, or the locative of Mietków). A plural reading counts only
 * for plural-only names ("Kruszynianach" → Kruszyniany). Personal (m1) readings come last.
 */
function nounReadings(form: string, cases: readonly Case[] | undefined, gazetteer: Gazetteer): NounReading[] {
  const out: NounReading[] = [];
  const push = (lemma: string, number: 'sg' | 'pl', genders: readonly Gender[], guessed: boolean, count: number) => {
    if (number === 'pl' && !isPluraleTantum(genders)) return;
    const name = matchCase(lemma, form);
    const personal = genders.length > 0 && isPersonal(genders);
    if (out.some((r) => r.lemma === name && r.personal === personal)) return;
    out.push({ lemma: name, target: agreementTarget(number, genders), guessed, count, personal });
  };
  const dictionary = readings(form).filter((a) => !a.guessed);
  const personalNoun = (a: (typeof dictionary)[number]) => isNoun(a.tag) && isPersonal(a.tag.gender);
  const needsGuess = dictionary.every((a) => !inCases(a.tag.case, cases) || personalNoun(a));
  for (const a of dictionary) {
    if (!isNoun(a.tag) || !inCases(a.tag.case, cases)) continue;
    const proper = /^\p{Lu}/u.test(a.lemma);
    if (!proper && !gazetteer.hasNotableLocality(matchCase(a.lemma, form))) continue;
    for (const n of a.tag.number) push(a.lemma, n, a.tag.gender, false, 0);
  }
  if (needsGuess && !out.some((r) => !r.personal) && /^\p{Lu}\p{Ll}/u.test(form)) {
    for (const g of defaultGuesser().guess(form, { maxOther: 4, maxPersonal: 1 })) {
      const tag = parseTag(g.tag);
      if (tag.pos !== 'subst' || !inCases(tag.case, cases)) continue;
      for (const n of tag.number) push(g.lemma, n, tag.gender, true, g.count);
    }
  }
  return [...out.filter((r) => !r.personal), ...out.filter((r) => r.personal)];
}

// Endings an adjective the dictionary does not know can agree by ("Sobóckiego" is only a
// surname to it): oblique ones, and the nominative's when the name may stand in the nominative.
const OBLIQUE_ADJECTIVE: Record<string, RegExp> = {
  f: /(?:ej|ą)$/u, n: /(?:ego|emu|ym|im)$/u, m3: /(?:ego|emu|ym|im)$/u, p3: /(?:ych|ich|ym|im|ymi|imi)$/u,
};
const NOMINATIVE_ADJECTIVE: Record<string, RegExp> = { f: /a$/u, n: /e$/u, m3: /[yi]$/u, p3: /e$/u };
const mayStandInNominative = (cases: readonly Case[] | undefined) => !cases || cases.includes('nom');
const hasAdjectiveEnding = (form: string, gender: string, cases: readonly Case[] | undefined) =>
  OBLIQUE_ADJECTIVE[gender].test(form) || (mayStandInNominative(cases) && NOMINATIVE_ADJECTIVE[gender].test(form));

/** The nominative of an adjective of a place name agreeing with target, or undefined when it cannot agree. */
function agreeingAdjective(form: string, target: Target, cases: readonly Case[] | undefined): { text: string; guessed: boolean } | undefined {
  if (form.includes('-')) {
    const parts = form.split('-').map((p) => agreeingAdjective(p, target, cases));
    return parts.every((p) => p) ? { text: parts.map((p) => p!.text).join('-'), guessed: parts.some((p) => p!.guessed) } : undefined;
  }
  const known = readings(form).filter((a) => !a.guessed);
  const adjectives = known.filter((a) => isAdjectivePos(a.tag.pos));
  const genderFits = (genders: readonly Gender[]) => target.number === 'pl' || genders.some((g) => (target.gender === 'm3' ? g.startsWith('m') : target.gender === 'n' ? g.startsWith('n') : g === target.gender));
  const agreeing = adjectives.filter((a) => inCases(a.tag.case, cases) && a.tag.number.includes(target.number) && genderFits(a.tag.gender));
  if (agreeing.length) {
    const nominative = nominativeAdjective(form, target, agreeing[0].lemma) ?? nominativeAdjective(form, target);
    return nominative ? { text: matchCase(nominative, form), guessed: false } : undefined;
  }
  // An adjective in another form, or a common word, does not agree; an unknown word or a surname may.
  if (adjectives.length || known.some((a) => !/^\p{Lu}/u.test(a.lemma))) return undefined;
  if (target.gender === 'n' && target.number === 'sg' && (!cases || cases.includes('loc')) && !known.length) {
    const old = replaceEnding(form, ENDINGS.neuterLocative);
    if (old) return { text: old, guessed: true };
  }
  if (!hasAdjectiveEnding(form, target.gender ?? 'm3', cases)) return undefined;
  const nominative = nominativeAdjective(form, target);
  return nominative ? { text: matchCase(nominative, form), guessed: true } : undefined;
}

/** The form with its first listed oblique ending replaced by the nominative's, keeping a stem of three letters or more. */
function replaceEnding(form: string, endings: readonly (readonly [string, string])[]): string | undefined {
  for (const [oblique, nominative] of endings) {
    if (form.endsWith(oblique) && form.length > oblique.length + 2) return form.slice(0, form.length - oblique.length) + nominative;
  }
  return undefined;
}

/** A feminine nominative for an unknown noun an adjective says is feminine ("Sielpi" → Sielpia). */
const feminineNominative = (form: string) => replaceEnding(form, FEMININE_ENDINGS);

/**
 * Nominatives of a multi-word name by agreement: one word is the noun (its readings in the
 * governed cases), the others adjectives agreeing with it ("Brodach Dużych" → Brody Duże,
 * "Wielkiego Klincza" → Wielki Klincz); or, for names made of adjectives only, each adjective in
 * the nominative ("Krzywego" → Krzywe, "Nowej Białej" → Nowa Biała).
 */
function agreementReadings(parts: string[], cases: readonly Case[] | undefined, gazetteer: Gazetteer): NameReading[] {
  const out: NameReading[] = [];
  const add = (r: NameReading) => { if (!out.some((o) => o.name === r.name)) out.push(r); };
  const heads = parts.map((p) => (p.includes('-') ? [] : nounReadings(p, cases, gazetteer)));
  for (const personal of [false, true]) {
    parts.forEach((_, h) => {
      for (const noun of heads[h].filter((r) => r.personal === personal)) {
        const words = parts.map((p, k) => (k === h ? { text: noun.lemma, guessed: noun.guessed } : agreeingAdjective(p, noun.target, cases)));
        if (words.every((w) => w)) add({ name: words.map((w) => w!.text).join(' '), known: false, guessed: words.some((w) => w!.guessed), head: noun.lemma, count: noun.count });
      }
    });
    if (out.length) return out;
  }
  // A noun the guesser cannot read as feminine, with a feminine adjective: "Sielpi Wielkiej".
  parts.forEach((p, h) => {
    const noun = parts.length > 1 ? feminineNominative(p) : undefined;
    if (!noun || agreeingAdjective(p, { number: 'sg', gender: 'f' }, cases)) return;
    const target: Target = { number: 'sg', gender: 'f' };
    const words = parts.map((q, k) => (k === h ? { text: noun, guessed: true } : agreeingAdjective(q, target, cases)));
    if (words.every((w) => w)) add({ name: words.map((w) => w!.text).join(' '), known: false, guessed: true, head: noun, count: 0 });
  });
  if (out.length) return out;
  for (const target of ADJECTIVAL_NAME_TARGETS) {
    const words = parts.map((p) => agreeingAdjective(p, target, cases));
    if (words.every((w) => w)) {
      const name = words.map((w) => w!.text).join(' ');
      add({ name, known: false, guessed: words.some((w) => w!.guessed), head: name.split(' ').pop()!, count: 0 });
    }
  }
  return out;
}

/** Every nominative each word could have, for asking the gazetteer ("Bielska" → Bielsko, Bielska, Bielski). */
function nominativeForms(form: string, gazetteer: Gazetteer): string[] {
  if (form.includes('-')) {
    const [first, ...rest] = form.split('-');
    const tails = nominativeForms(rest.join('-'), gazetteer);
    return nominativeForms(first, gazetteer).flatMap((h) => tails.map((t) => `${h}-${t}`)).slice(0, MAX_COMBINATIONS);
  }
  const forms = new Set<string>([form]);
  // Every noun's lemma, common ones too: the gazetteer decides whether "Dobre Miasto" or "Zielona
  // Góra" is a name.
  for (const a of readings(form)) if (!a.guessed && isNoun(a.tag)) forms.add(matchCase(a.lemma, form));
  // Every lemma the ending guesser offers, in any case, and a plural-only name's nominative from
  // its bare genitive ("z Kandyt" → Kandyty): the gazetteer keeps only names that exist.
  if (/^\p{Lu}\p{Ll}/u.test(form)) {
    for (const g of defaultGuesser().guess(form, { maxOther: 6, maxPersonal: 1 })) forms.add(matchCase(g.lemma, form));
    if (/[^aeiouyąęó]$/u.test(form)) for (const ending of PLURAL_NOMINATIVE_ENDINGS) forms.add(form + ending);
  }
  for (const target of ADJECTIVAL_NAME_TARGETS) {
    const a = agreeingAdjective(form, target, undefined);
    if (a) forms.add(a.text);
  }
  return [...forms];
}

/** Names the gazetteer lists among the combinations of the words' nominatives, most populous first. */
function knownReadings(parts: string[], gazetteer: Gazetteer): NameReading[] {
  let combinations: string[] = [''];
  for (const p of parts) {
    const forms = nominativeForms(p, gazetteer);
    combinations = combinations.flatMap((c) => forms.map((f) => (c ? `${c} ${f}` : f))).slice(0, MAX_COMBINATIONS);
  }
  const found = new Map<string, number>();
  for (const name of combinations) {
    const entry = gazetteer.findLocalities(name)[0];
    if (entry && !found.has(name)) found.set(name, entry.population);
  }
  return [...found].sort((a, b) => b[1] - a[1]).map(([name]) => ({
    name, known: true, guessed: false, head: name.split(/[\s-]/u)[0], count: 0, ...(gazetteer.onlyRegisterVillages(name) ? { minor: true } : {}),
  }));
}

export class PlaceFinder {
  private readonly memo = new Map<string, NameReading[]>();

  constructor(readonly gazetteer: Gazetteer = defaultGazetteer()) {}

  /**
   * Every nominative the words can have as a place name, best first: those the gazetteer lists
   * (most populous first), then readings by agreement in the given cases. Empty when the words
   * cannot be a place's name.
   */
  nameReadings(words: Word[], cases?: readonly Case[]): NameReading[] {
    const text = words.map((w, k) => (k && words[k - 1].end < w.start ? ' ' : '') + w.text).join('');
    const key = `${text}|${cases?.join(',') ?? ''}`;
    let found = this.memo.get(key);
    if (!found) {
      if (this.memo.size >= MEMO_CAP) this.memo.clear();
      const parts = text.split(/\s+/u).filter((p) => p !== '-');
      const known = knownReadings(parts, this.gazetteer);
      let guessed = agreementReadings(parts, cases, this.gazetteer).filter((r) => !known.some((k) => k.name === r.name));
      // A word with no reading by agreement (a hyphenated village, a foreign name): the normaliser's answer.
      if (!guessed.length && !known.length && parts.length === 1) {
        const n = normalizePhrase(text, 'place');
        guessed = [{ name: n.text, known: false, guessed: n.guessed || readings(parts[parts.length - 1]).every((a) => a.guessed), head: parts[0], count: 0 }];
      }
      found = [...known, ...guessed];
      this.memo.set(key, found);
    }
    return found;
  }

  /**
   * The nominative of a place name written in any case, when it is one: known to the gazetteer,
   * or a capitalised name with no common-word reading (a village the gazetteer lacks).
   */
  localityName(words: Word[]): { name: string; guessed: boolean; known: boolean } | undefined {
    // "Kostrzynie nad Odrą": a joiner word inside a listed compound name.
    const inner = (w: Word, k: number) => k > 0 && k < words.length - 1 && LISTS.nameJoiners.has(w.lower);
    if (!words.length || !words.every((w, k) => w.kind !== 'word' || isNameToken(w) || w.text === '-' || inner(w, k))) return undefined;
    const all = this.nameReadings(words);
    if (words.some(inner) && !all.some((r) => r.known)) return undefined;
    if (all[0]?.known) return { name: all[0].name, guessed: false, known: true };
    if (!all.length || !this.mayBeUnlisted(words)) return undefined;
    return { name: all[0].name, guessed: all[0].guessed, known: false };
  }

  /**
   * Unknown to the gazetteer, the words may still name a village: proper nouns ("Kownatach"), or
   * capitalised adjectives around one ("Nowej Białej", "Jankowie Dolnym"); never an acronym, a
   * common noun or a person's name.
   */
  private mayBeUnlisted(words: Word[], cases?: readonly Case[]): boolean {
    const wordsOnly = words.filter((w) => w.kind === 'word');
    if (!wordsOnly.length || cannotBeVillage(wordsOnly)) return false;
    if (wordsOnly.length === 1) {
      const w = wordsOnly[0];
      const nouns = nounReadings(w.text, cases, this.gazetteer);
      // A capitalised common word ("w Internecie") is no village; a proper noun that is a common
      // word too may be one ("z Kruszynian", the plural of kruszynianin as well).
      const common = new Set(readings(w.text).filter((a) => !a.guessed && !/^\p{Lu}/u.test(a.lemma)).map((a) => a.lemma));
      if (nouns.some((r) => !r.guessed && !r.personal && !common.has(r.lemma.toLowerCase()))) return true;
      // In the case its preposition governs, a person's name only ("z Brzęczkiem") is a person;
      // a word the dictionary reads in other cases only is no name here ("w Wielkanoc" is a time).
      if (cases && nouns.length && nouns.every((r) => r.personal && !r.guessed)) return false;
      const impersonal = readings(w.text).filter((a) => !a.guessed && isNoun(a.tag) && !isPersonal(a.tag.gender));
      if (cases && impersonal.length && !impersonal.some((a) => inCases(a.tag.case, cases))) return false;
      return !hasCommonReading(w.text);
    }
    // "w Domu Kultury", "w Szkole Podstawowej": a common noun that names no listed place, is no
    // adjective and no proper noun but a person's makes the words an institution's name.
    const commonNoun = (w: Word) => {
      const known = readings(w.text).filter((a) => !a.guessed);
      return known.some((a) => isNoun(a.tag) && !/^\p{Lu}/u.test(a.lemma) && !this.gazetteer.hasNotableLocality(matchCase(a.lemma, w.text)))
        && !known.some((a) => isAdjectivePos(a.tag.pos)) && !hasImpersonalProperReading(w.text);
    };
    return !wordsOnly.some(commonNoun);
  }

  extract(dw: DocumentWords, blocked: (i: number) => boolean, orgPlaceWords: (i: number) => boolean): PlaceMention[] {
    const out: PlaceMention[] = [];
    const words = dw.words;
    const quoted = quotedWords(dw);
    const add = (p: Found) => {
      const { rule, ...place } = p;
      out.push({ ...place, mention: mentionOf(dw, p.first, p.last, rule) });
    };
    for (const s of dw.sentences) {
      const sentenceFirst = out.length;
      const foreign = namesAbroad(words, s);
      // The introducer of the last locality, inherited by a name coordinated with it.
      let previous: { last: number; intro: Introducer } | undefined;
      let i = s.first;
      while (i < s.last) {
        const w = words[i];
        if (w.kind !== 'word') { i++; continue; }
        const units = this.voivodeships(words, i, s.first, s.last) ?? this.powiats(words, i, s.last) ?? this.gminas(dw, i, s.last);
        if (units) {
          for (const u of units.found) add(u);
          i = units.next;
          continue;
        }
        // "Miasto Ostrów Mazowiecka": the word introduces the name, it does not start it.
        if (!isNameStart(w) || isWordIn(w, LISTS.localityWords) || isWordIn(w, LISTS.districtWords)) { i++; continue; }
        const last = nameRun(words, i, s.last);
        const prev = wordBefore(words, i, s.first);
        // Addresses, patrons and waters are no places, nor a square's or a street's own name ("przy Rynku Wielkim").
        if (isWordIn(prev, LISTS.streetWords) || isWordIn(prev, LISTS.waterWords) || isWordIn(w, LISTS.streetWords)) { i = Math.max(last, i + 1); continue; }
        // "mieszkańców Sobótki, Rogowa Sobóckiego i Sulistrowic": a name listed with a place is one too.
        const coordinated = previous && isCoordinator(words[i - 1]) && previous.last === i - 1 ? { ...previous.intro, mayGuess: true } : undefined;
        const intro = coordinated ?? this.introducerOf(words, i, s.first, orgPlaceWords(i));
        const found = this.locality(dw, i, last, intro, { blocked: blocked(i), quoted: quoted[i] === 1, foreign });
        if (found) {
          add(found);
          previous = { last: found.last, intro };
          i = found.last;
          continue;
        }
        // A sentence's first word may be an ordinary one ("Mieszkańcy Sobótki"); inside a sentence
        // a run of capitalised words is one name, and its words are not places of their own,
        // except a name after an introducing word ("Towarzystwo Przyjaciół Sopotu", "OSP Szurpiły").
        // "Wójt Gminy Bartoszyce", "Starosta Powiatu Garwolińskiego": the unit inside the run names a place.
        const unit = words.slice(i + 1, last).findIndex((x, k) => isWordIn(x, LISTS.powiatWords) || (isWordIn(x, LISTS.gminaWords) && this.isListedGminaAt(dw, i + k + 2, s.last)));
        if (unit >= 0) { i += unit + 1; continue; }
        const inner = words.slice(i, last).findIndex(isInnerIntroducer);
        i = w.sentenceInitial ? i + 1 : inner >= 0 ? i + inner + 1 : Math.max(last, i + 1);
      }
      markAbroad(out.slice(sentenceFirst), s, words);
    }
    return out;
  }

  /** The preposition or locality word before a name at i. */
  private introducerOf(words: Word[], i: number, first: number, orgPlace: boolean): Introducer {
    const prev = i > first ? words[i - 1] : undefined;
    if (prev?.kind === 'word') {
      // A capitalised preposition inside a sentence starts a venue's name: "bistro „Pod Lipą”", "hotel Pod Dębami".
      if (prev.capitalised && !prev.sentenceInitial && PREPOSITIONS.has(prev.lower) && i - 1 > first
        && (words[i - 2].kind === 'word' || isOpeningQuote(words[i - 2].text))) return NO_INTRODUCER;
      const cases = PREPOSITIONS.get(prev.lower);
      if (cases) return { cases, mayGuess: LISTS.guessAfter.has(prev.lower) || orgPlace, kind: 'preposition', placeKind: 'locality' };
      const district = isWordIn(prev, LISTS.districtWords);
      if (district || isWordIn(prev, LISTS.localityWords) || LISTS.seatAcronyms.has(prev.text)) {
        // "sołtysa wsi Wola Wodyńska": a name in apposition stays in the nominative; "miasta Łomży" agrees.
        const own = readings(prev.text).filter((a) => a.tag.pos === 'subst' || a.tag.pos === 'brev').flatMap((a) => a.tag.case);
        return { cases: ['nom', ...own], mayGuess: true, kind: 'locality-word', placeKind: district ? 'district' : 'locality' };
      }
      if (isWordIn(prev, LISTS.friendWords)) return { cases: ['gen'], mayGuess: false, kind: 'friend-word', placeKind: 'locality' };
    }
    return orgPlace ? { ...NO_INTRODUCER, mayGuess: true } : NO_INTRODUCER;
  }

  /** A locality (or country) at words [i, last): the longest run that reads as one. */
  private locality(dw: DocumentWords, i: number, last: number, intro: Introducer, where: { blocked: boolean; quoted: boolean; foreign: boolean }): Found | undefined {
    const words = dw.words;
    // The rule names what made the words a place: the gazetteer alone, or the word before them too.
    const ruleOf = (known: boolean) => (!known ? 'place.locality.guessed' : intro.kind === 'none' ? 'place.locality.gazetteer' : `place.locality.${intro.kind}`);
    for (let end = last; end > i; end--) {
      const run = words.slice(i, end);
      const all = this.nameReadings(run, intro.cases);
      // A country is named by a noun ("Wielkiej Brytanii", "Stanów Zjednoczonych"), not by an adjective alone.
      const country = [normalizePhrase(textOf(dw, i, end), 'place').text, ...all.map((r) => r.name)].find((n) => COUNTRIES.has(n));
      if (country && run.some((w) => w.kind === 'word' && hasNounReading(w.text))) {
        if (where.blocked) continue;
        return { name: country, kind: 'country', voivodeship: '', guessed: false, first: i, last: end, rule: 'place.country' };
      }
      if (all.some((r) => this.isRegion(r.name))) return undefined;
      // A village only the register lists counts where an unlisted one would: after a word that
      // introduces places, and never a common word or a person's name ("Lipa", "Grażyna").
      // In the governed case, and not in a sentence about another country ("w Sninie na Słowacji").
      const named = intro.kind === 'locality-word' || intro.kind === 'friend-word';
      const mayBeVillage = () => (intro.mayGuess || named) && (!where.blocked || named) && !where.foreign && !cannotBeVillage(run)
        && inGovernedCase(run, intro.cases);
      const known = all.find((r) => r.known && (!r.minor || mayBeVillage()));
      const multiWord = run.filter((w) => w.kind === 'word').length > 1;
      // Inside an organisation's or a person's name only a listed multi-word name after a
      // preposition ("w Kazimierzu Biskupim") or a listed name after "Przyjaciół" counts; inside
      // quotes only a listed one after a preposition.
      // "Stowarzyszenie na Rzecz Rozwoju Wsi Tuławki", "Urząd Miasta Zamość": after a locality word
      // the name is a place's even inside an organisation's name.
      const listedInName = known && ((multiWord && intro.kind === 'preposition') || intro.kind === 'friend-word');
      if (where.blocked && intro.kind !== 'locality-word' && !listedInName) continue;
      if (where.quoted && !(known && intro.kind === 'preposition')) continue;
      if (known && this.isKnownMention(run, end, last, intro)) {
        const joined = this.withJoiner(dw, i, end, known.name);
        const entry = this.gazetteer.findLocalities(joined?.name ?? known.name)[0];
        const kind: PlaceKind = entry?.kind === 'district' || intro.placeKind === 'district' ? 'district' : 'locality';
        // After a locality word a listed name as written is the name ("sołtys wsi Tuławki").
        const asWritten = intro.kind === 'locality-word' && known.name === textOf(dw, i, end);
        const alternatives = asWritten ? [] : all.filter((r) => r.known || intro.kind !== 'none');
        return { name: joined?.name ?? known.name, kind, voivodeship: '', guessed: false, first: i, last: joined?.last ?? end, rule: ruleOf(true),
          ...(alternatives.length > 1 && !joined ? { alternatives } : {}) };
      }
      if (end !== last) continue;
      // Unknown: a village after a preposition, or a listed noun with its adjectives ("Brodach Dużych").
      const guesses = all.filter((r) => !r.known);
      // "sołtysa wsi Wola Wodyńska", "we wsi Tuławki": after a locality word the name stands in the nominative.
      const written = textOf(dw, i, end);
      if (intro.kind === 'locality-word' && mayBeNominative(run) && !guesses.some((r) => r.name === written)) {
        guesses.unshift({ name: written, known: false, guessed: readings(run[run.length - 1].text).every((a) => a.guessed), head: run[0].text, count: 0 });
      }
      const listedHead = multiWord && guesses.some((r) => this.gazetteer.hasNotableLocality(r.head));
      if (!guesses.length || !(intro.mayGuess || listedHead) || !this.mayBeUnlisted(run, intro.cases)) continue;
      if (words[i].sentenceInitial && intro.kind === 'none') continue;
      // Where a guess is taken, a village the register lists by one of the readings is that village.
      const registered = all.find((r) => r.minor && !where.foreign && inGovernedCase(run, intro.cases));
      if (registered) return { name: registered.name, kind: intro.placeKind, voivodeship: '', guessed: false, first: i, last: end, rule: ruleOf(true) };
      const best = guesses[0];
      return { name: best.name, kind: intro.placeKind, voivodeship: '', guessed: best.guessed, first: i, last: end, rule: ruleOf(false),
        ...(guesses.length > 1 && intro.kind !== 'locality-word' ? { alternatives: guesses } : {}) };
    }
    return undefined;
  }

  /**
   * A listed name is a mention of the place unless its words say otherwise: a common word at a
   * sentence's start ("Klucze do lokalu"), one that a further capitalised word continues ("Koło
   * Gospodyń Wiejskich"), or a single adjective ("Nowe kwalifikacje").
   */
  private isKnownMention(run: Word[], end: number, last: number, intro: Introducer): boolean {
    const wordsOnly = run.filter((w) => w.kind === 'word');
    if (wordsOnly.length > 1) return true;
    const head = wordsOnly[0];
    const looksProper = hasProperReading(head.text) || !readings(head.text).some((a) => !a.guessed);
    // A name made of an adjective ("do Wiśniowej", "w Białej") needs a preposition and nothing after it.
    const adjectivalName = intro.kind !== 'none' && !head.sentenceInitial && end === last;
    if (!adjectivalName && (!looksProper || isAdjectiveOnly(head.text))) return false;
    if (!hasCommonReading(head.text)) return true;
    if (end < last) return false;
    return !(head.sentenceInitial && intro.kind === 'none');
  }

  /** "Kostrzynie nad Odrą": a listed compound name around a joiner word. */
  private withJoiner(dw: DocumentWords, i: number, end: number, name: string): { name: string; last: number } | undefined {
    const words = dw.words;
    if (end + 1 >= words.length || !LISTS.nameJoiners.has(words[end].lower) || !isNameToken(words[end + 1]) || words[end + 1].sentence !== words[i].sentence) return undefined;
    const compound = `${name} ${words[end].lower} ${words[end + 1].text}`;
    return this.gazetteer.hasLocality(compound) ? { name: compound, last: end + 2 } : undefined;
  }

  private isRegion(name: string): boolean {
    return REGIONS.has(name.toLowerCase()) || !!this.gazetteer.voivodeshipByRegion(name);
  }

  // --- territorial units

  /** "województwo podlaskie", "woj. łódzkiego i mazowieckiego", "województw: kujawsko-pomorskiego, małopolskiego". */
  private voivodeships(words: Word[], i: number, first: number, end: number): Units | undefined {
    const w = words[i];
    if (!isWordIn(w, LISTS.voivodeshipWords)) return undefined;
    // "Zarządu Województwa Mazowieckiego", "ROPS Województwa Śląskiego": an organ's or an office's name.
    const prev = i > first ? words[i - 1] : undefined;
    if (w.capitalised && prev && isNameToken(prev) && !PREPOSITIONS.has(prev.lower)) return undefined;
    if (isWordIn(prev, LISTS.voivodeshipOffices)) return undefined;
    let j = i + 1;
    if (words[j]?.text === '.' || words[j]?.text === ':') j++;
    const found: Found[] = [];
    while (j < end && words[j].kind === 'word') {
      const v = voivodeshipOfAdjective(words[j].text);
      if (!v) break;
      found.push({ name: `województwo ${v}`, kind: 'voivodeship', voivodeship: v, guessed: false, first: found.length ? j : i, last: j + 1, rule: 'place.voivodeship' });
      j++;
      if (j + 1 < end && isCoordinator(words[j]) && voivodeshipOfAdjective(words[j + 1].text)) j++;
      else break;
    }
    return found.length ? { found, next: j } : undefined;
  }

  /** "powiatu łomżyńskiego", "Powiat Garwoliński", "powiatów sąsiednich: mławskiego i przasnyskiego". */
  private powiats(words: Word[], i: number, end: number): Units | undefined {
    const w = words[i];
    if (!isWordIn(w, LISTS.powiatWords)) return undefined;
    // "Powiat Garwoliński" acting as a body names the powiat too.
    const isAdjective = (x: Word | undefined) => isPowiatAdjective(x, w.capitalised) && !isWordIn(x, LISTS.powiatQualifiers);
    let j = i + 1;
    if (words[j]?.text === '.' || words[j]?.text === ':') j++;
    else if (words[j]?.kind === 'word' && !isAdjective(words[j]) && words[j + 1]?.text === ':') j += 2;
    while (isWordIn(words[j], LISTS.powiatQualifiers) && j + 1 < end) j++;
    const found: Found[] = [];
    while (j < end && isAdjective(words[j])) {
      const nominative = powiatNominative(words[j].lower);
      let last = j + 1;
      let name = nominative;
      // Two-word powiats: "łódzki wschodni", "poznański ziemski".
      const next = words[last];
      if (next && next.kind === 'word' && !next.capitalised && isAdjectiveOnly(next.text)) {
        const second = powiatNominative(next.lower);
        if (this.gazetteer.voivodeshipOfPowiat(`${nominative} ${second}`)) { name = `${nominative} ${second}`; last++; }
      }
      found.push({ name: `powiat ${name}`, kind: 'powiat', voivodeship: this.gazetteer.voivodeshipOfPowiat(name) ?? '', guessed: false, first: found.length ? j : i, last, rule: 'place.powiat' });
      j = last;
      if (j + 1 < end && isCoordinator(words[j]) && isAdjective(words[j + 1])) j++;
      else break;
    }
    return found.length ? { found, next: j } : undefined;
  }

  /** "gminy Brzeziny", "Gminą Rogów", "gmina wiejska Wizna", "miasta i gminy Brzeziny", "gminy powiatu: Byczyna, Lasowice Wielkie i Wołczyn". */
  private gminas(dw: DocumentWords, i: number, end: number): Units | undefined {
    const words = dw.words;
    const w = words[i];
    const townAndGmina = isWordIn(w, TOWN) && (words[i + 1]?.lower === 'i') && isWordIn(words[i + 2], LISTS.gminaWords);
    if (!isWordIn(w, LISTS.gminaWords) && !townAndGmina) return undefined;
    let j = townAndGmina ? i + 3 : i + 1;
    if (words[j]?.text === '.' || words[j]?.text === ':') j++;
    else j = afterListQualifier(words, j, end);
    if (isWordIn(words[j], LISTS.gminaQualifiers)) j++;
    // "w kategorii gmin wiejskich: Gmina Stara Biała": the list names its own units.
    if (isWordIn(words[j], LISTS.gminaWords) || isWordIn(words[j], LISTS.localityWords)) return undefined;
    let last = nameRun(words, j, end);
    if (last <= j) return undefined;
    const found: Found[] = [];
    const first = this.gminaName(dw, j, last);
    last = first.last;
    found.push({ name: `gmina ${first.name}`, kind: 'gmina', voivodeship: '', guessed: first.guessed, first: i, last, rule: 'place.gmina' });
    if (townAndGmina) found.push({ name: first.name, kind: 'locality', voivodeship: '', guessed: first.guessed, first: j, last, rule: 'place.town-and-gmina' });
    // "gmin Byczyna, Lasowice Wielkie i Wołczyn"
    let k = last;
    while (k + 1 < end && isCoordinator(words[k]) && isNameStart(words[k + 1]) && !startsPerson(words, k + 1, end)) {
      const stop = nameRun(words, k + 1, end);
      if (!this.localityName(words.slice(k + 1, stop))) break;
      const more = this.gminaName(dw, k + 1, stop);
      found.push({ name: `gmina ${more.name}`, kind: 'gmina', voivodeship: '', guessed: more.guessed, first: k + 1, last: more.last, rule: 'place.gmina-list' });
      k = more.last;
    }
    return { found, next: k };
  }

  /** Whether the words from i name a gmina or a locality the gazetteer lists ("Gminy Bartoszyce", not "Gmin Polskich"). */
  private isListedGminaAt(dw: DocumentWords, i: number, end: number): boolean {
    const stop = nameRun(dw.words, i, end);
    if (stop <= i) return false;
    return this.gazetteer.gminaByName(textOf(dw, i, stop)).length > 0 || !!this.localityName(dw.words.slice(i, stop))?.known;
  }

  /**
   * A gmina's name is mostly in the nominative ("gminy Kleszczów"); else put it there. A listed
   * compound name goes on past its joiner word ("Świecia nad Osą"). `last` is where the name ends.
   */
  private gminaName(dw: DocumentWords, first: number, last: number): { name: string; guessed: boolean; last: number } {
    const raw = textOf(dw, first, last);
    const listed = this.gazetteer.gminaByName(raw).length > 0 || this.gazetteer.hasLocality(raw);
    const loc = listed ? undefined : this.localityName(dw.words.slice(first, last));
    const name = listed ? raw : loc?.name ?? raw;
    const joined = this.withJoiner(dw, first, last, name);
    if (joined) return { name: joined.name, guessed: false, last: joined.last };
    return { name, guessed: listed ? false : loc?.guessed ?? false, last };
  }
}

/**
 * Localities named in a clause that names another country or uses its adjective lie abroad,
 * unless listed: "w Sninie na Słowacji", "z Görlitz w Niemczech", "czeskiego miasta Trutnov"; so
 * do the names listed with them ("z Kłajpedy i Połągi"). `found`: the sentence's places.
 */
function markAbroad(found: PlaceMention[], s: { first: number; last: number }, words: Word[]): void {
  const inSentence = [...found].sort((a, b) => a.first - b.first);
  if (!inSentence.some((p) => p.kind === 'locality')) return;
  let clauseStart = s.first;
  for (let k = s.first; k <= s.last; k++) {
    if (k < s.last && !CLAUSE_BREAKS.has(words[k].text)) continue;
    const inClause = inSentence.filter((p) => p.first >= clauseStart && p.last <= k);
    const foreign = inClause.some((p) => p.kind === 'country' && p.name !== rules.homeCountry)
      || words.slice(clauseStart, k).some((w) => isWordIn(w, LISTS.foreignAdjectives));
    if (foreign) for (const p of inClause) if (p.kind === 'locality') p.abroad = true;
    clauseStart = k + 1;
  }
  // A list shares its members' country, whichever clause names it: "z Kłajpedy, Połągi i Wilna na Litwie".
  const listed = (a: PlaceMention, b: PlaceMention) => b.first === a.last + 1 && isCoordinator(words[a.last]);
  for (const order of [inSentence, [...inSentence].reverse()]) {
    for (let n = 1; n < order.length; n++) {
      const [a, b] = [order[n - 1], order[n]];
      if (a.abroad && b.kind === 'locality' && (listed(a, b) || listed(b, a))) b.abroad = true;
    }
  }
}

const CLAUSE_BREAKS = new Set([',', ';', ':', '(', ')']);

/** Every word can be a nominative: the dictionary reads it so, or does not know it. */
function mayBeNominative(run: Word[]): boolean {
  return run.every((w) => w.kind !== 'word' || !readings(w.text).some((a) => !a.guessed) || readings(w.text).some((a) => !a.guessed && a.tag.case.includes('nom')));
}

/** Past "powiatu:" in "gminy powiatu: Byczyna, …", "gmin naszego obszaru – Cielądz, …": up to two lower-case words before a colon or a dash. */
const LIST_DASHES = new Set(['–', '—', '-']);
function afterListQualifier(words: Word[], j: number, end: number): number {
  for (let k = j; k < end && k <= j + 2; k++) {
    const w = words[k];
    if (w.text === ':' || LIST_DASHES.has(w.text)) return k + 1;
    if (w.kind !== 'word' || w.capitalised) return j;
  }
  return j;
}

const POWIAT_ADJECTIVE = /(?:ski|cki|dzki)(?:ego|emu|m|)$|(?:skim|ckim|dzkim)$/u;
function isPowiatAdjective(w: Word | undefined, allowCapital = false): boolean {
  return !!w && w.kind === 'word' && (allowCapital || !w.capitalised) && !w.allCaps && POWIAT_ADJECTIVE.test(w.lower);
}

function powiatNominative(lower: string): string {
  return (nominativeAdjective(lower, { number: 'sg', gender: 'm3' }) ?? lower).toLowerCase();
}

export interface PlaceContext {
  voivodeships: Voivodeship[];
  /** Powiat names, or TERYT codes where the document's voivodeships settle a shared name ("krośnieński"). */
  powiats: string[];
  gminas: string[];
}

/** The document's own regions, which settle which of several same-named places is meant. */
export function placeContext(places: PlaceMention[], gazetteer?: Gazetteer): PlaceContext {
  const voivodeships = new Set<Voivodeship>();
  for (const p of places) if ((p.kind === 'voivodeship' || p.kind === 'powiat') && p.voivodeship) voivodeships.add(p.voivodeship);
  const powiats = new Set<string>();
  for (const p of places) {
    if (p.kind !== 'powiat') continue;
    const name = p.name.replace(/^powiat /u, '');
    const inRegion = gazetteer?.powiats(name).filter((x) => voivodeships.has(x.voivodeship)) ?? [];
    if (inRegion.length === 1) powiats.add(inRegion[0].code);
    else powiats.add(name);
  }
  return {
    voivodeships: [...voivodeships],
    powiats: [...powiats],
    gminas: places.filter((p) => p.kind === 'gmina').map((p) => p.name.replace(/^gmina /u, '')),
  };
}

// --- endings of place names by voivodeship --------------------------------------------------

/** Letters of a name's end compared between readings: "-ów" against "-wo", "-yn" against "-na". */
const ENDING_LETTERS = 2;
const endingTables = new WeakMap<Gazetteer, Map<Voivodeship, Map<string, number>>>();

/** How many listed localities of each voivodeship end in each pair of letters (Mietków or Mietkowo?). */
function endingTable(gazetteer: Gazetteer): Map<Voivodeship, Map<string, number>> {
  let table = endingTables.get(gazetteer);
  if (!table) {
    table = new Map();
    for (const e of gazetteer.all()) {
      // Towns and villages of 500 people or more: the places reports name most.
      if (e.kind !== 'locality' || e.feature === REGISTER_VILLAGE) continue;
      for (const v of [e.voivodeship, ''] as Voivodeship[]) {
        let counts = table.get(v);
        if (!counts) table.set(v, (counts = new Map()));
        const ending = e.name.toLowerCase().slice(-ENDING_LETTERS);
        counts.set(ending, (counts.get(ending) ?? 0) + 1);
      }
    }
    endingTables.set(gazetteer, table);
  }
  return table;
}

/**
 * A reading's fit with the region: how many of the region's listed localities (the country's,
 * when the document names none) end like its noun, times the square root of how often the
 * guesser saw its ending, so that a strong regional pattern outweighs a merely frequent ending.
 */
function regionalFit(reading: NameReading, voivodeships: readonly Voivodeship[], gazetteer: Gazetteer): number {
  const table = endingTable(gazetteer);
  const ending = reading.head.toLowerCase().slice(-ENDING_LETTERS);
  let alike = 0;
  for (const v of voivodeships.length ? voivodeships : ['' as Voivodeship]) alike += (table.get(v)?.get(ending) ?? 0) + 1;
  return alike * Math.sqrt(reading.count || 1);
}

/**
 * Settles names read several ways: a listed reading that lies in the document's regions wins;
 * otherwise, when the listed one lies elsewhere or none is listed, the reading whose ending is
 * commonest among the region's own place names ("w Mietkowie" in dolnośląskie → Mietków,
 * "w Broczynie" in zachodniopomorskie → Broczyno).
 */
function settleReadings(places: PlaceMention[], ctx: PlaceContext, gazetteer: Gazetteer): void {
  for (const p of places) {
    const alternatives = p.alternatives;
    if (!alternatives || alternatives.length < 2) continue;
    const inRegion = alternatives.find((r) => r.known && ctx.voivodeships.includes(gazetteer.resolve(r.name, ctx)?.voivodeship ?? ''));
    const listed = alternatives.find((r) => r.known);
    const best = inRegion ?? (listed && (!ctx.voivodeships.length || isMajor(listed.name, gazetteer)) ? listed
      : [...alternatives].sort((a, b) => regionalFit(b, ctx.voivodeships, gazetteer) - regionalFit(a, ctx.voivodeships, gazetteer))[0]);
    p.name = best.name;
    p.guessed = best.guessed;
  }
}

/** Of same-named villages in one voivodeship (two Obryte in mazowieckie), the first: the voivodeship is certain. */
function oneRegionOf(entries: GazetteerEntry[]): GazetteerEntry | undefined {
  return entries.length > 1 && sharedVoivodeship(entries) ? entries[0] : undefined;
}

/** A town large enough to be named whatever region a report is about. */
const isMajor = (name: string, gazetteer: Gazetteer) => (gazetteer.findLocalities(name)[0]?.population ?? 0) >= MAJOR_TOWN;
const MAJOR_TOWN = 10_000;

/**
 * The voivodeships the document's places lie in, each with the names that put it there: its
 * voivodeships and powiats, and the localities and gminas the gazetteer resolves in their light.
 */
function regionSupport(places: PlaceMention[], ctx: PlaceContext, gazetteer: Gazetteer): Map<Voivodeship, Set<string>> {
  const support = new Map<Voivodeship, Set<string>>();
  const note = (v: Voivodeship | undefined, name: string) => {
    if (!v) return;
    let names = support.get(v);
    if (!names) support.set(v, (names = new Set()));
    names.add(name);
  };
  for (const p of places) {
    if (p.kind === 'voivodeship' || p.kind === 'powiat') note(p.voivodeship, p.name);
    else if ((p.kind === 'locality' || p.kind === 'district') && !p.alternatives && !p.abroad) note(gazetteer.resolve(p.name, ctx)?.voivodeship, p.name);
    else if (p.kind === 'gmina') note(gazetteer.resolve(p.name.replace(/^gmina /u, ''), ctx)?.voivodeship, p.name);
  }
  return support;
}

/** The voivodeship most of the document's places lie in, when more than half do. */
function dominantVoivodeship(support: Map<Voivodeship, Set<string>>): Voivodeship | undefined {
  const counts = [...support].map(([v, names]) => ({ v, n: names.size })).sort((a, b) => b.n - a.n);
  const total = counts.reduce((sum, c) => sum + c.n, 0);
  return counts.length && counts[0].n * 2 > total ? counts[0].v : undefined;
}

/** Fill in the voivodeship of localities and gminas from the gazetteer, given the document's regions. */
export function assignVoivodeships(places: PlaceMention[], gazetteer: Gazetteer = defaultGazetteer()): void {
  const ctx = placeContext(places, gazetteer);
  const support = regionSupport(places, ctx, gazetteer);
  const wide = { ...ctx, voivodeships: [...support.keys()] };
  settleReadings(places, wide, gazetteer);
  /** Voivodeships named by the document's other places than `name`. */
  const others = (name: string) => [...support].filter(([, names]) => [...names].some((n) => n !== name)).map(([v]) => v);
  const abroad = new Set(places.filter((p) => p.abroad && !gazetteer.hasLocality(p.name)).map((p) => p.name));
  for (const p of places) {
    if (p.voivodeship) continue;
    if (p.kind === 'locality' || p.kind === 'district') {
      if (abroad.has(p.name)) continue;
      // Ambiguous names settle on the voivodeship of the document's other places too.
      const entry = gazetteer.resolve(p.name, ctx) ?? gazetteer.resolve(p.name, wide) ?? oneRegionOf(gazetteer.findLocalities(p.name));
      // A village of that name elsewhere is not this one when the document's other places lie in other regions.
      const around = others(p.name);
      const elsewhere = entry && around.length > 0 && !around.includes(entry.voivodeship) && entry.population < 2_000;
      // Several villages of the name in the document's region: the region, if not which village.
      p.voivodeship = entry && !elsewhere ? entry.voivodeship : (gazetteer.voivodeshipOf(p.name, ctx) ?? '');
    } else if (p.kind === 'gmina') {
      const name = p.name.replace(/^gmina /u, '');
      p.voivodeship = gazetteer.resolve(name, wide)?.voivodeship ?? '';
    }
  }
  // A place the gazetteer does not know lies, most likely, where most of the document's places lie.
  const dominant = dominantVoivodeship(support);
  if (dominant) {
    for (const p of places) if (!p.voivodeship && p.kind !== 'country' && !abroad.has(p.name)) p.voivodeship = dominant;
  }
}
