// Imports the official register of GUS (TERYT, https://eteryt.stat.gov.pl/): TERC, the
// territorial units (voivodeships, powiats, gminas), and SIMC, the localities. Writes
// teryt-places.json in the gazetteer's places format (see gazetteer.ts), which the gazetteer then
// prefers to GeoNames: SIMC lists every locality (~100k) but has no population or coordinates.
//
// Files as published ("urzędowy" variant, CSV): `;`-separated, UTF-8 with a BOM (older exports in
// windows-1250 are read too), first line the header:
//   TERC: WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA
//   SIMC: WOJ;POW;GMI;RODZ_GMI;RM;MZ;NAZWA;SYM;SYMPOD;STAN_NA
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PlaceKind, Voivodeship } from '../../schema.js';
import {
  PLACE_COLUMNS, PLACES_FORMAT, PLACES_FORMAT_VERSION, loadPowiatList, loadVoivodeshipList,
  type GminaRow, type PlaceRow, type PowiatRow,
} from './gazetteer.js';

export const TERYT_PLACES_FILE = 'teryt-places.json';

export interface TerytImportResult {
  path: string;
  places: number;
  gminas: number;
  powiats: number;
  /** The register's date (STAN_NA), newest seen. */
  stateAsOf: string;
}

export class TerytFormatError extends Error {
  override name = 'TerytFormatError';
}

const TERC_COLUMNS = ['WOJ', 'POW', 'GMI', 'RODZ', 'NAZWA', 'NAZWA_DOD', 'STAN_NA'] as const;
const SIMC_COLUMNS = ['WOJ', 'POW', 'GMI', 'RODZ_GMI', 'RM', 'MZ', 'NAZWA', 'SYM', 'SYMPOD', 'STAN_NA'] as const;

// TERC RODZ: 1 gmina miejska, 2 wiejska, 3 miejsko-wiejska, 4 its town, 5 its rural area,
// 8 dzielnica of Warsaw, 9 delegatura of a city. 8 and 9 are parts of the city's gmina.
const GMINA_TYPES: Readonly<Record<string, string>> = { 1: 'miejska', 2: 'wiejska', 3: 'miejsko-wiejska' };
const CITY_PART_RODZ = new Set(['8', '9']);
// SIMC RM: 96 town; 95 dzielnica of Warsaw, 98 delegatura, 99 part of a town; 00 part of a
// locality; 01 village, 02 colony, 03 hamlet, 04 settlement, 05 forest settlement, 06 estate, 07 shelter.
const TOWN = '96';
const CITY_PART_RM = new Set(['95', '98', '99']);

type Row<C extends readonly string[]> = Record<C[number], string> & { line: number };

/** Decodes UTF-8 (dropping the BOM), falling back to windows-1250 for old exports. */
function decode(bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1250').decode(bytes);
  }
  return text.replace(/^\uFEFF/, '');
}

function parseRegister<C extends readonly string[]>(path: string, columns: C, kind: string): Row<C>[] {
  const lines = decode(readFileSync(path)).split(/\r?\n/);
  const header = lines[0].split(';').map((h) => h.trim().toUpperCase());
  const index = columns.map((c) => header.indexOf(c));
  const missing = columns.filter((_, i) => index[i] < 0);
  if (missing.length) {
    throw new TerytFormatError(`${path}: not a ${kind} file (header lacks ${missing.join(', ')}; expected ${columns.join(';')})`);
  }
  const rows: Row<C>[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    const cells = lines[i].split(';');
    if (cells.length < header.length) throw new TerytFormatError(`${path}:${i + 1}: ${cells.length} fields, expected ${header.length}`);
    const row = { line: i + 1 } as Row<C>;
    columns.forEach((c, k) => { (row as Record<string, string | number>)[c] = cells[index[k]].trim(); });
    rows.push(row);
  }
  return rows;
}

function voivodeshipOf(woj: string, where: string): Exclude<Voivodeship, ''> {
  const v = loadVoivodeshipList().find((x) => x.teryt === woj);
  if (!v) throw new TerytFormatError(`${where}: unknown voivodeship code WOJ=${woj}`);
  return v.adjective;
}

interface TercData {
  powiats: PowiatRow[];
  gminas: Map<string, { name: string; type: string }>;
  /** Gmina code of a Warsaw dzielnica / city delegatura → the city's gmina code. */
  cityOfPart: Map<string, string>;
  stateAsOf: string;
}

function readTerc(path: string): TercData {
  const powiats: PowiatRow[] = [];
  const gminas = new Map<string, { name: string; type: string }>();
  const parts: Row<typeof TERC_COLUMNS>[] = [];
  let stateAsOf = '';
  for (const r of parseRegister(path, TERC_COLUMNS, 'TERC')) {
    const where = `${path}:${r.line}`;
    if (r.STAN_NA > stateAsOf) stateAsOf = r.STAN_NA;
    const voivodeship = voivodeshipOf(r.WOJ, where);
    if (!r.POW) {
      if (r.NAZWA.toLowerCase() !== voivodeship) {
        throw new TerytFormatError(`${where}: WOJ=${r.WOJ} is ${voivodeship}, the file says ${r.NAZWA}`);
      }
      continue;
    }
    if (!r.GMI) {
      powiats.push([r.WOJ + r.POW, r.NAZWA, voivodeship]);
      continue;
    }
    const code = r.WOJ + r.POW + r.GMI;
    if (CITY_PART_RODZ.has(r.RODZ)) parts.push(r);
    else if (GMINA_TYPES[r.RODZ]) gminas.set(code, { name: r.NAZWA, type: GMINA_TYPES[r.RODZ] });
    else if (!gminas.has(code)) gminas.set(code, { name: r.NAZWA, type: 'miejsko-wiejska' }); // RODZ 4/5 without its 3
  }
  // A dzielnica/delegatura has its own GMI in TERC, but belongs to the city's urban gmina.
  const cityOfPart = new Map<string, string>();
  for (const r of parts) {
    const city = [...gminas].find(([code, g]) => code.startsWith(r.WOJ + r.POW) && g.type === 'miejska');
    if (city) cityOfPart.set(r.WOJ + r.POW + r.GMI, city[0]);
  }
  return { powiats, gminas, cityOfPart, stateAsOf };
}

function readSimc(path: string, terc: TercData | undefined): { places: PlaceRow[]; stateAsOf: string } {
  const rows = parseRegister(path, SIMC_COLUMNS, 'SIMC');
  const bySym = new Map(rows.map((r) => [r.SYM, r]));
  let stateAsOf = '';
  const places: PlaceRow[] = rows.map((r) => {
    const where = `${path}:${r.line}`;
    if (r.STAN_NA > stateAsOf) stateAsOf = r.STAN_NA;
    const voivodeship = voivodeshipOf(r.WOJ, where);
    const ownCode = r.WOJ + r.POW + r.GMI;
    const gminaCode = CITY_PART_RODZ.has(r.RODZ_GMI)
      ? terc?.cityOfPart.get(ownCode) ?? `${r.WOJ}${r.POW}01`
      : ownCode;
    const parent = r.SYMPOD && r.SYMPOD !== r.SYM ? bySym.get(r.SYMPOD) : undefined;
    const partOfTown = CITY_PART_RM.has(r.RM) || (parent !== undefined && (parent.RM === TOWN || CITY_PART_RM.has(parent.RM)));
    const kind: PlaceKind = partOfTown ? 'district' : 'locality';
    const feature = partOfTown ? 'PPLX' : parent ? 'PPLL' : 'PPL';
    return [r.NAZWA, [], kind, feature, voivodeship, r.WOJ + r.POW, gminaCode, 0, null, null];
  });
  markSeats(places, rows.map((r) => r.RM === TOWN), terc);
  return { places, stateAsOf };
}

/** Sets GeoNames-style seat features, which the gazetteer uses to pick the place a name means. */
function markSeats(places: PlaceRow[], isTown: boolean[], terc: TercData | undefined): void {
  const capitals = new Map<string, string>();
  for (const v of loadVoivodeshipList()) for (const c of v.capitals) capitals.set(`${c}|${v.adjective}`, c === 'Warszawa' ? 'PPLC' : 'PPLA');
  const powiatSeats = new Map<string, string[]>();
  for (const p of loadPowiatList()) {
    const key = `${p.seat}|${p.voivodeship}`;
    powiatSeats.set(key, [...(powiatSeats.get(key) ?? []), p.code]);
  }
  places.forEach((row, i) => {
    const [name, , kind, , voivodeship, powiatCode, gminaCode] = row;
    if (kind !== 'locality' || row[3] === 'PPLL') return;
    const key = `${name}|${voivodeship}`;
    const seatOf = powiatSeats.get(key) ?? [];
    if (capitals.has(key) && isTown[i]) row[3] = capitals.get(key)!;
    else if (isTown[i] && (seatOf.includes(powiatCode) || (seatOf.length && Number(powiatCode.slice(2)) >= 61))) row[3] = 'PPLA2';
    else if (terc?.gminas.get(gminaCode)?.name === name) row[3] = 'PPLA3';
  });
}

function serialise(meta: Record<string, unknown>, tables: Record<string, unknown[][]>): string {
  const head = Object.entries(meta).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const body = Object.entries(tables).map(([k, rows]) => `${JSON.stringify(k)}: [\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]`);
  return `{\n${[...head, ...body].join(',\n')}\n}\n`;
}

/**
 * Reads TERC and/or SIMC and writes `${outDir}/teryt-places.json` (localities from SIMC; powiat
 * and gmina names from TERC). Either file alone is accepted: TERC alone yields only the unit
 * names, SIMC alone localities whose gmina names come from GeoNames.
 */
export async function importTeryt(files: { terc?: string; simc?: string }, outDir: string): Promise<TerytImportResult> {
  if (!files.terc && !files.simc) throw new TerytFormatError('importTeryt: give a TERC file, a SIMC file, or both');
  const terc = files.terc ? readTerc(files.terc) : undefined;
  const simc = files.simc ? readSimc(files.simc, terc) : undefined;
  const places = (simc?.places ?? []).sort((a, b) => a[6].localeCompare(b[6]) || a[0].localeCompare(b[0], 'pl'));
  const gminas: GminaRow[] = [...(terc?.gminas ?? [])].map(([code, g]) => [code, g.name, g.type]);
  const powiats = terc?.powiats ?? [];
  const stateAsOf = [terc?.stateAsOf ?? '', simc?.stateAsOf ?? ''].sort().at(-1) ?? '';

  const path = join(outDir, TERYT_PLACES_FILE);
  const text = serialise({
    _source: `TERYT (TERC, SIMC), Główny Urząd Statystyczny, state as of ${stateAsOf || 'unknown'}`,
    format: PLACES_FORMAT, version: PLACES_FORMAT_VERSION, source: 'teryt', stateAsOf,
    columns: PLACE_COLUMNS, gminaColumns: ['gminaCode', 'name', 'type'], powiatColumns: ['powiatCode', 'name', 'voivodeship'],
  }, { places, gminas, powiats });
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
  return { path, places: places.length, gminas: gminas.length, powiats: powiats.length, stateAsOf };
}
