// Phrase normalisation to the nominative: "Łódzkiego Sejmiku Osób Niepełnosprawnych" →
// "Łódzki Sejmik Osób Niepełnosprawnych", "Spółdzielnię Socjalną ALEXIS" → "Spółdzielnia Socjalna
// ALEXIS", "Marcinem Plutą" → "Marcin Pluta". Only the words that agree with the head noun
// inflect; genitive complements, quoted names and unknown words stay as written, with their
// original capitals.
import { analyze, type Analysis } from './morphology.js';
import type { Case, Gender } from './tags.js';
import { ADJECTIVAL_NAME_TARGETS, matchCase, nominativeAdjective, nominativePluralNoun, type NumberValue } from './inflect.js';
import { defaultGazetteerIfBuilt } from './gazetteer.js';
import countriesJson from './data/countries.json' with { type: 'json' };
import { femaleFirstName, firstNameRank, isFirstName, isKnownSurname, maleFirstName } from './names.js';

export type PhraseKind = 'person' | 'place' | 'organization';

/** A piece of a phrase: a word to analyse, or the separator text between words, kept verbatim. */
interface Piece {
  text: string;
  word: boolean;
}

// Words, numbers and abbreviations with their dot; everything else is a separator.
const PIECE = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*\.?|[^\p{L}\p{M}\p{N}]+/gu;

function splitPieces(phrase: string): Piece[] {
  const pieces: Piece[] = [];
  for (const m of phrase.matchAll(PIECE)) {
    const text = m[0];
    pieces.push({ text, word: /[\p{L}\p{N}]/u.test(text) });
  }
  return pieces;
}

// The vocative is left out: names in reports are not addressed ("Mario" is a name, not "Mario!").
const CASE_PREFERENCE: Case[] = ['nom', 'gen', 'loc', 'inst', 'dat', 'acc'];
const NUMBERS: NumberValue[] = ['sg', 'pl'];

type Role = 'noun' | 'adj';

function roleOf(a: Analysis): Role | undefined {
  const pos = a.tag.pos;
  if (pos === 'subst' || pos === 'depr') return 'noun';
  if (pos === 'adj' || pos === 'ppas' || pos === 'pact' || pos === 'adja') return 'adj';
  return undefined;
}

function agreeing(readings: Analysis[], c: Case, n: NumberValue, role?: Role): Analysis[] {
  return readings.filter((a) => {
    const r = roleOf(a);
    return r !== undefined && (role === undefined || r === role) && a.tag.case.includes(c) && a.tag.number.includes(n);
  });
}

/** A reading of a hyphenated word through its last part; `compound` is the part before it. */
interface CompoundAnalysis extends Analysis { compound?: string }

// Endings that only an inflected form has: a guessed word without one may be a nominative as written.
const OBLIQUE_ENDING = /(?:ach|ami|om|owi|ego|emu|iej|ej|ą|ę|em|iem|owie|ów|ie|u)$/u;
const IS_ALL_CAPS = (w: string) => w.length > 1 && w === w.toUpperCase() && w !== w.toLowerCase();

// Phrases share their words, so readings are memoised across phrases; the cap keeps memory flat.
const READINGS_CAP = 100_000;
let readingMemo = new Map<string, Analysis[]>();

/**
 * Readings of a word: the dictionary's when it has any, else the guesser's. Acronyms are not
 * guessed ("HKU"); a hyphenated compound the dictionary lacks is read by its last part
 * ("Psychologiczno-Pedagogicznej"); a guessed word with no oblique ending may be a nominative.
 * Memoised: callers filter or copy, never modify.
 */
function readingsOf(word: string): Analysis[] {
  let r = readingMemo.get(word);
  if (!r) {
    if (readingMemo.size >= READINGS_CAP) readingMemo = new Map();
    const text = word.endsWith('.') ? word.slice(0, -1) : word;
    r = text.length ? analyze(text) : [];
    const known = r.filter((a) => !a.guessed);
    if (known.length) r = known;
    else if (IS_ALL_CAPS(text) || /^\p{Lu}\p{Ll}+\p{Lu}/u.test(text)) r = []; // acronyms and brands ("BoxLife") do not inflect
    else if (text.includes('-')) {
      const last = text.slice(text.lastIndexOf('-') + 1);
      const prefix = text.slice(0, text.lastIndexOf('-') + 1);
      const parts = last ? readingsOf(last).filter((a) => !a.guessed) : [];
      if (parts.length) r = parts.map((a): CompoundAnalysis => ({ ...a, lemma: prefix + a.lemma, compound: prefix }));
    } else if (r.length && !OBLIQUE_ENDING.test(text.toLowerCase())) {
      r = [{ lemma: text, tag: { ...r[0].tag, case: ['nom'], raw: 'subst:sg:nom' }, guessed: true }, ...r];
    }
    readingMemo.set(word, r);
  }
  return r;
}

interface Group {
  c: Case;
  n: NumberValue;
  /** Indices (into the word list) of the words that inflect, and the head noun among them. */
  members: number[];
  head: number;
  guessed: boolean;
}

/** Readings that can stand in a place name: not a person (m1 noun) when a place reading exists. */
function placeReadings(readings: Analysis[]): Analysis[] {
  const places = readings.filter((a) => !(roleOf(a) === 'noun' && a.tag.gender.length === 1 && a.tag.gender[0] === 'm1'));
  return places.length ? places : readings;
}

/**
 * The longest run of words from the start that agree in case and number with a noun head.
 * Before the head: adjectives (or, for persons, any agreeing name); after it only agreeing
 * adjectives ("Ośrodek Szkoleniowy"), since a following noun in the same case is a complement.
 */
function findGroup(words: string[], kind: PhraseKind): Group | undefined {
  let best: Group | undefined;
  for (const n of NUMBERS) {
    for (const c of CASE_PREFERENCE) {
      const members: number[] = [];
      let head = -1;
      let guessed = false;
      // Genders every member so far can share: "Kasy Rolniczego" do not agree.
      let genders: Set<Gender> | undefined;
      for (let i = 0; i < words.length; i++) {
        const all = kind === 'place' ? placeReadings(readingsOf(words[i])) : readingsOf(words[i]);
        const readings = genders ? all.filter((a) => a.tag.gender.some((g) => genders!.has(g))) : all;
        const nouns = agreeing(readings, c, n, 'noun');
        const adjs = agreeing(readings, c, n, 'adj');
        if (!nouns.length && !adjs.length) break;
        const shared = new Set([...nouns, ...adjs].flatMap((a) => a.tag.gender));
        genders = genders ? new Set([...genders].filter((g) => shared.has(g))) : shared;
        if (head >= 0 && kind !== 'person' && !adjs.length) break;
        members.push(i);
        if (readings.some((a) => a.guessed)) guessed = true;
        // The head is the first word that can only be a noun, or the last of the run otherwise.
        if (head < 0 && nouns.length && (!adjs.length || i === words.length - 1 || !canContinue(words, i + 1, c, n))) head = i;
      }
      if (head < 0) continue;
      // Trailing members after the head must be adjectives (already ensured) and must not leave
      // the head itself out.
      const group: Group = { c, n, members, head, guessed };
      if (!best || members.length > best.members.length) best = group;
    }
  }
  return best;
}

function canContinue(words: string[], i: number, c: Case, n: NumberValue): boolean {
  if (i >= words.length) return false;
  const readings = readingsOf(words[i]);
  return agreeing(readings, c, n, 'noun').length > 0;
}

function genderOf(group: Group, words: string[], kind: PhraseKind): Gender | undefined {
  const headReadings = agreeing(readingsOf(words[group.head]), group.c, group.n, 'noun');
  // A guessed head keeps the guesser's order (most frequent ending first); an organisation's
  // unknown name is most often masculine ("w Vitasanie" → Vitasan).
  if (headReadings.length && headReadings.every((a) => a.guessed)) {
    if (kind === 'organization' && headReadings.some((a) => a.tag.gender.includes('m3'))) return 'm3';
    return headReadings[0].tag.gender[0];
  }
  // Agreement with the adjectives narrows the head's gender ("Nowym Sączu": m3).
  let genders = new Set<Gender>(headReadings.flatMap((a) => a.tag.gender));
  for (const i of group.members) {
    if (i === group.head) continue;
    const adjGenders = new Set(agreeing(readingsOf(words[i]), group.c, group.n, 'adj').flatMap((a) => a.tag.gender));
    if (!adjGenders.size) continue;
    const both = [...genders].filter((g) => adjGenders.has(g));
    if (both.length) genders = new Set(both);
  }
  if (kind === 'person') {
    if (genders.has('f') && !genders.has('m1')) return 'f';
    if (genders.has('m1')) return 'm1';
  }
  const order: Gender[] = ['f', 'n', 'n1', 'n2', 'm3', 'm1', 'm2', 'p1', 'p2', 'p3'];
  return order.find((g) => genders.has(g));
}

/** The nominative of one member word of the group. */
function nominativeWord(word: string, group: Group, gender: Gender | undefined, isHead: boolean): string {
  const readings = readingsOf(word);
  const compound = (readings[0] as CompoundAnalysis | undefined)?.compound;
  if (compound && word.startsWith(compound)) {
    const rest = nominativeWord(word.slice(compound.length), group, gender, isHead);
    // "Miejsko-Gminnym": the first part is an adverbial stem in -o and does not inflect;
    // "Bielsku-Białej", "Kędzierzynie-Koźlu": both parts do, each on its own.
    if (/o-$/iu.test(compound)) return compound + rest;
    const first = compound.slice(0, -1);
    const head = normalizeSingle(first);
    return `${head}-${rest}`;
  }
  const dot = word.endsWith('.') ? '.' : '';
  const bare = dot ? word.slice(0, -1) : word;
  const target = { number: group.n, gender };
  const nouns = agreeing(readings, group.c, group.n, 'noun');
  const adjs = agreeing(readings, group.c, group.n, 'adj');
  if (isHead || (nouns.length && !adjs.length)) {
    const reading = pickNoun(nouns, gender, bare, group.n);
    if (!reading) return word;
    // Plural-only names (Kielce, Suwałki, Kownaty) have the nominative plural as their lemma.
    if (group.n === 'pl' && isPluraleTantum(reading)) return matchCase(reading.lemma, bare) + dot;
    if (group.n === 'sg') return matchCase(reading.lemma, bare) + dot;
    const plural = reading.guessed ? reading.lemma : nominativePluralNoun(bare, reading.lemma);
    return plural ? matchCase(plural, bare) + dot : word;
  }
  const adjReading = adjs.find((a) => !gender || a.tag.gender.includes(gender)) ?? adjs[0];
  const lemma = adjReading && !adjReading.guessed ? adjReading.lemma : undefined;
  const nominative = nominativeAdjective(bare, target, lemma) ?? (lemma ? nominativeAdjective(bare, target) : undefined);
  return nominative ? matchCase(nominative, bare) + dot : word;
}

const isPluraleTantum = (a: Analysis) => a.tag.gender.some((g) => g === 'p1' || g === 'p2' || g === 'p3');

function pickNoun(nouns: Analysis[], gender: Gender | undefined, form: string, n: NumberValue = 'sg'): Analysis | undefined {
  if (!nouns.length) return undefined;
  const capital = form.charAt(0) !== form.charAt(0).toLowerCase();
  // A capitalised word prefers a proper name's reading ("Woli" → Wola), but not a person's: the
  // head of a place's or an organisation's name is no person ("Bankiem" → Bank, not Banek).
  const personal = (a: Analysis) => !a.guessed && a.tag.gender.length === 1 && a.tag.gender[0] === 'm1';
  const score = (a: Analysis) =>
    (gender && a.tag.gender.includes(gender) ? 2 : 0) + (n === 'pl' && isPluraleTantum(a) ? 3 : 0) +
    (capital && a.lemma.charAt(0) !== a.lemma.charAt(0).toLowerCase() && !personal(a) ? 3 : 0) +
    (a.guessed ? -4 : 0);
  return [...nouns].sort((a, b) => score(b) - score(a))[0];
}

/** A lone word in the nominative, for the first part of a two-part name. */
function normalizeSingle(word: string): string {
  const group = findGroup([word], 'place');
  if (!group || group.c === 'nom') return word;
  return nominativeWord(word, group, genderOf(group, [word], 'place'), true);
}

export interface Normalized {
  text: string;
  /** True when some word was inflected from a guess rather than a dictionary reading. */
  guessed: boolean;
}

// Reports repeat their names: answers are memoised, with a cap that keeps memory flat.
const MEMO_CAP = 100_000;
let memo = new Map<string, Normalized>();

/** The phrase in the nominative, see the module comment. */
export function normalizePhrase(phrase: string, kind: PhraseKind): Normalized {
  const key = `${kind}\t${phrase}`;
  let answer = memo.get(key);
  if (!answer) {
    if (memo.size >= MEMO_CAP) memo = new Map();
    answer = normalizeUncached(phrase, kind);
    memo.set(key, answer);
  }
  return answer;
}

function normalizeUncached(phrase: string, kind: PhraseKind): Normalized {
  const result = normalizeByAgreement(phrase, kind);
  if (kind !== 'place') return result;
  // A place name has a register to ask: of the readings, the place that exists (the most
  // populous when several do) wins: "Płocka" → Płock, "Tarnowie" → Tarnów, "Niemiec" → Niemcy.
  const known = knownPlace([result.text, ...placeReadingsOf(phrase)]);
  return known && known !== result.text ? { text: known, guessed: false } : result;
}

function normalizeByAgreement(phrase: string, kind: PhraseKind): Normalized {
  const pieces = splitPieces(phrase.trim());
  const wordPieces = pieces.map((p, i) => (p.word ? i : -1)).filter((i) => i >= 0);
  const words = wordPieces.map((i) => pieces[i].text);
  if (!words.length) return { text: phrase.trim(), guessed: false };
  // A quoted name starts where the inflecting part must stop.
  const firstQuote = pieces.findIndex((p) => !p.word && /["„”«»“]/u.test(p.text));
  const limit = firstQuote < 0 ? words.length : wordPieces.filter((i) => i < firstQuote).length;
  if (kind === 'person') return normalizePerson(pieces, wordPieces, words);
  // Leading numbers, roman numerals and acronyms do not inflect: "X Liceum", "FC Barcelony".
  let skip = 0;
  while (skip < limit - 1 && (/^(?:\d+\.?|[IVXLC]+)$/u.test(words[skip]) || (/^\p{Lu}[\p{Lu}\d]+$/u.test(words[skip]) && !readingsOf(words[skip]).length))) skip++;
  const found = findGroup(words.slice(skip, limit), kind);
  const group = found && { ...found, members: found.members.map((i) => i + skip), head: found.head + skip };
  if (!group || group.c === 'nom') return { text: phrase.trim(), guessed: false };
  const gender = genderOf(group, words, kind);
  const out = pieces.map((p) => p.text);
  for (const i of group.members) {
    out[wordPieces[i]] = nominativeWord(words[i], group, gender, i === group.head);
  }
  return { text: out.join(''), guessed: group.guessed };
}

// ---- person names -------------------------------------------------------------------------

function normalizePerson(pieces: Piece[], wordPieces: number[], words: string[]): Normalized {
  const choice = personReading(words);
  if (!choice || choice.c === 'nom') return { text: pieces.map((p) => p.text).join('').trim(), guessed: false };
  const out = pieces.map((p) => p.text);
  let guessed = false;
  words.forEach((word, i) => {
    const result = personWord(word, choice.c, choice.gender);
    if (result.guessed) guessed = true;
    out[wordPieces[i]] = result.text;
  });
  return { text: out.join('').trim(), guessed };
}

const fitsGender = (a: Analysis, gender: Gender) => a.tag.gender.includes(gender) || (gender === 'm1' && a.tag.gender.some((g) => g.startsWith('m')));
/**
 * A man's surname that is an inanimate noun ("Ogórek", "Mróz") takes a person's accusative, the
 * genitive form ("Jana Ogórka"): its nominative-like accusative is no man's accusative, so
 * "Krystyna Ogórek" is a woman in the nominative, not Krystyn in the accusative.
 */
const fitsPerson = (a: Analysis, gender: Gender, c: Case) =>
  fitsGender(a, gender) && !(gender === 'm1' && c === 'acc' && !a.tag.gender.includes('m1') && !a.tag.case.includes('gen'));

/**
 * The gender and case of a name: the pair most of its words can be read in, a first name's
 * reading counting double since the surname follows it ("Agaty Róg" is a woman in the genitive,
 * "Krzysztofa Kozickiego" a man). Ties go to a man in an oblique case, the commoner reading of
 * an unknown surname in -a ("Stanisława Praussa").
 */
function personReading(words: string[]): { c: Case; gender: Gender } | undefined {
  let best: { c: Case; gender: Gender; score: number } | undefined;
  for (const gender of ['m1', 'f'] as Gender[]) {
    for (const c of CASE_PREFERENCE) {
      let score = 0;
      for (const w of words) {
        const rs = readingsOf(w).filter((a) => roleOf(a) && a.tag.case.includes(c) && a.tag.number.includes('sg') && fitsPerson(a, gender, c));
        if (!rs.length) {
          // An unknown surname in -a shows its case by its ending ("Tadeusza Kobielę"), and -ą, -ę are never a nominative.
          if (showsCase(w, c)) score += 0.5;
          else if (c === 'nom' && OBLIQUE_ONLY.test(w)) score -= 1;
          // A man's surname inflects with his first name; a woman's consonant-final one does not.
          else if (gender === 'm1' && !w.endsWith('.')) score -= 1;
          continue;
        }
        const firstName = rs.some((a) => (gender === 'f' ? femaleFirstName(a.lemma) : maleFirstName(a.lemma)));
        score += firstName ? 2 : rs.every((a) => a.guessed) ? 0.9 : 1;
      }
      const better = !best || score > best.score ||
        (score === best.score && best.c === 'nom' && c !== 'nom' && gender === 'm1');
      if (score > 0 && better) best = { c, gender, score };
    }
  }
  return best && { c: best.c, gender: best.gender };
}

/**
 * Endings of a surname in -a, which declines like a feminine noun for men and women alike
 * ("Kobiela": "z Tadeuszem Kobielą", "Tadeusza Kobielę"), by case: the ones that can come from
 * nothing but -a. Used only for a surname no dictionary or guesser reading fits.
 */
const A_SURNAME_ENDINGS: Partial<Record<Case, string>> = { inst: 'ą', acc: 'ę' };

const OBLIQUE_ONLY = /[ąę]$/u;
const showsCase = (word: string, c: Case) => {
  const ending = A_SURNAME_ENDINGS[c];
  return !!ending && word.length > 3 && word.endsWith(ending);
};

function unknownSurnameNominative(word: string, c: Case): string {
  return showsCase(word, c) ? `${word.slice(0, -1)}a` : word;
}

function personWord(word: string, c: Case, gender: Gender | undefined): Normalized {
  if (word.endsWith('.')) return { text: word, guessed: false }; // an initial: "Marka K. Zalejskiego"
  // Double-barrelled surnames inflect part by part: "Nowaka-Jeziorańskiego", "Skłodowską-Curie".
  if (word.includes('-') && !readingsOf(word).some((a) => !(a as CompoundAnalysis).compound && !a.guessed)) {
    const parts = word.split('-').map((part) => personWord(part, c, gender));
    return { text: parts.map((p) => p.text).join('-'), guessed: parts.some((p) => p.guessed) };
  }
  const readings = readingsOf(word).filter((a) => roleOf(a) && a.tag.case.includes(c) && a.tag.number.includes('sg'));
  // No dictionary reading of a noun or adjective: the case's own ending says more than the guesser
  // ("Kobielą" → Kobiela; "Kobielę" is also a verb's form).
  if (readings.every((a) => a.guessed) && readingsOf(word).every((a) => a.guessed || !roleOf(a))) {
    const fromEnding = unknownSurnameNominative(word, c);
    if (fromEnding !== word) return { text: fromEnding, guessed: true };
  }
  if (!readings.length) return { text: word, guessed: false };
  const candidates = readings.filter((a) => !gender || fitsGender(a, gender));
  if (!candidates.length) {
    // A man's surname read only as a feminine noun is one in -a ("Tadeuszem Kobielą": kobiel is
    // a basket); a woman's that is a masculine noun does not inflect ("Agaty Róg").
    if (gender === 'm1') {
      const fromEnding = unknownSurnameNominative(word, c);
      if (fromEnding !== word) return { text: fromEnding, guessed: true };
    }
    return { text: word, guessed: false };
  }
  const capital = (s: string) => s.charAt(0) !== s.charAt(0).toLowerCase();
  // Known first names and surnames first ("Markiem" is Marek, not Mark).
  const known = (a: Analysis) => Number(isFirstName(a.lemma) || isKnownSurname(a.lemma));
  const ranked = [...candidates].sort((a, b) =>
    (Number(!b.guessed) - Number(!a.guessed)) * 8 + (known(b) - known(a)) * 4 + (Number(capital(b.lemma)) - Number(capital(a.lemma))) * 2 +
    (Number(roleOf(b) === 'noun') - Number(roleOf(a) === 'noun')) || firstNameRank(a.lemma) - firstNameRank(b.lemma));
  const best = ranked[0];
  if (roleOf(best) === 'adj') {
    // Adjectival surnames: "Kowalskiej" → "Kowalska", "Pawłem Kowalskim" → "Kowalski".
    const nominative = nominativeAdjective(word, { number: 'sg', gender: gender === 'f' ? 'f' : 'm1' }, best.guessed ? undefined : best.lemma)
      ?? nominativeAdjective(word, { number: 'sg', gender: gender === 'f' ? 'f' : 'm1' });
    return { text: nominative ? matchCase(nominative, word) : word, guessed: best.guessed };
  }
  // A masculine lemma for a woman's adjectival-looking surname ("Brzozowski" read as a noun).
  if (gender === 'f' && /(?:ski|cki|dzki)$/u.test(best.lemma)) {
    return { text: matchCase(best.lemma.replace(/i$/u, 'a'), word), guessed: best.guessed };
  }
  return { text: matchCase(best.lemma, word), guessed: best.guessed };
}

const COUNTRY_NAMES = new Set((countriesJson as { countries: string[] }).countries);

function knownPlace(candidates: string[]): string | undefined {
  const gazetteer = defaultGazetteerIfBuilt(); // without one the dictionary's answer stands
  let best: { name: string; population: number } | undefined;
  for (const name of candidates) {
    const population = COUNTRY_NAMES.has(name) ? Number.MAX_SAFE_INTEGER : gazetteer?.findLocalities(name)[0]?.population;
    if (population !== undefined && (!best || population > best.population)) best = { name, population };
  }
  return best?.name;
}

/** Other nominatives the phrase could have: each noun reading of a lone word, adjectival names in each gender. */
function placeReadingsOf(phrase: string): string[] {
  const words = phrase.trim().split(/\s+/u);
  const out: string[] = [];
  if (words.length === 1) {
    for (const a of placeReadings(readingsOf(words[0]))) {
      if (roleOf(a) !== 'noun' || !/^\p{Lu}/u.test(a.lemma)) continue;
      if (a.tag.number.includes('pl') && !a.tag.number.includes('sg') && !isPluraleTantum(a)) continue;
      out.push(a.lemma);
    }
  }
  // A noun with adjectives, each adjective in every gender and number; the register keeps the one
  // that exists: "Ostrowie Wielkopolskim" → Ostrów Wielkopolski (not Ostrowo Wielkopolskie),
  // "Strzelcach Opolskich" → Strzelce Opolskie, "Nowym Sączu" → Nowy Sącz.
  if (words.length > 1 && words.length <= 3) {
    words.forEach((head, h) => {
      for (const a of placeReadings(readingsOf(head))) {
        if (roleOf(a) !== 'noun') continue;
        for (const target of ADJECTIVAL_NAME_TARGETS) {
          const forms = words.map((w, i) => (i === h ? a.lemma : nominativeAdjective(w, target)));
          if (forms.every((f) => f)) out.push(forms.map((f, i) => matchCase(f!, words[i])).join(' '));
        }
      }
    });
  }
  // "Zbójnej" → Zbójna, "Wysokiego Mazowieckiego" → Wysokie Mazowieckie: names made of adjectives.
  if (words.every((w) => readingsOf(w).some((a) => roleOf(a) === 'adj'))) {
    for (const target of ADJECTIVAL_NAME_TARGETS) {
      const forms = words.map((w) => nominativeAdjective(w, target));
      if (forms.every((f) => f)) out.push(forms.map((f, i) => matchCase(f!, words[i])).join(' '));
    }
  }
  return out;
}
