// Addresses as located_at relations: a street word ("ul.", "ulicy"), the street's name put in the
// nominative, a house number, then a postcode and city or "w <place>"; each tied to the
// organisation or venue named just before it, else to the one its sentence or contact block
// names. Street words and the cases prepositions govern are in rules/relations.json.
import { z } from 'zod';
import type { Place, Relation } from '../schema.js';
import { normalizePhrase } from '../lang/pl/normalize.js';
import relationsJson from './rules/relations.json' with { type: 'json' };
import type { DocumentWords, SentenceWords, Word } from './words.js';
import { sentenceMention, textOf } from './spans.js';
import { wordMatcher } from './patterns.js';
import { contactOwner, type OrganizationSpan } from './identifiers.js';
import type { Entity, EntityIndex, RelationContext } from './relations.js';

const CASES = ['nom', 'gen', 'dat', 'acc', 'inst', 'loc'] as const;
type CaseName = typeof CASES[number];
const CaseSchema = z.enum(CASES);

// The address part of rules/relations.json; relations.ts reads the rest.
const rules = z.object({
  streets: z.array(z.object({ abbreviation: z.string(), canonical: z.string(), forms: z.record(CaseSchema, z.string()) })),
  addressGovernors: z.array(z.string()),
  prepositionCase: z.record(z.string(), CaseSchema),
  streetNameAbbreviations: z.array(z.string()),
  maxStreetNameWords: z.number().int().positive(),
}).parse(relationsJson);

/** Ids of the address rules, as the relations' evidence names them. */
export const ADDRESS_RULE_IDS: readonly string[] = ['located_at.address', 'located_at.address-before'];

const STREET_ABBREVIATIONS = new Set(rules.streetNameAbbreviations);
const ADDRESS_GOVERNORS = wordMatcher(rules.addressGovernors.join('|'));

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
export function addressRelations(dw: DocumentWords, index: EntityIndex, ctx: RelationContext, spans: OrganizationSpan[]): Relation[] {
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
