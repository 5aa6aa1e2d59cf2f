// The event a report describes, when it describes one: its type from trigger words in the title
// and first paragraphs (rules/events.json), its own name, its dates, organisers, the places and
// voivodeships it took place in or visited, and the organisations visited or taking part. All
// names are the record's own entries; a report of no event gives null.
import { z } from 'zod';
import { EventTypeSchema, type DateRecord, type EventRecord, type EventType, type Organization, type Paragraph, type Place } from '../schema.js';
import { normalizePhrase } from '../lang/pl/normalize.js';
import eventsJson from './rules/events.json' with { type: 'json' };
import { readings, wordRange, wordStartingAt, type DocumentWords, type SentenceWords, type Word } from './words.js';
import { closingQuoteFor, isOpeningQuote, mentionOf, textOf } from './spans.js';
import { StartIndex, wordMatcher } from './patterns.js';
import { organizationSpans } from './identifiers.js';
import { isRelativeWord, joinerAt } from './relations.js';

const TriggerSchema = z.object({
  id: z.string().regex(/^event\.[a-z0-9-]+$/u),
  type: EventTypeSchema,
  words: z.array(z.string().min(1)).min(1),
  titleOnly: z.boolean().optional(),
  notBefore: z.array(z.string()).optional(),
  notNext: z.array(z.string()).optional(),
});
const rules = z.object({
  triggers: z.array(TriggerSchema).min(1),
  paragraphs: z.number().int().positive(),
  minParagraphWords: z.number().int().nonnegative(),
  eventVerbs: z.array(z.string()),
  organizers: z.array(z.object({ id: z.string(), words: z.array(z.string()).min(1), before: z.boolean().optional() })),
  participantWords: z.array(z.string()),
  visitWords: z.array(z.string()),
  placePrepositions: z.array(z.string()),
  placeNotAfter: z.array(z.string()),
  notParticipantAfter: z.array(z.string()),
}).parse(eventsJson);

/** Ids of the trigger rules, which go into the event's mention. */
export const EVENT_RULE_IDS: readonly string[] = rules.triggers.map((t) => t.id);

type Test = (w: Word) => boolean;
type PatternStep = { kind: 'words'; test: Test } | { kind: 'gap'; max: number };

function compileSteps(words: string[]): PatternStep[] {
  return words.map((s) => (s.startsWith('…') ? { kind: 'gap', max: Number(s.slice(1)) || 1 } : { kind: 'words', test: wordMatcher(s) }));
}

interface Trigger { id: string; type: EventType; steps: PatternStep[]; titleOnly: boolean; notBefore: Set<string>; notNext: Set<string> }
const TRIGGERS: Trigger[] = rules.triggers.map((t) => ({ id: t.id, type: t.type, steps: compileSteps(t.words),
  titleOnly: t.titleOnly ?? false, notBefore: new Set(t.notBefore ?? []), notNext: new Set(t.notNext ?? []) }));
const TRIGGER_STARTS = new StartIndex<Trigger>();
TRIGGERS.forEach((t, k) => TRIGGER_STARTS.add(rules.triggers[k].words[0], t));
// Longest first, so "uroczyste otwarcie" wins over "otwarcie".
TRIGGERS.sort((a, b) => b.steps.length - a.steps.length);
const ORGANIZERS = rules.organizers.map((o) => ({ id: o.id, steps: compileSteps(o.words), before: o.before ?? false }));
// Each list is one matcher: a word costs a few set lookups, not one test per entry.
const isEventVerb = wordMatcher(rules.eventVerbs.join('|'));
const isParticipantWord = wordMatcher(rules.participantWords.join('|'));
const isVisitWord = wordMatcher(rules.visitWords.join('|'));
const PLACE_PREPOSITIONS = new Set(rules.placePrepositions);
const PLACE_NOT_AFTER = new Set(rules.placeNotAfter);
const NOT_PARTICIPANT_AFTER = new Set(rules.notParticipantAfter);

/** Longest quoted event name read, in words. */
const MAX_NAME_WORDS = 25;
/** Words between a trigger and its quoted name: "gala szóstej edycji konkursu „…”". */
const MAX_WORDS_BEFORE_NAME = 3;
/** Words between an organiser and its verb: "ROPS w 2015 r. zorganizował". */
const MAX_ORGANIZER_GAP = 2;
const NAME_GAP_POS = new Set(['adj', 'subst', 'num', 'adja']);
const BULLET = /^(?:[•·▪‣◦*–-]|\d{1,2}[.)])/u;

function matchAt(words: Word[], steps: PatternStep[], k: number, j: number, end: number): number {
  if (k === steps.length) return j;
  const step = steps[k];
  if (step.kind === 'gap') {
    // Within a sentence a full stop is an abbreviation's: it is crossed, not counted.
    for (let g = 0, n = 0; n <= step.max && j + g <= end; g++) {
      const skipped = g > 0 ? words[j + g - 1] : undefined;
      if (skipped && skipped.kind === 'punct' && skipped.text !== '.') break;
      if (skipped && skipped.kind !== 'punct' && ++n > step.max) break;
      const m = matchAt(words, steps, k + 1, j + g, end);
      if (m >= 0) return m;
    }
    return -1;
  }
  if (j >= end || !step.test(words[j])) return -1;
  return matchAt(words, steps, k + 1, j + 1, end);
}

interface TriggerMatch { trigger: Trigger; first: number; last: number; sentence: SentenceWords; inTitle: boolean }

export interface EventContext {
  title: string;
  paragraphs: Paragraph[];
  organizations: Organization[];
  places: Place[];
  dates: DateRecord[];
}

/** The event the document reports, or null when it reports none. */
export function extractEvent(dw: DocumentWords, ctx: EventContext): EventRecord | null {
  const titleIndex = ctx.paragraphs.length && ctx.title.trim() && ctx.paragraphs[0].text === ctx.title.trim() ? 0 : -1;
  const lastZoneParagraph = zoneEnd(dw, titleIndex);
  const zone = dw.sentences.filter((s) => s.paragraph <= lastZoneParagraph);
  const orgs = organizationWords(dw, ctx.organizations);
  const matches = findTriggers(dw, zone, titleIndex, orgs.inside);
  const chosen = matches.find((m) => m.inTitle) ?? matches.find((m) => !m.inTitle && reportsEvent(dw, m.sentence, ctx.dates));
  if (!chosen) return null;
  const ofType = matches.filter((m) => m.trigger.type === chosen.trigger.type);
  const organizers = findOrganizers(dw, orgs);
  const participants = findParticipants(dw, orgs, ctx.paragraphs).filter((n) => !organizers.includes(n));
  const dates = eventDates(dw, ofType, zone.filter((s) => s.paragraph !== titleIndex), ctx.dates);
  const placeSentences = new Set([...ofType.map((m) => m.sentence), ...(dates?.sentence ? [dates.sentence] : [])]);
  const { places, voivodeships } = eventPlaces(dw, ctx, orgs, chosen.trigger.type, placeSentences, titleIndex, participants);
  return {
    type: chosen.trigger.type,
    name: ofType.map((m) => nameAfter(dw, m, orgs.inside)).find((n) => n) ?? '',
    start: dates?.start ?? null,
    end: dates?.end ?? null,
    organizers,
    places,
    voivodeships,
    participants,
    mention: mentionOf(dw, chosen.first, chosen.last, chosen.trigger.id),
  };
}

/** Index of the last paragraph of the opening: the title and the first body paragraphs of some length. */
function zoneEnd(dw: DocumentWords, titleIndex: number): number {
  let counted = 0;
  let last = titleIndex;
  let paragraph = -1;
  let wordsInParagraph = 0;
  for (const s of dw.sentences) {
    if (s.paragraph <= titleIndex) continue;
    if (s.paragraph !== paragraph) {
      if (wordsInParagraph >= rules.minParagraphWords && ++counted >= rules.paragraphs) return last;
      paragraph = s.paragraph;
      wordsInParagraph = 0;
    }
    last = s.paragraph;
    for (let k = s.first; k < s.last; k++) if (dw.words[k].kind === 'word') wordsInParagraph++;
  }
  return last;
}

interface OrganizationWords {
  inside: Uint8Array;
  byFirst: Map<number, Organization>;
  byLast: Map<number, Organization>;
}

function organizationWords(dw: DocumentWords, organizations: Organization[]): OrganizationWords {
  const inside = new Uint8Array(dw.words.length);
  const byFirst = new Map<number, Organization>();
  const byLast = new Map<number, Organization>();
  for (const s of organizationSpans(organizations)) {
    const range = wordRange(dw, s.start, s.end);
    if (!range) continue;
    const [first, last] = range;
    inside.fill(1, first, last);
    byFirst.set(first, s.organization);
    byLast.set(last, s.organization);
  }
  return { inside, byFirst, byLast };
}

function findTriggers(dw: DocumentWords, zone: SentenceWords[], titleIndex: number, inOrg: Uint8Array): TriggerMatch[] {
  const words = dw.words;
  const out: TriggerMatch[] = [];
  for (const s of zone) {
    const inTitle = s.paragraph === titleIndex;
    for (let i = s.first; i < s.last; i++) {
      if (inOrg[i]) continue;
      const candidates = TRIGGER_STARTS.candidates(words[i]);
      if (!candidates.length) continue;
      for (const t of TRIGGERS) {
        if (!candidates.includes(t) || (t.titleOnly && !inTitle)) continue;
        const end = matchAt(words, t.steps, 0, i, s.last);
        if (end < 0) continue;
        if (i > s.first && t.notBefore.has(words[i - 1].lower)) continue;
        if (end < s.last && t.notNext.has(words[end].lower)) continue;
        out.push({ trigger: t, first: i, last: end, sentence: s, inTitle });
        i = end - 1;
        break;
      }
    }
  }
  return out;
}

const inSentence = (s: SentenceWords, start: number) => start >= s.start && start < s.end;

/** A sentence reports the event when it has an event verb or a day's date. */
function reportsEvent(dw: DocumentWords, s: SentenceWords, dates: DateRecord[]): boolean {
  if (sentenceHas(dw, s, isEventVerb)) return true;
  return dates.some((d) => d.precision === 'day' && d.mentions.some((m) => inSentence(s, m.start)));
}

/**
 * The event's own name after a trigger: a quoted name ("konferencja naukowa „…”", "gala szóstej
 * edycji konkursu „…”") or capitalised words that go on from a capitalised trigger ("Targi
 * Ekonomii Społecznej"), in the nominative.
 */
function nameAfter(dw: DocumentWords, m: TriggerMatch, inOrg: Uint8Array): string {
  const words = dw.words;
  const end = m.sentence.last;
  let j = m.last;
  for (let n = 0; n < MAX_WORDS_BEFORE_NAME && j < end; n++, j++) {
    const w = words[j];
    if (w.kind !== 'punct' || !isOpeningQuote(w.text)) {
      if (w.kind !== 'word' || w.capitalised || !readings(w.text).some((a) => NAME_GAP_POS.has(a.tag.pos) && !a.guessed)) break;
      if (readings(w.text).some((a) => a.tag.pos === 'prep' || a.tag.pos === 'conj')) break;
      continue;
    }
    break;
  }
  if (j < end && isOpeningQuote(words[j].text)) {
    const close = closingQuoteFor(words, j, end, MAX_NAME_WORDS);
    if (close > 0) return dw.text.slice(words[j].end, words[close].start).trim();
  }
  const head = words[m.first];
  if (!head.capitalised) return '';
  let last = m.last;
  // An organisation's name after the trigger is not the event's: "Otwarcie Spółdzielni Socjalnej …".
  while (last < end && words[last].kind === 'word' && words[last].capitalised && !words[last].allCaps && !inOrg[last]) last++;
  if (last === m.last) return '';
  let first = m.first;
  // "Zachodniopomorskie Targi": capitalised adjectives before the trigger belong to the name.
  while (first - 1 >= m.sentence.first && words[first - 1].kind === 'word' && words[first - 1].capitalised && !words[first - 1].allCaps &&
    readings(words[first - 1].text).some((a) => a.tag.pos === 'adj')) first--;
  return normalizePhrase(textOf(dw, first, last), 'organization').text;
}

interface EventDates { start: string; end: string; sentence?: SentenceWords }

/** The dates of the trigger's sentence; else of a sentence reporting the event; else the first date range. */
function eventDates(dw: DocumentWords, ofType: TriggerMatch[], body: SentenceWords[], dates: DateRecord[]): EventDates | undefined {
  const firstIn = (s: SentenceWords) => {
    const here = dates.flatMap((d) => d.mentions.filter((m) => inSentence(s, m.start)).map((m) => ({ d, at: m.start })))
      .sort((a, b) => a.at - b.at);
    return (here.find((h) => h.d.precision === 'day') ?? here[0])?.d;
  };
  for (const m of ofType) {
    const d = firstIn(m.sentence);
    if (d) return { start: d.start, end: d.end, sentence: m.sentence };
  }
  for (const s of body) {
    const d = sentenceHas(dw, s, isEventVerb) ? firstIn(s) : undefined;
    if (d) return { start: d.start, end: d.end, sentence: s };
  }
  const ranges = dates.filter((d) => d.start !== d.end && d.mentions.some((m) => body.some((s) => inSentence(s, m.start))))
    .sort((a, b) => a.mentions[0].start - b.mentions[0].start);
  return ranges[0] ? { start: ranges[0].start, end: ranges[0].end } : undefined;
}

/** Organisations listed from word j on: "X, Y oraz Z". */
function organizationListAt(words: Word[], orgs: OrganizationWords, j: number, end: number): Organization[] {
  const out: Organization[] = [];
  let k = j;
  for (;;) {
    const org = orgs.byFirst.get(k);
    if (!org || k >= end) break;
    out.push(org);
    while (k < end && orgs.inside[k]) k++;
    const joiner = joinerAt(words, k, end);
    if (!joiner) break;
    k += joiner;
  }
  return out;
}

function findOrganizers(dw: DocumentWords, orgs: OrganizationWords): string[] {
  const words = dw.words;
  const names: string[] = [];
  const add = (list: Organization[]) => { for (const o of list) if (!names.includes(o.name)) names.push(o.name); };
  for (const s of dw.sentences) {
    for (let i = s.first; i < s.last; i++) {
      for (const o of ORGANIZERS) {
        const end = matchAt(words, o.steps, 0, i, s.last);
        if (end < 0) continue;
        const after = organizationListAt(words, orgs, end, s.last);
        if (after.length) { add(after); break; }
        if (!o.before) continue;
        // "Ośrodek … zorganizował spotkanie", "Ośrodka …, który był współorganizatorem": the
        // organiser before the verb.
        for (let k = i, gap = 0; k > s.first && gap <= MAX_ORGANIZER_GAP; k--) {
          const org = orgs.byLast.get(k);
          if (org) { add([org]); break; }
          const w = words[k - 1];
          if (w.kind === 'punct' && w.text !== '.' && w.text !== ',') break;
          if (!isRelativeWord(w) && w.text !== ',') gap++;
        }
        break;
      }
    }
  }
  return names;
}

/** Direct speech ("– Gdańsk był dla nas …"): what someone said, not what the report states. */
const isQuotation = (dw: DocumentWords, s: SentenceWords) => s.first < s.last && ['–', '—', '-', '„', '"', '«', '»'].includes(dw.words[s.first].text);

const sentenceHas = (dw: DocumentWords, s: SentenceWords, test: Test) => {
  for (let k = s.first; k < s.last; k++) if (test(dw.words[k])) return true;
  return false;
};

/** Organisations in sentences that name those visited or taking part, and in the list a "…:" sentence opens. */
function findParticipants(dw: DocumentWords, orgs: OrganizationWords, paragraphs: Paragraph[]): string[] {
  const names: string[] = [];
  const addIn = (from: number, to: number) => {
    for (let k = from; k < to; k++) {
      const org = orgs.byFirst.get(k);
      if (!org || names.includes(org.name)) continue;
      if (k > from && NOT_PARTICIPANT_AFTER.has(dw.words[k - 1].lower)) continue;
      names.push(org.name);
    }
  };
  const sentencesOf = new Map<number, SentenceWords[]>();
  for (const s of dw.sentences) sentencesOf.set(s.paragraph, [...(sentencesOf.get(s.paragraph) ?? []), s]);
  for (const s of dw.sentences) {
    if (isQuotation(dw, s) || !sentenceHas(dw, s, isParticipantWord)) continue;
    addIn(s.first, s.last);
    // "Wśród wystawców znaleźli się m.in.:" followed by bullet lines.
    const p = paragraphs[s.paragraph];
    if (s.end !== p.end || !p.text.trimEnd().endsWith(':')) continue;
    for (let q = s.paragraph + 1; q < paragraphs.length && BULLET.test(paragraphs[q].text); q++) {
      for (const line of sentencesOf.get(q) ?? []) addIn(line.first, line.last);
    }
  }
  return names;
}

/** First word of the organisation mention that word i is inside, if any. */
function hostOrganizationStart(orgs: OrganizationWords, i: number): number | undefined {
  if (!orgs.inside[i]) return undefined;
  let k = i;
  while (k > 0 && orgs.inside[k - 1] && !orgs.byFirst.has(k)) k--;
  return k;
}

/** A locative preposition governs the phrase at word `first`: "w siedzibie X", "w auli X". */
function isLocative(dw: DocumentWords, first: number, sFirst: number): boolean {
  for (let k = first - 1; k >= sFirst && first - k <= 3; k--) {
    const w = dw.words[k];
    if (w.kind === 'punct' || w.lower === 'oraz' || w.lower === 'i') return false;
    if (PLACE_PREPOSITIONS.has(w.lower)) return true;
  }
  return false;
}

/**
 * Places of the event: those the title names, and those its trigger and date sentences (for a
 * study visit, also sentences of visiting) name after "w", "na", "do" (inside an organisation's
 * name only when the event was there or, on a study visit, the organisation was visited); for a
 * study visit, also the places of the organisations visited. Voivodeships: of those places, and
 * named ones.
 */
function eventPlaces(dw: DocumentWords, ctx: EventContext, orgs: OrganizationWords, type: EventType, eventSentences: Set<SentenceWords>, titleIndex: number, participants: string[]): { places: string[]; voivodeships: string[] } {
  const sentences = new Set<SentenceWords>(eventSentences);
  for (const s of dw.sentences) {
    if (s.paragraph === titleIndex) sentences.add(s);
    else if (type === 'wizyta_studyjna' && !isQuotation(dw, s) && sentenceHas(dw, s, isVisitWord)) sentences.add(s);
  }
  const chosen: { place: Place; at: number }[] = [];
  for (const place of ctx.places) {
    for (const m of place.mentions) {
      const i = wordStartingAt(dw, m.start);
      if (i <= 0) continue;
      const s = dw.sentences[dw.words[i].sentence];
      if (!sentences.has(s) || !PLACE_PREPOSITIONS.has(dw.words[i - 1].lower) || dw.words[i - 1].sentence !== dw.words[i].sentence) continue;
      if (i >= 2 && PLACE_NOT_AFTER.has(dw.words[i - 2].lower)) continue;
      // A place inside an organisation's name is where the event was only when the organisation
      // is ("w sali konferencyjnej Starostwa Powiatowego w Kluczborku") or was visited.
      const host = hostOrganizationStart(orgs, i);
      const visited = host !== undefined && type === 'wizyta_studyjna' && participants.includes(orgs.byFirst.get(host)!.name);
      if (host !== undefined && !visited && !isLocative(dw, host, s.first)) continue;
      chosen.push({ place, at: m.start });
      break;
    }
  }
  if (type === 'wizyta_studyjna') {
    for (const name of participants) {
      const org = ctx.organizations.find((o) => o.name === name);
      const place = org?.place ? ctx.places.find((p) => p.name === org.place) : undefined;
      if (place && !chosen.some((c) => c.place === place)) chosen.push({ place, at: org!.mentions[0].start });
    }
  }
  chosen.sort((a, b) => a.at - b.at);
  const places: string[] = [];
  const voivodeships: string[] = [];
  for (const { place } of chosen) {
    if (place.kind !== 'voivodeship' && !places.includes(place.name)) places.push(place.name);
    if (place.voivodeship && !voivodeships.includes(place.voivodeship)) voivodeships.push(place.voivodeship);
  }
  return { places, voivodeships };
}
