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

/** Bumped whenever extraction output may change, so stored documents can be re-extracted. */
export const EXTRACTOR_VERSION = '0.1.0';

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
    let afterW = false;
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
    organizations: mergeOrganizations(orgMentions),
    places: mergePlaces(places),
    dates: mergeDates(dates),
    people: mergePeople(people),
    identifiers: [],
    relations: [],
    event: null,
  };
}

const key = (s: string) => s.normalize('NFC').toLowerCase().replace(/["„”“«»'’]/gu, '').replace(/\s+/g, ' ').trim();

function mergeOrganizations(found: OrganizationMention[]): Organization[] {
  const byKey = new Map<string, Organization>();
  const order: Organization[] = [];
  for (const m of found) {
    const k = m.core ? key(m.core) : `${key(m.name)}|${key(m.place)}`;
    const existing = byKey.get(k) ?? (m.core ? byKey.get(key(m.name)) : undefined);
    if (existing) {
      existing.mentions.push(m.mention);
      // The more specific legal form and the fuller name win.
      if (existing.legalForm === 'inna' && m.legalForm !== 'inna') {
        existing.legalForm = m.legalForm;
        existing.name = m.name;
      }
      if (!existing.place && m.place) existing.place = m.place;
      continue;
    }
    const org: Organization = { name: m.name, core: m.core, legalForm: m.legalForm, place: m.place, mentions: [m.mention] };
    byKey.set(k, org);
    if (m.core) byKey.set(key(m.name), org);
    order.push(org);
  }
  // A name that is another organisation's core is that organisation ("Łódzki Sejmik Osób
  // Niepełnosprawnych" inside "Związek Stowarzyszeń Łódzki Sejmik Osób Niepełnosprawnych").
  const out: Organization[] = [];
  for (const org of order) {
    const host = order.find((o) => o !== org && o.core && key(o.core) === key(org.name) && o.name.length > org.name.length);
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
  return [...byKey.values()];
}

function mergePeople(found: PersonMention[]): Person[] {
  const byKey = new Map<string, Person>();
  for (const p of found) {
    const k = key(p.name);
    const existing = byKey.get(k);
    if (existing) {
      existing.mentions.push(p.mention);
      if (!existing.role && p.role) existing.role = p.role;
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
