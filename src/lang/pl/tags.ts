/**
 * Morfologik / NKJP-style morphosyntactic tags, e.g. `subst:sg:gen:f` or
 * `adj:sg:inst:m1.m2.m3.n1.n2:pos`. Positions are `:`-separated; `.` joins
 * alternative values within one position.
 */

export type Case = 'nom' | 'gen' | 'dat' | 'acc' | 'inst' | 'loc' | 'voc';
export type Number = 'sg' | 'pl';
/**
 * The dictionary uses m1 (personal), m2 (animate), m3 (inanimate), f,
 * n1/n2 (neuter subclasses) and p1/p2/p3 (plurale tantum classes); plain `n`
 * is NKJP's and kept for tags from other sources.
 */
export type Gender = 'm1' | 'm2' | 'm3' | 'f' | 'n' | 'n1' | 'n2' | 'p1' | 'p2' | 'p3';
export type Degree = 'pos' | 'com' | 'sup';

export interface Tag {
  /** Part of speech: subst, adj, verb, ppas, depr, … */
  pos: string;
  number: Number[];
  case: Case[];
  gender: Gender[];
  degree?: Degree;
  raw: string;
}

const CASES = new Set<string>(['nom', 'gen', 'dat', 'acc', 'inst', 'loc', 'voc']);
const NUMBERS = new Set<string>(['sg', 'pl']);
const GENDERS = new Set<string>(['m1', 'm2', 'm3', 'f', 'n', 'n1', 'n2', 'p1', 'p2', 'p3']);
const DEGREES = new Set<string>(['pos', 'com', 'sup']);

// Distinct tags number in the low thousands, so an unbounded cache is fine.
const cache = new Map<string, Tag>();

/** Parses a single tag (not a `+`-joined list). Results are shared and frozen. */
export function parseTag(raw: string): Tag {
  const hit = cache.get(raw);
  if (hit !== undefined) return hit;
  const positions = raw.split(':');
  const number: Number[] = [];
  const cases: Case[] = [];
  const gender: Gender[] = [];
  let degree: Degree | undefined;
  // For prepositions (`prep:gen`) the case is the one they govern.
  for (let i = 1; i < positions.length; i++) {
    for (const v of positions[i].split('.')) {
      if (CASES.has(v)) cases.push(v as Case);
      else if (NUMBERS.has(v)) number.push(v as Number);
      else if (GENDERS.has(v)) gender.push(v as Gender);
      else if (DEGREES.has(v)) degree = v as Degree;
    }
  }
  const tag: Tag = { pos: positions[0], number, case: cases, gender, raw };
  if (degree !== undefined) tag.degree = degree;
  Object.freeze(number);
  Object.freeze(cases);
  Object.freeze(gender);
  cache.set(raw, Object.freeze(tag));
  return tag;
}

function asTag(tag: Tag | string): Tag {
  return typeof tag === 'string' ? parseTag(tag) : tag;
}

/** Nouns, including deprecative forms of personal nouns (`depr`: "chłopy"). */
export function isNoun(tag: Tag | string): boolean {
  const pos = asTag(tag).pos;
  return pos === 'subst' || pos === 'depr';
}

/** Adjectives and the adjective-like classes: adja, adjp, adjc, and participles ppas/pact. */
export function isAdjective(tag: Tag | string): boolean {
  const pos = asTag(tag).pos;
  return pos === 'adj' || pos === 'adja' || pos === 'adjp' || pos === 'adjc' || pos === 'ppas' || pos === 'pact';
}

export function hasCase(tag: Tag | string, c: Case): boolean {
  return asTag(tag).case.includes(c);
}

export function hasNumber(tag: Tag | string, n: Number): boolean {
  return asTag(tag).number.includes(n);
}

export function hasGender(tag: Tag | string, g: Gender): boolean {
  return asTag(tag).gender.includes(g);
}
