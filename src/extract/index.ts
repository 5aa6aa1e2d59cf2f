// The extract stage: one segmented document in, one record out. Organisations are found first
// (their names hide people and places that are not mentions of their own), then people, places
// and dates; mentions of the same entity are merged into one entry.
import { createHash } from 'node:crypto';
import { resolve as resolvePath } from 'node:path';
import type { DateRecord, Organization, Person, Place, ReportRecord, SegmentedDocument } from '../schema.js';
import { buildWords } from './words.js';
import { extractOrganizations, type OrganizationMention } from './organizations.js';
import { PlaceFinder, assignVoivodeships, type PlaceMention } from './places.js';
import { extractPeople, type PersonMention } from './people.js';
import { extractDates } from './dates.js';
import { extractIdentifiers, type TextLayout } from './identifiers.js';
import { extractRelations } from './relations.js';
import { assignPersonOrganizations } from './person-organizations.js';
import { extractEvent } from './events.js';

/** Bumped whenever extraction output may change, so stored documents can be re-extracted. */
export const EXTRACTOR_VERSION = '0.2.0';

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Stable document id: sha256 of the URL, or of the file's absolute path. */
export function documentId(source: string): string {
  return sha256(/^https?:\/\//i.test(source) ? source : resolvePath(source));
}

let placeFinder: PlaceFinder | undefined;

export function extractRecord(seg: SegmentedDocument): ReportRecord {
  const { doc } = seg;
  const dw = buildWords(seg);
  placeFinder ??= new PlaceFinder();
  const finder = placeFinder;

  const orgMentions = extractOrganizations(dw, { placeName: (words) => finder.localityName(words) });
  // Words of organisation names (not the "w Łomży" that locates them) are no place or person.
  const inOrgName = new Uint8Array(dw.words.length);
  const orgPlaceWord = new Uint8Array(dw.words.length);
  const orgStartByEnd = new Map<number, number>();
  for (const o of orgMentions) {
    orgStartByEnd.set(o.last, o.first);
    let afterW = o.placeOnly === true;
    for (let k = o.first; k < o.last; k++) {
      const w = dw.words[k];
      if (w.lower === 'w' || w.lower === 'we') afterW = true;
      if (afterW) orgPlaceWord[k] = 1;
      else inOrgName[k] = 1;
    }
  }
  const people = extractPeople(dw, (i) => inOrgName[i] === 1, (end) => orgStartByEnd.get(end));
  const inPerson = new Uint8Array(dw.words.length);
  for (const p of people) for (let k = p.first; k < p.last; k++) inPerson[k] = 1;
  const places = finder.extract(dw, (i) => inOrgName[i] === 1 || inPerson[i] === 1, (i) => orgPlaceWord[i] === 1);
  assignVoivodeships(places, finder.gazetteer);
  const dates = extractDates(doc.text, seg.paragraphs, { publishedAt: doc.publishedAt });
  const organizations = mergeOrganizations(orgMentions);
  const mergedPlaces = mergePlaces(places);
  const mergedDates = mergeDates(dates);
  // Identifiers, the event and relations read the merged entries: they name them as the record does.
  const layout: TextLayout = { text: doc.text, paragraphs: seg.paragraphs, sentences: seg.sentences };
  const event = extractEvent(dw, { title: doc.title, paragraphs: seg.paragraphs, organizations, places: mergedPlaces, dates: mergedDates });

  return {
    document: {
      id: documentId(doc.source),
      source: doc.source,
      title: doc.title,
      publishedAt: doc.publishedAt,
      sha256: sha256(doc.text),
      chars: doc.text.length,
    },
    paragraphs: seg.paragraphs,
    organizations,
    places: mergedPlaces,
    dates: mergedDates,
    people: assignPersonOrganizations(dw, layout, mergePeople(people), organizations),
    identifiers: extractIdentifiers(dw, layout, organizations),
    relations: extractRelations(dw, { layout, organizations, places: mergedPlaces, event }),
    event,
  };
}

const key = (s: string) => s.normalize('NFC').toLowerCase().replace(/["„”“«»'’]/gu, '').replace(/\s+/g, ' ').trim();

// A general form and the specific forms it covers: "Spółdzielnia Remus" is "Spółdzielnia Socjalna Remus".
type Form = Organization['legalForm'];
const SPECIFIC_FORMS: Partial<Record<Form, Form[]>> = { spoldzielnia: ['spoldzielnia_socjalna'] };
const covers = (general: Form, specific: Form) => general === 'inna' || !!SPECIFIC_FORMS[general]?.includes(specific);
/** Forms that may name one organisation: the same, or one that covers the other. */
const compatibleForms = (a: Form, b: Form) => a === b || covers(a, b) || covers(b, a);

/**
 * One entry per organisation: mentions with the same core (and a compatible form), or the same
 * name and place when there is no core, are one organisation. The more specific legal form and
 * the fuller name win.
 */
function mergeOrganizations(found: OrganizationMention[]): Organization[] {
  const byKey = new Map<string, Organization[]>();
  const order: Organization[] = [];
  for (const m of found) {
    const keys = m.core ? [`core|${key(m.core)}`, `name|${key(m.name)}`] : [`name|${key(m.name)}|${key(m.place)}`];
    const existing = keys.flatMap((k) => byKey.get(k) ?? []).find((o) => compatibleForms(o.legalForm, m.legalForm));
    if (existing) {
      existing.mentions.push(m.mention);
      if (existing.legalForm !== m.legalForm && covers(existing.legalForm, m.legalForm)) {
        existing.legalForm = m.legalForm;
        existing.name = m.name;
      }
      if (!existing.place && m.place) existing.place = m.place;
      continue;
    }
    const org: Organization = { name: m.name, core: m.core, legalForm: m.legalForm, place: m.place, mentions: [m.mention] };
    for (const k of keys) byKey.set(k, [...(byKey.get(k) ?? []), org]);
    order.push(org);
  }
  const out: Organization[] = [];
  const keys = new Map(order.map((o) => [o, { name: key(o.name), core: key(o.core) }]));
  for (const org of order) {
    const host = hostOf(org, order, keys);
    if (host) {
      host.mentions.push(...org.mentions);
      if (!host.place && org.place) host.place = org.place;
      continue;
    }
    out.push(org);
  }
  for (const o of out) o.mentions.sort((a, b) => a.start - b.start);
  return out;
}

/**
 * The organisation another entry is a shorter mention of: a name that is its core ("Łódzki Sejmik
 * Osób Niepełnosprawnych" inside "Związek Stowarzyszeń Łódzki Sejmik Osób Niepełnosprawnych"), or
 * a type named without its place ("Regionalny Ośrodek Polityki Społecznej") when the document
 * names just one such type with a place.
 */
function hostOf(org: Organization, all: Organization[], keys: Map<Organization, { name: string; core: string }>): Organization | undefined {
  const name = keys.get(org)!.name;
  const byCore = all.find((o) => o !== org && o.core && keys.get(o)!.core === name && o.name.length > org.name.length);
  if (byCore) return byCore;
  // "Caritas" after "Caritas Diecezji Legnickiej": a name that is all core, said short, when the document names one such.
  if (org.core && keys.get(org)!.core === name) {
    const fuller = all.filter((o) => o !== org && o.legalForm === org.legalForm && keys.get(o)!.name.startsWith(`${name} `));
    if (fuller.length === 1) return fuller[0];
  }
  if (org.core || org.place) return undefined;
  const placed = all.filter((o) => o !== org && o.legalForm === org.legalForm && o.place &&
    (keys.get(o)!.name.startsWith(`${name} w `) || keys.get(o)!.name.startsWith(`${name} we `)));
  return placed.length === 1 ? placed[0] : undefined;
}

function mergePlaces(found: PlaceMention[]): Place[] {
  const byKey = new Map<string, Place>();
  for (const p of found) {
    const k = `${p.kind}|${key(p.name)}`;
    const existing = byKey.get(k);
    if (existing) {
      existing.mentions.push(p.mention);
      if (!existing.voivodeship && p.voivodeship) existing.voivodeship = p.voivodeship;
      if (existing.guessed && !p.guessed) existing.guessed = false;
      continue;
    }
    byKey.set(k, { name: p.name, kind: p.kind, voivodeship: p.voivodeship, ...(p.guessed ? { guessed: true } : {}), mentions: [p.mention] });
  }
  // "w Ostrowcu" after "Ostrowiec Świętokrzyski", "Gorzów" beside "Gorzów Wielkopolski": the
  // short form of a town the document names in full (the name and capitalised qualifiers) is that town.
  const isShortFormOf = (short: string, full: string) =>
    full.startsWith(`${short} `) && full.slice(short.length + 1).split(' ').every((w) => /^\p{Lu}/u.test(w));
  const places = [...byKey.values()];
  const out: Place[] = [];
  for (const p of places) {
    const full = p.kind === 'locality' && places.find((o) => o !== p && o.kind === 'locality' && isShortFormOf(p.name, o.name));
    if (full) {
      full.mentions.push(...p.mentions);
      full.mentions.sort((a, b) => a.start - b.start);
      continue;
    }
    out.push(p);
  }
  return out;
}

/**
 * One entry per person: the full name's mentions and the later ones by surname alone, in text
 * order. The role is the first one a mention states; the name is guessed only if every mention's is.
 */
function mergePeople(found: PersonMention[]): Person[] {
  const byKey = new Map<string, Person>();
  for (const p of [...found].sort((a, b) => a.mention.start - b.mention.start)) {
    const k = key(p.name);
    const existing = byKey.get(k);
    if (existing) {
      existing.mentions.push(p.mention);
      if (!existing.role && p.role) existing.role = p.role;
      if (existing.guessed && !p.guessed) delete existing.guessed;
      continue;
    }
    byKey.set(k, { name: p.name, role: p.role, ...(p.guessed ? { guessed: true } : {}), mentions: [p.mention] });
  }
  return [...byKey.values()];
}

function mergeDates(found: DateRecord[]): DateRecord[] {
  const byKey = new Map<string, DateRecord>();
  for (const d of found) {
    const k = `${d.start}|${d.end}`;
    const existing = byKey.get(k);
    if (existing) existing.mentions.push(...d.mentions);
    else byKey.set(k, { ...d, mentions: [...d.mentions] });
  }
  return [...byKey.values()];
}
