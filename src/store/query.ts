// Queries behind `raporty query`. Entities are grouped across documents, so an organisation named
// in ten reports is one row with documents = 10. Filters on names ignore case and diacritics;
// ties sort by name_ascii, so "Łomża" sorts among the L's rather than after Z.
import { LEGAL_FORMS, PLACE_KINDS, VOIVODESHIPS } from '../schema.js';
import type { Database } from './migrations.js';
import { containsPattern, searchKey } from './search-key.js';

/** A filter value the store cannot mean anything by; the message lists what it accepts. */
export class InvalidQueryError extends Error {
  override name = 'InvalidQueryError';
}

export interface OrganizationQuery {
  /** A legal-form code ("spoldzielnia_socjalna"); "spółdzielnia socjalna" is accepted too. */
  legalForm?: string;
  /** The organisation's place, whole ("lomza" finds "Łomża"). */
  place?: string;
  voivodeship?: string;
  /** Part of the name. */
  name?: string;
  limit?: number;
}
export interface OrganizationRow {
  name: string;
  core: string;
  legal_form: string;
  /** Places the documents give for it, ", "-separated; "" when none does. */
  place: string;
  voivodeship: string;
  documents: number;
  mentions: number;
}

export interface PlaceQuery { voivodeship?: string; kind?: string; name?: string; limit?: number }
export interface PlaceRow { name: string; kind: string; voivodeship: string; documents: number; mentions: number }

export interface DocumentQuery {
  /** Part of the file path or URL. */
  source?: string;
  limit?: number;
}
export interface DocumentRow {
  id: string;
  source: string;
  title: string;
  published_at: string | null;
  chars: number;
  organizations: number;
  places: number;
  dates: number;
  people: number;
}

export interface PersonQuery {
  /** Part of the role ("starosta" finds "wicestarosta łomżyński"). */
  role?: string;
  name?: string;
  limit?: number;
}
export interface PersonRow {
  name: string;
  /** Roles the documents give, "; "-separated. */
  role: string;
  documents: number;
  mentions: number;
}

export interface DateQuery {
  /** Dates ending on or after this (YYYY, YYYY-MM or YYYY-MM-DD). */
  from?: string;
  /** Dates starting on or before this. */
  to?: string;
  limit?: number;
}
export interface DateRow {
  start: string;
  end: string;
  precision: string;
  text: string;
  source: string;
  title: string;
  mentions: number;
}

export function queryOrganizations(db: Database, query: OrganizationQuery = {}): OrganizationRow[] {
  registerSearchKey(db);
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: toLimit(query.limit) };
  if (query.legalForm !== undefined) {
    where.push('legal_form = @legalForm');
    params.legalForm = toLegalForm(query.legalForm);
  }
  if (query.place !== undefined) {
    where.push('search_key(place) = @place');
    params.place = searchKey(query.place.trim());
  }
  if (query.voivodeship !== undefined) {
    where.push('voivodeship = @voivodeship');
    params.voivodeship = toVoivodeship(query.voivodeship);
  }
  if (query.name !== undefined) {
    where.push(`name_ascii LIKE @name ESCAPE '\\'`);
    params.name = containsPattern(searchKey(query.name.trim()));
  }
  const rows = db.prepare(`
    SELECT name, max(core) AS core, legal_form,
           json_group_array(DISTINCT place ORDER BY place) FILTER (WHERE place <> '') AS place,
           json_group_array(DISTINCT voivodeship ORDER BY voivodeship) FILTER (WHERE voivodeship <> '') AS voivodeship,
           count(DISTINCT document_id) AS documents, sum(mentions) AS mentions
    FROM organization_details
    ${whereClause(where)}
    GROUP BY name, legal_form
    ORDER BY documents DESC, mentions DESC, max(name_ascii), name, legal_form
    LIMIT @limit`).all(params) as (OrganizationRow & { place: string; voivodeship: string })[];
  return rows.map((r) => ({ ...r, place: joinJson(r.place, ', '), voivodeship: joinJson(r.voivodeship, ', ') }));
}

export function queryPlaces(db: Database, query: PlaceQuery = {}): PlaceRow[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: toLimit(query.limit) };
  if (query.voivodeship !== undefined) {
    where.push('pl.voivodeship = @voivodeship');
    params.voivodeship = toVoivodeship(query.voivodeship);
  }
  if (query.kind !== undefined) {
    where.push('pl.kind = @kind');
    params.kind = oneOf('place kind', query.kind.trim(), PLACE_KINDS);
  }
  if (query.name !== undefined) {
    where.push(`pl.name_ascii LIKE @name ESCAPE '\\'`);
    params.name = containsPattern(searchKey(query.name.trim()));
  }
  // Places are grouped with their voivodeship: "Nowa Wieś" names many villages.
  return db.prepare(`
    SELECT pl.name, pl.kind, pl.voivodeship, count(DISTINCT pl.document_id) AS documents,
           sum((SELECT count(*) FROM mentions m WHERE m.entity_type = 'place' AND m.entity_id = pl.id)) AS mentions
    FROM places pl
    ${whereClause(where)}
    GROUP BY pl.name, pl.kind, pl.voivodeship
    ORDER BY documents DESC, mentions DESC, max(pl.name_ascii), pl.name, pl.kind, pl.voivodeship
    LIMIT @limit`).all(params) as PlaceRow[];
}

export function queryDocuments(db: Database, query: DocumentQuery = {}): DocumentRow[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: toLimit(query.limit) };
  if (query.source !== undefined) {
    where.push(`d.source LIKE @source ESCAPE '\\'`);
    params.source = containsPattern(query.source);
  }
  return db.prepare(`
    SELECT d.id, d.source, d.title, d.published_at, d.chars,
           (SELECT count(*) FROM organizations o WHERE o.document_id = d.id) AS organizations,
           (SELECT count(*) FROM places p WHERE p.document_id = d.id) AS places,
           (SELECT count(*) FROM dates da WHERE da.document_id = d.id) AS dates,
           (SELECT count(*) FROM people pe WHERE pe.document_id = d.id) AS people
    FROM documents d
    ${whereClause(where)}
    ORDER BY d.published_at IS NULL, d.published_at, d.source
    LIMIT @limit`).all(params) as DocumentRow[];
}

export function queryPeople(db: Database, query: PersonQuery = {}): PersonRow[] {
  registerSearchKey(db);
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: toLimit(query.limit) };
  if (query.role !== undefined) {
    where.push(`search_key(pe.role) LIKE @role ESCAPE '\\'`);
    params.role = containsPattern(searchKey(query.role.trim()));
  }
  if (query.name !== undefined) {
    where.push(`pe.name_ascii LIKE @name ESCAPE '\\'`);
    params.name = containsPattern(searchKey(query.name.trim()));
  }
  const rows = db.prepare(`
    SELECT pe.name,
           json_group_array(DISTINCT pe.role ORDER BY pe.role) FILTER (WHERE pe.role <> '') AS role,
           count(DISTINCT pe.document_id) AS documents,
           sum((SELECT count(*) FROM mentions m WHERE m.entity_type = 'person' AND m.entity_id = pe.id)) AS mentions
    FROM people pe
    ${whereClause(where)}
    GROUP BY pe.name
    ORDER BY documents DESC, mentions DESC, max(pe.name_ascii), pe.name
    LIMIT @limit`).all(params) as PersonRow[];
  return rows.map((r) => ({ ...r, role: joinJson(r.role, '; ') }));
}

/** Dates whose span overlaps [from, to]; "2012-03" spans the whole month. */
export function queryDates(db: Database, query: DateQuery = {}): DateRow[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: toLimit(query.limit) };
  // Padding makes partial dates compare as spans: "2012-03" runs from "2012-03-01" to "2012-03-31".
  if (query.from !== undefined) {
    where.push(`(CASE length(da.end) WHEN 4 THEN da.end || '-12-31' WHEN 7 THEN da.end || '-31' ELSE da.end END) >= @from`);
    params.from = toDate('from', query.from, 'first');
  }
  if (query.to !== undefined) {
    where.push(`(CASE length(da.start) WHEN 4 THEN da.start || '-01-01' WHEN 7 THEN da.start || '-01' ELSE da.start END) <= @to`);
    params.to = toDate('to', query.to, 'last');
  }
  return db.prepare(`
    SELECT da.start, da.end, da.precision, da.text, d.source, d.title,
           (SELECT count(*) FROM mentions m WHERE m.entity_type = 'date' AND m.entity_id = da.id) AS mentions
    FROM dates da JOIN documents d ON d.id = da.document_id
    ${whereClause(where)}
    ORDER BY da.start, da.end, d.source
    LIMIT @limit`).all(params) as DateRow[];
}

const registered = new WeakSet<Database>();

/** `search_key(text)` in SQL, for columns without a stored `name_ascii`. */
function registerSearchKey(db: Database): void {
  if (registered.has(db)) return;
  db.function('search_key', { deterministic: true },
    (text: unknown) => (typeof text === 'string' ? searchKey(text) : text));
  registered.add(db);
}

function whereClause(conditions: string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

function joinJson(json: string | null, separator: string): string {
  return json ? (JSON.parse(json) as string[]).join(separator) : '';
}

function toLimit(limit: number | undefined): number {
  if (limit === undefined) return -1; // SQLite: no limit
  if (!Number.isInteger(limit) || limit < 0) {
    throw new InvalidQueryError(`limit ${limit} is not a whole number of rows: give 0 or more`);
  }
  return limit;
}

function oneOf<T extends string>(what: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new InvalidQueryError(`unknown ${what} "${value}": use one of ${allowed.join(', ')}`);
  return found;
}

/** "spółdzielnia socjalna" and "SPOLDZIELNIA_SOCJALNA" both mean spoldzielnia_socjalna. */
function toLegalForm(value: string): string {
  const found = LEGAL_FORMS.find((f) => f === searchKey(value.trim()).replace(/[\s-]+/g, '_'));
  if (found === undefined) {
    throw new InvalidQueryError(`unknown legal form "${value}": use one of ${LEGAL_FORMS.join(', ')}`);
  }
  return found;
}

/** "Łódzkie", "lodzkie" and "województwo łódzkie" all mean łódzkie; "" means not known. */
function toVoivodeship(value: string): string {
  const key = searchKey(value.trim()).replace(/^(wojewodztwo|woj\.)\s*/, '');
  if (key === '') return '';
  const found = VOIVODESHIPS.find((v) => searchKey(v) === key);
  if (found === undefined) {
    throw new InvalidQueryError(`unknown voivodeship "${value}": use one of ${VOIVODESHIPS.join(', ')}`);
  }
  return found;
}

function toDate(what: string, value: string, bound: 'first' | 'last'): string {
  const v = value.trim();
  if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v)) {
    throw new InvalidQueryError(`${what} "${value}" is not a date: give YYYY, YYYY-MM or YYYY-MM-DD`);
  }
  if (v.length === 10) return v;
  if (bound === 'first') return v.length === 4 ? `${v}-01-01` : `${v}-01`;
  return v.length === 4 ? `${v}-12-31` : `${v}-31`;
}
