// Relations between the record's entities, each with the sentence that states it: a body run or
// founded by another, patronage, membership, partnership (word patterns in rules/relations.json),
// the addresses organisations and venues are located at, and the organisation a person's role is
// held in. Entities are matched by offsets: the record's organisations, named venues and events
// ("kawiarnia „Filiżanka”", "konkurs „Lodołamacze”"), and offices that give patronage.
import { z } from 'zod';
import { RelationTypeSchema, type EventRecord, type Mention, type Organization, type Person, type Place, type Relation, type RelationType } from '../schema.js';
import { normalizePhrase } from '../lang/pl/normalize.js';
import relationsJson from './rules/relations.json' with { type: 'json' };
import rolesJson from './rules/roles.json' with { type: 'json' };
import notOrganizationsJson from './rules/not-organizations.json' with { type: 'json' };
import { firstNameReadings, lemmasOf, readings, type DocumentWords, type SentenceWords, type Word } from './words.js';
import { closingQuoteFor, isOpeningQuote, textOf } from './spans.js';
import { blockHeader, contactOwner, organizationSpans, resolveTypeReference, typeReference, type OrganizationSpan, type TextLayout, type TypeReference } from './identifiers.js';

const CASES = ['nom', 'gen', 'dat', 'acc', 'inst', 'loc'] as const;
type CaseName = typeof CASES[number];
const CaseSchema = z.enum(CASES);

const RuleSchema = z.object({
  id: z.string().regex(/^[a-z_]+\.[a-z0-9-]+$/u),
  type: RelationTypeSchema,
  pattern: z.string().min(1),
  maxBefore: z.number().int().nonnegative().optional(),
  subject: z.enum(['topic', 'event']).optional(),
  swapIfOblique: z.boolean().optional(),
  pairs: z.boolean().optional(),
});
const rules = z.object({
  rules: z.array(RuleSchema).min(1),
  listJoiners: z.array(z.array(z.string()).min(1)),
  seatPhrases: z.array(z.array(z.string()).min(1)),
  relativeWords: z.array(z.string()),
  maxRelativeClause: z.number().int().positive(),
  skipBeforeEntity: z.array(z.string()),
  officeRoles: z.array(z.string()),
  officeComplements: z.array(z.string()),
  maxOfficeWords: z.number().int().positive(),
  streets: z.array(z.object({ abbreviation: z.string(), canonical: z.string(), forms: z.record(CaseSchema, z.string()) })),
  addressGovernors: z.array(z.string()),
  prepositionCase: z.record(z.string(), CaseSchema),
  streetNameAbbreviations: z.array(z.string()),
  maxStreetNameWords: z.number().int().positive(),
}).superRefine((data, ctx) => {
  const seen = new Set<string>();
  for (const r of data.rules) {
    if (seen.has(r.id)) ctx.addIssue({ code: 'custom', message: `unexpected duplicate rule id "${r.id}"`, path: ['rules'] });
    seen.add(r.id);
  }
}).parse(relationsJson);

const roles = z.object({ roles: z.array(z.string()), complements: z.array(z.string()), honorifics: z.array(z.string()) }).parse(rolesJson);
const notOrganizations = z.object({ introducers: z.array(z.string()), venues: z.array(z.string()) }).parse(notOrganizationsJson);

/** Ids of every relation rule, for tests and for reading a record's evidence. */
export const RELATION_RULE_IDS: readonly string[] = [...rules.rules.map((r) => r.id), 'located_at.address', 'located_at.address-before'];

const ROLE_WORDS = new Set(roles.roles);
const ROLE_COMPLEMENTS = new Set(roles.complements);
const HONORIFICS = new Set(roles.honorifics.map((h) => h.replace(/\.$/u, '')));
/** "jej prezes", "jego dyrektor": the role is held in the organisation named just before. */
const POSSESSIVES = new Set(['jej', 'jego']);
const OFFICE_ROLES = new Set(rules.officeRoles);
const OFFICE_COMPLEMENTS = new Set(rules.officeComplements);
const RELATIVE_WORDS = new Set(rules.relativeWords);
/** "który", "która", …: a relative clause starts here. */
export const isRelativeWord = (w: Word) => RELATIVE_WORDS.has(w.lower);
const SKIP_BEFORE_ENTITY = new Set(rules.skipBeforeEntity);
const VENUES = new Set(notOrganizations.venues.filter((v) => !v.includes(' ')));
const INTRODUCERS = new Set(notOrganizations.introducers);
const STREET_ABBREVIATIONS = new Set(rules.streetNameAbbreviations);
const ADDRESS_GOVERNORS = wordMatcher(rules.addressGovernors.join('|'));
/** Longest quoted name read after a venue or event word. */
const MAX_QUOTED_WORDS = 20;
/** Words between a role and the organisation it is held in: "prezes zarządu Fundacji …". */
const MAX_ROLE_COMPLEMENT = 2;

// ---- entities ---------------------------------------------------------------------------

type EntityKind = 'organization' | 'thing' | 'office';

/** Something a relation can name, over words [first, last). */
interface Entity {
  kind: EntityKind;
  first: number;
  last: number;
  name: string;
  /** The mention is written in the nominative (its first word is its name's first word). */
  nominative: boolean;
  organization?: Organization;
}

function lemmaOrForm(w: Word | undefined, set: ReadonlySet<string>): boolean {
  if (!w || w.kind !== 'word') return false;
  if (set.has(w.lower)) return true;
  for (const l of lemmasOf(w)) if (set.has(l)) return true;
  return false;
}

const firstWordOf = (s: string) => s.replace(/["„”“«»'’]/gu, '').trim().split(/\s+/u)[0]?.toLowerCase() ?? '';

/** Index of the word starting at `start` (words are in text order), or -1. */
export function wordStartingAt(dw: DocumentWords, start: number): number {
  const words = dw.words;
  let lo = 0;
  let hi = words.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid].start < start) lo = mid + 1;
    else if (words[mid].start > start) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** Word range [first, last) of a mention's characters, or undefined when no word starts it. */
function wordRange(dw: DocumentWords, start: number, end: number): [number, number] | undefined {
  const first = wordStartingAt(dw, start);
  if (first < 0) return undefined;
  let last = first;
  while (last < dw.words.length && dw.words[last].end <= end) last++;
  return last > first ? [first, last] : undefined;
}

function organizationEntities(dw: DocumentWords, spans: OrganizationSpan[]): Entity[] {
  const out: Entity[] = [];
  for (const s of spans) {
    const r = wordRange(dw, s.start, s.end);
    if (!r) continue;
    const text = dw.text.slice(s.start, s.end);
    out.push({ kind: 'organization', first: r[0], last: r[1], name: s.organization.name, organization: s.organization,
      nominative: firstWordOf(text) === firstWordOf(s.organization.name) });
  }
  return out;
}

/**
 * Venues and events named by their own name: a venue or event word, at most two lower-case
 * adjectives, then a quoted name ("kawiarnię „Pod Aniołem”", "konkursu „Lodołamacze”") or, for
 * venues, capitalised words ("Kawiarnia Filiżanka"). Named in the nominative, quotes as „…”.
 */
function namedThings(dw: DocumentWords, inOrganization: (i: number) => boolean): Entity[] {
  const words = dw.words;
  const out: Entity[] = [];
  for (const s of dw.sentences) {
    for (let i = s.first; i < s.last; i++) {
      const w = words[i];
      if (inOrganization(i)) continue;
      const venue = lemmaOrForm(w, VENUES);
      if (!venue && !lemmaOrForm(w, INTRODUCERS)) continue;
      let j = i + 1;
      while (j < s.last && j - i <= 2 && words[j].kind === 'word' && !words[j].capitalised &&
        readings(words[j].text).some((a) => a.tag.pos === 'adj')) j++;
      const head = normalizePhrase(textOf(dw, i, j), 'organization').text;
      const headText = w.sentenceInitial ? head.charAt(0).toLowerCase() + head.slice(1) : head;
      if (j < s.last && isOpeningQuote(words[j].text)) {
        const close = closingQuoteFor(words, j, s.last, MAX_QUOTED_WORDS);
        if (close < 0 || inOrganization(j + 1)) continue;
        const inner = dw.text.slice(words[j].end, words[close].start).trim();
        out.push({ kind: 'thing', first: i, last: close + 1, name: `${headText} „${inner}”`, nominative: w.lower === head.toLowerCase().split(' ')[0] });
        i = close;
        continue;
      }
      if (!venue) continue;
      let k = j;
      while (k < s.last && k - j < 4 && words[k].kind === 'word' && words[k].capitalised && !inOrganization(k) && !startsPerson(words, k, s.last)) k++;
      if (k === j) continue;
      out.push({ kind: 'thing', first: i, last: k, name: `${headText} ${textOf(dw, j, k)}`, nominative: w.lower === head.toLowerCase().split(' ')[0] });
      i = k - 1;
    }
  }
  return out;
}

function startsPerson(words: Word[], i: number, end: number): boolean {
  const w = words[i];
  return i + 1 < end && w.kind === 'word' && w.capitalised && words[i + 1].kind === 'word' && words[i + 1].capitalised &&
    firstNameReadings(w.text).length > 0;
}

/**
 * An office named as the one giving patronage ("Marszałka Województwa Łódzkiego" → Marszałek
 * Województwa Łódzkiego): an office word, then capitalised words or office complements, up to a
 * person's name.
 */
function officeAt(dw: DocumentWords, j: number, end: number): Entity | undefined {
  const words = dw.words;
  const w = words[j];
  if (!lemmaOrForm(w, OFFICE_ROLES)) return undefined;
  let k = j + 1;
  let afterComplement = false;
  while (k < end && k - j < rules.maxOfficeWords) {
    const x = words[k];
    if (x.kind !== 'word') break;
    if ((x.capitalised || x.allCaps) && !startsPerson(words, k, end)) { k++; afterComplement = false; continue; }
    if (lemmaOrForm(x, OFFICE_COMPLEMENTS)) { k++; afterComplement = true; continue; }
    if (afterComplement && readings(x.text).some((a) => a.tag.pos === 'adj')) { k++; continue; }
    if ((x.lower === 'i' || x.lower === 'ds') && k + 1 < end && words[k + 1].capitalised) { k++; continue; }
    break;
  }
  if (k === j + 1 && !w.capitalised) return undefined;
  const name = normalizePhrase(textOf(dw, j, k), 'organization').text;
  return { kind: 'office', first: j, last: k, name, nominative: firstWordOf(name) === w.lower };
}

/** Entities of the document indexed by the word they start and end at. */
class EntityIndex {
  readonly byFirst = new Map<number, Entity>();
  readonly byLast = new Map<number, Entity>();

  constructor(readonly dw: DocumentWords, organizations: Entity[], things: Entity[]) {
    for (const e of [...organizations, ...things]) {
      if (!this.byFirst.has(e.first)) this.byFirst.set(e.first, e);
      if (!this.byLast.has(e.last)) this.byLast.set(e.last, e);
    }
  }

  /** An entity starting at j (an office too when asked), a skippable word ("firma") allowed before it. */
  startingAt(j: number, end: number, offices: boolean): Entity | undefined {
    const words = this.dw.words;
    if (j < end && SKIP_BEFORE_ENTITY.has(words[j].lower) && !this.byFirst.has(j)) j++;
    if (j >= end) return undefined;
    return this.byFirst.get(j) ?? (offices ? officeAt(this.dw, j, end) : undefined);
  }

  /** Entities listed from j on: "A, B oraz C", "A wraz z B". */
  listAt(j: number, end: number, offices: boolean): { list: Entity[]; end: number } | undefined {
    const first = this.startingAt(j, end, offices);
    if (!first) return undefined;
    const list = [first];
    let k = first.last;
    for (;;) {
      k = skipSeat(this.dw.words, k, end);
      const n = joinerAt(this.dw.words, k, end);
      if (!n) break;
      const next = this.startingAt(k + n, end, offices);
      if (!next) break;
      list.push(next);
      k = next.last;
    }
    return { list, end: k };
  }

  /** The entity ending at word `end` and those listed before it. */
  listEndingAt(end: number, start: number): Entity[] {
    const last = this.byLast.get(end);
    if (!last || last.first < start) return [];
    const list = [last];
    let k = last.first;
    for (;;) {
      let found: Entity | undefined;
      for (const seq of rules.listJoiners) {
        const j = k - seq.length;
        if (j <= start || !seq.every((part, n) => this.dw.words[j + n].lower === part)) continue;
        const prev = this.byLast.get(j);
        if (prev && prev.first >= start) { found = prev; break; }
      }
      if (!found) break;
      list.unshift(found);
      k = found.first;
    }
    return list;
  }
}

/** Past "z siedzibą w Kluczborku" after an entity, or k itself. */
function skipSeat(words: Word[], k: number, end: number): number {
  for (const seq of rules.seatPhrases) {
    if (k + seq.length < end && seq.every((part, n) => words[k + n].lower === part)) {
      let j = k + seq.length;
      while (j < end && j - k - seq.length < 3 && words[j].kind === 'word' && words[j].capitalised) j++;
      if (j > k + seq.length) return j;
    }
  }
  return k;
}

/** Length of a list joiner ("," "oraz" "wraz z") at word k, or 0. */
export function joinerAt(words: Word[], k: number, end: number): number {
  for (const seq of rules.listJoiners) {
    if (k + seq.length < end && seq.every((part, n) => words[k + n].lower === part)) return seq.length;
  }
  return 0;
}

// ---- patterns ---------------------------------------------------------------------------

type Step =
  | { kind: 'words'; test: (w: Word) => boolean; optional: boolean; source: string }
  | { kind: 'gap'; max: number }
  | { kind: 'slot'; role: 'S' | 'O' };

interface CompiledRule {
  /** Position in rules/relations.json: rules are tried in that order. */
  order: number;
  id: string;
  type: RelationType;
  steps: Step[];
  leading?: 'S' | 'O';
  trailing?: 'S' | 'O';
  maxBefore: number;
  subject?: 'topic' | 'event';
  swapIfOblique: boolean;
  pairs: boolean;
}

/**
 * A pattern step's word test: "a|b" alternatives of a form, "stem*" or "@lemma" (see
 * rules/relations.json), compiled into sets so that a long list costs one lookup.
 */
export function wordMatcher(step: string): (w: Word) => boolean {
  const forms = new Set<string>();
  const stems: string[] = [];
  const lemmas = new Set<string>();
  for (const alt of step.split('|')) {
    if (alt.startsWith('@')) lemmas.add(alt.slice(1));
    else if (alt.endsWith('*') && alt.length > 1) stems.push(alt.slice(0, -1));
    else forms.add(alt);
  }
  return (w) => {
    if (forms.has(w.lower) || lemmas.has(w.lower)) return true;
    for (const stem of stems) if (w.lower.startsWith(stem)) return true;
    if (lemmas.size && w.kind === 'word') for (const l of lemmasOf(w)) if (lemmas.has(l)) return true;
    return false;
  };
}

/**
 * Items indexed by the words that may start them (forms, lemmas, stems as in wordMatcher), so
 * that each word of a document finds its few candidate patterns in a few lookups.
 */
export class StartIndex<T> {
  private readonly byWord = new Map<string, T[]>();
  // Stems by their first two letters: a word looks at the few that could match.
  private readonly stems = new Map<string, [string, T][]>();

  add(step: string, item: T): void {
    for (const alt of step.split('|')) {
      if (alt.endsWith('*') && alt.length > 1) {
        const stem = alt.slice(0, -1);
        const list = this.stems.get(stem.slice(0, 2)) ?? [];
        list.push([stem, item]);
        this.stems.set(stem.slice(0, 2), list);
        continue;
      }
      const key = alt.startsWith('@') ? alt.slice(1) : alt;
      const list = this.byWord.get(key) ?? [];
      if (!list.includes(item)) list.push(item);
      this.byWord.set(key, list);
    }
  }

  /** Items a pattern of which may start at w (a superset: the pattern itself decides); often none. */
  candidates(w: Word): readonly T[] {
    let out: T[] | undefined;
    const add = (list: readonly T[] | undefined) => {
      if (!list) return;
      for (const item of list) {
        if (!out) out = [item];
        else if (!out.includes(item)) out.push(item);
      }
    };
    add(this.byWord.get(w.lower));
    if (w.kind === 'word') for (const l of lemmasOf(w)) add(this.byWord.get(l));
    const stems = this.stems.get(w.lower.slice(0, 2));
    if (stems) for (const [stem, item] of stems) if (w.lower.startsWith(stem)) add([item]);
    return out ?? NONE;
  }
}

const NONE: readonly never[] = [];

function compileStep(token: string): Step {
  if (token === 'S' || token === 'O') return { kind: 'slot', role: token };
  if (token.startsWith('…')) return { kind: 'gap', max: Number(token.slice(1)) || 1 };
  const optional = token.endsWith('?') && token.length > 1;
  const source = optional ? token.slice(0, -1) : token;
  return { kind: 'words', test: wordMatcher(source), optional, source };
}

function compileRule(r: z.infer<typeof RuleSchema>, order: number): CompiledRule {
  const steps = r.pattern.split(/\s+/u).map(compileStep);
  const head = steps[0];
  const tail = steps[steps.length - 1];
  const leading = head.kind === 'slot' ? head.role : undefined;
  const trailing = tail.kind === 'slot' && steps.length > 1 ? tail.role : undefined;
  const inner = steps.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (!inner.length || inner[0].kind !== 'words') throw new Error(`rules/relations.json: rule ${r.id} must have words after its leading slot`);
  return { order, id: r.id, type: r.type, steps: inner, leading, trailing, maxBefore: r.maxBefore ?? 0, subject: r.subject,
    swapIfOblique: r.swapIfOblique ?? false, pairs: r.pairs ?? false };
}

const COMPILED = rules.rules.map(compileRule);
// A match starts at its first words step, or at the next one when the first may be left out.
const RULE_STARTS = new StartIndex<CompiledRule>();
for (const rule of COMPILED) {
  for (const step of rule.steps) {
    if (step.kind !== 'words') break;
    RULE_STARTS.add(step.source, rule);
    if (!step.optional) break;
  }
}

interface StepMatch { end: number; slots: Partial<Record<'S' | 'O', Entity[]>> }

function matchSteps(index: EntityIndex, steps: Step[], k: number, j: number, end: number, offices: boolean, slots: StepMatch['slots']): StepMatch | undefined {
  if (k === steps.length) return { end: j, slots };
  const step = steps[k];
  const words = index.dw.words;
  if (step.kind === 'words') {
    if (j < end && words[j].kind !== 'punct' && step.test(words[j])) {
      const m = matchSteps(index, steps, k + 1, j + 1, end, offices, slots);
      if (m) return m;
    }
    return step.optional ? matchSteps(index, steps, k + 1, j, end, offices, slots) : undefined;
  }
  if (step.kind === 'gap') {
    // Within a sentence a full stop is an abbreviation's ("od 2012 r. działa"): it is crossed, not counted.
    for (let g = 0, n = 0; n <= step.max && j + g <= end; g++) {
      const skipped = g > 0 ? words[j + g - 1] : undefined;
      if (skipped && skipped.kind === 'punct' && skipped.text !== '.') break;
      if (skipped && skipped.kind !== 'punct') n++;
      if (n > step.max) break;
      const m = matchSteps(index, steps, k + 1, j + g, end, offices, slots);
      if (m) return m;
    }
    return undefined;
  }
  const found = index.listAt(j, end, offices);
  if (!found) return undefined;
  return matchSteps(index, steps, k + 1, found.end, end, offices, { ...slots, [step.role]: found.list });
}

const CLAUSE_PUNCT = new Set([',', '–', '-', '—']);

/** The entities just before word i: adjacent, after a relative clause, or within maxBefore words. */
function entitiesBefore(index: EntityIndex, i: number, sFirst: number, maxBefore: number): Entity[] {
  const words = index.dw.words;
  let k = i;
  while (k > sFirst && CLAUSE_PUNCT.has(words[k - 1].text)) k--;
  const adjacent = index.listEndingAt(k, sFirst);
  if (adjacent.length) return adjacent;
  // "WTZ w Marianowie, który od 2010 r. jest prowadzony przez …"
  for (let r = i - 1; r > sFirst && i - r <= rules.maxRelativeClause; r--) {
    if (RELATIVE_WORDS.has(words[r].lower) && words[r - 1].text === ',') return index.listEndingAt(r - 1, sFirst);
  }
  let gap = 0;
  for (let e = i - 1; e > sFirst && gap < maxBefore; e--) {
    const w = words[e];
    if (w.kind === 'punct' && !CLAUSE_PUNCT.has(w.text) && w.text !== '.') break;
    if (w.kind !== 'punct') gap++;
    const list = index.listEndingAt(e, sFirst);
    if (list.length) return list;
  }
  return [];
}

/** The entity the paragraph named last before sentence s: what "go", "ją", "jej" refer to. */
function topicBefore(index: EntityIndex, s: SentenceWords): Entity | undefined {
  for (let k = s.first; k > 0; k--) {
    const e = index.byLast.get(k);
    if (index.dw.words[k - 1].paragraph !== s.paragraph) break;
    if (e) return e;
  }
  return undefined;
}

const SUBJECT_KINDS: Record<RelationType, EntityKind[]> = {
  run_by: ['organization', 'thing'], founded_by: ['organization', 'thing'], patronage: ['organization', 'thing'],
  member_of: ['organization'], located_at: ['organization', 'thing'], partner_of: ['organization'],
};
const OBJECT_OFFICES: ReadonlySet<RelationType> = new Set(['patronage', 'founded_by']);

export interface RelationContext {
  layout: TextLayout;
  organizations: Organization[];
  places: Place[];
  event: EventRecord | null;
}

/** Relations stated in the document, one per type, subject and object, each with its first evidence. */
export function extractRelations(dw: DocumentWords, ctx: RelationContext): Relation[] {
  const spans = organizationSpans(ctx.organizations);
  const orgEntities = organizationEntities(dw, spans);
  const inOrg = new Uint8Array(dw.words.length);
  for (const e of orgEntities) for (let k = e.first; k < e.last; k++) inOrg[k] = 1;
  const index = new EntityIndex(dw, orgEntities, namedThings(dw, (i) => inOrg[i] === 1));
  const out: Relation[] = [];
  const seen = new Set<string>();
  const add = (type: RelationType, subject: string, object: string, evidence: Mention) => {
    if (!subject || !object || subject === object) return;
    const key = `${type}|${subject}|${object}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ type, subject, object, evidence });
  };
  for (const s of dw.sentences) {
    for (let i = s.first; i < s.last; i++) {
      const candidates = RULE_STARTS.candidates(dw.words[i]);
      for (const rule of candidates.length > 1 ? [...candidates].sort((a, b) => a.order - b.order) : candidates) {
        const m = matchSteps(index, rule.steps, 0, i, s.last, OBJECT_OFFICES.has(rule.type), {});
        if (!m) continue;
        const slots = { ...m.slots };
        if (rule.leading) {
          const before = entitiesBefore(index, i, s.first, rule.maxBefore);
          if (before.length) slots[rule.leading] = before;
        }
        if (rule.trailing) {
          const after = index.listAt(m.end, s.last, rule.trailing === 'O' && OBJECT_OFFICES.has(rule.type));
          if (after) slots[rule.trailing] = after.list;
        }
        if (rule.swapIfOblique && slots.S?.length && slots.O?.length && !slots.O[0].nominative && slots.S[0].nominative) {
          [slots.S, slots.O] = [slots.O, slots.S];
        }
        const evidence = sentenceMention(dw, s, rule.id);
        const objects = (slots.O ?? []).filter((e) => e.kind !== 'thing' || rule.type === 'run_by');
        if (rule.pairs) {
          for (let a = 0; a < objects.length; a++) for (let b = a + 1; b < objects.length; b++) add(rule.type, objects[a].name, objects[b].name, evidence);
          continue;
        }
        const subjects = (slots.S ?? []).filter((e) => SUBJECT_KINDS[rule.type].includes(e.kind)).map((e) => e.name);
        if (!subjects.length && rule.subject === 'topic') {
          const topic = topicBefore(index, s);
          if (topic && SUBJECT_KINDS[rule.type].includes(topic.kind)) subjects.push(topic.name);
        }
        if (!subjects.length && rule.subject === 'event' && ctx.event?.name) subjects.push(ctx.event.name);
        for (const subject of subjects) for (const o of objects) add(rule.type, subject, o.name, evidence);
      }
    }
  }
  for (const r of addressRelations(dw, index, ctx, spans)) add(r.type, r.subject, r.object, r.evidence);
  return out;
}

function sentenceMention(dw: DocumentWords, s: SentenceWords, rule: string): Mention {
  return { text: dw.text.slice(s.start, s.end), start: s.start, end: s.end, paragraph: s.paragraph, rule };
}

// ---- addresses --------------------------------------------------------------------------

type Street = (typeof rules.streets)[number];
const STREETS_BY_ABBREVIATION = new Map(rules.streets.map((s) => [s.abbreviation, s]));
const STREET_FORMS = new Map<string, { street: Street; case: CaseName }>();
for (const street of rules.streets) {
  for (const c of CASES) {
    const form = street.forms[c];
    if (form && !STREET_FORMS.has(form)) STREET_FORMS.set(form, { street, case: c });
  }
}

/** A street word at i: "ul." (its case from the preposition before it) or "ulicy" (its own case). */
function streetAt(words: Word[], i: number, sFirst: number): { street: Street; case: CaseName; nameStart: number } | undefined {
  const w = words[i];
  if (w.kind !== 'word') return undefined;
  const abbreviated = STREETS_BY_ABBREVIATION.get(w.lower);
  if (abbreviated && words[i + 1]?.text === '.') {
    const prep = i > sFirst ? words[i - 1].lower : '';
    return { street: abbreviated, case: rules.prepositionCase[prep] ?? 'nom', nameStart: i + 2 };
  }
  const full = STREET_FORMS.get(w.lower);
  return full ? { ...full, nameStart: i + 1 } : undefined;
}

/** The street's name in the nominative: "Piotrkowskiej" after "przy ul." → "Piotrkowska". */
export function streetNameNominative(street: Street, caseName: CaseName, name: string): string {
  // "3 Maja", "17 Stycznia" are dates and do not inflect; a nominative needs nothing.
  if (caseName === 'nom' || /^\d/u.test(name)) return name;
  const head = street.forms.nom!;
  const n = normalizePhrase(`${street.forms[caseName]} ${name}`, 'place').text;
  return n.toLowerCase().startsWith(`${head} `) ? n.slice(head.length + 1) : name;
}

interface Address { first: number; last: number; object: string }

/** The place mentioned from `start` on, with where its mention ends. */
function placeAt(places: Place[], start: number): { name: string; end: number } | undefined {
  for (const p of places) {
    const m = p.mentions.find((x) => x.start === start);
    if (m) return { name: p.name, end: m.end };
  }
  return undefined;
}

/** An address starting at word i: street, house number, then postcode and city or "w <place>". */
function addressAt(dw: DocumentWords, places: Place[], i: number, s: SentenceWords): Address | undefined {
  const words = dw.words;
  const street = streetAt(words, i, s.first);
  if (!street) return undefined;
  let k = street.nameStart;
  let nameWords = 0;
  while (k < s.last && nameWords < rules.maxStreetNameWords) {
    const x = words[k];
    if (x.kind === 'word' && (x.capitalised || x.allCaps)) { k++; nameWords++; continue; }
    if (x.kind === 'word' && STREET_ABBREVIATIONS.has(x.lower) && words[k + 1]?.text === '.' && words[k + 2]?.capitalised) { k += 2; continue; }
    if (x.kind === 'number' && k === street.nameStart && /^\d{1,2}$/u.test(x.text) && k + 1 < s.last && words[k + 1].capitalised) { k++; continue; }
    break;
  }
  if (nameWords === 0) return undefined;
  const name = streetNameNominative(street.street, street.case, textOf(dw, street.nameStart, k));
  let last = k;
  let house = '';
  if (k < s.last && words[k].kind === 'number' && /^\d{1,4}$/u.test(words[k].text)) {
    let h = k + 1;
    // "17a", "25/3", "8/14b"
    if (words[h]?.kind === 'word' && words[h].text.length === 1 && words[h].start === words[h - 1].end) h++;
    if (words[h]?.text === '/' && words[h + 1]?.kind === 'number' && words[h].start === words[h - 1].end) {
      h += 2;
      if (words[h]?.kind === 'word' && words[h].text.length === 1 && words[h].start === words[h - 1].end) h++;
    }
    house = textOf(dw, k, h);
    last = h;
  }
  let postcode = '';
  let city = '';
  let j = last;
  if (words[j]?.text === ',') j++;
  if (isPostcodeAt(words, j, s.last)) {
    // "90-001 Łódź": the city after the postcode, as the place list names it when it does.
    postcode = textOf(dw, j, j + 3);
    let c = j + 3;
    while (c < s.last && c - (j + 3) < 3 && words[c].kind === 'word' && (words[c].capitalised || words[c].allCaps)) c++;
    if (c > j + 3) {
      const place = placeAt(places, words[j + 3].start);
      city = place?.name ?? textOf(dw, j + 3, c);
      last = Math.max(c, place ? wordEndingAt(words, place.end, c) : c);
    } else {
      last = j + 3;
    }
  } else if (last < s.last && (['w', 'we'].includes(words[last].lower) || words[last].text === ',') && last + 1 < s.last) {
    // "… 54 w Nowym Sączu", "…, Sieradz"
    const place = words[last + 1].capitalised ? placeAt(places, words[last + 1].start) : undefined;
    if (place) {
      city = place.name;
      last = wordEndingAt(words, place.end, last + 2);
    }
  }
  const where = [postcode, city].filter(Boolean).join(' ');
  return { first: i, last, object: `${street.street.canonical} ${name}${house ? ` ${house}` : ''}${where ? `, ${where}` : ''}` };
}

function isPostcodeAt(words: Word[], j: number, end: number): boolean {
  return j + 2 < end && words[j].kind === 'number' && /^\d{2}$/u.test(words[j].text) && words[j + 1].text === '-' &&
    /^\d{3}$/u.test(words[j + 2].text) && words[j + 1].start === words[j].end && words[j + 2].start === words[j + 1].end;
}

/** Index after the word that ends at `end`, or `fallback` when none does. */
function wordEndingAt(words: Word[], end: number, fallback: number): number {
  const k = words.findIndex((w) => w.end === end);
  return k < 0 ? fallback : k + 1;
}

/** located_at: each address with the organisation or venue it belongs to. */
function addressRelations(dw: DocumentWords, index: EntityIndex, ctx: RelationContext, spans: OrganizationSpan[]): Relation[] {
  const out: Relation[] = [];
  const words = dw.words;
  for (const s of dw.sentences) {
    for (let i = s.first; i < s.last; i++) {
      const address = addressAt(dw, ctx.places, i, s);
      if (!address) continue;
      let object = address.object;
      // "Fundacji X przy ul. …", "Kawiarnia „Filiżanka” przy al. …": the entity just before.
      let subject: Entity | undefined;
      const before = i - 1 >= s.first && ['przy', ',', 'na'].includes(words[i - 1].lower) ? index.byLast.get(i - 1) : undefined;
      if (before && before.first >= s.first) subject = before;
      let rule = 'located_at.address-before';
      if (!object.includes(',') && subject?.organization?.place) object = `${object}, ${subject.organization.place}`;
      let subjectName = subject?.name;
      // "lokal przy ul. …": the address locates that thing.
      const governor = i - 2 >= s.first && words[i - 1].lower === 'przy' ? words[i - 2] : undefined;
      if (!subject && governor && governor.kind === 'word' && !governor.capitalised && !ADDRESS_GOVERNORS(governor)) {
        i = address.last - 1;
        continue;
      }
      if (!subjectName) {
        rule = 'located_at.address';
        subjectName = contactOwner(ctx.layout, spans, words[i].start)?.name;
      }
      if (subjectName) out.push({ type: 'located_at', subject: subjectName, object, evidence: sentenceMention(dw, s, rule) });
      i = address.last - 1;
    }
  }
  return out;
}

// ---- people's organisations -----------------------------------------------------------

function afterHonorifics(words: Word[], k: number, end: number): number {
  while (k < end && (lemmaOrForm(words[k], HONORIFICS) || words[k].text === '.')) k++;
  return k;
}

function isRoleWord(w: Word | undefined): boolean {
  return lemmaOrForm(w, ROLE_WORDS);
}

function isRoleComplement(w: Word | undefined): boolean {
  return !!w && w.kind === 'word' && !w.capitalised && (lemmaOrForm(w, ROLE_COMPLEMENTS) || w.lower === 'ds' || w.lower === 'do' || w.lower === 'spraw');
}

/** What a bare type word or acronym at word i refers to; `end` bounds the look at the next word. */
function typeReferenceAt(words: Word[], i: number, end: number): TypeReference | undefined {
  const w = words[i];
  if (!w || w.kind !== 'word') return undefined;
  return typeReference(w.text, i + 1 < end ? words[i + 1].text : undefined, w.sentenceInitial);
}

/**
 * The organisation a role after the name is held in: "Danuta Brzozowska, prezes Prudnickiej
 * Spółdzielni Socjalnej", "Jan Nowak – prezes spółdzielni".
 */
function organizationAfterName(dw: DocumentWords, index: EntityIndex, spans: OrganizationSpan[], first: number, last: number, sFirst: number, sLast: number): Organization | undefined {
  const words = dw.words;
  let k = last;
  if (k < sLast && [',', '–', '-', '—', '('].includes(words[k].text)) k++;
  if (!isRoleWord(words[k])) return undefined;
  // "prezydent Rybnika Henryk Moskal, dyrektor ROPS Pani Beata …": a name with its own role
  // before it starts a list, and the role after the comma is the next name's.
  if (roleBefore(words, first, sFirst, 3)) return undefined;
  k++;
  for (let n = 0; n <= MAX_ROLE_COMPLEMENT && k < sLast; n++, k++) {
    const org = index.byFirst.get(k);
    // "…, starosta gorlicki Marian Gąsior, wójt gminy Łącko Jan Cebula": a role followed by a
    // name is that name's.
    if (org?.organization) return startsPerson(words, afterHonorifics(words, org.last, sLast), sLast) ? undefined : org.organization;
    const ref = typeReferenceAt(words, k, sLast);
    if (ref) return startsPerson(words, afterHonorifics(words, k + 1, sLast), sLast) ? undefined : resolveTypeReference(ref, spans, words[k].start);
    if (!isRoleComplement(words[k]) && !isRoleWord(words[k])) return undefined;
  }
  return undefined;
}

/**
 * The organisation of a role before the name: "prezes Fundacji X Jan Kowalski", "dyrektor ROPS w
 * Kielcach Anna Nowak", "prezes zarządu Fundacji X, Pan Łukasz Pietrzyk", "Prezes zarządu: Monika
 * Zawadka" under an organisation's heading.
 */
function organizationBeforeName(dw: DocumentWords, index: EntityIndex, spans: OrganizationSpan[], layout: TextLayout, first: number, sFirst: number): Organization | undefined {
  const words = dw.words;
  let k = first;
  while (k > sFirst && (lemmaOrForm(words[k - 1], HONORIFICS) || words[k - 1].text === '.' || words[k - 1].text === ',')) k--;
  const org = index.byLast.get(k);
  if (org?.organization && org.first > sFirst && roleBefore(words, org.first, sFirst)) return org.organization;
  // "Spółdzielnia X …, opowiadał jej prezes Jan Nowak": the organisation named before "jej".
  if (k - 2 >= sFirst && isRoleWord(words[k - 1]) && POSSESSIVES.has(words[k - 2].lower)) {
    for (let e = k - 2; e > sFirst; e--) {
      const before = index.byLast.get(e);
      if (before?.organization) return before.organization;
    }
    return undefined;
  }
  // "kierownikiem CIS Jerzym Marcem", "dyrektor ROPS w Kielcach Anna Nowak"
  let typeAt = k - 1;
  if (typeAt >= sFirst && typeAt - 2 >= sFirst && ['w', 'we'].includes(words[typeAt - 1].lower)) typeAt -= 2;
  const ref = typeAt >= sFirst ? typeReferenceAt(words, typeAt, typeAt === k - 1 ? typeAt + 1 : k) : undefined;
  if (ref && roleBefore(words, typeAt, sFirst)) {
    const place = typeAt < k - 1 ? normalizePhrase(words[k - 1].text, 'place').text : '';
    // "dyrektor ROPS w Kielcach": the one of that place.
    const candidates = place ? spans.filter((s) => s.organization.place === place) : spans;
    return resolveTypeReference(ref, candidates, words[typeAt].start);
  }
  // "Prezes zarządu: Monika Zawadka" on a line of a contact block.
  if (k - 1 >= sFirst && words[k - 1].text === ':' && roleBefore(words, k - 1, sFirst) && words[sFirst] && isRoleWord(words[sFirst])) {
    return blockHeader(layout, spans, words[first].paragraph);
  }
  return undefined;
}

/**
 * A role word ends right before word `at`, maybe with complements between ("prezes zarządu"),
 * or, with `anyWords`, with up to that many capitalised words too ("prezydent Rybnika").
 */
function roleBefore(words: Word[], at: number, sFirst: number, anyWords = 0): boolean {
  for (let k = at - 1, n = 0; k >= sFirst && n <= Math.max(MAX_ROLE_COMPLEMENT, anyWords); k--, n++) {
    const w = words[k];
    if (w.kind === 'punct') return false;
    if (isRoleWord(w)) return true;
    if (isRoleComplement(w) || lemmaOrForm(w, HONORIFICS)) continue;
    if (!anyWords || !w.capitalised) return false;
  }
  return false;
}

/**
 * People with the organisation their role is held in, where the text says it next to the name;
 * `organization` is left out otherwise. Returns new Person objects.
 */
export function assignPersonOrganizations(dw: DocumentWords, layout: TextLayout, people: Person[], organizations: Organization[]): Person[] {
  const spans = organizationSpans(organizations);
  const index = new EntityIndex(dw, organizationEntities(dw, spans), []);
  return people.map((person) => {
    for (const m of person.mentions) {
      const r = wordRange(dw, m.start, m.end);
      if (!r) continue;
      const s = dw.sentences[dw.words[r[0]].sentence];
      const org = organizationAfterName(dw, index, spans, r[0], r[1], s.first, s.last) ?? organizationBeforeName(dw, index, spans, layout, r[0], s.first);
      if (org) return { ...person, organization: org.name };
    }
    return { ...person };
  });
}
