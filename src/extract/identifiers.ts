// Identifiers: KRS, NIP and REGON after their labels (checksums verified), Polish phone numbers
// (normalised to +48 and nine digits), e-mail and web addresses, each tied to the organisation
// its sentence, line or contact block names. Bank account numbers are found first: nothing
// inside them is ever kept, not even a part that would pass for a phone or a NIP.
import { z } from 'zod';
import { validatePolish } from 'validate-polish';
import { IdentifierTypeSchema, LegalFormSchema, type Identifier, type IdentifierType, type Mention, type Organization, type Paragraph, type Sentence } from '../schema.js';
import { tokenize } from '../segment/tokenize.js';
import identifiersJson from './rules/identifiers.json' with { type: 'json' };
import legalFormsJson from './rules/legal-forms.json' with { type: 'json' };
import { lemmasOf, readings, type DocumentWords, type Word } from './words.js';

const TokenSeq = z.array(z.string().min(1)).min(1);
const rules = z.object({
  labels: z.array(z.object({ id: z.string(), type: IdentifierTypeSchema, tokens: z.array(TokenSeq).min(1) })),
  fillers: z.array(z.string()),
  maxFillers: z.number().int().nonnegative(),
  accountLabels: z.array(z.string()),
  accountWindow: z.number().int().positive(),
  accountMinDigits: z.number().int().positive(),
  otherLabels: z.array(TokenSeq),
  phoneListJoiners: z.array(z.string()),
  typeNouns: z.record(z.string(), z.array(z.string().refine((f) => LegalFormSchema.safeParse(f.replace(/^~/u, '')).success, 'a legal-form code, "~" before it when the name must hold the type word'))),
}).parse(identifiersJson);
const acronyms = z.object({ acronyms: z.array(z.object({ acronym: z.string(), form: LegalFormSchema })) }).parse(legalFormsJson).acronyms;

/** Ids of the rules identifiers are found by, as their mentions name them. */
export const IDENTIFIER_RULE_IDS: readonly string[] = [
  ...new Set(rules.labels.map((l) => l.id)), 'id.phone.label.list', 'id.phone.international', 'id.phone.area-code', 'id.email', 'id.www', 'id.url',
];

interface Label { id: string; type: IdentifierType; tokens: string[] }
// Every label sequence, longest first, so "tel./fax" wins over "tel".
const LABELS: Label[] = rules.labels.flatMap((l) => l.tokens.map((tokens) => ({ id: l.id, type: l.type, tokens })))
  .sort((a, b) => b.tokens.length - a.tokens.length);
const LABELS_BY_FIRST = new Map<string, Label[]>();
for (const l of LABELS) LABELS_BY_FIRST.set(l.tokens[0], [...(LABELS_BY_FIRST.get(l.tokens[0]) ?? []), l]);
const OTHER_LABELS = [...rules.otherLabels].sort((a, b) => b.length - a.length);
const FILLERS = new Set(rules.fillers);
const ACCOUNT_LABELS = new Set(rules.accountLabels);
const PHONE_JOINERS = new Set(rules.phoneListJoiners);
const TYPE_NOUNS = new Map(Object.entries(rules.typeNouns));
const ACRONYM_FORMS = new Map(acronyms.map((a) => [a.acronym, a.form]));

/** Lines of a contact block looked at above an identifier for the organisation that heads it. */
const MAX_BLOCK_LINES = 6;
/** The block's organisation must start among the first tokens of its line ("1. FUNDACJA …", "Kontakt: Fundacja …"). */
const HEADER_LEAD_TOKENS = 4;
/** Longest e-mail or web address read, in characters. */
const MAX_ADDRESS_CHARS = 256;

const DATE_TOKEN = /^\d{1,2}\.\d{1,2}\.\d{2,4}$/;

/** One stretch of an organisation's name in the text, for finding which organisation a place in the text belongs to. */
export interface OrganizationSpan {
  start: number;
  end: number;
  paragraph: number;
  organization: Organization;
}

/** All mentions of the record's organisations, in text order. */
export function organizationSpans(organizations: Organization[]): OrganizationSpan[] {
  return organizations
    .flatMap((organization) => organization.mentions.map((m) => ({ start: m.start, end: m.end, paragraph: m.paragraph, organization })))
    .sort((a, b) => a.start - b.start);
}

/** The text, its lines and sentences: what identifiers and their owners are read from. */
export interface TextLayout {
  text: string;
  paragraphs: Paragraph[];
  sentences: Sentence[];
}

/**
 * The organisation a contact detail or address at `offset` belongs to: the nearest one named
 * before it in its sentence (else after it there); else the one a bare type word before it in
 * the sentence stands for ("Kontakt ze spółdzielnią: tel. …"); else the only one named earlier
 * on its line, or the one a type word earlier on the line stands for; else the one heading its
 * contact block (the lines right above it, no blank line between).
 */
export function contactOwner(layout: TextLayout, spans: OrganizationSpan[], offset: number): Organization | undefined {
  const sentence = layout.sentences.find((s) => offset >= s.start && offset < s.end);
  if (sentence) {
    const inSentence = spans.filter((s) => s.start >= sentence.start && s.end <= sentence.end);
    const before = inSentence.filter((s) => s.end <= offset);
    if (before.length) return before[before.length - 1].organization;
    const after = inSentence.find((s) => s.start >= offset);
    if (after) return after.organization;
    const referred = typeNounBefore(layout.text, sentence.start, offset, spans);
    if (referred) return referred;
  }
  const p = layout.paragraphs.find((q) => offset >= q.start && offset < q.end);
  if (!p) return undefined;
  const earlierOnLine = new Set(spans.filter((s) => s.paragraph === p.index && s.end <= offset).map((s) => s.organization));
  if (earlierOnLine.size === 1) return [...earlierOnLine][0];
  if (earlierOnLine.size > 1) return undefined;
  return typeNounBefore(layout.text, p.start, offset, spans) ?? blockHeader(layout, spans, p.index);
}

/** What a bare type word or an acronym refers to: organisations of these forms named so. */
export interface TypeReference {
  /** Legal forms; "~form" only when the name holds the type word. */
  forms: string[];
  /** The type word's lemma ("centrum"); or the acronym. */
  lemma?: string;
  acronym?: string;
}

/**
 * The organisations a bare type word or an acronym stands for ("spółdzielni", "Fundacja", "CIS"),
 * or undefined. A type word followed by a name ("gminy Łącko", "Fundacja „X”") names a body of
 * its own; a capitalised one inside a sentence is part of a name; a plural ("w obu gminach")
 * refers to more than one.
 */
export function typeReference(word: string, next: string | undefined, sentenceInitial: boolean): TypeReference | undefined {
  const acronym = ACRONYM_FORMS.get(word);
  if (acronym) return { forms: [acronym], acronym: word };
  if (/^\p{Lu}/u.test(word) && !sentenceInitial) return undefined;
  if (next && /^[\p{Lu}„"«»“']/u.test(next)) return undefined;
  for (const a of readings(word)) {
    const lemma = a.lemma.toLowerCase();
    const forms = TYPE_NOUNS.get(lemma);
    if (forms && a.tag.pos === 'subst' && a.tag.number.includes('sg')) return { forms, lemma };
  }
  return undefined;
}

/** Whether the organisation is one the reference may stand for: its form (and name), or its initials. */
function isReferredTo(org: Organization, ref: TypeReference): boolean {
  if (ref.acronym) return ref.forms.includes(org.legalForm) || initialsOf(org.name).startsWith(ref.acronym.toUpperCase());
  if (ref.forms.includes(org.legalForm)) return true;
  return ref.forms.includes(`~${org.legalForm}`) && org.name.split(/\s+/u).some((w) => lemmasOf(w.toLowerCase()).has(ref.lemma!));
}

/** "ROPS" for "Regionalny Ośrodek Polityki Społecznej": initials of the name's capitalised words. */
export function initialsOf(name: string): string {
  return name.split(/\s+/u).filter((w) => /^\p{Lu}/u.test(w)).map((w) => w[0]).join('').toUpperCase();
}

/** The organisation referred to, named last before offset; when none is, the only one in the document. */
export function resolveTypeReference(ref: TypeReference, spans: OrganizationSpan[], offset: number): Organization | undefined {
  const matching = spans.filter((s) => isReferredTo(s.organization, ref));
  const before = matching.filter((s) => s.end <= offset);
  if (before.length) return before[before.length - 1].organization;
  const distinct = new Set(matching.map((s) => s.organization));
  return distinct.size === 1 ? [...distinct][0] : undefined;
}

/** The organisation the last bare type word in text[from, to) stands for. */
function typeNounBefore(text: string, from: number, to: number, spans: OrganizationSpan[]): Organization | undefined {
  const tokens = tokenize(text, from, to);
  for (let k = tokens.length - 1; k >= 0; k--) {
    const t = tokens[k];
    if (t.kind !== 'word') continue;
    const ref = typeReference(t.text, tokens[k + 1]?.text, k === 0);
    if (ref) return resolveTypeReference(ref, spans, t.start);
  }
  return undefined;
}

/** The organisation that heads the contact block holding line `index`, walking up adjacent lines. */
export function blockHeader(layout: TextLayout, spans: OrganizationSpan[], index: number): Organization | undefined {
  const { text, paragraphs } = layout;
  for (let k = index - 1; k >= 0 && index - k <= MAX_BLOCK_LINES; k--) {
    const line = paragraphs[k];
    const next = paragraphs[k + 1];
    // A blank line ends the block.
    if (text.slice(line.end, next.start).split('\n').length > 2) return undefined;
    const first = spans.find((s) => s.paragraph === line.index);
    if (!first) continue;
    const lead = tokenize(text, line.start, first.start).filter((t) => t.kind !== 'punct').length;
    return lead < HEADER_LEAD_TOKENS ? first.organization : undefined;
  }
  return undefined;
}

interface Found { type: IdentifierType; value: string; valid: boolean; start: number; end: number; rule: string }

/** Identifiers of the document, one entry per type and value, each with its organisation; `dw` gives the words of each line. */
export function extractIdentifiers(dw: DocumentWords, layout: TextLayout, organizations: Organization[]): Identifier[] {
  const spans = organizationSpans(organizations);
  const found: (Found & { paragraph: number })[] = [];
  for (const [paragraph, tokens] of wordsByParagraph(dw)) {
    for (const f of identifiersInLine(layout.text, layout.paragraphs[paragraph], tokens)) found.push({ ...f, paragraph });
  }
  const owners = found.map((f) => contactOwner(layout, spans, f.start) ?? domainOwner(f, organizations));
  // "Kontakt: biuro@dobrerece.org.pl, tel. 18 443 21 09": the line's other details share the
  // owner its address names.
  found.forEach((f, k) => {
    if (owners[k]) return;
    const sibling = found.findIndex((g, j) => owners[j] && g.paragraph === f.paragraph && (g.type === 'email' || g.type === 'www'));
    if (sibling >= 0) owners[k] = owners[sibling];
  });
  const byKey = new Map<string, Identifier>();
  for (const [k, f] of found.entries()) {
    const mention: Mention = { text: layout.text.slice(f.start, f.end), start: f.start, end: f.end, paragraph: f.paragraph, rule: f.rule };
    const owner = owners[k]?.name ?? '';
    const key = `${f.type}|${f.value}`;
    const existing = byKey.get(key);
    if (existing) {
      existing.mentions.push(mention);
      if (!existing.organization) existing.organization = owner;
      continue;
    }
    byKey.set(key, { type: f.type, value: f.value, valid: f.valid, organization: owner, mentions: [mention] });
  }
  return [...byKey.values()];
}

/** Letters and digits only, without diacritics, lower case: "Dobre Ręce" → "dobrerece". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/gu, 'l').replace(/Ł/gu, 'L').toLowerCase().replace(/[^a-z0-9]/gu, '');
}

/** Shortest name part that may identify an organisation inside an address ("mses" would be too short to trust). */
const MIN_DOMAIN_NAME = 5;

/** The organisation whose own name an e-mail or web address spells: "biuro@dobrerece.org.pl" → Spółdzielnia Socjalna „Dobre Ręce”. */
function domainOwner(f: Found, organizations: Organization[]): Organization | undefined {
  if (f.type !== 'email' && f.type !== 'www') return undefined;
  const address = fold(f.value);
  const named = organizations.filter((o) => fold(o.core).length >= MIN_DOMAIN_NAME && address.includes(fold(o.core)));
  return named.length === 1 ? named[0] : undefined;
}

/** The words of each line, in text order: a line's sentences are contiguous in the words layer. */
function wordsByParagraph(dw: DocumentWords): Map<number, Word[]> {
  const ranges = new Map<number, [number, number]>();
  for (const s of dw.sentences) {
    const r = ranges.get(s.paragraph);
    if (r) r[1] = s.last;
    else ranges.set(s.paragraph, [s.first, s.last]);
  }
  return new Map([...ranges].map(([p, [first, last]]) => [p, dw.words.slice(first, last)]));
}

/** Identifiers on one line: labelled numbers, phones, e-mails, web addresses; none inside an account number. */
function identifiersInLine(text: string, p: Paragraph, tokens: LineToken[]): Found[] {
  const forbidden = accountSpans(text, tokens);
  const emails = emailsIn(text, p.start, p.end);
  const found = [...labelledNumbers(text, tokens), ...unlabelledPhones(text, tokens), ...emails,
    ...webAddressesIn(text, p.start, p.end).filter((w) => !emails.some((e) => w.start < e.end && e.start < w.end))];
  const kept: Found[] = [];
  // Labelled readings come first: an unlabelled reading of the same digits is dropped.
  for (const f of found) {
    if (forbidden.some(([s, e]) => f.start < e && s < f.end)) continue;
    if (kept.some((k) => f.start < k.end && k.start < f.end)) continue;
    kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start);
}

// ---- token runs -------------------------------------------------------------------------

/** A printed number: digit groups joined by single spaces or hyphens, maybe "+48" or "(85)" first. */
interface NumberRun {
  first: number;
  /** Token index after the run. */
  last: number;
  /** Digit groups as printed, dots removed. */
  groups: string[];
  /** Token index after each group, to cut the run after a group. */
  groupEnds: number[];
  plus: boolean;
  /** A decimal comma or a date shape: a quantity or a day, never an identifier. */
  notAnIdentifier: boolean;
}

/** A token of the line with its lower-case text: the words layer's words. */
type LineToken = Pick<Word, 'text' | 'start' | 'end' | 'kind' | 'lower'>;

function lowerAt(tokens: LineToken[], i: number): string {
  return i < tokens.length ? tokens[i].lower : '';
}

/** Tokens i and i+1 are neighbours on the line: at most two spaces between them. */
function adjacent(text: string, tokens: LineToken[], i: number, maxGap = 2): boolean {
  const a = tokens[i];
  const b = tokens[i + 1];
  if (!a || !b) return false;
  const gap = text.slice(a.end, b.start);
  return gap.length <= maxGap && /^[ \u00a0\u202f\t]*$/u.test(gap);
}

function readRun(text: string, tokens: LineToken[], i: number): NumberRun | undefined {
  let k = i;
  let plus = false;
  const groups: string[] = [];
  const groupEnds: number[] = [];
  let notAnIdentifier = false;
  if (tokens[k]?.text === '+' && tokens[k + 1]?.kind === 'number' && adjacent(text, tokens, k, 0)) { plus = true; k++; }
  // "(85)", "(0-85)", "(0 85)": an area code in brackets.
  if (tokens[k]?.text === '(' && tokens[k + 1]?.kind === 'number') {
    let j = k + 1;
    const inner = [tokens[j].text];
    j++;
    if (tokens[j]?.text === '-' && tokens[j + 1]?.kind === 'number') { inner.push(tokens[j + 1].text); j += 2; }
    else if (tokens[j]?.kind === 'number' && adjacent(text, tokens, j - 1, 1)) { inner.push(tokens[j].text); j++; }
    if (tokens[j]?.text !== ')') return undefined;
    for (const g of inner) { groups.push(g); groupEnds.push(j + 1); }
    k = j + 1;
    if (tokens[k]?.kind !== 'number' || !adjacent(text, tokens, k - 1)) return undefined;
  }
  if (tokens[k]?.kind !== 'number') return undefined;
  while (k < tokens.length && tokens[k].kind === 'number') {
    const t = tokens[k].text;
    if (t.includes(',') || DATE_TOKEN.test(t)) notAnIdentifier = true;
    groups.push(t.replace(/\./g, ''));
    groupEnds.push(k + 1);
    if (tokens[k + 1]?.kind === 'number' && adjacent(text, tokens, k)) { k++; continue; }
    if (tokens[k + 1]?.text === '-' && tokens[k + 2]?.kind === 'number' && adjacent(text, tokens, k, 0) && adjacent(text, tokens, k + 1, 0)) { k += 2; continue; }
    k++;
    break;
  }
  // "2012-03-29": a date written with hyphens.
  if (groups.length === 3 && groups[0].length === 4 && groups[1].length === 2 && groups[2].length === 2 && !plus) notAnIdentifier = true;
  return { first: i, last: k, groups, groupEnds, plus, notAnIdentifier };
}

function matchSeq(tokens: LineToken[], i: number, seq: string[]): number {
  for (let k = 0; k < seq.length; k++) if (lowerAt(tokens, i + k) !== seq[k]) return 0;
  return seq.length;
}

function labelAt(tokens: LineToken[], i: number): Label | undefined {
  // Tokens are whole words: "Hotel" is no "tel".
  return LABELS_BY_FIRST.get(lowerAt(tokens, i))?.find((l) => matchSeq(tokens, i, l.tokens) > 0);
}

function otherLabelAt(tokens: LineToken[], i: number): number {
  for (const seq of OTHER_LABELS) {
    const n = matchSeq(tokens, i, seq);
    if (n) return n;
  }
  return 0;
}

// ---- bank accounts ----------------------------------------------------------------------

/** Character ranges of account numbers: after an account word, or any run of 20+ digits ("PL61 1090 …"). */
function accountSpans(text: string, tokens: LineToken[]): [number, number][] {
  const spans: [number, number][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // "PL61" is a word token: the country code and check digits of an IBAN.
    const iban = t.kind === 'word' && t.lower.startsWith('pl') && /^PL\d{2,}$/iu.test(t.text);
    const run = iban || t.kind !== 'word' ? readRun(text, tokens, iban ? i + 1 : i) : undefined;
    if (run) {
      const digits = run.groups.join('').length + (iban ? t.text.length - 2 : 0);
      if (digits >= rules.accountMinDigits || (iban && digits >= 12)) {
        spans.push([t.start, tokens[run.last - 1].end]);
        i = run.last - 1;
        continue;
      }
    }
    if (t.kind === 'word' && ACCOUNT_LABELS.has(t.lower)) {
      for (let k = i + 1; k < tokens.length && k <= i + rules.accountWindow; k++) {
        if (labelAt(tokens, k)) break;
        const r = readRun(text, tokens, k);
        if (r) {
          const from = tokens[k - 1] && /^PL\d*$/iu.test(tokens[k - 1].text) ? tokens[k - 1].start : tokens[k].start;
          spans.push([from, tokens[r.last - 1].end]);
          i = r.last - 1;
          break;
        }
      }
    }
  }
  return spans;
}

// ---- labelled numbers -------------------------------------------------------------------

function labelledNumbers(text: string, tokens: LineToken[]): Found[] {
  const out: Found[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const label = labelAt(tokens, i);
    if (!label) continue;
    let k = i + label.tokens.length;
    for (let n = 0; n < rules.maxFillers && k < tokens.length && FILLERS.has(lowerAt(tokens, k)); n++) k++;
    if (label.type === 'nip' && tokens[k]?.kind === 'word') {
      // "NIP: PL7543012345": the EU VAT form.
      const m = /^PL(\d{10})$/iu.exec(tokens[k].text);
      if (m) out.push(registry('nip', m[1], tokens[k].start + 2, tokens[k].end, label.id));
      continue;
    }
    const run = readRun(text, tokens, k);
    if (!run || run.notAnIdentifier) continue;
    if (label.type === 'phone') {
      const phones = phoneList(text, tokens, run, label.id);
      out.push(...phones);
      if (phones.length) i = lastTokenBefore(tokens, phones[phones.length - 1].end);
      continue;
    }
    const f = registryNumber(label.type, tokens, run, label.id);
    if (f) out.push(f);
    i = run.last - 1;
  }
  return out;
}

function lastTokenBefore(tokens: LineToken[], end: number): number {
  let k = 0;
  while (k + 1 < tokens.length && tokens[k + 1].start < end) k++;
  return k;
}

function registry(type: IdentifierType, value: string, start: number, end: number, rule: string): Found {
  const valid = type === 'nip' ? validatePolish.nip(value) : type === 'regon' ? validatePolish.regon(value) : value.length === 10;
  return { type, value, valid, start, end, rule };
}

/** KRS: 10 digits, leading zeros often left out; NIP: 10; REGON: 9 or 14. Other lengths are some other number. */
function registryNumber(type: IdentifierType, tokens: LineToken[], run: NumberRun, rule: string): Found | undefined {
  if (run.plus) return undefined;
  const digits = run.groups.join('');
  const start = tokens[run.first].start;
  const end = tokens[run.last - 1].end;
  if (type === 'krs') {
    if (digits.length === 10) return registry('krs', digits, start, end, rule);
    // "KRS 305511": the register pads its numbers with zeros to ten digits.
    if (digits.length >= 6 && digits.length < 10 && run.groups.length === 1) return registry('krs', digits.padStart(10, '0'), start, end, rule);
    return undefined;
  }
  if (type === 'nip' && digits.length === 10) return registry('nip', digits, start, end, rule);
  if (type === 'regon' && (digits.length === 9 || digits.length === 14)) return registry('regon', digits, start, end, rule);
  return undefined;
}

// ---- phones -----------------------------------------------------------------------------

/** "+48 600 123 456", "0 85 744 55 66", "(85) 744-55-66" → "+48600123456"; undefined when not nine national digits. */
export function normalizePhone(digits: string, plus: boolean): string | undefined {
  let national = digits;
  if (plus) {
    if (!national.startsWith('48')) return undefined;
    national = national.slice(2);
  } else if (national.startsWith('0048')) national = national.slice(4);
  else if (national.length === 11 && national.startsWith('48')) national = national.slice(2);
  else if (national.length === 10 && national.startsWith('0')) national = national.slice(1);
  return /^[1-9]\d{8}$/u.test(national) ? `+48${national}` : undefined;
}

/** The phone at the start of a run: the fewest digit groups that make nine national digits. */
function phoneFromRun(tokens: LineToken[], run: NumberRun, rule: string): Found | undefined {
  if (run.notAnIdentifier) return undefined;
  let digits = '';
  for (let g = 0; g < run.groups.length && digits.length <= 13; g++) {
    digits += run.groups[g];
    const value = normalizePhone(digits, run.plus);
    if (value) return { type: 'phone', value, valid: true, start: tokens[run.first].start, end: tokens[run.groupEnds[g] - 1].end, rule };
  }
  return undefined;
}

/** A labelled phone and the numbers listed after it ("tel. 41 342 15 20, 600 123 456 lub 601 …"). */
function phoneList(text: string, tokens: LineToken[], run: NumberRun, rule: string): Found[] {
  const out: Found[] = [];
  let current: NumberRun | undefined = run;
  let id = rule;
  while (current) {
    const phone = phoneFromRun(tokens, current, id);
    if (!phone) break;
    out.push(phone);
    let k = lastTokenBefore(tokens, phone.end) + 1;
    let joined = false;
    while (k < tokens.length && PHONE_JOINERS.has(lowerAt(tokens, k))) { k++; joined = true; }
    if (!joined || otherLabelAt(tokens, k) || labelAt(tokens, k)) break;
    current = readRun(text, tokens, k);
    id = `${rule}.list`;
  }
  return out;
}

/** Phones recognisable without a label: "+48 600 123 456", "(85) 744-55-66". */
function unlabelledPhones(text: string, tokens: LineToken[]): Found[] {
  const out: Found[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.text !== '+' && t.text !== '(') continue;
    if (labelBefore(tokens, i)) continue;
    const run = readRun(text, tokens, i);
    if (!run) continue;
    const phone = phoneFromRun(tokens, run, t.text === '+' ? 'id.phone.international' : 'id.phone.area-code');
    if (phone) out.push(phone);
    i = run.last - 1;
  }
  return out;
}

/** Whether a label (a phone's, which the labelled pass reads, or another number's) stands just before token i. */
function labelBefore(tokens: LineToken[], i: number): boolean {
  for (let k = i - 1; k >= 0 && k >= i - 1 - rules.maxFillers - 3; k--) {
    if (labelAt(tokens, k) || otherLabelAt(tokens, k)) return true;
    if (!FILLERS.has(lowerAt(tokens, k)) && tokens[k].kind !== 'word') return false;
  }
  return false;
}

// ---- e-mail and web addresses -------------------------------------------------------------

const EMAIL_LOCAL = /[\p{L}\p{N}._%+-]/u;
const DOMAIN_CHAR = /[\p{L}\p{N}.-]/u;
const TRAILING = /[.,;:!?)\]}”"'»’-]+$/u;

/** E-mail addresses, read outward from each "@" (no regex over the whole line). */
function emailsIn(text: string, from: number, to: number): Found[] {
  const out: Found[] = [];
  for (let at = text.indexOf('@', from); at >= 0 && at < to; at = text.indexOf('@', at + 1)) {
    let s = at;
    while (s > from && at - s < MAX_ADDRESS_CHARS && EMAIL_LOCAL.test(text[s - 1])) s--;
    while (s < at && /[._%+-]/u.test(text[s])) s++;
    let e = at + 1;
    while (e < to && e - at < MAX_ADDRESS_CHARS && DOMAIN_CHAR.test(text[e])) e++;
    // A sentence's full stop or a hyphen after the address is not part of it.
    while (e > at + 1 && /[.-]/u.test(text[e - 1])) e--;
    const local = text.slice(s, at);
    const domain = text.slice(at + 1, e);
    if (!local || !/^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u.test(domain) || !/\p{L}{2,}$/u.test(domain)) continue;
    out.push({ type: 'email', value: `${local}@${domain}`.toLowerCase(), valid: true, start: s, end: e, rule: 'id.email' });
  }
  return out;
}

const URL_STARTS = ['https://', 'http://', 'www.'];
const URL_CHAR = /[^\s<>"„”“«»]/u;

/** Web addresses starting "http(s)://" or "www."; the value drops the scheme and a final slash. */
function webAddressesIn(text: string, from: number, to: number): Found[] {
  const out: Found[] = [];
  const lower = text.slice(from, to).toLowerCase();
  let i = 0;
  while (i < lower.length) {
    let best = -1;
    let prefix = '';
    for (const p of URL_STARTS) {
      const k = lower.indexOf(p, i);
      if (k >= 0 && (best < 0 || k < best)) { best = k; prefix = p; }
    }
    if (best < 0) break;
    // Part of a longer word ("awww.") is not an address start.
    if (best > 0 && /[\p{L}\p{N}/.]/u.test(lower[best - 1])) { i = best + prefix.length; continue; }
    let e = best + prefix.length;
    while (e < lower.length && e - best < MAX_ADDRESS_CHARS && URL_CHAR.test(lower[e])) e++;
    const raw = text.slice(from + best, from + e).replace(TRAILING, '');
    const value = webValue(raw);
    if (value) out.push({ type: 'www', value, valid: true, start: from + best, end: from + best + raw.length, rule: prefix === 'www.' ? 'id.www' : 'id.url' });
    i = e;
  }
  return out;
}

/** "https://WWW.Owes.pl/kontakt/" → "www.owes.pl/kontakt": no scheme, lower-case host, no final slash. */
export function webValue(raw: string): string | undefined {
  const noScheme = raw.replace(/^https?:\/\//iu, '');
  const slash = noScheme.indexOf('/');
  const host = (slash < 0 ? noScheme : noScheme.slice(0, slash)).toLowerCase();
  const path = slash < 0 ? '' : noScheme.slice(slash).replace(/\/+$/u, '');
  if (!/^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+(:\d+)?$/u.test(host) || !/\.\p{L}{2,}(:\d+)?$/u.test(host)) return undefined;
  return host + path;
}
