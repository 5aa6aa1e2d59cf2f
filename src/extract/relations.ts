// Relations between the record's entities, each with the sentence that states it: a body run or
// founded by another, patronage, membership, partnership (word patterns in rules/relations.json).
// Entities are matched by offsets: the record's organisations, named venues and events
// ("kawiarnia „Filiżanka”", "konkurs „Lodołamacze”"), and offices that give patronage. Addresses
// (addresses.ts) are located_at relations too; the organisation a person's role is held in is in
// person-organizations.ts.
import { z } from 'zod';
import { RelationTypeSchema, type EventRecord, type Mention, type Organization, type Place, type Relation, type RelationType } from '../schema.js';
import { normalizePhrase } from '../lang/pl/normalize.js';
import relationsJson from './rules/relations.json' with { type: 'json' };
import notOrganizationsJson from './rules/not-organizations.json' with { type: 'json' };
import { firstNameReadings, isFormOrLemmaIn, readings, wordRange, type DocumentWords, type SentenceWords, type Word } from './words.js';
import { closingQuoteFor, isOpeningQuote, sentenceMention, textOf } from './spans.js';
import { StartIndex, wordMatcher } from './patterns.js';
import { organizationSpans, type OrganizationSpan, type TextLayout } from './identifiers.js';
import { ADDRESS_RULE_IDS, addressRelations } from './addresses.js';

export { streetNameNominative } from './addresses.js';

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
}).superRefine((data, ctx) => {
  const seen = new Set<string>();
  for (const r of data.rules) {
    if (seen.has(r.id)) ctx.addIssue({ code: 'custom', message: `unexpected duplicate rule id "${r.id}"`, path: ['rules'] });
    seen.add(r.id);
  }
}).parse(relationsJson); // addresses.ts reads the address part

const notOrganizations = z.object({ introducers: z.array(z.string()), venues: z.array(z.string()) }).parse(notOrganizationsJson);

/** Ids of every relation rule, for tests and for reading a record's evidence. */
export const RELATION_RULE_IDS: readonly string[] = [...rules.rules.map((r) => r.id), ...ADDRESS_RULE_IDS];

const OFFICE_ROLES = new Set(rules.officeRoles);
const OFFICE_COMPLEMENTS = new Set(rules.officeComplements);
const RELATIVE_WORDS = new Set(rules.relativeWords);
/** "który", "która", …: a relative clause starts here. */
export const isRelativeWord = (w: Word) => RELATIVE_WORDS.has(w.lower);
const SKIP_BEFORE_ENTITY = new Set(rules.skipBeforeEntity);
const VENUES = new Set(notOrganizations.venues.filter((v) => !v.includes(' ')));
const INTRODUCERS = new Set(notOrganizations.introducers);
/** Longest quoted name read after a venue or event word. */
const MAX_QUOTED_WORDS = 20;

// ---- entities ---------------------------------------------------------------------------

type EntityKind = 'organization' | 'thing' | 'office';

/** Something a relation can name, over words [first, last). */
export interface Entity {
  kind: EntityKind;
  first: number;
  last: number;
  name: string;
  /** The mention is written in the nominative (its first word is its name's first word). */
  nominative: boolean;
  organization?: Organization;
}

const firstWordOf = (s: string) => s.replace(/["„”“«»'’]/gu, '').trim().split(/\s+/u)[0]?.toLowerCase() ?? '';

/** The record's organisation mentions as entities over words. */
export function organizationEntities(dw: DocumentWords, spans: OrganizationSpan[]): Entity[] {
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
      const venue = isFormOrLemmaIn(w, VENUES);
      if (!venue && !isFormOrLemmaIn(w, INTRODUCERS)) continue;
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

/** A person's name starts at word i: a capitalised first name, then another capitalised word. */
export function startsPerson(words: Word[], i: number, end: number): boolean {
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
  if (!isFormOrLemmaIn(w, OFFICE_ROLES)) return undefined;
  let k = j + 1;
  let afterComplement = false;
  while (k < end && k - j < rules.maxOfficeWords) {
    const x = words[k];
    if (x.kind !== 'word') break;
    if ((x.capitalised || x.allCaps) && !startsPerson(words, k, end)) { k++; afterComplement = false; continue; }
    if (isFormOrLemmaIn(x, OFFICE_COMPLEMENTS)) { k++; afterComplement = true; continue; }
    if (afterComplement && readings(x.text).some((a) => a.tag.pos === 'adj')) { k++; continue; }
    if ((x.lower === 'i' || x.lower === 'ds') && k + 1 < end && words[k + 1].capitalised) { k++; continue; }
    break;
  }
  if (k === j + 1 && !w.capitalised) return undefined;
  const name = normalizePhrase(textOf(dw, j, k), 'organization').text;
  return { kind: 'office', first: j, last: k, name, nominative: firstWordOf(name) === w.lower };
}

/** Entities of the document indexed by the word they start and end at. */
export class EntityIndex {
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
