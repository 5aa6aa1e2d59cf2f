// Organisations: a legal-form or type phrase ("Spółdzielnię Socjalną", "Regionalny Ośrodek Polityki
// Społecznej", "sp. z o.o.", "MOPS") anchors a name; the name is what follows it (a quoted name, a
// run of capitalised words) or what precedes a suffix form or a branch ("… Zarząd Okręgowy w
// Łomży"); an organisation named only by its type is kept when a place follows ("Warsztat Terapii
// Zajęciowej w Marianowie"). Acronyms join the organisation they abbreviate. Rule tables live in
// rules/: legal-forms.json, name-connectors.json, not-organizations.json, org-branches.json; the name joiners of places.json.
import { z } from 'zod';
import type { LegalForm, Mention } from '../schema.js';
import { LegalFormSchema } from '../schema.js';
import { normalizePhrase } from '../lang/pl/normalize.js';
import { nominativeAdjective } from '../lang/pl/inflect.js';
import { isFirstName } from '../lang/pl/names.js';
import type { Gender } from '../lang/pl/tags.js';
import legalFormsJson from './rules/legal-forms.json' with { type: 'json' };
import notOrganizationsJson from './rules/not-organizations.json' with { type: 'json' };
import placesJson from './rules/places.json' with { type: 'json' };
import connectorsJson from './rules/name-connectors.json' with { type: 'json' };
import branchesJson from './rules/org-branches.json' with { type: 'json' };
import rolesJson from './rules/roles.json' with { type: 'json' };
import { firstNameReadings, hasCommonReading, lemmasOf, readings, type DocumentWords, type Word } from './words.js';
import { mentionOf, titleCaseWords, stripQuotes, isOpeningQuote, closingQuoteFor, textOf } from './spans.js';

// ---- rule tables ------------------------------------------------------------------------------

const PrefixEntry = z.object({
  id: z.string(), form: LegalFormSchema, lemmas: z.array(z.string()).min(1),
  generic: z.boolean().optional(), body: z.boolean().optional(), seatNamed: z.boolean().optional(),
  designation: z.boolean().optional(), proper: z.boolean().optional(), namedByAdjective: z.boolean().optional(),
  introducesName: z.boolean().optional(),
});
const SuffixEntry = z.object({
  id: z.string(), form: LegalFormSchema, pattern: z.array(z.string()).min(1), caseSensitive: z.string().optional(),
});
const LegalForms = z.object({
  notNames: z.array(z.string()),
  prefix: z.array(PrefixEntry),
  suffix: z.array(SuffixEntry),
  acronyms: z.array(z.object({ acronym: z.string(), form: LegalFormSchema })),
  tradeHeads: z.array(z.string()),
  typeForms: z.array(LegalFormSchema),
});
type PrefixEntry = z.infer<typeof PrefixEntry>;
type SuffixEntry = z.infer<typeof SuffixEntry>;
const Sequences = z.array(z.array(z.string()).min(1));

const legalForms = LegalForms.parse(legalFormsJson);
const notOrganizations = z.object({
  introducers: z.array(z.string()), titleParts: z.array(z.string()), venues: z.array(z.string()), titleMarkers: Sequences,
  personTitles: z.array(z.string()), honorifics: z.array(z.string()), determiners: z.array(z.string()), funds: z.array(z.string()), units: z.array(z.string()),
}).parse(notOrganizationsJson);
const connectorRules = z.object({
  connectors: Sequences,
  typeComplementStarts: z.array(z.string()),
  typeComplementMaxWords: z.number().int().positive(),
  notOpening: z.array(z.string()),
  dedications: Sequences,
  patronTitles: z.array(z.string()),
  unitNumbers: Sequences,
  foreignTypeWords: z.array(z.string()),
  placeIntroducers: Sequences,
  seatIntroducers: Sequences,
  origins: z.array(z.string()),
  hosts: z.array(z.string()),
  listJoiners: Sequences,
}).parse(connectorsJson);
const branchRules = z.object({
  branches: z.array(z.object({ lemma: z.string(), needsAdjective: z.boolean() })),
  adjectives: z.array(z.string()),
  organs: z.array(z.string()),
}).parse(branchesJson);

const INTRODUCERS = new Set(notOrganizations.introducers);
const TITLE_PARTS = new Set(notOrganizations.titleParts);
// Venues, matched word by word by lemma ("warsztat samochodowy").
const VENUES = notOrganizations.venues.map((v) => v.split(' '));
// Register acronyms that follow a legal form without being a name: "Stowarzyszenia KRS 0000…".
const NOT_NAMES = new Set(legalForms.notNames);
const FUNDS = new Set(notOrganizations.funds.map((f) => f.toLocaleLowerCase('pl')));
/** A fund is where money comes from, not a body: "ze środków Europejskiego Funduszu Społecznego". */
const isFund = (o: OrganizationMention): boolean => FUNDS.has(o.name.toLocaleLowerCase('pl'));
const ROLE_WORDS = new Set(rolesJson.roles);
const ACRONYM_FORMS = new Map(legalForms.acronyms.map((a) => [a.acronym, a.form]));
const TYPE_FORMS = new Set(legalForms.typeForms);
// A form only one acronym stands for and only as a multi-word type ("ZPChr", "Zakład Pracy
// Chronionej"): its bare acronym may join the document's one organisation of that form even when
// the letters are not the name's initials.
const SINGLE_ACRONYM_FORMS = new Set([...ACRONYM_FORMS.values()].filter((f, _, all) => all.indexOf(f) === all.lastIndexOf(f) &&
  legalForms.prefix.filter((e) => e.form === f).every((e) => e.lemmas.length > 1)));
const BRANCHES = new Map(branchRules.branches.map((b) => [b.lemma, b]));
const BRANCH_ADJECTIVES = new Set(branchRules.adjectives);
const ORGANS = new Set(branchRules.organs);
const PERSON_TITLES = new Set(notOrganizations.personTitles);
const UNITS: ReadonlySet<string> = new Set(notOrganizations.units);
/** Words inside compound locality names ("Kostrzyn nad Odrą"): a place's words may go on past them. */
const NAME_JOINERS: ReadonlySet<string> = new Set(z.object({ nameJoiners: z.array(z.string()) }).parse(placesJson).nameJoiners);
/** How far after a unit noun the organisation it belongs to may start ("Biuro Prasowe Urzędu …"). */
const MAX_UNIT_WORDS = 4;
const BODY_LEMMAS = new Set(legalForms.prefix.filter((e) => e.body).map((e) => e.lemmas[0]));
const HOSTS = new Set(connectorRules.hosts);
const ORIGINS = new Set(connectorRules.origins);
const NOT_OPENING = new Set(connectorRules.notOpening);
/** Adds value to the list under key, once. */
function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}
// Prefix entries indexed by their first lemma, longest first so the most specific form wins.
const PREFIX_BY_FIRST = new Map<string, PrefixEntry[]>();
for (const e of legalForms.prefix) addTo(PREFIX_BY_FIRST, e.lemmas[0], e);
for (const list of PREFIX_BY_FIRST.values()) list.sort((a, b) => b.lemmas.length - a.lemmas.length);
const SUFFIXES = [...legalForms.suffix].sort((a, b) => b.pattern.length - a.pattern.length);
const SUFFIX_CANONICAL: Record<string, string> = {
  spolka_zoo: 'sp. z o.o.', spolka_akcyjna: 'S.A.',
};
// The most words a locality's name may take ("Kędzierzyn-Koźle", "Ostrów Wielkopolski").
const MAX_PLACE_WORDS = 4;
// An ordinal in capitals ("II Liceum") is no acronym.
const ROMAN_NUMERAL = /^[IVXLC]+$/;

// ---- types --------------------------------------------------------------------------------------

export interface OrganizationMention {
  name: string;
  core: string;
  legalForm: LegalForm;
  place: string;
  /** Word range [first, last) of the mention. */
  first: number;
  last: number;
  mention: Mention;
  guessed: boolean;
  /** The acronym the text gives it in brackets ("(CIS)") or names it by ("MOPS w Łomży"). */
  acronym?: string;
  /** Named by its acronym only ("ROPS w Kielcach"): it joins the organisation written out in full. */
  byAcronym?: boolean;
  /** The mention is its place alone, the type said before it ("…w Rogowie, Skrwilnie": "Skrwilnie"). */
  placeOnly?: boolean;
}

export interface OrganizationContext {
  /**
   * Nominative of a locality phrase ("Łomży" → "Łomża"), or undefined when it is not a place;
   * `known` when the gazetteer lists it.
   */
  placeName(words: Word[]): { name: string; known: boolean } | undefined;
}

interface PrefixMatch { entry: PrefixEntry; first: number; last: number }
interface Draft {
  name: string; core: string; legalForm: LegalForm; place: string; first: number; last: number; rule: string; guessed: boolean;
  acronym?: string; byAcronym?: boolean; placeOnly?: boolean;
}
/** A place after an organisation: its words [first, last), the introducer's first word, its nominative. */
interface PlaceHit { from: number; first: number; last: number; name: string; seat: boolean }

// ---- word tests ---------------------------------------------------------------------------------

// Participles have the verb as their lemma ("chronionej" → chronić): they match by stem.
const PARTICIPLE = /(?:ony|ty|ny)$/u;

const isLemma = (w: Word, lemma: string) => w.lower === lemma || lemmasOf(w).has(lemma);

function wordMatchesLemma(w: Word, lemma: string): boolean {
  return isLemma(w, lemma) || (PARTICIPLE.test(lemma) && w.lower.startsWith(lemma.slice(0, -1)));
}

/** The first value `lookup` finds for the word as written (lower case) or for one of its lemmas. */
function lookupLemma<T>(w: Word, lookup: (lemma: string) => T | undefined): T | undefined {
  const own = lookup(w.lower);
  if (own !== undefined) return own;
  for (const lemma of lemmasOf(w)) {
    const found = lookup(lemma);
    if (found !== undefined) return found;
  }
  return undefined;
}

function hasLemma(w: Word, set: ReadonlySet<string>): boolean {
  if (set.has(w.lower)) return true;
  for (const lemma of lemmasOf(w)) if (set.has(lemma)) return true;
  return false;
}

/** Length of the first sequence of `seqs` at i (lower-case tokens), or 0. */
function sequenceAt(words: Word[], i: number, end: number, seqs: string[][]): number {
  for (const seq of seqs) {
    if (i + seq.length > end) continue;
    if (seq.every((part, k) => words[i + k].lower === part)) return seq.length;
  }
  return 0;
}

/** Length of the first sequence of `seqs` ending at k, or 0. */
function sequenceEndingAt(words: Word[], k: number, start: number, seqs: string[][]): number {
  for (const seq of seqs) {
    const from = k - seq.length + 1;
    if (from < start) continue;
    if (seq.every((part, n) => words[from + n].lower === part)) return seq.length;
  }
  return 0;
}

const ADJECTIVE_POS = new Set(['adj', 'ppas', 'pact']);
// "Miejsko-Gminnego" is an adjective through its last part.
const lastPart = (text: string) => (text.includes('-') ? text.slice(text.lastIndexOf('-') + 1) : text);
const isAdjective = (w: Word) => readings(lastPart(w.text)).some((a) => ADJECTIVE_POS.has(a.tag.pos));
const isNoun = (w: Word) => readings(w.text).some((a) => a.tag.pos === 'subst');
const hasGenitive = (w: Word) => readings(w.text).some((a) => a.tag.case.includes('gen'));

/** An adjective that agrees with the noun in case, number and gender ("Ośrodek Szkoleniowy", not "Stowarzyszenie Polski"). */
function agrees(noun: Word, adjective: Word): boolean {
  const nouns = readings(noun.text).filter((a) => a.tag.pos === 'subst');
  const adjs = readings(lastPart(adjective.text)).filter((a) => ADJECTIVE_POS.has(a.tag.pos));
  return nouns.some((n) => adjs.some((a) =>
    n.tag.case.some((c) => a.tag.case.includes(c)) && n.tag.number.some((x) => a.tag.number.includes(x)) &&
    n.tag.gender.some((g) => a.tag.gender.includes(g))));
}
const isCapitalWord = (w: Word | undefined) => !!w && (w.kind === 'word' || w.kind === 'number') && (w.capitalised || w.allCaps || /^\p{Lu}/u.test(w.text));
const isNameToken = (w: Word | undefined) => !!w && w.kind === 'word' && (w.capitalised || w.allCaps);

/** A legal-form noun only in the plural ("spółdzielnie", "fundacje"): it names a kind, or a list. */
function isPluralHead(w: Word, lemma: string): boolean {
  const nouns = readings(w.text).filter((a) => a.tag.pos === 'subst' && a.lemma.toLowerCase() === lemma);
  return nouns.length > 0 && nouns.every((a) => !a.tag.number.includes('sg'));
}

/** A word no dictionary lists in lower case ("Bialmeb", "Rocha", "DREWMAR"): a proper name, not a description. */
const isDistinctiveWord = (w: Word) => w.kind === 'word' && (w.allCaps || (w.capitalised && !hasCommonReading(w.text)));

function isDistinctive(words: Word[], first: number, last: number): boolean {
  for (let k = first; k < last; k++) if (isDistinctiveWord(words[k])) return true;
  return false;
}

// ---- quotes -------------------------------------------------------------------------------------

// Besides the pairs spans.ts knows: the low single quote ‚…’ of Polish typography and the
// typewriter's two commas for a low double quote (,,Ostoja").
const LOW_SINGLE = '‚';
const LOW_SINGLE_CLOSERS = ['’', '‘', "'"];
const DOUBLE_CLOSERS = ['"', '”', '“'];
const MAX_QUOTED_WORDS = 14;

const isCommaPair = (words: Word[], j: number) =>
  words[j]?.text === ',' && words[j + 1]?.text === ',' && words[j].end === words[j + 1].start;

/** Tokens of the opening quote at j: 1, 2 for ",,", or 0. */
function quoteOpener(words: Word[], j: number): number {
  const w = words[j];
  if (!w || w.kind !== 'punct') return 0;
  if (w.text === LOW_SINGLE || isOpeningQuote(w.text)) return 1;
  return isCommaPair(words, j) ? 2 : 0;
}
const opensQuote = (words: Word[], j: number) => quoteOpener(words, j) > 0;

/** Index of the quote closing the one opened at `open`, or -1. */
function quoteEnd(words: Word[], open: number, end: number): number {
  const opener = quoteOpener(words, open);
  if (opener === 1 && words[open].text !== LOW_SINGLE) return closingQuoteFor(words, open, end);
  const closers = opener === 2 ? DOUBLE_CLOSERS : LOW_SINGLE_CLOSERS;
  const from = open + opener;
  for (let k = from; k < end && k <= open + MAX_QUOTED_WORDS; k++) {
    if (closers.includes(words[k].text)) return k > from ? k : -1;
  }
  return -1;
}

// Dashes that set off an apposition or a category's member: "„Bona” – Zakład Pracy Chronionej".
const DASHES = new Set(['–', '-', '—']);

const unquote = (text: string) => stripQuotes(text.replaceAll(LOW_SINGLE, '').replaceAll(',,', ''));

// ---- pieces of a name ---------------------------------------------------------------------------

function matchPrefixAt(words: Word[], i: number, end: number): PrefixMatch | undefined {
  const w = words[i];
  if (w.kind !== 'word') return undefined;
  return lookupLemma(w, (lemma) => {
    const entries = PREFIX_BY_FIRST.get(lemma);
    if (!entries) return undefined;
    for (const entry of entries) {
      let j = i + 1;
      let ok = true;
      for (let k = 1; k < entry.lemmas.length; k++, j++) {
        if (j >= end || words[j].kind !== 'word' || !wordMatchesLemma(words[j], entry.lemmas[k])) { ok = false; break; }
      }
      if (ok) return { entry, first: i, last: j };
    }
    return undefined;
  });
}

function matchSuffixAt(words: Word[], i: number, end: number): { entry: SuffixEntry; last: number } | undefined {
  for (const entry of SUFFIXES) {
    let j = i;
    let ok = true;
    for (const part of entry.pattern) {
      if (j >= end || words[j].lower !== part) { ok = false; break; }
      j++;
    }
    if (ok && entry.caseSensitive && words[i].text !== entry.caseSensitive) ok = false;
    if (ok) return { entry, last: j };
  }
  return undefined;
}

/** A legal form, an acronym of one, or capitalised adjectives before one: another organisation starts at k. */
function startsOrganization(words: Word[], k: number, end: number): boolean {
  for (let j = k; j < Math.min(end, k + 3); j++) {
    if (matchPrefixAt(words, j, end) || ACRONYM_FORMS.has(words[j].text)) return true;
    if (!isNameToken(words[j]) || !isAdjective(words[j])) return false;
  }
  return false;
}

/** End of a branch designation at i ("Zarząd Okręgowy", "Oddziale Regionalnym", "Oddział"), or 0. */
function branchAt(words: Word[], i: number, end: number, afterName = false): number {
  const w = words[i];
  if (!w || w.kind !== 'word' || !w.capitalised) return 0;
  const rule = lookupLemma(w, (l) => BRANCHES.get(l));
  if (!rule) return 0;
  let k = i + 1;
  while (k < end && words[k].capitalised && hasLemma(words[k], BRANCH_ADJECTIVES)) k++;
  if (k > i + 1 || !rule.needsAdjective) return k;
  // After a name, "Koło w Gorzowie Wielkopolskim" is a branch by its seat alone.
  return afterName && sequenceAt(words, k, end, connectorRules.placeIntroducers) ? k : 0;
}

/**
 * A person's name starting at i ("Dariuszem Krajewskim", "Jacek Dąbrowski"): it ends an
 * organisation's name. A patron in the genitive belongs to it ("Fundacja Dariusza Stachury").
 */
function startsPersonName(words: Word[], i: number, end: number): boolean {
  const w = words[i];
  if (!isNameToken(w) || i + 1 >= end || !isNameToken(words[i + 1])) return false;
  const names = firstNameReadings(w.text);
  if (!names.length && !isFirstName(w.lower)) return false;
  return !names.some((a) => a.tag.case.includes('gen'));
}

/** The most words partners' names take before a partnership's form ("J. i M. Kowalscy", "Nowak i Wspólnicy"). */
const MAX_OWNER_WORDS = 8;

/**
 * The partners' names between a firm's name and its partnership form belong to the name:
 * "Krapex Jan i Piotr Mazur sp.j.", "„Złoty Kłos” J. i M. Kowalscy sp.j.", "„Miodowa Dolina”
 * Zając s.c.", "Kłos Nowak i Wspólnicy sp.j.", "«Mazowsze» Kowalczyk i Syn sp.j.". The end of
 * the names (capitalised words and initials, joined by "i" or a comma), or 0.
 */
function ownersBeforePartnership(words: Word[], i: number, end: number): number {
  let k = i;
  let afterName = false;
  while (k < end && k - i < MAX_OWNER_WORDS) {
    const w = words[k];
    if (isNameToken(w)) {
      k += w.text.length === 1 && words[k + 1]?.text === '.' ? 2 : 1;
      afterName = true;
    } else if (afterName && (w.lower === 'i' || w.text === ',')) {
      k++;
      afterName = false;
    } else break;
  }
  return afterName && matchSuffixAt(words, k, end)?.entry.form === 'spolka_inna' ? k : 0;
}

const TRADE_HEADS = new Set(legalForms.tradeHeads);
/** What may follow a sole trader's owner: the end of the name. */
const AFTER_OWNER = new Set([',', '.', ';', ':', '(', ')', '–', '-', '—', 'z', 'ze', 'w', 'we', 'i', 'oraz', 'a']);

/** A capitalised trade word ("Pasieka", "Piekarnia-Cukiernia", "Usługi") heads a sole trader's name. */
function isTradeHead(w: Word | undefined): boolean {
  if (!w || !isNameToken(w)) return false;
  if (hasLemma(w, TRADE_HEADS)) return true;
  const first = w.text.split('-')[0];
  return first !== w.text && readings(first).some((r) => TRADE_HEADS.has(r.lemma.toLowerCase()));
}

/**
 * "Zakład Usług Leśnych Krzysztof Maksymiuk", "Pasieka «Złoty Ul» Stanisław Kaczmarek": a sole
 * trader's owner, a first name and a surname in the nominative closing the name at k. The end of
 * the owner's name, or 0.
 */
function soleTraderOwnerEnd(words: Word[], k: number, end: number): number {
  const first = words[k];
  if (!isNameToken(first) || first.allCaps || k + 1 >= end || !isNameToken(words[k + 1]) || words[k + 1].allCaps) return 0;
  if (!firstNameReadings(first.text).some((a) => a.tag.case.includes('nom') && a.lemma.toLowerCase() === first.lower)) return 0;
  const after = words[k + 2];
  return k + 2 >= end || !after || AFTER_OWNER.has(after.lower) ? k + 2 : 0;
}

/** A first name and a surname in any case: "prezesa fundacji Tadeusza Nowaka". */
function startsAnyPersonName(words: Word[], i: number, end: number): boolean {
  const w = words[i];
  if (!isNameToken(w) || w.allCaps || i + 1 >= end) return false;
  // "Pan Adam Wołoszyn", "ks. Jan Nowak"
  if (PERSON_TITLES.has(w.lower)) {
    const next = words[i + 1].text === '.' ? i + 2 : i + 1;
    return next < end && startsAnyPersonName(words, next, end);
  }
  if (!isNameToken(words[i + 1])) return false;
  return firstNameReadings(w.text).length > 0 || isFirstName(w.lower);
}

function isRoleWord(w: Word | undefined): boolean {
  return !!w && w.kind === 'word' && hasLemma(w, ROLE_WORDS);
}

function isVenueBefore(words: Word[], k: number, start: number): boolean {
  return VENUES.some((v) => {
    const from = k - v.length + 1;
    return from >= start && v.every((part, n) => words[from + n].kind === 'word' && isLemma(words[from + n], part));
  });
}

/**
 * A project, programme, event or venue named right before: "projekt „Spółdzielnia szansą”",
 * "konkurs pod hasłem Fundacja Roku". The owner in the genitive is an organisation ("projektu
 * Fundacji Madox", "z inicjatywy Stowarzyszenia „Ponidzie”"); a title stays in the nominative.
 */
function introducedAsNonOrganization(words: Word[], first: number, sFirst: number): boolean {
  let k = first - 1;
  const quoted = k >= sFirst && (opensQuote(words, k) || isCommaPair(words, k - 1));
  if (quoted) k -= isCommaPair(words, k - 1) ? 2 : 1;
  const marker = k >= sFirst ? sequenceEndingAt(words, k, sFirst, notOrganizations.titleMarkers) : 0;
  k -= marker;
  if (k < sFirst || words[k].kind !== 'word') return false;
  if (hasLemma(words[k], TITLE_PARTS)) return true;
  // A capitalised introducer inside the sentence is itself a title: "Konińskiego Forum Organizacji Pozarządowych".
  const titled = words[k].capitalised && !words[k].sentenceInitial;
  if (hasLemma(words[k], INTRODUCERS) || isVenueBefore(words, k, sFirst)) return titled || quoted || marker > 0 || !hasGenitive(words[first]);
  // Inside a capitalised title: "Regionalnego Programu Operacyjnego Województwa Zachodniopomorskiego".
  for (let t = k; t >= Math.max(sFirst, k - 2) && isNameToken(words[t]); t--) {
    if (hasLemma(words[t], INTRODUCERS)) return true;
  }
  return false;
}

/** Length of a lower-case connector at i ("na rzecz", "im."), or 0. */
function connectorAt(words: Word[], i: number, end: number): number {
  return words[i].capitalised ? 0 : sequenceAt(words, i, end, connectorRules.connectors);
}

interface ScannedName { last: number; quote?: { first: number; last: number } }

const PATRON_TITLES = new Set(connectorRules.patronTitles);
const HONORIFICS = new Set(notOrganizations.honorifics);
const DETERMINERS = new Set(notOrganizations.determiners);

/**
 * End of a patron's name at i, right after its dedication ("im."), or i when none starts there:
 * abbreviated titles ("Gen. Józefa Bema", "św. Brata Alberta"), capitalised words and Roman
 * numerals ("Jana Pawła II"), and a name of origin after a first name ("Jakuba z Paradyża").
 */
function patronEnd(words: Word[], i: number, end: number): number {
  let k = i;
  while (k + 1 < end && words[k].kind === 'word' && PATRON_TITLES.has(words[k].lower) && words[k + 1].text === '.') k += 2;
  const names = k;
  while (k < end && (isCapitalWord(words[k]) || (k > names && ROMAN_NUMERAL.test(words[k].text))) && words[k].lower !== 'w' && words[k].lower !== 'we') {
    k++;
    if (k === names + 1 && k + 1 < end && ORIGINS.has(words[k].lower) && isCapitalWord(words[k + 1]) && firstNameReadings(words[names].text).length > 0) k++;
  }
  return k > names ? k : i;
}

const FOREIGN_TYPE_WORDS = new Set(connectorRules.foreignTypeWords);
/** The most words a name in another language takes after a dash. */
const MAX_FOREIGN_WORDS = 5;

/** "– National-Louis University" at i: the end of a name in another language after a dash, or i. */
function foreignNameEnd(words: Word[], i: number, end: number): number {
  if (i + 1 >= end || !DASHES.has(words[i].text)) return i;
  let k = i + 1;
  while (k < end && k - i <= MAX_FOREIGN_WORDS && isNameToken(words[k])) k++;
  return k > i + 1 && FOREIGN_TYPE_WORDS.has(words[k - 1].lower) ? k : i;
}

/** End of a unit's number at i ("nr 4" in "Szkoła Podstawowa nr 4"), or i. */
function unitNumberEnd(words: Word[], i: number, end: number): number {
  const n = sequenceAt(words, i, end, connectorRules.unitNumbers);
  return n && i + n < end && words[i + n].kind === 'number' ? i + n + 1 : i;
}

/**
 * The name after a head phrase: capitalised words, connectors between them ("na rzecz", "im."),
 * or a quoted name, which closes it. `commaList` lets a genitive list run on ("Ministerstwo
 * Rodziny, Pracy i Polityki Społecznej").
 */
function scanName(words: Word[], i: number, end: number, commaList = false, ctx?: OrganizationContext): ScannedName {
  let j = i;
  while (j < end) {
    const w = words[j];
    if (opensQuote(words, j)) {
      const close = quoteEnd(words, j, end);
      if (close < 0) break;
      // "„Pod Lipami” Jan i Ewa Marszałek s.c.": the partners after the quoted name are part of it.
      return { last: ownersBeforePartnership(words, close + 1, end) || close + 1, quote: { first: j, last: close + 1 } };
    }
    if (matchSuffixAt(words, j, end)) break;
    if (j > i && branchAt(words, j, end, true)) break;
    if (w.kind === 'word' && NOT_NAMES.has(w.text)) break;
    // "Prezes Fundacji Pan Grzegorz Pyka": an honorific before a person ends the name ("Serca Pana Jezusa" goes on).
    if (HONORIFICS.has(w.lower) && startsAnyPersonName(words, j + 1, end)) break;
    if (isCapitalWord(w) && (!startsPersonName(words, j, end) || ownersBeforePartnership(words, j, end))) {
      // A capitalised "W" or "Z" is still a preposition.
      if (w.lower === 'w' || w.lower === 'we') break;
      j++;
      continue;
    }
    // "Zespół Szkół nr 1": a numbered unit's number.
    const numbered = j > i ? unitNumberEnd(words, j, end) : j;
    if (numbered > j) { j = numbered; continue; }
    // A hyphen joins parts of one name ("Ja-Ty-My" is one token; "Bona – Zakład" is not).
    if (j > i && w.kind === 'punct' && (w.text === '-' || w.text === '&' || w.text === '+') && words[j - 1].end === w.start && isCapitalWord(words[j + 1])) { j++; continue; }
    if (commaList && j > i && w.text === ',' && continuesCommaList(words, j + 1, end)) { j++; continue; }
    const c = connectorAt(words, j, end);
    // "im. Gen. Józefa Bema", "im. Jakuba z Paradyża": a patron's name after its dedication.
    const patron = c && sequenceAt(words, j, end, connectorRules.dedications) === c ? patronEnd(words, j + c, end) : j + c;
    if (patron > j + c) { j = patron; continue; }
    const next = words[j + c];
    if (c && next && (isCapitalWord(next) || opensQuote(words, j + c)) && !(j === i && c === 1 && NOT_OPENING.has(w.lower)) &&
      !startsOrganization(words, j + c, end) && (!startsPersonName(words, j + c, end) || ownersBeforePartnership(words, j + c, end)) &&
      !(ctx && isOrigin(words, ctx, j, end))) {
      j += c;
      continue;
    }
    break;
  }
  return { last: j };
}

/** End of the capitalised words (no acronyms) at i that a locality's name may take. */
function placeRunEnd(words: Word[], i: number, end: number): number {
  let k = i;
  while (k < end && k - i < MAX_PLACE_WORDS && isNameToken(words[k]) && !words[k].allCaps) {
    k++;
    // "Rudnik nad Sanem": a joiner inside a locality's name.
    if (k + 1 < end && NAME_JOINERS.has(words[k].lower) && isNameToken(words[k + 1])) k++;
  }
  return k;
}

/** End of a locality the gazetteer knows starting at i ("Kazimierz Biskupi"), or i. */
function seatNameEnd(words: Word[], ctx: OrganizationContext, i: number, end: number): number {
  const k = placeRunEnd(words, i, end);
  for (let last = k; last > i; last--) if (ctx.placeName(words.slice(i, last))?.known) return last;
  return i;
}

/** "z Brzezin" at i: a preposition of origin before a locality the gazetteer knows. */
function isOrigin(words: Word[], ctx: OrganizationContext, i: number, end: number): boolean {
  return ORIGINS.has(words[i].lower) && seatNameEnd(words, ctx, i + 1, end) > i + 1;
}

/** ", Pracy i Polityki Społecznej": capitalised words that reach "i"/"oraz" and more capitalised words. */
function continuesCommaList(words: Word[], k: number, end: number): boolean {
  let j = k;
  while (j < end && isNameToken(words[j]) && !words[j].allCaps && !startsOrganization(words, j, end)) j++;
  if (j === k || j + 1 >= end) return false;
  return (words[j].lower === 'i' || words[j].lower === 'oraz') && isNameToken(words[j + 1]) && !startsOrganization(words, j + 1, end);
}

/**
 * The locality whose words start at j: the longest run the gazetteer (or the ending guesser)
 * takes as one, extended by the capitalised adjectives after a noun it knows alone ("Woli
 * Rzędzińskiej", "Brodach Dużych"). `runEnd`: where the run of capitalised words ends.
 */
function localityAt(dw: DocumentWords, ctx: OrganizationContext, j: number, end: number): { hit?: { last: number; name: string; known: boolean }; runEnd: number } {
  const words = dw.words;
  let k = j;
  while (k < end && k - j < MAX_PLACE_WORDS && isNameToken(words[k]) && !words[k].allCaps) {
    if (k > j && startsAnyPersonName(words, k, end)) break;
    k++;
    if (k < end && words[k].text === '-' && isNameToken(words[k + 1])) k++;
    // "w Kostrzynie nad Odrą": the place's name may go on past a joiner; the gazetteer decides.
    else if (k + 1 < end && NAME_JOINERS.has(words[k].lower) && isNameToken(words[k + 1])) k++;
  }
  for (let last = k; last > j; last--) {
    const p = ctx.placeName(words.slice(j, last));
    if (!p) continue;
    if (last < k && isNoun(words[last - 1]) && words.slice(last, k).every((w) => isAdjective(w) && !isFirstName(w.lower))) {
      return { hit: { last: k, name: withAdjectives(dw, p.name, j, last, k), known: p.known }, runEnd: k };
    }
    return { hit: { last, name: p.name, known: p.known }, runEnd: k };
  }
  return { runEnd: k };
}

/**
 * A locality the gazetteer knows by its noun, with the adjectives written after it made to agree
 * ("Wola" + "Rzędzińskiej" → "Wola Rzędzińska", "Ostrów" + "Wielkopolskiego" → "Ostrów
 * Wielkopolski"); a plural name is never personal ("Godziesze Wielkie", not "Wielcy"). When no
 * gender fits both, the normaliser reads the whole phrase ("Nowej Białej" → "Nowa Biała").
 */
function withAdjectives(dw: DocumentWords, name: string, first: number, adjFirst: number, last: number): string {
  const words = dw.words;
  const nounWord = name.slice(name.lastIndexOf(' ') + 1);
  const nouns = readings(nounWord).filter((a) => a.tag.pos === 'subst' && a.lemma === nounWord && a.tag.case.includes('nom'));
  const parts = [name];
  for (let k = adjFirst; k < last; k++) {
    const adjs = readings(lastPart(words[k].text)).filter((a) => ADJECTIVE_POS.has(a.tag.pos));
    const plural = adjs.length > 0 && adjs.every((a) => !a.tag.number.includes('sg'));
    const gender = plural ? 'f' : SINGULAR_GENDERS.find((g) => nouns.some((n) => n.tag.number.includes('sg') && n.tag.gender.includes(g)) &&
      adjs.some((a) => a.tag.number.includes('sg') && a.tag.gender.includes(g)));
    const lemma = adjs.find((a) => !a.guessed)?.lemma;
    const adjective = gender ? nominativeAdjective(words[k].text, { number: plural ? 'pl' : 'sg', gender }, lemma) : undefined;
    if (!adjective) return normalizePhrase(textOf(dw, first, last), 'place').text;
    parts.push(adjective);
  }
  return parts.join(' ');
}

/**
 * "w Łomży", "we Włocławku", "z siedzibą w Kluczborku" at i: the place and its nominative. With
 * `loose`, a run of capitalised words the gazetteer rejects is still a place ("w Brodach Dużych"):
 * after a type written as a name, a place is what follows.
 */
function placeAfter(dw: DocumentWords, ctx: OrganizationContext, i: number, end: number, opts: { loose?: boolean; seat?: boolean } = {}): PlaceHit | undefined {
  const words = dw.words;
  if (i >= end) return undefined;
  let intro = sequenceAt(words, i, end, connectorRules.placeIntroducers);
  const seat = !intro && !!opts.seat && (intro = sequenceAt(words, i, end, connectorRules.seatIntroducers)) > 0;
  if (!intro) return undefined;
  const j = i + intro;
  const { hit, runEnd } = localityAt(dw, ctx, j, end);
  if (hit) return { from: i, first: j, last: hit.last, name: hit.name, seat };
  if (!opts.loose || runEnd === j || startsAnyPersonName(words, j, end) || words[j].sentenceInitial) return undefined;
  return { from: i, first: j, last: runEnd, name: normalizePhrase(textOf(dw, j, runEnd), 'place').text, seat };
}

/** Units reports name by their type alone once the place is clear from the sentence. */
const CONTEXT_PLACED_FORMS: ReadonlySet<string> = new Set(['kis', 'cis', 'wtz', 'zaz', 'owes']);

/** The locality right before the type, else the first its sentence names after "w" from `from` on, else the last before it. */
function localityInSentence(dw: DocumentWords, ctx: OrganizationContext, typeFirst: number, from: number, sFirst: number, sLast: number): string | undefined {
  const at = (k: number) => placeAfter(dw, ctx, k, sLast)?.name;
  // "gościli w Lwówku Śląskim w Centrum Integracji Społecznej", "w Międzyzdrojach, w Zakładzie
  // Aktywności Zawodowej": the place right before the type's preposition.
  const words = dw.words;
  let before = typeFirst - 1;
  if (before > sFirst && (words[before].lower === 'w' || words[before].lower === 'we')) {
    if (words[before - 1].text === ',') before--;
    for (let k = before - 1; k >= Math.max(sFirst, before - MAX_PLACE_WORDS - 1); k--) {
      const hit = placeAfter(dw, ctx, k, before);
      if (hit?.last === before) return hit.name;
      if (hit) break;
    }
  }
  for (let k = from; k < sLast; k++) {
    const name = at(k);
    if (name) return name;
  }
  for (let k = from - 1; k >= sFirst; k--) {
    const name = at(k);
    if (name) return name;
  }
  return undefined;
}

/** "z Zamościa" after a name: a locality the gazetteer knows, in the genitive. Not part of the mention. */
function originAfter(dw: DocumentWords, ctx: OrganizationContext, i: number, end: number): string {
  if (i >= end || !ORIGINS.has(dw.words[i].lower)) return '';
  const { hit } = localityAt(dw, ctx, i + 1, end);
  return hit?.known ? hit.name : '';
}

/** "(CIS)" at i: the acronym, or undefined. */
function bracketedAcronym(words: Word[], i: number, end: number): string | undefined {
  if (i + 2 >= end || words[i].text !== '(' || words[i + 2].text !== ')') return undefined;
  const w = words[i + 1];
  return w.kind === 'word' && (w.allCaps || ACRONYM_FORMS.has(w.text)) && !NOT_NAMES.has(w.text) ? w.text : undefined;
}

/** The core without a leading dedication: "pw. św. Jana" → "św. Jana", "im. Ignacego Mościckiego" → "Ignacego Mościckiego". */
function coreOf(dw: DocumentWords, first: number, last: number): string {
  const skip = sequenceAt(dw.words, first, last, connectorRules.dedications);
  return unquote(textOf(dw, skip && first + skip < last ? first + skip : first, last));
}

/**
 * Words of the head phrase in the nominative, each capitalised: "spółdzielni socjalnej" →
 * "Spółdzielnia Socjalna". When the rule knows the head noun's lemma, a homonym the normaliser
 * chose instead ("Banku" → "Banek") gives way to it.
 */
function headName(dw: DocumentWords, first: number, last: number, nounLemma?: string): { text: string; guessed: boolean } {
  const n = normalizePhrase(textOf(dw, first, last), 'organization');
  let text = n.text;
  if (nounLemma) {
    const words = text.split(' ');
    const k = dw.words.slice(first, last).findIndex((w) => w.kind === 'word' && lemmasOf(w).has(nounLemma));
    if (k >= 0 && k < words.length && words[k].toLowerCase() !== nounLemma && !lemmasOf(words[k]).has(nounLemma)) {
      words[k] = nounLemma;
      text = words.join(' ');
    }
  }
  return { text: titleCaseWords(text), guessed: n.guessed };
}

const SINGULAR_GENDERS: Gender[] = ['f', 'm3', 'm2', 'm1', 'n2', 'n1', 'n'];

/** A plural head in the nominative singular: "spółdzielnie socjalne" → "Spółdzielnia Socjalna". */
function singularHead(dw: DocumentWords, noun: number, last: number, first = noun): string {
  const words = dw.words;
  const reading = readings(words[noun].text).find((a) => a.tag.pos === 'subst');
  if (!reading) return titleCaseWords(textOf(dw, first, last));
  const gender = SINGULAR_GENDERS.find((g) => reading.tag.gender.includes(g)) ?? 'f';
  const singular = (k: number) => {
    const adj = readings(words[k].text).find((a) => ADJECTIVE_POS.has(a.tag.pos) && a.tag.number.includes('pl'));
    return adj ? nominativeAdjective(words[k].text, { number: 'sg', gender }, adj.lemma) ?? words[k].text : words[k].text;
  };
  // Adjectives before the noun agree with it too: "Gminnych Ośrodków" → "Gminny Ośrodek".
  const parts = [...Array.from({ length: noun - first }, (_, n) => singular(first + n)), reading.lemma];
  for (let k = noun + 1; k < last; k++) parts.push(singular(k));
  return titleCaseWords(parts.join(' '));
}

/** Initials of the name before its place or host: "Miejsko-Gminny Ośrodek Pomocy Społecznej w Gniewkowie" → "MGOPS". */
function initialsOf(name: string): string {
  let out = '';
  for (const word of name.split(' ')) {
    if (word === 'w' || word === 'we' || HOSTS.has(word)) break;
    for (const part of word.split('-')) if (/^\p{Lu}/u.test(part)) out += part.charAt(0);
  }
  return out.toUpperCase();
}

function build(dw: DocumentWords, d: Draft): OrganizationMention {
  const out: OrganizationMention = {
    name: d.name.replace(/\s+/g, ' ').trim(), core: d.core.replace(/\s+/g, ' ').trim(), legalForm: d.legalForm, place: d.place,
    first: d.first, last: d.last, mention: mentionOf(dw, d.first, d.last, d.rule), guessed: d.guessed,
  };
  if (d.acronym) out.acronym = d.acronym;
  if (d.byAcronym) out.byAcronym = true;
  if (d.placeOnly) out.placeOnly = true;
  return out;
}

// ---- the passes ---------------------------------------------------------------------------------

export function extractOrganizations(dw: DocumentWords, ctx: OrganizationContext): OrganizationMention[] {
  const found: OrganizationMention[] = [];
  for (const s of dw.sentences) {
    const heading = isCapitalsHeading(dw.words, s.first, s.last);
    let i = s.first;
    while (i < s.last) {
      let here = findAt(dw, ctx, i, s.first, s.last);
      // "POWIAT GRYFIŃSKI", "KATEGORIA I – PRZEDSIĘBIORSTWO SPOŁECZNE ROKU": a heading in capitals
      // names a section or a category by a body or a type; a legal form ("1. FUNDACJA AKTYWNI
      // RAZEM") or an acronym ("OWES") still names an organisation.
      if (heading) here = here.filter((o) => o.last - o.first === 1 || !namesSection(dw.words, o));
      if (here.length) {
        found.push(...here);
        i = Math.max(i + 1, ...here.map((o) => o.last));
      } else {
        i++;
      }
    }
  }
  const withAppositions = applyAppositions(dw, found.filter((o) => !isFund(o)));
  return resolveAcronyms(dw, withAppositions.concat(anaphoricForms(dw, ctx, withAppositions)));
}

/** In a heading in capitals, a type ("PRZEDSIĘBIORSTWO SPOŁECZNE ROKU") or a territorial body ("POWIAT GRYFIŃSKI") names a section; an office heading a page ("URZĄD MARSZAŁKOWSKI …") is its publisher. */
const namesSection = (words: Word[], o: OrganizationMention): boolean => o.legalForm === 'inna' || hasLemma(words[o.first], BODY_LEMMAS);

/** A sentence of two or more words, every one in capitals: a heading. */
function isCapitalsHeading(words: Word[], first: number, last: number): boolean {
  let lettered = 0;
  for (let k = first; k < last; k++) {
    const w = words[k];
    if (w.kind !== 'word') continue;
    if (!w.allCaps && w.text.length > 1) return false;
    lettered++;
  }
  return lettered >= 2;
}

/**
 * "Biuro Prasowe Urzędu Marszałkowskiego Województwa Śląskiego": the organisation the unit at i
 * belongs to, found where its name starts; none for "Biuro Prasowe" alone. Undefined when the
 * unit is an organisation's own name ("Biuro Rachunkowe Kwadrat").
 */
function unitOf(dw: DocumentWords, ctx: OrganizationContext, i: number, sFirst: number, sLast: number): OrganizationMention[] | undefined {
  const words = dw.words;
  let k = i + 1;
  while (k < sLast && k <= i + MAX_UNIT_WORDS && isNameToken(words[k]) && !isDistinctiveWord(words[k])) {
    const owner = matchPrefixAt(words, k, sLast) ? findAt(dw, ctx, k, sFirst, sLast) : [];
    if (owner.length) return owner;
    k++;
  }
  // Only a common adjective after the unit ("Biuro Prasowe"), then no name: no organisation.
  const adjectiveOnly = k === i + 2 && readings(words[i + 1].text).some((a) => ADJECTIVE_POS.has(a.tag.pos))
    && !readings(words[i + 1].text).some((a) => a.tag.pos === 'subst');
  const named = k < sLast && (isNameToken(words[k]) || opensQuote(words, k));
  return adjectiveOnly && !named ? [] : undefined;
}

function findAt(dw: DocumentWords, ctx: OrganizationContext, i: number, sFirst: number, sLast: number): OrganizationMention[] {
  const words = dw.words;
  const prefix = matchPrefixAt(words, i, sLast);
  if (prefix && words[i].capitalised && hasLemma(words[i], UNITS)) {
    const unit = unitOf(dw, ctx, i, sFirst, sLast);
    if (unit) return unit;
  }
  if (prefix) return fromPrefix(dw, ctx, prefix, sFirst, sLast);
  if (ACRONYM_FORMS.has(words[i].text)) return fromAcronym(dw, ctx, i, sLast);
  const branch = branchAt(words, i, sLast);
  if (branch) return fromBranch(dw, ctx, i, branch, sFirst, sLast);
  if (!isNameToken(words[i]) && !opensQuote(words, i)) return [];
  // A name followed by a suffix form ("BoxLife sp. z o.o.", "„Hetman” S.A.") or by a branch
  // ("Polski Czerwony Krzyż Zarząd Rejonowy w Koninie").
  // "Stargardzkim Towarzystwie … sp. z o.o.": the legal form inside the name speaks first.
  if (startsOrganization(words, i, sLast)) return [];
  const { last } = scanName(words, i, sLast);
  const suffix = last > i ? matchSuffixAt(words, last, sLast) : undefined;
  // A name with its legal form after it is an organisation even after a venue's word ("z piekarni Kłos Nowak i Wspólnicy sp.j.").
  if (last === i || (!suffix && introducedAsNonOrganization(words, i, sFirst))) return [];
  if (suffix) {
    const written = unquote(textOf(dw, i, last));
    // A quoted or brand name stays as written; a descriptive one is put in the nominative.
    const core = opensQuote(words, i) ? written : normalizePhrase(written, 'organization').text;
    const canonical = SUFFIX_CANONICAL[suffix.entry.form] ?? textOf(dw, last, suffix.last);
    return [build(dw, {
      name: `${core} ${canonical}`, core, legalForm: suffix.entry.form, place: '', first: i, last: suffix.last,
      rule: `org.suffix.${suffix.entry.id}`, guessed: false,
    })];
  }
  const branchEnd = branchAt(words, last, sLast);
  if (branchEnd && !words[i].sentenceInitial) return namedBranch(dw, ctx, i, last, branchEnd, sLast);
  const owner = isTradeHead(words[i]) ? soleTraderOwnerEnd(words, last, sLast) : 0;
  if (owner) return [soleTrader(dw, ctx, i, owner, sLast)];
  return [];
}

/** A sole trader's firm, its name from `first` to the end of its owner's name. */
function soleTrader(dw: DocumentWords, ctx: OrganizationContext, first: number, last: number, sLast: number): OrganizationMention {
  const name = unquote(textOf(dw, first, last));
  return build(dw, { name, core: name, legalForm: 'inna', place: placeOrOrigin(dw, ctx, last, sLast), first, last, rule: 'org.sole-trader', guessed: false });
}

/** "w Łomży" or "z Łomży" after a firm's name: its locality, or ''. */
function placeOrOrigin(dw: DocumentWords, ctx: OrganizationContext, i: number, sLast: number): string {
  return placeAfter(dw, ctx, i, sLast)?.name ?? originAfter(dw, ctx, i, sLast);
}

function fromPrefix(dw: DocumentWords, ctx: OrganizationContext, m: PrefixMatch, sFirst: number, sLast: number): OrganizationMention[] {
  const words = dw.words;
  const entry = m.entry;
  let first = m.first;
  // The head's noun: "Szkoła" in "Wyższa Szkoła".
  let noun = m.first;
  while (noun < m.last - 1 && !isNoun(words[noun])) noun++;
  // Capitalised adjectives before the head belong to the name ("Regionalny Ośrodek", "Państwowa Wyższa Szkoła").
  while (first - 1 >= sFirst && isNameToken(words[first - 1]) && isAdjective(words[first - 1]) && !words[first - 1].allCaps && !hasLemma(words[first - 1], DETERMINERS) &&
    agrees(words[noun], words[first - 1]) && !followsItsNoun(words, first - 1, sFirst)) first--;
  // An ordinal in Roman numerals numbers a type: "I Liceum Ogólnokształcące", "XII Zespół Szkół".
  if (entry.generic && first - 1 >= sFirst && words[first - 1].kind === 'word' && ROMAN_NUMERAL.test(words[first - 1].text) && words[first].capitalised) first--;
  let headLast = m.last;
  // Agreeing capitalised adjectives after the head's last noun: "Ośrodek Szkoleniowy",
  // "Zakładów Spożywczych", "Wyższej Szkoły Zawodowej".
  let lastNoun = m.last - 1;
  while (lastNoun > m.first && !isNoun(words[lastNoun])) lastNoun--;
  if (lastNoun === m.last - 1) {
    while (headLast < sLast && isNameToken(words[headLast]) && !words[headLast].allCaps &&
      agrees(words[lastNoun], words[headLast]) && !matchPrefixAt(words, headLast, sLast) && !branchAt(words, headLast, sLast) &&
      !(headLast > m.last && precedesItsNoun(words, headLast, sLast))) headLast++;
  }
  const headWords = words.slice(first, headLast);
  const headCapitalised = headWords.every((w) => w.capitalised || w.kind !== 'word' || w.text.length <= 2);
  const headTitle = headCapitalised && (headWords.length > 1 || !words[first].sentenceInitial);
  // "Warsztaty „Marketing społeczny”": the head itself names an event.
  if (INTRODUCERS.has(words[m.first].lower)) return [];
  // "w kategorii „Zakład pracy chronionej” – Zakłady Mięsne „Jantar”": a quoted legal form names
  // a category; the organisation after the dash has that form.
  if (first > sFirst && opensQuote(words, first - 1) && quoteEnd(words, first - 1, sLast) === headLast) {
    return categoryMember(dw, ctx, entry, headLast + 1, sFirst, sLast);
  }
  if (introducedAsNonOrganization(words, first, sFirst)) return [];
  if (entry.body && !headCapitalised) return [];
  if (entry.introducesName && !headCapitalised) return firmName(dw, ctx, headLast, sLast);
  if (entry.generic && !headCapitalised) return [];
  // "spółdzielnie socjalne": a kind, unless quoted names follow it.
  if (!entry.generic && isPluralHead(words[m.first], entry.lemmas[0])) {
    const listed = quotedList(dw, m, first, headLast, sLast);
    return listed.length || !headCapitalised ? listed : placedList(dw, ctx, m, first, headLast, sLast);
  }

  // "Szkoła Podstawowa nr 4": a numbered unit's number belongs to its type.
  const numberEnd = headCapitalised ? unitNumberEnd(words, headLast, sLast) : headLast;
  // The name part: optional dash after a lower-case legal form ("spółdzielnię socjalną - Communal Service").
  let nameStart = numberEnd;
  if (!headCapitalised && nameStart < sLast && (words[nameStart].text === '-' || words[nameStart].text === '–') && isCapitalWord(words[nameStart + 1])) nameStart++;
  // "wynajęło spółdzielni Miasto Zamość": after a lower-case form, another organisation is no name.
  const scanned = !headCapitalised && startsOrganization(words, nameStart, sLast) ? { last: nameStart } as ScannedName
    : scanName(words, nameStart, sLast, !!entry.generic, ctx);
  let nameLast = scanned.last;
  // "Wyższa Szkoła Biznesu – National-Louis University": the name in another language after a dash.
  if (headCapitalised) nameLast = foreignNameEnd(words, nameLast, sLast);
  // "Zakład Usług Leśnych Krzysztof Maksymiuk": a sole trader's owner closes its name.
  if (headCapitalised && TRADE_HEADS.has(entry.lemmas[0])) {
    const owner = soleTraderOwnerEnd(words, nameLast, sLast);
    if (owner) return [soleTrader(dw, ctx, first, owner, sLast)];
  }
  // "Gmina Kazimierz Biskupi": a body named after its seat takes the whole locality, first names and all.
  // The seat is all its name: a person after it is no patron ("Gminy Bodzentyn Wiesława Gębalę").
  if (entry.seatNamed && headCapitalised) {
    const seatEnd = seatNameEnd(words, ctx, nameStart, sLast);
    if (seatEnd > nameStart) nameLast = seatEnd;
  }
  // A lower-case legal form before a person names no organisation: "prezesa fundacji Tadeusza Nowaka".
  // "w towarzystwie Dyrektor PCPR": nor before a role.
  if (!headCapitalised && !scanned.quote && (startsAnyPersonName(words, nameStart, sLast) || isRoleWord(words[nameStart]))) nameLast = nameStart;
  // "Biuro OWES": the office of an organisation known by its acronym is that organisation (the acronym pass).
  if (entry.generic && nameLast === nameStart + 1 && ACRONYM_FORMS.has(words[nameStart].text)) return [];
  const hasName = nameLast > nameStart;
  // "Organizacje Pozarządowe": a plural type without a name is a kind.
  if (entry.generic && !hasName && isPluralHead(words[m.first], entry.lemmas[0])) return [];
  const typeName = headName(dw, first, headLast, entry.lemmas[0]);
  const head = numberEnd > headLast ? { ...typeName, text: `${typeName.text} ${textOf(dw, headLast, numberEnd)}` } : typeName;

  // "Zakłady Mechaniczne BEŁMECH S.A.", "Biuro Rachunkowe Bilans s.c.": a suffix form after the name decides.
  const suffix = matchSuffixAt(words, nameLast, sLast);
  if (suffix && (hasName || headLast - first > 1)) {
    const core = hasName ? unquote(textOf(dw, nameStart, nameLast)) : '';
    const canonical = SUFFIX_CANONICAL[suffix.entry.form] ?? textOf(dw, nameLast, suffix.last);
    const place = placeAfter(dw, ctx, suffix.last, sLast);
    // "Przedsiębiorstwo Wodociągów i Kanalizacji sp. z o.o. w Stargardzie" is designated by its place.
    const descriptive = !!entry.generic && !scanned.quote && !isDistinctive(words, nameStart, nameLast);
    const designated = !!place && descriptive;
    const fullName = `${head.text}${core ? ` ${core}` : ''}`;
    return [build(dw, {
      name: `${fullName} ${canonical}${designated ? ` ${textOf(dw, place.from, place.last)}` : ''}`,
      // "Koszalińska Agencja Rozwoju Lokalnego S.A.": a descriptive name is distinctive only whole.
      core: designated ? '' : descriptive ? fullName : core || head.text, legalForm: suffix.entry.form, place: place?.name ?? originAfter(dw, ctx, suffix.last, sLast),
      first, last: designated ? place.last : suffix.last, rule: `org.prefix-suffix.${suffix.entry.id}`, guessed: head.guessed,
    })];
  }
  // A body named in a role or by its organ ("Marszałek Województwa Małopolskiego", "Zarządu
  // Województwa Mazowieckiego") is not acting itself.
  // "Burmistrz Miasta i Gminy Końskie": the role may name two bodies joined by "i".
  let before = first - 1;
  if (entry.body && before - 2 >= sFirst && words[before].lower === 'i' && hasLemma(words[before - 1], BODY_LEMMAS)) before -= 2;
  if (entry.body && before >= sFirst && (isRoleWord(words[before]) || hasLemma(words[before], ORGANS))) return [];

  // What may follow the name or the type: "(CIS)", a branch, a place.
  let after = nameLast;
  let acronym = bracketedAcronym(words, after, sLast);
  if (acronym) after += 3;
  const branchEnd = hasName ? branchAt(words, after, sLast, true) : 0;
  const branchText = branchEnd ? headName(dw, after, branchEnd).text : '';
  if (branchEnd) after = branchEnd;
  const place = placeAfter(dw, ctx, after, sLast, { loose: headTitle && !hasName, seat: true });
  let last = place && !place.seat ? place.last : after;
  if (place && !place.seat) {
    const later = bracketedAcronym(words, last, sLast);
    if (later && !acronym) { acronym = later; last += 3; }
  }
  const placeText = place && !place.seat ? textOf(dw, place.from, place.last) : '';
  const rule = (kind: string) => `org.${kind}.${entry.id}`;
  const common = { legalForm: entry.form, first, last, guessed: head.guessed, acronym };

  if (hasName) {
    const nameText = unquote(textOf(dw, nameStart, nameLast));
    const quoted = scanned.quote ? unquote(textOf(dw, scanned.quote.first, scanned.quote.last)) : '';
    const descriptive = !quoted && !isDistinctive(words, nameStart, nameLast);
    // An office, a descriptive designation ("Bank Żywności w Olsztynie") or a type designated by
    // a genitive complement ("Ośrodek … Subregionu Zachodniego") has no distinctive core; its
    // place is part of the name.
    // "Parafialny Zespół Caritas w Kuleszach": a unit of a church body named by its head word has that body's form and its own place.
    const proper = entry.generic && !quoted ? matchPrefixAt(words, nameStart, sLast) : undefined;
    const unitOfProper = !!proper?.entry.proper && proper.last === nameLast;
    // "Parafialne Zespoły Caritas": such units in the plural are a kind.
    if (unitOfProper && isPluralHead(words[m.first], entry.lemmas[0])) return [];
    const designation = !!entry.designation || unitOfProper || (!!entry.generic && descriptive && !!placeText) ||
      (TYPE_FORMS.has(entry.form) && !entry.body && !quoted && isGenitiveComplement(words, nameStart, nameLast));
    let name = `${head.text} ${nameText}`;
    if (branchText) name += ` ${branchText}`;
    // "Akademia im. Jana Długosza w Częstochowie": a type named after its patron keeps its place too.
    const patronOnly = sequenceAt(words, nameStart, nameLast, connectorRules.dedications) > 0;
    if (placeText && (designation || branchText || patronOnly)) name += ` ${placeText}`;
    let core = '';
    if (!designation) {
      if (quoted) core = quoted;
      // "Caritas Diecezji Legnickiej": a proper head with its complement; each diocese's is another.
      else if (entry.proper) core = `${head.text.split(' ')[0]} ${nameText}`;
      // "Gmina Ruda Maleniecka": all after the body word.
      else if (entry.body) core = `${head.text.replace(/^\S+\s?/u, '')} ${nameText}`.trim();
      // "Przedsiębiorstwo Gospodarki Komunalnej EKO-JAR" → EKO-JAR; "Agencja Restrukturyzacji i
      // Modernizacji Rolnictwa" is distinctive only whole.
      else if (entry.generic) core = distinctiveTail(dw, nameStart, nameLast) || (descriptive ? `${head.text} ${nameText}` : coreOf(dw, nameStart, nameLast));
      else core = coreOf(dw, nameStart, nameLast);
    }
    // A gmina's seat is its place; an office serves the locality it names.
    const seat = entry.seatNamed ? ctx.placeName(words.slice(m.last, nameLast))?.name ?? core : '';
    const placeName = place?.name || seat || (designation ? complementPlace(ctx, words, nameStart, nameLast) : '') || originAfter(dw, ctx, last, sLast);
    // "Przedsiębiorstwo Gospodarki Komunalnej w Lipnie sp. z o.o.": a designation with its legal form after its place.
    const placeSuffix = designation && placeText ? matchSuffixAt(words, last, sLast) : undefined;
    if (placeSuffix) {
      return [build(dw, {
        ...common, last: placeSuffix.last, legalForm: placeSuffix.entry.form, core,
        name: `${name} ${SUFFIX_CANONICAL[placeSuffix.entry.form] ?? textOf(dw, last, placeSuffix.last)}`,
        place: placeName, rule: `org.designation-suffix.${placeSuffix.entry.id}`,
      })];
    }
    const legalForm = unitOfProper ? proper!.entry.form : entry.form;
    // "Parafialny Zespół Caritas przy Parafii pw. św. Bartłomieja w Koninie": placed by its host.
    if (unitOfProper && !place && HOSTS.has(words[after]?.lower ?? '')) {
      const hosted = withHost(dw, ctx, { ...entry, form: legalForm }, name, first, after, sLast);
      if (hosted.length) return hosted;
    }
    return [build(dw, { ...common, legalForm, name, core, place: placeName, rule: rule(branchText ? 'branch' : unitOfProper ? 'unit-of-proper' : 'prefix') })];
  }

  // Named only by type: kept when the type is written as a name and a place (or a host) follows.
  if (!headTitle) return [];
  const adjectives = headLast - m.last + (m.first - first);
  if (!place && HOSTS.has(words[after]?.lower ?? '')) {
    const hosted = withHost(dw, ctx, entry, head.text, first, after, sLast);
    if (hosted.length) return hosted;
  }
  let complement = '';
  // "Warsztat Terapii Zajęciowej z siedzibą w Kole" keeps the seat in its name; a named type does not.
  let typePlace = place && (!place.seat || adjectives === 0) ? place : undefined;
  if (!place) {
    // "Ośrodek Wsparcia dla osób z zaburzeniami psychicznymi w Kownatach"
    const startWord = words[headLast];
    if (startWord && connectorRules.typeComplementStarts.includes(startWord.lower)) {
      for (let k = headLast + 1; k < Math.min(sLast, headLast + connectorRules.typeComplementMaxWords + 1); k++) {
        if (words[k].kind !== 'word' || words[k].capitalised) break;
        const pr = placeAfter(dw, ctx, k, sLast);
        if (pr) {
          typePlace = pr;
          complement = ` ${textOf(dw, headLast, k)}`;
          break;
        }
      }
    }
  }
  // A type with a capitalised adjective is a name: "Uniwersytet Gdański", "Powiat Kluczborski",
  // "Mazowieckie Centrum Polityki Społecznej". A body keeps its seat as its place.
  const namedCore = entry.body ? head.text.replace(/^\S+\s/u, '') : entry.generic || entry.namedByAdjective ? head.text : '';
  if (headCapitalised && adjectives > 0 && (!typePlace || entry.body)) {
    // "Gmina Stara Biała": a body named after its seat has it as its place.
    const seatPlace = entry.seatNamed ? ctx.placeName(words.slice(m.last, headLast))?.name ?? namedCore : '';
    return [build(dw, { ...common, last: headLast, name: head.text, core: namedCore, place: typePlace?.name ?? place?.name ?? seatPlace, rule: rule('named-type') })];
  }
  if (!typePlace && !entry.body && adjectives === 0 && CONTEXT_PLACED_FORMS.has(entry.form)) {
    // "zajęcia Klubu Integracji Społecznej, działającego przy … w Nowym Dworze Gdańskim": a unit
    // written as a name takes the locality its sentence names.
    const near = localityInSentence(dw, ctx, first, headLast, sFirst, sLast);
    if (near) return [build(dw, { ...common, last: headLast, name: head.text, core: '', place: near, rule: rule('type-sentence-place') })];
  }
  if (!typePlace || entry.body) return [];
  const placeWords = textOf(dw, typePlace.from, typePlace.last);
  return [build(dw, {
    ...common, last: Math.max(last, typePlace.last), name: `${head.text}${complement} ${placeWords}`,
    core: adjectives > 0 && entry.namedByAdjective ? head.text : '', place: typePlace.name, rule: rule('type-place'),
  })];
}

/**
 * "Komendy Powiatowej Państwowej Straży Pożarnej": a second genitive adjective belongs to the
 * capitalised noun after it (the first, "Urzędu Marszałkowskiego Województwa", to the head).
 */
function precedesItsNoun(words: Word[], adjective: number, sLast: number): boolean {
  const noun = words[adjective + 1];
  if (adjective + 1 >= sLast || !isNameToken(noun) || noun.allCaps) return false;
  const adjs = readings(lastPart(words[adjective].text)).filter((a) => ADJECTIVE_POS.has(a.tag.pos) && a.tag.case.includes('gen'));
  return readings(noun.text).some((n) => n.tag.pos === 'subst' && n.tag.case.includes('gen') && adjs.some((a) =>
    a.tag.number.some((x) => n.tag.number.includes(x)) && a.tag.gender.some((g) => n.tag.gender.includes(g))));
}

/** "Województwa Śląskiego", "Subregionu Zachodniego": capitalised words all in the genitive, the first no nominative singular. */
function isGenitiveComplement(words: Word[], first: number, last: number): boolean {
  const rs = (w: Word) => readings(lastPart(w.text));
  if (first >= last || rs(words[first]).some((a) => a.tag.case.includes('nom') && a.tag.number.includes('sg'))) return false;
  return words.slice(first, last).every((w) => w.kind === 'word' && rs(w).some((a) => a.tag.case.includes('gen')));
}

/** The distinctive words ending a name after descriptive ones ("Gospodarki Komunalnej EKO-JAR" → "EKO-JAR"), or "". */
function distinctiveTail(dw: DocumentWords, first: number, last: number): string {
  const words = dw.words;
  let k = first;
  while (k < last && !isDistinctiveWord(words[k])) k++;
  // Every word from the first distinctive one on is distinctive too.
  if (k === first || k === last || words.slice(k, last).some((w) => w.kind === 'word' && !isDistinctiveWord(w))) return '';
  return unquote(textOf(dw, k, last));
}

/** "Wydziału Ekonomicznego Uniwersytetu": the adjective belongs to the capitalised noun before it. */
function followsItsNoun(words: Word[], adjective: number, sFirst: number): boolean {
  const noun = words[adjective - 1];
  return adjective - 1 >= sFirst && isNameToken(noun) && isNoun(noun) && agrees(noun, words[adjective]);
}

/**
 * "firmie Transbud z Biłgoraja": a lower-case "firma" introduces a name it is no part of. The name
 * must be quoted or not a dictionary word; one with a suffix form is left to the suffix rule.
 */
function firmName(dw: DocumentWords, ctx: OrganizationContext, at: number, sLast: number): OrganizationMention[] {
  const words = dw.words;
  let start = at;
  // "firmie cateringowej Smakosz s.c."
  while (start < sLast && words[start].kind === 'word' && !words[start].capitalised && isAdjective(words[start])) start++;
  const scanned = scanName(words, start, sLast, false, ctx);
  if (scanned.last === start || matchSuffixAt(words, scanned.last, sLast)) return [];
  // "w firmie Zielone Ogrody Henryk Sobik": a sole trader's name ends in its owner's.
  const owner = soleTraderOwnerEnd(words, scanned.last, sLast);
  if (owner) return [soleTrader(dw, ctx, start, owner, sLast)];
  if (!scanned.quote && (!isDistinctive(words, start, scanned.last) || startsAnyPersonName(words, start, sLast))) return [];
  const core = unquote(textOf(dw, start, scanned.last));
  return [build(dw, {
    name: core, core, legalForm: 'inna', place: placeOrOrigin(dw, ctx, scanned.last, sLast),
    first: start, last: scanned.last, rule: 'org.firm-name', guessed: false,
  })];
}

/** The organisation after the dash that follows a quoted category ("„Spółdzielnia socjalna” – …"), with the category's form. */
function categoryMember(dw: DocumentWords, ctx: OrganizationContext, entry: PrefixEntry, dash: number, sFirst: number, sLast: number): OrganizationMention[] {
  const words = dw.words;
  if (dash >= sLast || !DASHES.has(words[dash].text) || dash + 1 >= sLast) return [];
  return findAt(dw, ctx, dash + 1, sFirst, sLast).map((o) => (o.legalForm === 'inna'
    ? { ...o, legalForm: entry.form, mention: { ...o.mention, rule: `org.category.${entry.id}` } } : o));
}

/** The locality an office serves, from its genitive complement: "Urzędu Miasta Gorzowa Wielkopolskiego" → Gorzów Wielkopolski. */
function complementPlace(ctx: OrganizationContext, words: Word[], first: number, last: number): string {
  const start = first < last && hasLemma(words[first], BODY_LEMMAS) ? first + 1 : first;
  const place = start < last ? ctx.placeName(words.slice(start, last)) : undefined;
  // Only a locality the gazetteer knows: "Województwa Łódzkiego" names a voivodeship.
  return place?.known ? place.name : '';
}

/**
 * "Klub Integracji Społecznej przy Gminnym Ośrodku Pomocy Społecznej w Rogowie": the type takes
 * its host's place and both are organisations.
 */
function withHost(dw: DocumentWords, ctx: OrganizationContext, entry: PrefixEntry, headText: string, first: number, at: number, sLast: number): OrganizationMention[] {
  const words = dw.words;
  const hostStart = at + 1;
  if (!startsOrganization(words, hostStart, sLast)) return [];
  for (let k = hostStart; k < Math.min(sLast, hostStart + 3); k++) {
    const hostMatch = matchPrefixAt(words, k, sLast);
    if (!hostMatch) continue;
    const hosts = fromPrefix(dw, ctx, hostMatch, hostStart, sLast);
    const host = hosts[0];
    if (!host?.place || host.first !== hostStart) return [];
    return [build(dw, {
      name: `${headText} ${textOf(dw, at, host.last)}`, core: '', legalForm: entry.form, place: host.place, first, last: host.last,
      rule: `org.type-host.${entry.id}`, guessed: false,
    }), ...hosts];
  }
  return [];
}

/** "spółdzielnie socjalne „Pod Lipą” i „Zielony Ogród”": one organisation per quoted name, in the singular. */
function quotedList(dw: DocumentWords, m: PrefixMatch, first: number, headLast: number, sLast: number): OrganizationMention[] {
  const words = dw.words;
  const head = singularHead(dw, m.first, headLast);
  const out: OrganizationMention[] = [];
  let j = headLast;
  while (j < sLast && opensQuote(words, j)) {
    const close = quoteEnd(words, j, sLast);
    if (close < 0) break;
    const core = unquote(textOf(dw, j, close + 1));
    out.push(build(dw, {
      name: `${head} ${core}`, core, legalForm: m.entry.form, place: '', first: out.length ? j : first, last: close + 1,
      rule: `org.list.${m.entry.id}`, guessed: false,
    }));
    j = close + 1;
    const joiner = sequenceAt(words, j, sLast, connectorRules.listJoiners);
    if (!joiner || !opensQuote(words, j + joiner)) break;
    j += joiner;
  }
  return out;
}

/** "we Włocławku", "we Wrocławiu", "w Toruniu": "we" before w or f and a consonant. */
const locativePreposition = (word: string) => (/^[wf][^aąeęioóuy]/iu.test(word) ? 'we' : 'w');

/**
 * "Gminnych Ośrodków Pomocy Społecznej w Rogowie, Skrwilnie i Brzuzem", "Warsztatów Terapii
 * Zajęciowej w Łobzie i w Drawsku Pomorskim": a type in the plural, written as a name, with a list
 * of places is one organisation per place, each in the singular with its own place.
 */
function placedList(dw: DocumentWords, ctx: OrganizationContext, m: PrefixMatch, first: number, headLast: number, sLast: number): OrganizationMention[] {
  const words = dw.words;
  const head = singularHead(dw, m.first, headLast, first);
  const out: OrganizationMention[] = [];
  let j = headLast;
  for (;;) {
    const introduced = placeAfter(dw, ctx, j, sLast);
    const bare = introduced ? undefined : out.length ? localityAt(dw, ctx, j, sLast).hit : undefined;
    const place = introduced ?? (bare && bare.known ? { from: j, first: j, last: bare.last, name: bare.name, seat: false } : undefined);
    if (!place) break;
    const written = textOf(dw, place.first, place.last);
    out.push(build(dw, {
      name: `${head} ${locativePreposition(written)} ${written}`, core: '', legalForm: m.entry.form, place: place.name,
      first: out.length ? place.from : first, last: place.last, rule: `org.place-list.${m.entry.id}`, guessed: false, placeOnly: out.length > 0,
    }));
    j = place.last;
    const joiner = sequenceAt(words, j, sLast, connectorRules.listJoiners);
    if (!joiner) break;
    j += joiner;
  }
  return out;
}

/** "MOPS w Łomży", "KGW «Kalina»", "OSP Szurpiły": an acronym of a type with a place or a name. */
function fromAcronym(dw: DocumentWords, ctx: OrganizationContext, i: number, sLast: number): OrganizationMention[] {
  const words = dw.words;
  const acronym = words[i].text;
  const form = ACRONYM_FORMS.get(acronym)!;
  const rule = (kind: string) => `org.${kind}.${form}`;
  const common = { legalForm: form, first: i, guessed: false, acronym, byAcronym: true };
  if (opensQuote(words, i + 1)) {
    const close = quoteEnd(words, i + 1, sLast);
    if (close > 0) {
      const core = unquote(textOf(dw, i + 1, close + 1));
      const place = placeAfter(dw, ctx, close + 1, sLast);
      return [build(dw, {
        ...common, name: `${acronym} ${core}`, core, place: place?.name ?? originAfter(dw, ctx, close + 1, sLast),
        last: place ? place.last : close + 1, rule: rule('acronym-name'),
      })];
    }
  }
  const place = placeAfter(dw, ctx, i + 1, sLast, { loose: true });
  if (place) {
    return [build(dw, { ...common, name: `${acronym} ${textOf(dw, place.from, place.last)}`, core: '', place: place.name, last: place.last, rule: rule('acronym-place') })];
  }
  // A local unit by where it is from: "KGW z Manowa", "OSP ze Strzyżowa" (the village may be one
  // no gazetteer lists: a type acronym says a locality follows).
  if (ORIGINS.has(words[i + 1]?.lower ?? '')) {
    const { hit } = localityAt(dw, ctx, i + 2, sLast);
    if (hit) {
      return [build(dw, { ...common, name: `${acronym} ${textOf(dw, i + 1, hit.last)}`, core: '', place: hit.name, last: hit.last, rule: rule('acronym-origin') })];
    }
  }
  // A locality named in the nominative right after it: "OSP Szurpiły".
  const k = placeRunEnd(words, i + 1, sLast);
  if (k > i + 1 && !startsAnyPersonName(words, i + 1, sLast)) {
    for (let last = k; last > i + 1; last--) {
      const p = ctx.placeName(words.slice(i + 1, last));
      const written = textOf(dw, i + 1, last);
      // Known to the gazetteer, or a word no dictionary knows, written in the nominative.
      const unknownWord = !p?.known && words.slice(i + 1, last).every((w) => readings(w.text).every((a) => a.guessed));
      if (p && (p.known ? p.name === written : unknownWord)) {
        return [build(dw, { ...common, name: `${acronym} ${written}`, core: '', place: written, last, rule: rule('acronym-place') })];
      }
    }
  }
  return [];
}

/** "Zarząd Okręgowy w Łomży", "Oddział Regionalny PFRON w Kielcach": a branch with its seat. */
function fromBranch(dw: DocumentWords, ctx: OrganizationContext, i: number, branchEnd: number, sFirst: number, sLast: number): OrganizationMention[] {
  const words = dw.words;
  if (introducedAsNonOrganization(words, i, sFirst)) return [];
  // The organisation it belongs to, by acronym ("PFRON", a register acronym elsewhere) or genitive name.
  const nameLast = words[branchEnd]?.allCaps ? branchEnd + 1 : scanName(words, branchEnd, sLast).last;
  // "Oddział w Gnieźnie" alone leaves the organisation unsaid.
  if (nameLast === branchEnd && branchEnd === i + 1) return [];
  const place = placeAfter(dw, ctx, nameLast, sLast, { loose: true });
  if (!place || place.seat) return [];
  const branch = headName(dw, i, branchEnd).text;
  const owner = nameLast > branchEnd ? textOf(dw, branchEnd, nameLast) : '';
  const core = owner ? titleCaseWords(normalizePhrase(unquote(owner), 'organization').text) : '';
  const acronym = words[branchEnd]?.allCaps && owner ? owner : undefined;
  return [build(dw, {
    name: `${branch}${owner ? ` ${unquote(owner)}` : ''} ${textOf(dw, place.from, place.last)}`, core, legalForm: ownerForm(core),
    place: place.name, first: i, last: place.last, rule: 'org.branch.standalone', guessed: false, acronym,
  })];
}

/** "Polski Czerwony Krzyż Zarząd Rejonowy w Koninie": a name without a legal form, known by its branch. */
function namedBranch(dw: DocumentWords, ctx: OrganizationContext, i: number, nameLast: number, branchEnd: number, sLast: number): OrganizationMention[] {
  const words = dw.words;
  const place = placeAfter(dw, ctx, branchEnd, sLast, { loose: true });
  if (!place || place.seat) return [];
  const core = titleCaseWords(normalizePhrase(unquote(textOf(dw, i, nameLast)), 'organization').text);
  const branch = headName(dw, nameLast, branchEnd).text;
  // A later bare "PCK" is this organisation.
  const initials = initialsOf(core);
  return [build(dw, {
    name: `${core} ${branch} ${textOf(dw, place.from, place.last)}`, core, legalForm: ownerForm(core), place: place.name,
    first: i, last: place.last, rule: 'org.branch.named', guessed: false, acronym: ACRONYM_FORMS.has(initials) ? initials : undefined,
  })];
}

/** The form of a branch's organisation named by an acronym the rules know, by itself or by its initials ("Polski Czerwony Krzyż" → PCK). */
function ownerForm(core: string): LegalForm {
  return ACRONYM_FORMS.get(core) ?? ACRONYM_FORMS.get(initialsOf(core)) ?? 'inna';
}

/**
 * "Zakładów Spożywczych „Bona” – Zakładu Pracy Chronionej": a legal form in apposition after a
 * name gives that name its form; the apposition is part of the mention, not an organisation.
 */
function applyAppositions(dw: DocumentWords, found: OrganizationMention[]): OrganizationMention[] {
  const words = dw.words;
  const out: OrganizationMention[] = [];
  let swallowedUpTo = -1;
  for (const org of found) {
    if (org.first < swallowedUpTo) continue;
    const dash = words[org.last];
    if (dash && DASHES.has(dash.text) && dash.sentence === words[org.first].sentence) {
      const s = dw.sentences[dash.sentence];
      const m = matchPrefixAt(words, org.last + 1, s.last);
      if (m && !m.entry.generic) {
        const after = scanName(words, m.last, s.last);
        if (after.last === m.last) {
          out.push({ ...org, legalForm: m.entry.form, last: m.last, mention: mentionOf(dw, org.first, m.last, `org.apposition.${m.entry.id}`) });
          swallowedUpTo = m.last;
          continue;
        }
      }
    }
    out.push(org);
  }
  return out;
}

// Prepositions before the name a bare legal form refers back to: "w", "do", "u", "od" ….
const ANAPHORA_PREPOSITIONS = new Set(['w', 'we', 'do', 'z', 'ze', 'u', 'od']);

/**
 * "…wizytą w Vitasanie. Spółdzielnia socjalna prowadzi…": a sentence that opens with a bare legal
 * form speaks of the name that ended the sentence before it, unless that name is a place or a
 * venue ("kawiarnię w Starym Młynie").
 */
function anaphoricForms(dw: DocumentWords, ctx: OrganizationContext, found: OrganizationMention[]): OrganizationMention[] {
  const words = dw.words;
  const out: OrganizationMention[] = [];
  const inOrganization = new Uint8Array(words.length);
  for (const o of found) inOrganization.fill(1, o.first, o.last);
  const covered = (i: number) => inOrganization[i] === 1;
  for (let si = 1; si < dw.sentences.length; si++) {
    const s = dw.sentences[si];
    const prev = dw.sentences[si - 1];
    if (prev.paragraph !== s.paragraph || covered(s.first)) continue;
    const m = matchPrefixAt(words, s.first, s.last);
    if (!m || m.entry.generic || m.entry.body || m.entry.form === 'inna') continue;
    if (scanName(words, m.last, s.last).last > m.last) continue;
    // The previous sentence ends with a preposition and a capitalised name.
    let k = prev.last - 1;
    while (k >= prev.first && words[k].kind === 'punct') k--;
    let first = k;
    while (first - 1 >= prev.first && isNameToken(words[first - 1])) first--;
    if (first > k || !isNameToken(words[first]) || covered(first)) continue;
    const before = words[first - 1];
    if (!before || !ANAPHORA_PREPOSITIONS.has(before.lower)) continue;
    if (first - 2 >= prev.first && isVenueBefore(words, first - 2, prev.first)) continue;
    const nameWords = words.slice(first, k + 1);
    if (ctx.placeName(nameWords)?.known) continue;
    if (nameWords.length >= 2 && startsPersonName(words, first, k + 1)) continue;
    const n = normalizePhrase(textOf(dw, first, k + 1), 'organization');
    const head = headName(dw, m.first, m.last);
    out.push(build(dw, {
      name: `${head.text} ${n.text}`, core: n.text, legalForm: m.entry.form, place: '', first, last: k + 1,
      rule: `org.anaphora.${m.entry.id}`, guessed: n.guessed,
    }));
  }
  return out;
}

// ---- acronyms -----------------------------------------------------------------------------------

/**
 * The acronyms each organisation written out in full answers to: the one given in brackets, the
 * initials of its name, and those of its type before a proper name ("CIS" for "Centrum Integracji
 * Społecznej „Przystań”"). Initials of fewer than three letters say too little.
 */
function acronymIndex(orgs: OrganizationMention[]): Map<string, OrganizationMention[]> {
  const index = new Map<string, OrganizationMention[]>();
  for (const o of orgs) {
    if (o.byAcronym) continue;
    if (o.acronym) addTo(index, o.acronym, o);
    const initials = [initialsOf(o.name), o.core && o.core !== o.name ? initialsOf(o.name.replace(o.core, '')) : ''];
    for (const k of initials) if (k.length >= 3) addTo(index, k, o);
  }
  return index;
}

const acronymKey = (acronym: string) => (acronym.length >= 3 ? acronym.toUpperCase() : acronym);

/**
 * Acronyms join the organisation they abbreviate: "ROPS w Kielcach" the "Regionalny Ośrodek
 * Polityki Społecznej w Kielcach" of the same document, and a bare "TISE" or "dyrektor MOPS" the
 * nearest such organisation. A bare acronym nothing in the document expands names no organisation.
 */
function resolveAcronyms(dw: DocumentWords, found: OrganizationMention[]): OrganizationMention[] {
  const words = dw.words;
  const index = acronymIndex(found);
  const same = (o: OrganizationMention, t: OrganizationMention) =>
    ({ ...o, name: t.name, core: t.core, legalForm: t.legalForm, place: t.place || o.place, byAcronym: false });
  const resolved = found.map((o) => {
    if (!o.byAcronym || !o.acronym) return o;
    const candidates = (index.get(acronymKey(o.acronym)) ?? []).filter((t) => !o.core || o.core === t.core);
    // The same place, or the one such organisation whose place the text leaves unsaid.
    const unplaced = new Set(candidates.filter((t) => !t.place).map((t) => t.name));
    const target = candidates.find((t) => t.place === o.place) ?? (unplaced.size === 1 ? candidates.find((t) => !t.place) : undefined);
    return target ? same(o, target) : o;
  });
  // Organisations named by acronym only answer to it too ("KIS w Chełmie" … "KIS").
  for (const o of resolved) if (o.acronym) addTo(index, o.acronym, o);
  const covered = new Uint8Array(words.length);
  for (const o of resolved) covered.fill(1, o.first, o.last);
  const byForm = new Map<LegalForm, OrganizationMention[]>();
  for (const o of resolved) addTo(byForm, o.legalForm, o);
  const out = [...resolved];
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    if (covered[k] || w.kind !== 'word' || !(w.allCaps || ACRONYM_FORMS.has(w.text))) continue;
    if (NOT_NAMES.has(w.text) || ROMAN_NUMERAL.test(w.text)) continue;
    const target = nearest(index.get(acronymKey(w.text)) ?? [], k) ?? singleOfForm(byForm, ACRONYM_FORMS.get(w.text));
    if (!target) continue;
    out.push(build(dw, {
      name: target.name, core: target.core, legalForm: target.legalForm, place: target.place, first: k, last: k + 1,
      rule: 'org.acronym', guessed: target.guessed,
    }));
  }
  return out;
}

/** The organisation mentioned last before word k, else the first after it. */
function nearest(orgs: OrganizationMention[], k: number): OrganizationMention | undefined {
  let before: OrganizationMention | undefined;
  let after: OrganizationMention | undefined;
  for (const o of orgs) {
    if (o.first < k && (!before || o.first > before.first)) before = o;
    if (o.first > k && (!after || o.first < after.first)) after = o;
  }
  return before ?? after;
}

/** The document's one organisation of a form only one acronym stands for ("ZPChr"). */
function singleOfForm(byForm: Map<LegalForm, OrganizationMention[]>, form: LegalForm | undefined): OrganizationMention | undefined {
  if (!form || !SINGLE_ACRONYM_FORMS.has(form)) return undefined;
  const orgs = byForm.get(form) ?? [];
  return new Set(orgs.map((o) => o.name)).size === 1 ? orgs[0] : undefined;
}
