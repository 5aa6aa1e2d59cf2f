// Organisations: a legal-form or type phrase ("Spółdzielnię Socjalną", "Regionalny Ośrodek Polityki
// Społecznej", "sp. z o.o.") anchors a name; the name is what follows it (a quoted name, a run of
// capitalised words) or precedes a suffix form; an organisation named only by its type is kept
// when a place follows ("Warsztat Terapii Zajęciowej w Marianowie"). Rule tables live in rules/.
import { z } from 'zod';
import type { LegalForm, Mention } from '../schema.js';
import { LegalFormSchema } from '../schema.js';
import { normalizePhrase } from '../lang/pl/normalize.js';
import { isFirstName } from '../lang/pl/names.js';
import legalFormsJson from './rules/legal-forms.json' with { type: 'json' };
import notOrganizationsJson from './rules/not-organizations.json' with { type: 'json' };
import connectorsJson from './rules/name-connectors.json' with { type: 'json' };
import rolesJson from './rules/roles.json' with { type: 'json' };
import { firstNameReadings, lemmasOf, readings, type DocumentWords, type Word } from './words.js';
import { mentionOf, titleCaseWords, stripQuotes, isOpeningQuote, closingQuoteFor, textOf } from './spans.js';

const PrefixEntry = z.object({
  id: z.string(), form: LegalFormSchema, lemmas: z.array(z.string()).min(1),
  generic: z.boolean().optional(), body: z.boolean().optional(),
});
const SuffixEntry = z.object({
  id: z.string(), form: LegalFormSchema, pattern: z.array(z.string()).min(1), caseSensitive: z.string().optional(),
});
const LegalForms = z.object({
  notNames: z.array(z.string()),
  prefix: z.array(PrefixEntry),
  suffix: z.array(SuffixEntry),
  acronyms: z.array(z.object({ acronym: z.string(), form: LegalFormSchema })),
});
type PrefixEntry = z.infer<typeof PrefixEntry>;
type SuffixEntry = z.infer<typeof SuffixEntry>;

const legalForms = LegalForms.parse(legalFormsJson);
const notOrganizations = z.object({ introducers: z.array(z.string()), venues: z.array(z.string()) }).parse(notOrganizationsJson);
const connectorRules = z.object({
  connectors: z.array(z.array(z.string()).min(1)),
  typeComplementStarts: z.array(z.string()),
  typeComplementMaxWords: z.number().int().positive(),
}).parse(connectorsJson);

const INTRODUCERS = new Set(notOrganizations.introducers);
// Register acronyms that follow a legal form without being a name: "Stowarzyszenia KRS 0000…".
const NOT_NAMES = new Set(legalForms.notNames);
const ROLE_WORDS = new Set(rolesJson.roles);
// Prefix entries indexed by their first lemma, longest first so the most specific form wins.
const PREFIX_BY_FIRST = new Map<string, PrefixEntry[]>();
for (const e of legalForms.prefix) {
  const list = PREFIX_BY_FIRST.get(e.lemmas[0]) ?? [];
  list.push(e);
  PREFIX_BY_FIRST.set(e.lemmas[0], list);
}
for (const list of PREFIX_BY_FIRST.values()) list.sort((a, b) => b.lemmas.length - a.lemmas.length);
const SUFFIXES = [...legalForms.suffix].sort((a, b) => b.pattern.length - a.pattern.length);
const SUFFIX_CANONICAL: Record<string, string> = {
  spolka_zoo: 'sp. z o.o.', spolka_akcyjna: 'S.A.',
};

export interface OrganizationMention {
  name: string;
  core: string;
  legalForm: LegalForm;
  place: string;
  /** Word range [first, last) of the mention. */
  first: number;
  last: number;
  mention: Mention;
  /** Words of the mention that name a place ("w Łomży"): the place extractor reads them too. */
  guessed: boolean;
}

export interface OrganizationContext {
  /**
   * Nominative of a locality phrase ("Łomży" → "Łomża"), or undefined when it is not a place;
   * `known` when the gazetteer lists it.
   */
  placeName(words: Word[]): { name: string; known: boolean } | undefined;
}

interface PrefixMatch { entry: PrefixEntry; first: number; last: number }

// Participles have the verb as their lemma ("chronionej" → chronić): they match by stem.
const PARTICIPLE = /(?:ony|ty|ny)$/u;

function wordMatchesLemma(w: Word, lemma: string): boolean {
  if (w.lower === lemma || lemmasOf(w).has(lemma)) return true;
  return PARTICIPLE.test(lemma) && w.lower.startsWith(lemma.slice(0, -1));
}

function matchPrefixAt(words: Word[], i: number, end: number): PrefixMatch | undefined {
  const w = words[i];
  if (w.kind !== 'word') return undefined;
  for (const lemma of [w.lower, ...lemmasOf(w)]) {
    const entries = PREFIX_BY_FIRST.get(lemma);
    if (!entries) continue;
    for (const entry of entries) {
      let j = i + 1;
      let ok = true;
      for (let k = 1; k < entry.lemmas.length; k++, j++) {
        if (j >= end || words[j].kind !== 'word') { ok = false; break; }
        if (!wordMatchesLemma(words[j], entry.lemmas[k])) { ok = false; break; }
      }
      if (ok) return { entry, first: i, last: j };
    }
  }
  return undefined;
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

const ADJECTIVE_POS = new Set(['adj', 'ppas', 'pact']);
const isAdjective = (w: Word) => readings(w.text).some((a) => ADJECTIVE_POS.has(a.tag.pos));

/** An adjective that agrees with the noun in case, number and gender ("Ośrodek Szkoleniowy", not "Stowarzyszenie Polski"). */
function agrees(noun: Word, adjective: Word): boolean {
  const nouns = readings(noun.text).filter((a) => a.tag.pos === 'subst');
  // "Przyrodniczo-Humanistycznego" agrees through its last part.
  const adjText = adjective.text.includes('-') ? adjective.text.slice(adjective.text.lastIndexOf('-') + 1) : adjective.text;
  const adjs = readings(adjText).filter((a) => ADJECTIVE_POS.has(a.tag.pos));
  return nouns.some((n) => adjs.some((a) =>
    n.tag.case.some((c) => a.tag.case.includes(c)) && n.tag.number.some((x) => a.tag.number.includes(x)) &&
    n.tag.gender.some((g) => a.tag.gender.includes(g))));
}
const isCapitalWord = (w: Word | undefined) => !!w && (w.kind === 'word' || w.kind === 'number') && (w.capitalised || w.allCaps || /^\p{Lu}/u.test(w.text));
const isNameToken = (w: Word | undefined) => !!w && w.kind === 'word' && (w.capitalised || w.allCaps);

function connectorAt(words: Word[], i: number, end: number): number {
  for (const seq of connectorRules.connectors) {
    let j = i;
    let ok = true;
    for (const part of seq) {
      if (j >= end || words[j].lower !== part || words[j].capitalised) { ok = false; break; }
      j++;
    }
    if (ok) return j - i;
  }
  return 0;
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

function isRoleWord(w: Word): boolean {
  if (w.kind !== 'word') return false;
  return ROLE_WORDS.has(w.lower) || [...lemmasOf(w)].some((l) => ROLE_WORDS.has(l));
}

function introducedAsNonOrganization(words: Word[], first: number, sentenceStart: number): boolean {
  for (let k = first - 1; k >= Math.max(sentenceStart, first - 2); k--) {
    const w = words[k];
    if (w.kind !== 'word') continue;
    for (const l of lemmasOf(w)) if (INTRODUCERS.has(l)) return true;
    if (INTRODUCERS.has(w.lower)) return true;
  }
  return false;
}

/** Scan the name after a head phrase; returns the end of the name part and whether it was quoted. */
function scanName(words: Word[], i: number, end: number): { last: number; quoted: boolean } {
  let j = i;
  let quoted = false;
  while (j < end) {
    const w = words[j];
    if (w.kind === 'punct' && isOpeningQuote(w.text)) {
      const close = closingQuoteFor(words, j, end);
      if (close < 0) break;
      j = close + 1;
      quoted = true;
      break; // a quoted name closes the name
    }
    if (matchSuffixAt(words, j, end)) break;
    if (w.kind === 'word' && NOT_NAMES.has(w.text)) break;
    if (isCapitalWord(w) && !startsPersonName(words, j, end)) {
      // A capitalised "W" or "Z" is still a preposition.
      if (w.lower === 'w' || w.lower === 'we') break;
      // A hyphen joins parts of one name ("Ja-Ty-My" is one token; "Bona – Zakład" is not).
      j++;
      continue;
    }
    if (j > i && w.kind === 'punct' && (w.text === '-' || w.text === '&' || w.text === '+') && words[j - 1].end === w.start && isCapitalWord(words[j + 1])) { j++; continue; }
    {
      const c = connectorAt(words, j, end);
      if (c && j + c < end && (isCapitalWord(words[j + c]) || isOpeningQuote(words[j + c].text)) && !matchPrefixAt(words, j + c, end)) {
        j += c;
        continue;
      }
    }
    break;
  }
  return { last: j, quoted };
}

/** "w Łomży" / "we Wrocławiu" right after i: the place words' range. */
function placeAfter(words: Word[], i: number, end: number): { first: number; last: number } | undefined {
  if (i >= end || (words[i].lower !== 'w' && words[i].lower !== 'we')) return undefined;
  let j = i + 1;
  while (j < end && isNameToken(words[j]) && j - i <= 3) {
    j++;
    if (j < end && words[j].text === '-' && isNameToken(words[j + 1])) j++;
  }
  return j > i + 1 ? { first: i + 1, last: j } : undefined;
}


/** Words of the head phrase in the nominative, each capitalised: "spółdzielni socjalnej" → "Spółdzielnia Socjalna". */
function headName(dw: DocumentWords, first: number, last: number, capitalise: boolean): { text: string; guessed: boolean } {
  const n = normalizePhrase(textOf(dw, first, last), 'organization');
  return { text: capitalise ? titleCaseWords(n.text) : n.text, guessed: n.guessed };
}

export function extractOrganizations(dw: DocumentWords, ctx: OrganizationContext): OrganizationMention[] {
  const out: OrganizationMention[] = [];
  const words = dw.words;
  for (const s of dw.sentences) {
    let i = s.first;
    while (i < s.last) {
      const found = findAt(dw, ctx, i, s.first, s.last);
      if (found) {
        out.push(found);
        i = found.last;
      } else {
        i++;
      }
    }
  }
  return applyAppositions(dw, out).concat(anaphoricForms(dw, ctx, out));
}

function findAt(dw: DocumentWords, ctx: OrganizationContext, i: number, sFirst: number, sLast: number): OrganizationMention | undefined {
  const words = dw.words;
  const prefix = matchPrefixAt(words, i, sLast);
  if (prefix) return fromPrefix(dw, ctx, prefix, sFirst, sLast);
  // A name followed by a suffix form: "BoxLife sp. z o.o.", "„Hetman” S.A."
  if (isNameToken(words[i]) || isOpeningQuote(words[i].text)) {
    const { last } = scanName(words, i, sLast);
    if (last > i) {
      const suffix = matchSuffixAt(words, last, sLast);
      if (suffix && !introducedAsNonOrganization(words, i, sFirst)) {
        const core = stripQuotes(textOf(dw, i, last));
        const canonical = SUFFIX_CANONICAL[suffix.entry.form] ?? textOf(dw, last, suffix.last);
        return build(dw, {
          name: `${core} ${canonical}`, core, legalForm: suffix.entry.form, place: '', first: i, last: suffix.last,
          rule: `org.suffix.${suffix.entry.id}`, guessed: false,
        });
      }
    }
  }
  return undefined;
}

interface Draft {
  name: string; core: string; legalForm: LegalForm; place: string; first: number; last: number; rule: string; guessed: boolean;
}

function build(dw: DocumentWords, d: Draft): OrganizationMention {
  return {
    name: d.name.replace(/\s+/g, ' ').trim(), core: d.core.replace(/\s+/g, ' ').trim(), legalForm: d.legalForm, place: d.place,
    first: d.first, last: d.last, mention: mentionOf(dw, d.first, d.last, d.rule), guessed: d.guessed,
  };
}

function fromPrefix(dw: DocumentWords, ctx: OrganizationContext, m: PrefixMatch, sFirst: number, sLast: number): OrganizationMention | undefined {
  const words = dw.words;
  const entry = m.entry;
  let first = m.first;
  // Capitalised adjectives before the head belong to the name ("Regionalny Ośrodek", "Prudnicka Spółdzielnia").
  while (first - 1 >= sFirst && isNameToken(words[first - 1]) && isAdjective(words[first - 1]) && !words[first - 1].allCaps &&
    agrees(words[m.first], words[first - 1])) first--;
  let headLast = m.last;
  // Agreeing capitalised adjectives after the head's last noun: "Ośrodek Szkoleniowy",
  // "Zakładów Spożywczych", "Wyższej Szkoły Zawodowej".
  let lastNoun = m.last - 1;
  while (lastNoun > m.first && !readings(words[lastNoun].text).some((a) => a.tag.pos === 'subst')) lastNoun--;
  if (lastNoun === m.last - 1) {
    while (headLast < sLast && isNameToken(words[headLast]) && !words[headLast].allCaps &&
      agrees(words[lastNoun], words[headLast]) && !matchPrefixAt(words, headLast, sLast)) headLast++;
  }
  const headWords = words.slice(first, headLast);
  const headCapitalised = headWords.every((w) => w.capitalised || w.kind !== 'word' || w.text.length <= 2);
  const headTitle = headCapitalised && (headWords.length > 1 || !words[first].sentenceInitial);
  if (introducedAsNonOrganization(words, first, sFirst)) return undefined;

  // The name part: optional dash after a lower-case legal form ("spółdzielnię socjalną - Communal Service").
  let nameStart = headLast;
  if (!headCapitalised && nameStart < sLast && (words[nameStart].text === '-' || words[nameStart].text === '–') && isCapitalWord(words[nameStart + 1])) nameStart++;
  const scanned = scanName(words, nameStart, sLast);
  let nameLast = scanned.last;
  // A capitalised body word alone ("Gmina", "Miasto") needs a name; a lower-case one is a place, not a body.
  if (entry.body && !headCapitalised) return undefined;
  if (entry.generic && !headCapitalised) return undefined;
  // A lower-case legal form followed by a place or a person is not a name: "fundacja w Łodzi".
  const hasName = nameLast > nameStart;
  let place = '';
  let last = nameLast;
  const placeRange = placeAfter(words, nameLast, sLast);
  let placeText = '';
  if (placeRange) {
    const name = ctx.placeName(words.slice(placeRange.first, placeRange.last))?.name;
    if (name) { place = name; placeText = textOf(dw, placeRange.first - 1, placeRange.last); }
  }
  const head = headName(dw, first, headLast, true);
  // "Zakłady Mechaniczne BEŁMECH S.A.", "Biuro Rachunkowe Bilans s.c.": a suffix form after the name decides.
  const suffix = matchSuffixAt(words, nameLast, sLast);
  if (suffix && (hasName || headLast - first > 1)) {
    const core = hasName ? stripQuotes(textOf(dw, nameStart, nameLast)) : '';
    const canonical = SUFFIX_CANONICAL[suffix.entry.form] ?? textOf(dw, nameLast, suffix.last);
    return build(dw, {
      name: `${head.text}${core ? ` ${core}` : ''} ${canonical}`, core: core || head.text, legalForm: suffix.entry.form, place: '',
      first, last: suffix.last, rule: `org.prefix-suffix.${suffix.entry.id}`, guessed: head.guessed,
    });
  }
  // A body named in a role ("Marszałek Województwa Małopolskiego") is not acting itself.
  if (entry.body && first > sFirst && isRoleWord(words[first - 1])) return undefined;
  if (hasName) {
    const nameText = textOf(dw, nameStart, nameLast);
    const core = stripQuotes(nameText);
    if (place) last = placeRange!.last;
    // For a type word such as "Sejmik" the whole name is the distinctive part.
    const isGenericHead = !!entry.generic;
    const name = `${head.text} ${core}`;
    return build(dw, {
      name, core: isGenericHead ? name : core, legalForm: entry.form, place, first, last,
      rule: `org.prefix.${entry.id}`, guessed: head.guessed,
    });
  }
  // Named only by type: keep it when the type is written as a name and a place follows.
  if (!headTitle) return undefined;
  let complementLast = headLast;
  if (!place) {
    // "Ośrodek Wsparcia dla osób z zaburzeniami psychicznymi w Kownatach"
    const startWord = words[headLast];
    if (startWord && connectorRules.typeComplementStarts.includes(startWord.lower)) {
      for (let k = headLast + 1; k < Math.min(sLast, headLast + connectorRules.typeComplementMaxWords + 1); k++) {
        if (words[k].kind !== 'word' || words[k].capitalised) break;
        const pr = placeAfter(words, k, sLast);
        if (pr) {
          const name = ctx.placeName(words.slice(pr.first, pr.last))?.name;
          if (name) {
            place = name;
            placeText = textOf(dw, k, pr.last);
            complementLast = k;
            last = pr.last;
          }
          break;
        }
      }
    }
  } else {
    last = placeRange!.last;
  }
  // A type with a capitalised adjective is a name: "Uniwersytet Gdański", "Powiat Kluczborski",
  // "Mazowieckie Centrum Polityki Społecznej".
  const adjectives = headLast - m.last + (m.first - first);
  if (!place && headCapitalised && adjectives > 0) {
    return build(dw, {
      name: head.text, core: entry.body ? head.text.replace(/^\S+\s/u, '') : head.text, legalForm: entry.form, place: '',
      first, last: headLast, rule: `org.named-type.${entry.id}`, guessed: head.guessed,
    });
  }
  if (!place || entry.body) return undefined;
  const complement = complementLast > headLast ? ` ${textOf(dw, headLast, complementLast)}` : '';
  return build(dw, {
    name: `${head.text}${complement} ${placeText}`, core: '', legalForm: entry.form, place, first, last,
    rule: `org.type-place.${entry.id}`, guessed: head.guessed,
  });
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
    if (dash && (dash.text === '–' || dash.text === '-' || dash.text === '—') && dash.sentence === words[org.first].sentence) {
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

/**
 * "…wizytą w Vitasanie. Spółdzielnia socjalna prowadzi…": a sentence that opens with a bare legal
 * form speaks of the name that ended the sentence before it.
 */
function anaphoricForms(dw: DocumentWords, ctx: OrganizationContext, found: OrganizationMention[]): OrganizationMention[] {
  const words = dw.words;
  const out: OrganizationMention[] = [];
  const covered = (i: number) => found.some((o) => i >= o.first && i < o.last);
  for (let si = 1; si < dw.sentences.length; si++) {
    const s = dw.sentences[si];
    const prev = dw.sentences[si - 1];
    if (prev.paragraph !== s.paragraph) continue;
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
    if (!before || !['w', 'we', 'do', 'z', 'ze', 'u', 'od'].includes(before.lower)) continue;
    const nameWords = words.slice(first, k + 1);
    if (ctx.placeName(nameWords)?.known) continue;
    if (nameWords.length >= 2 && startsPersonName(words, first, k + 1)) continue;
    const n = normalizePhrase(textOf(dw, first, k + 1), 'organization');
    const head = headName(dw, m.first, m.last, true);
    out.push(build(dw, {
      name: `${head.text} ${n.text}`, core: n.text, legalForm: m.entry.form, place: '', first, last: k + 1,
      rule: `org.anaphora.${m.entry.id}`, guessed: n.guessed,
    }));
  }
  return out;
}
