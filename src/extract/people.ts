// People: a first name (any case) followed by a capitalised surname, put in the nominative with
// the surname's gender following the first name; later mentions by the surname alone ("Kowalski
// podkreślił", "wójt Kowalska") join the person named in full. The role is the function stated
// next to the name, before it ("z burmistrzem Marcinem Plutą", "dyrektor ROPS, Pani Anna Nowak")
// or after it ("Pana Krzysztofa Kozickiego Wicestarosty Łomżyńskiego", "Danuta Brzozowska,
// prezes …"): the function word in the nominative with its adjectives, the bodies and the
// territorial unit it belongs to ("prezes zarządu", "wójt gminy Łącko", "starosta wrocławski"),
// without the organisation or the town it is held in ("prezes spółdzielni" → prezes).
import { z } from 'zod';
import type { Mention } from '../schema.js';
import { normalizePhrase } from '../lang/pl/normalize.js';
import { femaleFirstName, isFirstName, isKnownSurname, maleFirstName } from '../lang/pl/names.js';
import { defaultGazetteerIfBuilt } from '../lang/pl/gazetteer.js';
import type { Analysis } from '../lang/pl/morphology.js';
import { isNoun, type Case } from '../lang/pl/tags.js';
import rolesJson from './rules/roles.json' with { type: 'json' };
import contextJson from './rules/people-context.json' with { type: 'json' };
import { firstNameReadings, lemmasOf, readings, type DocumentWords, type SentenceWords, type Word } from './words.js';
import { mentionOf, textOf } from './spans.js';

const roleRules = z.object({
  roles: z.array(z.string()), honorifics: z.array(z.string()),
}).parse(rolesJson);
const contextRules = z.object({
  organizationNouns: z.array(z.string()), bodyNouns: z.array(z.string()), unitNouns: z.array(z.string()),
  copulas: z.array(z.string()), modifiers: z.array(z.string()), placeNouns: z.array(z.string()),
  locativePrepositions: z.array(z.string()), sourcePrepositions: z.array(z.string()),
  notAPersonBefore: z.array(z.string()), sharedRoleMarks: z.array(z.string()), listJoiners: z.array(z.string()),
  nameJoiners: z.array(z.string()), bridgePrepositions: z.array(z.string()),
}).parse(contextJson);

const HONORIFICS = new Set(roleRules.honorifics.map((h) => h.replace(/\.$/u, '')));
const ROLES = new Set(roleRules.roles.filter((r) => !HONORIFICS.has(r)));
const ORGANIZATION_NOUNS = new Set(contextRules.organizationNouns);
const BODY_NOUNS = new Set(contextRules.bodyNouns);
const UNIT_NOUNS = new Set(contextRules.unitNouns);
const COPULAS = new Set(contextRules.copulas);
const MODIFIERS = new Set(contextRules.modifiers);
const PLACE_NOUNS = new Set(contextRules.placeNouns);
const LOCATIVE_PREPOSITIONS = new Set(contextRules.locativePrepositions);
const SOURCE_PREPOSITIONS = new Set(contextRules.sourcePrepositions);
const NOT_A_PERSON_BEFORE = new Set(contextRules.notAPersonBefore);
const SHARED_ROLE_MARKS = new Set(contextRules.sharedRoleMarks);
const LIST_JOINERS = new Set(contextRules.listJoiners);
const NAME_JOINERS = new Set(contextRules.nameJoiners);
const BRIDGE_PREPOSITIONS = new Set(contextRules.bridgePrepositions);
const QUOTES = new Set(['„', '”', '“', '"', '«', '»', "'", '‚', '’']);
const BRACKETS = new Set(['(', ')']);
const DASHES = new Set(['–', '—', '-']);
// Words a role may reach over between its function word and the name: "dyrektor ROPS w
// Szczecinie, Pani …". A bound keeps an unrelated function in an earlier clause out.
const MAX_BRIDGE = 12;
const MAX_COMPLEMENTS = 5;
const FINITE_VERB = /^verb:(?:fin|praet|bedzie):/u;

export interface PersonMention {
  name: string;
  role: string;
  guessed: boolean;
  first: number;
  last: number;
  mention: Mention;
}

/** A person's name in a sentence: words [first, last), and who it names. */
interface NameSpan {
  first: number;
  last: number;
  name: string;
  guessed: boolean;
  rule: 'person.first-last' | 'person.couple' | 'person.surname';
}

/** A stated function: words [first, last), its head word, and the role it gives, in the nominative. */
interface RolePhrase {
  first: number;
  last: number;
  head: number;
  text: string;
  /** The function word is adjectival ("prowadzący", "przewodnicząca"): it takes the person's gender. */
  adjectival: boolean;
  /** Plural, or followed by a colon: it may stand for each person of a list that follows. */
  shared: boolean;
}

// ---- words ----------------------------------------------------------------------------------

const isWord = (w: Word | undefined): w is Word => !!w && w.kind === 'word';
const isNameToken = (w: Word | undefined): w is Word => isWord(w) && w.capitalised && !w.allCaps;
function hasLemmaIn(w: Word | undefined, set: ReadonlySet<string>): boolean {
  if (!isWord(w)) return false;
  if (set.has(w.lower)) return true;
  for (const l of lemmasOf(w)) if (set.has(l)) return true;
  return false;
}
const isAdjectiveReading = (a: Analysis) => ['adj', 'ppas', 'pact'].includes(a.tag.pos);
const isNounReading = (a: Analysis) => isNoun(a.tag);

function isHonorific(words: Word[], k: number): boolean {
  const w = words[k];
  // The dot of an abbreviated title: "ks.", "dr hab.", "st. bryg."
  if (w?.text === '.') return isWord(words[k - 1]) && HONORIFICS.has(words[k - 1].lower);
  return hasLemmaIn(w, HONORIFICS); // "Pana", "Panią" by their lemma
}

function isFirstNameWord(w: Word | undefined): boolean {
  if (!isNameToken(w)) return false;
  return firstNameReadings(w.text).some((a) => a.tag.pos === 'subst' && /^\p{Lu}/u.test(a.lemma)) || isFirstName(w.text);
}

/** The role lemma of a function word ("burmistrzem" → burmistrz), if it is one. */
function roleLemma(w: Word | undefined): string | undefined {
  if (!isWord(w) || HONORIFICS.has(w.lower)) return undefined;
  for (const l of lemmasOf(w)) if (ROLES.has(l)) return l;
  return ROLES.has(w.lower) ? w.lower : undefined;
}

function roleReadings(w: Word, lemma: string): Analysis[] {
  const own = readings(w.text).filter((a) => a.lemma.toLowerCase() === lemma && (isNounReading(a) || isAdjectiveReading(a)));
  return own.length ? own : readings(w.text).filter(isNounReading);
}

/** Case, number and gender triples a reading can stand in, for agreement between words. */
function features(rs: Analysis[]): Set<string> {
  const out = new Set<string>();
  for (const a of rs) for (const c of a.tag.case) for (const n of a.tag.number) for (const g of a.tag.gender) out.add(`${c}:${n}:${g === 'm1' || g === 'm2' || g === 'm3' ? 'm' : g}`);
  return out;
}

/** Readings of a word; a hyphenated one the dictionary lacks by its last part ("kujawsko-pomorskiego"). */
function wordReadings(text: string): Analysis[] {
  const own = readings(text).filter((a) => !a.guessed);
  const dash = text.lastIndexOf('-');
  return own.length || dash < 0 ? readings(text) : readings(text.slice(dash + 1));
}

const agree = (a: Set<string>, b: Set<string>) => [...a].some((f) => b.has(f));
const adjectiveFeatures = (w: Word) => features(wordReadings(w.text).filter(isAdjectiveReading));
const nounFeatures = (w: Word) => features(wordReadings(w.text).filter(isNounReading));

function casesOf(rs: Analysis[]): Set<Case> {
  return new Set(rs.flatMap((a) => a.tag.case));
}

// ---- names ----------------------------------------------------------------------------------

function knownPlace(name: string): boolean {
  // Without a built gazetteer, only the grammatical contexts tell places apart.
  const gazetteer = defaultGazetteerIfBuilt();
  return !!gazetteer && (gazetteer.hasNotableLocality(name) || gazetteer.gminaByName(name).length > 0);
}

/**
 * A first name and surname that name a place: after a place noun ("Gmina Kazimierz Biskupi"),
 * in the locative after "w" ("w Kazimierzu Biskupim"), or a place the gazetteer knows whose
 * second word is no surname ("do Kazimierza Dolnego").
 */
function isPlaceName(dw: DocumentWords, first: number, last: number, sFirst: number): boolean {
  const words = dw.words;
  const prev = first > sFirst ? words[first - 1] : undefined;
  const text = textOf(dw, first, last);
  const place = normalizePhrase(text, 'place').text;
  const surname = normalizePhrase(text, 'person').text.split(' ').pop() ?? '';
  const known = knownPlace(place) || knownPlace(text);
  if (prev && hasLemmaIn(prev, PLACE_NOUNS)) return known || !isKnownSurname(surname);
  if (prev && LOCATIVE_PREPOSITIONS.has(prev.lower)) {
    const locative = (w: Word) => readings(w.text).some((a) => a.tag.case.includes('loc') && (isNounReading(a) || isAdjectiveReading(a)));
    if (words.slice(first, last).every(locative)) return true;
  }
  if (!known) return false;
  return (!!prev && SOURCE_PREPOSITIONS.has(prev.lower)) || !isKnownSurname(surname);
}

/** A name after "ul.", "im.", "św." is a street's or a patron's; after "Fundacja" in the genitive, its patron's. */
function isPatronOrStreet(words: Word[], i: number, sFirst: number): boolean {
  let k = i - 1;
  if (k >= sFirst && words[k].text === '.') k--;
  if (k < sFirst) return false;
  if (NOT_A_PERSON_BEFORE.has(words[k].lower)) return true;
  const genitive = firstNameReadings(words[i].text).some((a) => a.tag.case.includes('gen'));
  return k === i - 1 && words[k].capitalised && hasLemmaIn(words[k], ORGANIZATION_NOUNS) && genitive;
}

/**
 * The name in the nominative. The normaliser reads the case from the whole name; when it turns
 * the first name but leaves the surname as written, the two disagree and the surname decides:
 * a woman's nominative first name with an invariable surname ("Krystyna Ogórek", not a man's
 * genitive "Krystyn"), or an oblique surname the dictionary lacks ("Barbary Rogali" → Rogala,
 * "Wojciechowi Sznelowi" → Sznel).
 */
function nominativeName(written: string): { name: string; guessed: boolean } {
  const n = normalizePhrase(written, 'person');
  const w = written.split(/\s+/u);
  const t = n.text.split(/\s+/u);
  if (w.length !== t.length || w.length < 2) return { name: n.text, guessed: n.guessed };
  const surname = w[w.length - 1];
  if (t[0] === w[0]) return { name: n.text, guessed: n.guessed };
  if (t[t.length - 1] === surname && femaleFirstName(w[0])) return { name: written, guessed: false };
  // Parts of a double-barrelled surname disagree one by one: "Beaty Rogali-Nowickiej".
  const writtenParts = surname.split('-');
  const normalParts = t[t.length - 1].split('-');
  if (writtenParts.length !== normalParts.length) return { name: n.text, guessed: n.guessed };
  const repaired = normalParts.map((part, k) => (part !== writtenParts[k] ? part
    : femaleFirstName(t[0]) ? feminineSurname(part) : maleFirstName(t[0]) ? masculineSurname(part, w[0]) : part));
  return { name: [...t.slice(0, -1), repaired.join('-')].join(' '), guessed: n.guessed };
}

// A woman's surname in -a in the other cases, with the consonant alternations of the dative and
// locative ("Kandziorze" → Kandziora, "Gałązce" → Gałązka).
const FEMININE_ENDINGS: [RegExp, string][] = [
  [/rze$/u, 'ra'], [/ce$/u, 'ka'], [/dze$/u, 'ga'], [/ście$/u, 'sta'], [/ie$/u, 'a'], [/(?:y|i|ą|ę|e)$/u, 'a'],
];

/** A woman's surname in -a from an oblique case, when the result is a known surname. */
function feminineSurname(part: string): string {
  for (const [ending, nominative] of FEMININE_ENDINGS) {
    const candidate = part.replace(ending, nominative);
    if (candidate !== part && isKnownSurname(candidate)) return candidate;
  }
  return part;
}

/** A man's surname from its dative (-owi), instrumental (-em) or, after a genitive first name, genitive (-a). */
function masculineSurname(part: string, firstName: string): string {
  if (/(?:owi|ewi)$/u.test(part)) return part.slice(0, -3);
  if (/[kg]iem$/u.test(part)) return part.slice(0, -3);
  if (/em$/u.test(part)) return part.slice(0, -2);
  if (/a$/u.test(part) && /a$/u.test(firstName)) return part.slice(0, -1);
  return part;
}

/** First name(s) and surname starting at i, or the end of a place that reads as one. */
function nameAt(dw: DocumentWords, s: SentenceWords, i: number, blocked: (i: number) => boolean): NameSpan | { placeEnd: number } | undefined {
  const words = dw.words;
  if (blocked(i) || !isNameToken(words[i]) || isPatronOrStreet(words, i, s.first)) return undefined;
  // A first name, or any capitalised pair after "Pan"/"Pani" ("Pani Rasa Jankauskienė").
  const introduced = i > s.first && isHonorific(words, i - 1) && !roleLemma(words[i]);
  if (!isFirstNameWord(words[i]) && !introduced) return undefined;
  let j = i + 1;
  // Second first names: "Anna Maria Nowak-Kowalska".
  while (j + 1 < s.last && isFirstNameWord(words[j]) && isNameToken(words[j + 1]) && !blocked(j + 1)) j++;
  if (j >= s.last || !isNameToken(words[j]) || blocked(j) || roleLemma(words[j])) return undefined;
  const last = j + 1;
  if (isPlaceName(dw, i, last, s.first)) return { placeEnd: last };
  const { name, guessed } = nominativeName(textOf(dw, i, last));
  return { first: i, last, name, guessed, rule: 'person.first-last' };
}

function findNames(dw: DocumentWords, s: SentenceWords, blocked: (i: number) => boolean): NameSpan[] {
  const out: NameSpan[] = [];
  for (let i = s.first; i < s.last; i++) {
    const found = nameAt(dw, s, i, blocked);
    if (!found) continue;
    // A place read as a name is skipped whole, so that its second word starts nothing.
    if ('placeEnd' in found) { i = found.placeEnd - 1; continue; }
    const partner = coupleOf(dw, s, found, blocked);
    if (partner === 'patrons') { i = found.last - 1; continue; }
    if (partner) out.push(partner.first, partner.second);
    else out.push(found);
    i = found.last - 1;
  }
  return out;
}

/** A surname written in the plural ("Nowakowie", "Kowalscy"): its singular in the person's gender. */
function singularSurname(word: string, female: boolean): string | undefined {
  const rs = readings(word).filter((a) => isNounReading(a) || isAdjectiveReading(a));
  if (!rs.length || rs.some((a) => a.tag.number.includes('sg'))) return undefined;
  const lemma = rs.find((a) => /^\p{Lu}/u.test(a.lemma))?.lemma;
  if (!lemma) return undefined;
  return female && /(?:ski|cki|dzki)$/u.test(lemma) ? lemma.replace(/i$/u, 'a') : lemma;
}

/**
 * A couple under one surname: "Zofia i Jan Nowakowie", "Anna i Paweł Kubiak" name two people,
 * the first by her first name alone; a plural surname is put in the singular for each.
 */
function coupleOf(dw: DocumentWords, s: SentenceWords, span: NameSpan, blocked: (i: number) => boolean): { first: NameSpan; second: NameSpan } | 'patrons' | undefined {
  const words = dw.words;
  const k = span.first - 2;
  if (k < s.first || !NAME_JOINERS.has(words[k + 1].lower) || blocked(k) || !isFirstNameWord(words[k])) return undefined;
  if (k - 1 >= s.first && isNameToken(words[k - 1])) return undefined;
  // "im. Jana i Jędrzeja Śniadeckich": a school's patrons
  if (isPatronOrStreet(words, k, s.first)) return 'patrons';
  const surnameWord = words[span.last - 1].text;
  const personOf = (first: number, last: number, firstNames: string): NameSpan => {
    const given = normalizePhrase(firstNames, 'person').text;
    const female = femaleFirstName(given.split(' ')[0]);
    const plural = singularSurname(surnameWord, female);
    const name = plural ? `${given} ${plural}` : first === span.first ? span.name : `${given} ${span.name.split(' ').pop()}`;
    return { first, last, name, guessed: span.guessed, rule: first === span.first ? span.rule : 'person.couple' };
  };
  return {
    first: personOf(k, k + 1, words[k].text),
    second: personOf(span.first, span.last, textOf(dw, span.first, span.last - 1)),
  };
}

// ---- surname-only mentions ------------------------------------------------------------------

/** Nominatives a lone capitalised word may stand for: "Kowalskiego" → Kowalski, "Siemieniukowi" → Siemieniuk. */
function surnameCandidates(text: string): string[] {
  const out = new Set([text, normalizePhrase(text, 'person').text]);
  for (const a of readings(text)) if (/^\p{Lu}/u.test(a.lemma)) out.add(a.lemma);
  const stems = [text.replace(/(?:owi|ewi|em|om)$/u, ''), text.replace(/(?<=[kg])iem$/u, ''), text.replace(/[au]$/u, ''), text.replace(/(?:y|i|ą|ę)$/u, 'a')];
  for (const s of stems) if (s.length > 2) out.add(s);
  return [...out].map((s) => s.toLowerCase());
}

interface KnownPerson { name: string; guessed: boolean; at: number }

function surnameIndex(spans: NameSpan[]): Map<string, KnownPerson[]> {
  const index = new Map<string, KnownPerson[]>();
  for (const p of spans) {
    const surname = p.name.split(' ').pop()!.toLowerCase();
    const list = index.get(surname) ?? [];
    if (!list.some((k) => k.name === p.name)) list.push({ name: p.name, guessed: p.guessed, at: p.first });
    index.set(surname, list);
  }
  return index;
}

/** Lone surnames of people the document names in full; the nearest earlier one when two share it. */
function findSurnames(dw: DocumentWords, s: SentenceWords, taken: (i: number) => boolean, blocked: (i: number) => boolean,
  index: Map<string, KnownPerson[]>): NameSpan[] {
  const words = dw.words;
  const out: NameSpan[] = [];
  if (!index.size) return out;
  for (let i = s.first; i < s.last; i++) {
    const w = words[i];
    if (taken(i) || blocked(i) || !isNameToken(w) || isFirstNameWord(w) || roleLemma(w) || isPatronOrStreet(words, i, s.first)) continue;
    if (isNameToken(words[i + 1]) && i + 1 < s.last) continue;
    // A sentence's first word that is also a common noun ("Mróz", "Nowak") is a surname when a verb follows it.
    if (w.sentenceInitial && readings(w.text).some((a) => isNounReading(a) && !a.guessed && !/^\p{Lu}/u.test(a.lemma)) &&
      !readings(words[i + 1]?.text ?? '').some((a) => FINITE_VERB.test(a.tag.raw))) continue;
    const people = surnameCandidates(w.text).flatMap((c) => index.get(c) ?? []);
    if (!people.length) continue;
    const earlier = people.filter((p) => p.at < i).sort((a, b) => b.at - a.at);
    const who = earlier[0] ?? people[0];
    out.push({ first: i, last: i + 1, name: who.name, guessed: who.guessed, rule: 'person.surname' });
  }
  return out;
}

// ---- roles ----------------------------------------------------------------------------------

/** Capitalised adjective followed by a capitalised noun it agrees with: a proper name ("Nowego Sącza"). */
function startsProperName(words: Word[], k: number, end: number): boolean {
  const w = words[k];
  const next = words[k + 1];
  return w.capitalised && k + 1 < end && isNameToken(next) && !isFirstNameWord(next) && agree(adjectiveFeatures(w), nounFeatures(next));
}

/** A genitive noun that belongs to the function: a body, a unit, a task ("zarządu", "gminy", "projektu"). */
function isComplement(w: Word, afterBody: boolean): boolean {
  if (!isWord(w) || w.allCaps || isFirstNameWord(w) || hasLemmaIn(w, ORGANIZATION_NOUNS)) return false;
  const genitive = readings(w.text).some((a) => isNounReading(a) && a.tag.case.includes('gen') && !a.guessed);
  if (!genitive) return false;
  return !w.capitalised || hasLemmaIn(w, BODY_NOUNS) || hasLemmaIn(w, UNIT_NOUNS) || afterBody;
}

/** The role phrase whose function word is at `head`. */
function rolePhraseAt(dw: DocumentWords, head: number, end: number, taken: (k: number) => boolean, blocked: (k: number) => boolean): RolePhrase {
  const free = (k: number) => !taken(k) && !blocked(k);
  const words = dw.words;
  const lemma = roleLemma(words[head])!;
  const headReadings = roleReadings(words[head], lemma);
  const headFeatures = features(headReadings);
  let j = head + 1;
  // Adjectives of the function: "starosta wrocławski", "Wicestarosty Łomżyńskiego", "doradca zawodowy".
  while (j < end && free(j) && isWord(words[j]) && !isFirstNameWord(words[j]) && agree(adjectiveFeatures(words[j]), headFeatures) &&
    !startsProperName(words, j, end)) j++;
  const headEnd = j;
  const plural = headReadings.length > 0 && headReadings.every((a) => !a.tag.number.includes('sg'));
  const parts = [headText(dw, head, headEnd, lemma, plural)];
  // Genitive complements: "prezes zarządu", "członek zarządu województwa śląskiego", "wójt gminy Łącko".
  let afterBody = false;
  let steps = 0;
  while (j < end && steps < MAX_COMPLEMENTS && free(j) && isComplement(words[j], afterBody)) {
    const noun = words[j];
    const start = j;
    const unit = hasLemmaIn(noun, UNIT_NOUNS);
    afterBody ||= hasLemmaIn(noun, BODY_NOUNS) && noun.capitalised;
    parts.push(noun.lower);
    j++;
    steps++;
    const nounFeats = nounFeatures(noun);
    while (j < end && free(j) && isWord(words[j]) && agree(adjectiveFeatures(words[j]), nounFeats) && !startsProperName(words, j, end)) {
      parts.push(words[j].lower);
      j++;
    }
    if (unit) {
      // The unit's own name, as written: "gminy Stare Miasto", "gminy Kazimierz Biskupi".
      const nameEnd = unitNameEnd(words, j, end, taken);
      // A capitalised unit with neither is the start of a proper name ("burmistrz Miasta i Gminy Końskie").
      if (noun.capitalised && nameEnd === start + 1) {
        parts.pop();
        j = start;
        break;
      }
      for (let k = j; k < nameEnd; k++) parts.push(words[k].text);
      j = nameEnd;
      break;
    }
  }
  const shared = plural || (j < end && SHARED_ROLE_MARKS.has(words[j].text));
  const adjectival = readings(words[head].text).some(isAdjectiveReading);
  return { first: head, last: j, head, text: parts.join(' '), adjectival, shared };
}

/**
 * The end of a unit's name after "gminy": capitalised words up to the person's name, whether or
 * not an organisation's name was read there ("gminy Stare Miasto").
 */
function unitNameEnd(words: Word[], j: number, end: number, taken: (k: number) => boolean): number {
  let k = j;
  while (k < end && !taken(k) && isNameToken(words[k]) && k - j < 3) k++;
  return k;
}

/** The function word and its adjectives in the nominative, lower case; a plural function in the singular. */
function headText(dw: DocumentWords, head: number, headEnd: number, lemma: string, plural: boolean): string {
  if (plural) return lemma;
  const text = normalizePhrase(textOf(dw, head, headEnd), 'organization').text.toLowerCase();
  // The normaliser leaves a phrase it cannot read as written; the function word alone then.
  if (text === textOf(dw, head, headEnd).toLowerCase() && !readings(dw.words[head].text).some((a) => a.tag.case.includes('nom'))) {
    return normalizePhrase(dw.words[head].text, 'organization').text.toLowerCase();
  }
  return text;
}

function findRoles(dw: DocumentWords, s: SentenceWords, taken: (i: number) => boolean, blocked: (i: number) => boolean): RolePhrase[] {
  const out: RolePhrase[] = [];
  const free = (k: number) => !taken(k) && !blocked(k);
  for (let k = s.first; k < s.last; k++) {
    if (!free(k) || !roleLemma(dw.words[k])) continue;
    const role = rolePhraseAt(dw, k, s.last, taken, blocked);
    out.push(role);
    k = role.last - 1;
  }
  return out;
}

/** The role in the person's gender: "Prowadzący: … Magdalena Wrona" → prowadząca. */
function inGender(role: RolePhrase, name: string): string {
  if (!role.adjectival) return role.text;
  const [head, ...rest] = role.text.split(' ');
  const female = femaleFirstName(name.split(' ')[0]);
  const male = maleFirstName(name.split(' ')[0]);
  const gendered = female ? head.replace(/y$/u, 'a') : male ? head.replace(/a$/u, 'y') : head;
  return [gendered, ...rest].join(' ');
}

// ---- binding roles to names -----------------------------------------------------------------

function isLowerAdjective(w: Word): boolean {
  if (!isWord(w) || w.capitalised) return false;
  const rs = wordReadings(w.text);
  return rs.length > 0 && rs.every(isAdjectiveReading);
}

const canBeAdjective = (w: Word) => isWord(w) && !w.capitalised && wordReadings(w.text).some(isAdjectiveReading);

/**
 * Where a prepositional phrase of lower-case words ends at k ("po stronie litewskiej"), the word
 * before its preposition; else undefined.
 */
function beforePrepositionalPhrase(words: Word[], k: number, sFirst: number): number | undefined {
  for (let m = k; m >= sFirst && k - m < 3; m--) {
    const w = words[m];
    if (!isWord(w) || w.capitalised) return undefined;
    const rs = readings(w.text);
    if (rs.some((a) => a.tag.pos === 'prep')) return m < k ? m - 1 : undefined;
    if (!rs.some((a) => isNounReading(a) || isAdjectiveReading(a))) return undefined;
  }
  return undefined;
}

interface Binder {
  dw: DocumentWords;
  s: SentenceWords;
  roleEndingAt: Map<number, RolePhrase>;
  roleStartingAt: Map<number, RolePhrase>;
  personAt: (k: number) => boolean;
  orgRangeEndingAt: (i: number) => number | undefined;
  blocked: (i: number) => boolean;
}

/**
 * Words a function may be separated from its name by: titles, the organisation or town it is
 * held in, acronyms, quotation marks and brackets, "w Łomży", a copula after an instrumental
 * function.
 */
function isBridge(b: Binder, k: number): boolean {
  const words = b.dw.words;
  const w = words[k];
  if (isHonorific(words, k) || QUOTES.has(w.text) || BRACKETS.has(w.text) || b.blocked(k)) return true;
  if (!isWord(w)) return false;
  if (w.capitalised || w.allCaps || COPULAS.has(w.lower) || hasLemmaIn(w, ORGANIZATION_NOUNS)) return true;
  const next = words[k + 1];
  const beforeName = k + 1 < b.s.last && isWord(next) && (next.capitalised || next.allCaps);
  // "w Łomży", "z Fundacji", "Miasta i Gminy Końskie"
  if (beforeName && BRIDGE_PREPOSITIONS.has(w.lower)) return true;
  if (beforeName && NAME_JOINERS.has(w.lower) && k > b.s.first && words[k - 1].capitalised) return true;
  // An organisation's adjectives: "łomżyńskiego MOPS", "spółdzielni socjalnej"
  return isLowerAdjective(w);
}

/** The function stated before the name, reached over bridge words and at most one punctuation mark. */
function roleBefore(b: Binder, p: NameSpan): RolePhrase | undefined {
  const words = b.dw.words;
  let k = p.first - 1;
  let punctuation = 0;
  for (let steps = 0; k >= b.s.first && steps < MAX_BRIDGE; steps++) {
    const role = b.roleEndingAt.get(k + 1);
    // Across a comma, a function that follows another name is that name's ("Marek Jurek – radny, Teresa Wójcik").
    if (role) return punctuation && isApposition(b, role) ? undefined : role;
    if (b.personAt(k)) return undefined;
    const orgStart = b.orgRangeEndingAt(k + 1);
    if (orgStart !== undefined && orgStart <= k && orgStart >= b.s.first) { k = orgStart - 1; continue; }
    if (isBridge(b, k)) { k--; continue; }
    // "koordynatorka projektu po stronie litewskiej, Pani …"
    const beforePhrase = beforePrepositionalPhrase(words, k, b.s.first);
    if (beforePhrase !== undefined) { k = beforePhrase; continue; }
    const w = words[k];
    if ((w.text === ',' || SHARED_ROLE_MARKS.has(w.text) || DASHES.has(w.text)) && ++punctuation <= 1) { k--; continue; }
    return undefined;
  }
  return undefined;
}

/** A function right after a name and a comma or dash: "Jan Kowalski, prezes …". */
function isApposition(b: Binder, role: RolePhrase): boolean {
  const words = b.dw.words;
  const k = role.first - 1;
  return k - 1 >= b.s.first && (words[k].text === ',' || DASHES.has(words[k].text)) && b.personAt(k - 1);
}

/** The function stated after the name: after a comma, or in the same case ("Kozickiego Wicestarosty"). */
function roleAfter(b: Binder, p: NameSpan): RolePhrase | undefined {
  const words = b.dw.words;
  let k = p.last;
  // "Danuta Brzozowska, prezes …", "Elżbieta Rzepka – kierownik …"
  const separated = k < b.s.last && (words[k].text === ',' || DASHES.has(words[k].text));
  if (separated) k++;
  // "nowo wybraną prezes", "wieloletniemu prezesowi"
  for (let n = 0; n < 2 && k < b.s.last && !roleLemma(words[k]) && (hasLemmaIn(words[k], MODIFIERS) || canBeAdjective(words[k])); n++) k++;
  const role = b.roleStartingAt.get(k);
  if (!role || k >= b.s.last) return undefined;
  if (separated) return role;
  const nameCases = casesOf(firstNameReadings(words[p.first].text));
  const roleCases = casesOf(roleReadings(words[role.head], roleLemma(words[role.head])!));
  return [...nameCases].some((c) => roleCases.has(c)) ? role : undefined;
}

/** People of a list after a shared function: "Prowadzący: dr Adam Lis i Magdalena Wrona". */
function joinedToPrevious(b: Binder, prev: NameSpan, p: NameSpan): boolean {
  const words = b.dw.words;
  let joined = false;
  for (let k = prev.last; k < p.first; k++) {
    const t = words[k].lower;
    if (LIST_JOINERS.has(t)) { joined = true; continue; }
    const orgStart = b.orgRangeEndingAt(k + 1);
    if (isBridge(b, k) || (orgStart !== undefined && orgStart >= prev.last)) continue;
    return false;
  }
  return joined;
}

/** Each name's role: functions before a name bind first, so a list's functions go one to each. */
function bindRoles(b: Binder, names: NameSpan[]): string[] {
  const roles: (RolePhrase | undefined)[] = names.map(() => undefined);
  const claimed = new Set<RolePhrase>();
  names.forEach((p, i) => {
    const role = roleBefore(b, p);
    if (role && !claimed.has(role)) { roles[i] = role; claimed.add(role); }
  });
  names.forEach((p, i) => {
    if (roles[i]) return;
    const role = roleAfter(b, p);
    if (role && !claimed.has(role)) { roles[i] = role; claimed.add(role); }
  });
  names.forEach((p, i) => {
    const prev = roles[i - 1];
    if (!roles[i] && i > 0 && prev?.shared && prev.last <= names[i - 1].first && joinedToPrevious(b, names[i - 1], p)) roles[i] = prev;
  });
  return names.map((p, i) => (roles[i] ? inGender(roles[i]!, p.name) : ''));
}

// ---- the extractor --------------------------------------------------------------------------

/**
 * The owners' names that end a firm's name ("„Krzem-Bud” Stanisław Lewandowski", "s.c. Anna i
 * Paweł Kubiak"): a name right after an organisation's closing quote or abbreviation, or after
 * its first name joined by "i", with no function of its own.
 */
function isOwnerInFirmName(dw: DocumentWords, p: NameSpan, orgRangeEndingAt: (i: number) => number | undefined): boolean {
  const words = dw.words;
  let k = p.first;
  if (k - 2 >= 0 && NAME_JOINERS.has(words[k - 1].lower) && isFirstNameWord(words[k - 2])) k -= 2;
  if (k === 0 || orgRangeEndingAt(k) === undefined) return false;
  const end = words[k - 1].text;
  return QUOTES.has(end) || end === '.';
}

export function extractPeople(dw: DocumentWords, blocked: (i: number) => boolean, orgRangeEndingAt: (i: number) => number | undefined): PersonMention[] {
  const full = dw.sentences.map((s) => findNames(dw, s, blocked));
  const index = surnameIndex(full.flat());
  const out: PersonMention[] = [];
  dw.sentences.forEach((s, si) => {
    const inFull = new Set(full[si].flatMap((p) => range(p.first, p.last)));
    const surnames = findSurnames(dw, s, (k) => inFull.has(k), blocked, index);
    const names = [...full[si], ...surnames].sort((a, b) => a.first - b.first);
    if (!names.length) return;
    const inName = new Set(names.flatMap((p) => range(p.first, p.last)));
    const taken = (k: number) => inName.has(k);
    const found = findRoles(dw, s, taken, blocked);
    const binder: Binder = {
      dw, s, personAt: taken, orgRangeEndingAt, blocked,
      roleEndingAt: new Map(found.map((r) => [r.last, r])),
      roleStartingAt: new Map(found.map((r) => [r.first, r])),
    };
    const roles = bindRoles(binder, names);
    names.forEach((p, i) => {
      if (p.rule !== 'person.surname' && !roles[i] && isOwnerInFirmName(dw, p, orgRangeEndingAt)) return;
      out.push({ name: p.name, role: roles[i], guessed: p.guessed, first: p.first, last: p.last, mention: mentionOf(dw, p.first, p.last, p.rule) });
    });
  });
  return unifyVariants(out);
}

// Endings a surname the normaliser could not read may keep ("Sznelowi" beside "Sznel").
const SURNAME_ENDINGS = new Set(['', 'a', 'u', 'owi', 'ewi', 'em', 'iem', 'e', 'ie', 'ze', 'y', 'i', 'ą', 'ę', 'ej', 'iej', 'ego', 'emu', 'im', 'ym']);

/** Two names of one person, one of them left inflected: same first names, surnames differing in an ending. */
function isInflectedVariant(a: string, b: string): boolean {
  const x = a.split(' ');
  const y = b.split(' ');
  if (a === b || x.length !== y.length || x.length < 2 || x.slice(0, -1).join(' ') !== y.slice(0, -1).join(' ')) return false;
  const sa = x[x.length - 1];
  const sb = y[y.length - 1];
  let common = 0;
  while (common < sa.length && common < sb.length && sa[common] === sb[common]) common++;
  return common >= 3 && SURNAME_ENDINGS.has(sa.slice(common)) && SURNAME_ENDINGS.has(sb.slice(common));
}

/**
 * One name per person across the document: where the normaliser left a surname inflected in one
 * mention, the name some mention writes as it is (the nominative) wins, else the shortest.
 */
function unifyVariants(found: PersonMention[]): PersonMention[] {
  const names = [...new Set(found.map((p) => p.name))];
  const written = new Set(found.filter((p) => p.mention.text === p.name).map((p) => p.name));
  const canonical = new Map<string, string>();
  for (const name of names) {
    const variants = names.filter((other) => other === name || isInflectedVariant(name, other));
    if (variants.length < 2) continue;
    const best = variants.find((v) => written.has(v)) ?? [...variants].sort((p, q) => p.length - q.length)[0];
    canonical.set(name, best);
  }
  return found.map((p) => (canonical.has(p.name) ? { ...p, name: canonical.get(p.name)! } : p));
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}
