// People's organisations: the organisation a person's role is held in, where the text says it
// next to the name: a role after it ("Jan Nowak, prezes fundacji X"), a role before it ("prezes
// fundacji X Jan Nowak", "jej prezes Jan Nowak"), or a role line under an organisation's heading.
// Role words, their complements and honorifics are in rules/roles.json.
import { z } from 'zod';
import type { Organization, Person } from '../schema.js';
import { normalizePhrase } from '../lang/pl/normalize.js';
import rolesJson from './rules/roles.json' with { type: 'json' };
import { isFormOrLemmaIn, wordRange, type DocumentWords, type Word } from './words.js';
import { blockHeader, organizationSpans, resolveTypeReference, typeReference, type OrganizationSpan, type TextLayout, type TypeReference } from './identifiers.js';
import { EntityIndex, organizationEntities, startsPerson } from './relations.js';

const roles = z.object({ roles: z.array(z.string()), complements: z.array(z.string()), honorifics: z.array(z.string()) }).parse(rolesJson);

const ROLE_WORDS = new Set(roles.roles);
const ROLE_COMPLEMENTS = new Set(roles.complements);
const HONORIFICS = new Set(roles.honorifics.map((h) => h.replace(/\.$/u, '')));
/** "jej prezes", "jego dyrektor": the role is held in the organisation named just before. */
const POSSESSIVES = new Set(['jej', 'jego']);
/** Words between a role and the organisation it is held in: "prezes zarządu Fundacji …". */
const MAX_ROLE_COMPLEMENT = 2;

function afterHonorifics(words: Word[], k: number, end: number): number {
  while (k < end && (isFormOrLemmaIn(words[k], HONORIFICS) || words[k].text === '.')) k++;
  return k;
}

function isRoleWord(w: Word | undefined): boolean {
  return isFormOrLemmaIn(w, ROLE_WORDS);
}

function isRoleComplement(w: Word | undefined): boolean {
  return !!w && w.kind === 'word' && !w.capitalised && (isFormOrLemmaIn(w, ROLE_COMPLEMENTS) || w.lower === 'ds' || w.lower === 'do' || w.lower === 'spraw');
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
  while (k > sFirst && (isFormOrLemmaIn(words[k - 1], HONORIFICS) || words[k - 1].text === '.' || words[k - 1].text === ',')) k--;
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
    if (isRoleComplement(w) || isFormOrLemmaIn(w, HONORIFICS)) continue;
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
