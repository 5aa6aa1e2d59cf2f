// The Polish gazetteer: localities with their voivodeship, powiat and gmina, and the look-ups that
// settle which of several same-named places a document means.
//
// Locality data © GeoNames (https://www.geonames.org/), CC BY 4.0: the cities500 dump, built into
// resources/gazetteer/places.json by scripts/gazetteer/build-gazetteer.mjs. When the official GUS
// register has been imported (src/lang/pl/teryt.ts → resources/gazetteer/teryt-places.json) it
// is the primary list and GeoNames adds population, coordinates and alternate names.
// Powiats: data/powiats.json (TERYT, GUS); voivodeships: data/voivodeships.json.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VOIVODESHIPS, type PlaceKind, type Voivodeship } from '../../schema.js';
import { projectRoot } from './dictionary.js';

// --- file format (shared with scripts/gazetteer/build-gazetteer.mjs and teryt.ts) ----------

export const PLACES_FORMAT = 'raporty-gazetteer';
export const PLACES_FORMAT_VERSION = 1;
/** The feature codes of places added from the register of geographical names (PRNG). */
export const REGISTER_VILLAGE = 'PRNG-village';
const REGISTER_TOWN = 'PRNG-city';
const isFromRegister = (e: GazetteerEntry) => e.feature === REGISTER_VILLAGE || e.feature === REGISTER_TOWN;
export const PLACE_COLUMNS = ['name', 'alternateNames', 'kind', 'feature', 'voivodeship', 'powiatCode', 'gminaCode',
  'population', 'lat', 'lon'] as const;

/** One locality: coordinates are null when unknown (TERYT has none), population 0 when unknown. */
export type PlaceRow = [string, string[], PlaceKind, string, Voivodeship, string, string, number, number | null, number | null];
/** Gmina code (TERYT WOJ+POW+GMI, 6 digits), name, type ('miejska', 'wiejska', 'miejsko-wiejska' or ''), and 1 when the name is a guess. */
export type GminaRow = [string, string, string] | [string, string, string, 0 | 1];
/** Powiat code (WOJ+POW), name as after "powiat" (or the city's name), voivodeship. */
export type PowiatRow = [string, string, Voivodeship];

export interface PlacesFile {
  format: typeof PLACES_FORMAT;
  version: number;
  /** 'geonames' or 'teryt'. */
  source: string;
  places: PlaceRow[];
  gminas?: GminaRow[];
  powiats?: PowiatRow[];
}

// --- public types ---------------------------------------------------------------------------

export interface GazetteerEntry {
  name: string;
  /** 'locality', or 'district' for a part of a city (Mokotów, Fordon). */
  kind: PlaceKind;
  voivodeship: Voivodeship;
  /** The powiat's name as written after "powiat" ("łomżyński"), or the city's name for a city with powiat rights; '' when unknown. */
  powiat: string;
  /** The gmina's name ("Piątnica"); '' when unknown. */
  gmina: string;
  /** 0 when unknown (TERYT-only localities: below GeoNames' 500-inhabitant threshold). */
  population: number;
  /** NaN when unknown. */
  lat: number;
  lon: number;
  alternateNames: readonly string[];
  /**
   * GeoNames feature code: PPLC capital, PPLA voivodeship seat, PPLA2 powiat seat, PPLA3 gmina seat, PPL, PPLX city part, PPLL village part;
   * PRNG-village / PRNG-city for the register's places GeoNames lacks (scripts/gazetteer/build-gazetteer.mjs).
   */
  feature: string;
  /** TERYT codes: powiat WOJ+POW (4 digits), gmina WOJ+POW+GMI (6 digits); '' when unknown. */
  powiatCode: string;
  gminaCode: string;
  source: 'geonames' | 'teryt' | 'teryt+geonames';
}

export interface GazetteerPowiat {
  code: string;
  /** "łomżyński", "łódzki wschodni", or "Łomża" for a city with powiat rights. */
  name: string;
  seat: string;
  voivodeship: Voivodeship;
  /** City with powiat rights (miasto na prawach powiatu). */
  city: boolean;
  formerNames: readonly string[];
  /** True when not in data/powiats.json nor the TERYT import, and named from its seat by derivePowiatAdjective. */
  derived: boolean;
}

export interface GazetteerGmina {
  kind: 'gmina';
  code: string;
  name: string;
  /** 'miejska', 'wiejska', 'miejsko-wiejska', or '' when the source does not say (GeoNames). */
  type: string;
  voivodeship: Voivodeship;
  powiat: string;
  powiatCode: string;
  /** The seat locality; for a rural gmina around a town (gmina wiejska Łomża) it lies outside the gmina. */
  seat: GazetteerEntry | undefined;
  /** True when GeoNames marks no seat and the gmina was named after its only listed place. */
  guessed: boolean;
}

export interface VoivodeshipInfo {
  adjective: Exclude<Voivodeship, ''>;
  teryt: string;
  geonamesAdmin1: string;
  names: string[];
  capitals: string[];
  regions: string[];
}

export interface ResolveContext {
  voivodeships?: readonly Voivodeship[];
  /** Powiat names ("łomżyński", "powiat łomżyński", "Łomża") or TERYT codes. */
  powiats?: readonly string[];
  /** Gmina names ("Piątnica", "gmina Piątnica") or TERYT codes. */
  gminas?: readonly string[];
}

export class GazetteerMissingError extends Error {
  constructor(readonly paths: readonly string[]) {
    super(`Gazetteer data not found (looked for ${paths.join(', ')}): run \`npm run build\` to build resources/gazetteer/places.json`);
    this.name = 'GazetteerMissingError';
  }
}

// --- locating files ---------------------------------------------------------------------------

const MODULE_DIR = dirname(fileURLToPath(import.meta.url));

// The folder holding package.json, found by dictionary.ts; re-exported for the gazetteer's callers.
export { projectRoot };

export function defaultPaths(root: string = projectRoot()): { geonames: string; teryt: string } {
  const dir = join(root, 'resources', 'gazetteer');
  return { geonames: join(dir, 'places.json'), teryt: join(dir, 'teryt-places.json') };
}

/** tsc copies data/*.json next to the compiled module; fall back to the sources when it did not. */
function dataFile(name: string): string {
  const beside = join(MODULE_DIR, 'data', name);
  if (existsSync(beside)) return beside;
  return join(projectRoot(), 'src', 'lang', 'pl', 'data', name);
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

interface PowiatListEntry { code: string; name: string; seat: string; voivodeship: Exclude<Voivodeship, ''>; city: boolean; formerNames?: string[] }

let powiatList: readonly PowiatListEntry[] | undefined;
let voivodeshipList: readonly VoivodeshipInfo[] | undefined;

/** data/powiats.json: the 380 powiats of TERYT with their seats. */
export function loadPowiatList(): readonly PowiatListEntry[] {
  powiatList ??= (readJson(dataFile('powiats.json')) as { powiats: PowiatListEntry[] }).powiats;
  return powiatList;
}

/** data/voivodeships.json. */
export function loadVoivodeshipList(): readonly VoivodeshipInfo[] {
  voivodeshipList ??= (readJson(dataFile('voivodeships.json')) as { voivodeships: VoivodeshipInfo[] }).voivodeships;
  return voivodeshipList;
}

export function readPlacesFile(path: string): PlacesFile {
  const data = readJson(path) as Partial<PlacesFile>;
  if (data.format !== PLACES_FORMAT || !Array.isArray(data.places)) {
    throw new Error(`${path} is not a ${PLACES_FORMAT} file`);
  }
  if (data.version !== PLACES_FORMAT_VERSION) {
    throw new Error(`${path} has format version ${data.version}, expected ${PLACES_FORMAT_VERSION}: run \`npm run build\``);
  }
  return data as PlacesFile;
}

// --- powiat adjectives from seat names --------------------------------------------------------
// Used to check data/powiats.json and to name powiats it lacks. Right for 302 of the 314 land powiats;
// the rest are names not taken from the seat (bieszczadzki, tatrzański, łódzki wschodni...).

/** Seat names whose adjective no suffix rule gives. */
export const POWIAT_ADJECTIVE_EXCEPTIONS: Readonly<Record<string, string>> = {
  Białystok: 'białostocki', Łódź: 'łódzki', Lublin: 'lubelski', Zamość: 'zamojski',
  Środa: 'średzki', Radomsko: 'radomszczański', Krasnystaw: 'krasnostawski', Września: 'wrzesiński', Leszno: 'leszczyński',
  Gniezno: 'gnieźnieński', Choszczno: 'choszczeński', Kolno: 'kolneński', Lipno: 'lipnowski', Pajęczno: 'pajęczański',
  Chełmno: 'chełmiński', Nakło: 'nakielski', Jasło: 'jasielski', Krosno: 'krośnieński', Nisko: 'niżański',
  Szczytno: 'szczycieński', Mońki: 'moniecki', Końskie: 'konecki', Zawiercie: 'zawierciański', Włocławek: 'włocławski',
  Góra: 'górowski',
};

/** Second words of compound names: Zielona Góra → zielono+górski. */
export const POWIAT_COMPOUND_WORDS: Readonly<Record<string, string>> = {
  Góra: 'górski', Góry: 'górski', Sącz: 'sądecki', Miasto: 'miejski',
};

/** Suffix of the (lower-case) seat name → suffix of the adjective; the longest matching suffix wins. */
export const POWIAT_SUFFIX_RULES: ReadonlyArray<readonly [string, string]> = [
  ['ża', 'żyński'], ['ice', 'icki'], ['yce', 'ycki'], ['lce', 'lecki'], ['cie', 'cki'], ['cze', 'cki'],
  ['iec', 'iecki'], ['ec', 'ecki'], ['ek', 'ecki'], ['ów', 'owski'], ['aw', 'awski'], ['ew', 'ewski'],
  ['ń', 'ński'], ['in', 'iński'], ['yn', 'yński'], ['an', 'ański'],
  ['czno', 'czyński'], ['lno', 'leński'], ['ólno', 'oleński'], ['pno', 'piński'], ['wno', 'wieński'], ['tno', 'tnowski'],
  ['ino', 'iński'], ['sno', 'ski'], ['czna', 'czyński'], ['na', 'ński'], ['zyna', 'ski'], ['czyna', 'czyński'], ['źno', 'ski'],
  ['ko', 'ki'], ['cko', 'cki'], ['sk', 'ski'], ['k', 'cki'], ['ck', 'cki'], ['rk', 'rski'],
  ['cz', 'cki'], ['łcz', 'łecki'], ['szcz', 'ski'], ['sz', 'ski'], ['ż', 'ski'], ['rz', 'rski'], ['órz', 'orski'],
  ['dz', 'dzki'], ['j', 'jski'], ['ja', 'jski'], ['m', 'mski'], ['r', 'rski'], ['ór', 'orski'], ['ól', 'olski'],
  ['ło', 'lski'], ['ła', 'lski'], ['łka', 'lski'], ['łki', 'lski'], ['la', 'lski'], ['ole', 'olski'],
  ['wa', 'wski'], ['ca', 'cki'], ['pca', 'pecki'], ['pc', 'pecki'], ['czka', 'cki'], ['ka', 'cki'], ['sa', 'ski'],
  ['cha', 'ski'], ['ch', 'ski'], ['chnia', 'cheński'], ['za', 'ski'], ['da', 'dzki'], ['ód', 'odzki'], ['rd', 'rdzki'],
  ['awy', 'awski'], ['ki', 'cki'], ['gi', 'ski'], ['uzy', 'uski'], ['ły', 'lski'], ['ry', 'rski'], ['iny', 'iński'],
  ['ny', 'neński'], ['owo', 'owski'], ['ewo', 'ewski'], ['ówka', 'owski'], ['g', 'ski'], ['p', 'pski'], ['z', 'ski'],
  ['t', 'cki'], ['śl', 'ski'], ['ckie', 'cki'], ['skie', 'ski'],
];

/** First words that join the second into one adjective: Nowy Sącz → nowo+sądecki. */
export const POWIAT_COMPOUND_STEMS: Readonly<Record<string, string>> = {
  Nowy: 'nowo', Nowa: 'nowo', Nowe: 'nowo', Stary: 'staro', Stara: 'staro', Stare: 'staro', Zielona: 'zielono',
  Stalowa: 'stalowo', Zduńska: 'zduńsko', Kamienna: 'kamienno', Jelenia: 'jelenio', Wysokie: 'wysoko', Tarnowskie: 'tarno',
};

const QUALIFIER = /^(\p{Lu}\p{Ll}*(ski|ska|skie|cki|cka|ckie|dzki|dzka|dzkie)|Zdrój|Dolne|Dolny|Dolna|Górne|Górny|Górna|Wielka|Wielki|Wielkie|Mała|Mały|Małe)$/u;
const SORTED_RULES = [...POWIAT_SUFFIX_RULES].sort((a, b) => b[0].length - a[0].length);

function adjectiveOfWord(word: string): string {
  const exception = POWIAT_ADJECTIVE_EXCEPTIONS[word];
  if (exception) return exception;
  const w = word.toLowerCase();
  for (const [suffix, replacement] of SORTED_RULES) {
    if (w.endsWith(suffix)) return w.slice(0, w.length - suffix.length) + replacement;
  }
  return `${w}ski`;
}

/** The powiat adjective derived from its seat: Łomża → łomżyński, Nowy Sącz → nowosądecki. */
export function derivePowiatAdjective(seat: string): string {
  const whole = POWIAT_ADJECTIVE_EXCEPTIONS[seat];
  if (whole) return whole;
  const words = seat.trim().split(/\s+/);
  const stem = POWIAT_COMPOUND_STEMS[words[0]];
  if (stem && words.length > 1) {
    const second = words[1].split('-')[0];
    return stem + (POWIAT_COMPOUND_WORDS[second] ?? adjectiveOfWord(second));
  }
  // Drop qualifiers and "nad X": Lwówek Śląski → Lwówek, Nakło nad Notecią → Nakło.
  const kept = [words[0]];
  for (const w of words.slice(1)) {
    if (w === 'nad' || w === 'pod' || QUALIFIER.test(w)) break;
    kept.push(w);
  }
  return adjectiveOfWord(kept[0].split('-')[0]);
}

// --- helpers -------------------------------------------------------------------------------------

const ADMIN_RANK: Readonly<Record<string, number>> = { PPLC: 4, PPLA: 3, PPLA2: 2, PPLA3: 1 };
const rank = (e: GazetteerEntry): number => ADMIN_RANK[e.feature] ?? 0;
const normaliseName = (s: string): string => s.normalize('NFC').trim().replace(/\s+/g, ' ');
// Plain toLowerCase: Polish has no locale-specific case rules, and the locale-aware call is ~10× slower.
const lower = (s: string): string => normaliseName(s).toLowerCase();
/** For names already NFC and trimmed: from the data files, or normaliseName's. */
const lowerKey = (s: string): string => s.toLowerCase();
const stripUnitWord = (s: string, words: RegExp): string => normaliseName(s).replace(words, '');
const POWIAT_WORD = /^(powiat|pow\.)\s+/i;
const GMINA_WORD = /^(gmina|gm\.)\s+/i;
const VOIVODESHIP_SET: ReadonlySet<string> = new Set(VOIVODESHIPS);

/** Population of a place GeoNames lacks: under its 500-inhabitant threshold, so assume the threshold. */
const UNKNOWN_POPULATION = 500;
/** A place is taken without context when it has this many times the population of the next one. */
const DOMINANCE_RATIO = 10;
/** ... or, when the document's context excludes every candidate, when it is this large. */
const BIG_CITY = 100_000;

/** The voivodeship every one of the places lies in, or undefined (none given, or several voivodeships). */
export function sharedVoivodeship(entries: readonly GazetteerEntry[]): Voivodeship | undefined {
  return entries.length && entries.every((e) => e.voivodeship === entries[0].voivodeship) ? entries[0].voivodeship : undefined;
}

/** A candidate's fit with the document's units: gmina 4 + powiat 2 + voivodeship 1. */
function contextScore(context: ResolveContext): (e: GazetteerEntry) => number {
  const voivodeships = new Set((context.voivodeships ?? []).filter(Boolean));
  const powiats = new Set((context.powiats ?? []).map((p) => lower(stripUnitWord(p, POWIAT_WORD))).filter(Boolean));
  const gminas = new Set((context.gminas ?? []).map((g) => lower(stripUnitWord(g, GMINA_WORD))).filter(Boolean));
  return (e) => (gminas.has(lowerKey(e.gmina)) || gminas.has(e.gminaCode) ? 4 : 0)
    + (powiats.has(lowerKey(e.powiat)) || powiats.has(e.powiatCode) ? 2 : 0)
    + (voivodeships.has(e.voivodeship) ? 1 : 0);
}

function byImportance(a: GazetteerEntry, b: GazetteerEntry): number {
  return b.population - a.population || rank(b) - rank(a) || a.name.localeCompare(b.name, 'pl')
    || a.voivodeship.localeCompare(b.voivodeship, 'pl');
}

/**
 * Picks the candidate that clearly stands out, or undefined: a capital/voivodeship seat/powiat
 * seat among places that are none (Brzeziny the powiat seat, not the villages), or one with
 * ≥ 10 times the population of the next (unknown populations count as 500).
 */
function dominant(candidates: readonly GazetteerEntry[]): GazetteerEntry | undefined {
  if (candidates.length === 1) return candidates[0];
  const sorted = [...candidates].sort(byImportance);
  const majors = sorted.filter((e) => rank(e) >= ADMIN_RANK.PPLA2);
  if (majors.length === 1) return majors[0];
  if (majors.length > 1) return dominantByPopulation(majors);
  return dominantByPopulation(sorted);
}

function dominantByPopulation(sorted: readonly GazetteerEntry[]): GazetteerEntry | undefined {
  const [top, next] = sorted;
  const pop = (e: GazetteerEntry): number => e.population || UNKNOWN_POPULATION;
  return top.population > 0 && top.population >= DOMINANCE_RATIO * pop(next) ? top : undefined;
}

function rowToEntry(row: PlaceRow, source: GazetteerEntry['source']): GazetteerEntry {
  const [name, alternateNames, kind, feature, voivodeship, powiatCode, gminaCode, population, lat, lon] = row;
  return {
    name, kind, voivodeship, powiat: '', gmina: '', population, lat: lat ?? Number.NaN, lon: lon ?? Number.NaN,
    alternateNames, feature, powiatCode, gminaCode, source,
  };
}

/** TERYT rows are primary; a GeoNames row with the same name in the same gmina (or, failing that, the only one in the same powiat) enriches it. */
function mergeSources(teryt: GazetteerEntry[], geonames: GazetteerEntry[]): GazetteerEntry[] {
  const key = (...parts: string[]): string => parts.join('|');
  const byGmina = new Map<string, GazetteerEntry[]>();
  const byPowiat = new Map<string, GazetteerEntry[]>();
  for (const g of geonames) {
    if (isFromRegister(g)) continue;
    push(byGmina, key(g.name, g.gminaCode), g);
    push(byPowiat, key(g.name, g.powiatCode), g);
  }
  const used = new Set<GazetteerEntry>();
  const free = (list: GazetteerEntry[] | undefined): GazetteerEntry[] => (list ?? []).filter((g) => !used.has(g));
  for (const t of teryt) {
    const sameGmina = free(byGmina.get(key(t.name, t.gminaCode)));
    const samePowiat = free(byPowiat.get(key(t.name, t.powiatCode)));
    const g = sameGmina[0] ?? (samePowiat.length === 1 ? samePowiat[0] : undefined);
    if (!g) continue;
    used.add(g);
    t.population = g.population;
    t.lat = g.lat;
    t.lon = g.lon;
    t.alternateNames = [...new Set([...t.alternateNames, ...g.alternateNames])];
    if (rank(g) > rank(t)) t.feature = g.feature;
    t.source = 'teryt+geonames';
  }
  // TERYT lists every locality: the register's villages in the GeoNames build would count twice.
  return [...teryt, ...geonames.filter((g) => !used.has(g) && !isFromRegister(g))];
}

// --- the gazetteer -------------------------------------------------------------------------------

export class Gazetteer {
  private readonly entries: readonly GazetteerEntry[];
  private readonly byName = new Map<string, GazetteerEntry[]>();
  private readonly byLowerName = new Map<string, GazetteerEntry[]>();
  private readonly powiatsByCode = new Map<string, GazetteerPowiat>();
  private readonly powiatsByName = new Map<string, GazetteerPowiat[]>();
  private readonly gminasByCode = new Map<string, GazetteerGmina>();
  private readonly gminasByName = new Map<string, GazetteerGmina[]>();
  private readonly voivodeshipsByForm = new Map<string, VoivodeshipInfo>();
  private readonly voivodeshipsByRegion = new Map<string, VoivodeshipInfo>();

  /** Builds from one or more places files; a TERYT file, when given, is the primary list. */
  constructor(files: readonly PlacesFile[]) {
    const teryt = files.filter((f) => f.source === 'teryt');
    const others = files.filter((f) => f.source !== 'teryt');
    const terytEntries = teryt.flatMap((f) => f.places.map((r) => rowToEntry(r, 'teryt')));
    const otherEntries = others.flatMap((f) => f.places.map((r) => rowToEntry(r, 'geonames')));
    const entries = terytEntries.length ? mergeSources(terytEntries, otherEntries) : otherEntries;
    this.entries = entries;

    for (const e of entries) {
      for (const n of new Set([e.name, ...e.alternateNames])) {
        push(this.byName, n, e);
        push(this.byLowerName, lowerKey(n), e);
      }
    }
    this.indexVoivodeships();
    // Later files override earlier ones: GeoNames, then TERYT.
    this.indexPowiats([...others, ...teryt]);
    this.indexGminas([...others, ...teryt]);
    for (const e of entries) {
      e.powiat = this.powiatsByCode.get(e.powiatCode)?.name ?? '';
      e.gmina = this.gminasByCode.get(e.gminaCode)?.name ?? '';
    }
  }

  /** Reads one places file (GeoNames or TERYT build); without a path, the default resources merged. */
  static load(path?: string): Gazetteer {
    if (path !== undefined) {
      if (!existsSync(path)) throw new GazetteerMissingError([path]);
      return new Gazetteer([readPlacesFile(path)]);
    }
    const { geonames, teryt } = defaultPaths();
    return Gazetteer.fromFiles({ geonames, teryt });
  }

  /** Merges the files that exist; throws GazetteerMissingError when none does. */
  static fromFiles(paths: { geonames?: string; teryt?: string }): Gazetteer {
    const present = [paths.geonames, paths.teryt].filter((p): p is string => p !== undefined && existsSync(p));
    if (!present.length) throw new GazetteerMissingError([paths.geonames, paths.teryt].filter((p): p is string => !!p));
    return new Gazetteer(present.map(readPlacesFile));
  }

  get size(): number {
    return this.entries.length;
  }

  /** Every locality and city part, in file order. */
  all(): readonly GazetteerEntry[] {
    return this.entries;
  }

  // --- localities

  /** Places named `name` (official or alternate name): exact spelling first, else ignoring case; most populous first. */
  findLocalities(name: string): GazetteerEntry[] {
    return [...this.entriesNamed(name)].sort(byImportance);
  }

  /** The index's list for `name`, unsorted: exact spelling first, else ignoring case. */
  private entriesNamed(name: string): readonly GazetteerEntry[] {
    const n = normaliseName(name);
    return this.byName.get(n) ?? this.byLowerName.get(lowerKey(n)) ?? [];
  }

  /** Whether findLocalities finds any, without sorting them (the index holds no empty lists). */
  hasLocality(name: string): boolean {
    const n = normaliseName(name);
    return this.byName.has(n) || this.byLowerName.has(lowerKey(n));
  }

  /** Whether a place named `name` is listed beyond the register's villages: a town, or a place GeoNames knows (500 people or more). */
  hasNotableLocality(name: string): boolean {
    return this.hasLocality(name) && !this.onlyRegisterVillages(name);
  }

  /**
   * Whether every place named `name` is a village only the register lists: a small place whose
   * name is as often a word, a person's name or a field name, so a listing alone proves little.
   */
  onlyRegisterVillages(name: string): boolean {
    const found = this.entriesNamed(name);
    return found.length > 0 && found.every((e) => e.feature === REGISTER_VILLAGE);
  }

  /**
   * The voivodeship of the place a document means by `name`: the resolved place's, or the one
   * that every best fit in the context shares (three villages Brzeziny in wielkopolskie).
   */
  voivodeshipOf(name: string, context: ResolveContext = {}): Voivodeship | undefined {
    const resolved = this.resolve(name, context);
    if (resolved) return resolved.voivodeship;
    return sharedVoivodeship(this.bestFits(name, context));
  }

  /** The candidates scoring highest against the context (none when none fits it). */
  private bestFits(name: string, context: ResolveContext): GazetteerEntry[] {
    const candidates = this.entriesNamed(name);
    const score = contextScore(context);
    const scored = candidates.map((e) => ({ e, s: score(e) }));
    const best = Math.max(0, ...scored.map((x) => x.s));
    return best > 0 ? scored.filter((x) => x.s === best).map((x) => x.e) : [];
  }

  /**
   * The place a document means by `name`, or undefined when that cannot be told.
   *
   * 1. One candidate: it.
   * 2. Context: candidates in a gmina, powiat or voivodeship the document mentions, scored
   *    gmina 4 + powiat 2 + voivodeship 1; the best-scored one, or if several tie, the one that
   *    dominates them (see 3), else undefined.
   * 3. No context: the dominant candidate: the only PPLC/PPLA/PPLA2 among them, or ≥ 10× the
   *    population of the next. Otherwise undefined rather than the most populous: a record
   *    with no voivodeship is better than one with a wrong voivodeship.
   * 4. Context given but no candidate in it: only a city of ≥ 100,000 or a voivodeship seat,
   *    which documents name whatever region they are about.
   */
  resolve(name: string, context: ResolveContext = {}): GazetteerEntry | undefined {
    const candidates = this.findLocalities(name);
    if (candidates.length <= 1) return candidates[0];
    const hasContext = (context.voivodeships ?? []).some(Boolean) || (context.powiats ?? []).some(Boolean) || (context.gminas ?? []).some(Boolean);
    if (!hasContext) return dominant(candidates);

    const score = contextScore(context);
    const scored = candidates.map((e) => ({ e, s: score(e) }));
    const best = Math.max(...scored.map((x) => x.s));
    if (best > 0) return dominant(scored.filter((x) => x.s === best).map((x) => x.e));
    const top = candidates[0];
    return top.population >= BIG_CITY || rank(top) >= ADMIN_RANK.PPLA ? top : undefined;
  }

  // --- voivodeships

  /**
   * The voivodeship named by its schema form ("podlaskie", any letter case) or a listed noun
   * phrase ("województwo podlaskie", "woj. podlaskie"). Inflected or masculine forms
   * ("podlaskiego", "podlaski") are not accepted: the morphology module lemmatises first, and
   * "opolski"/"lubelski" are powiat names.
   */
  voivodeshipByAdjective(adjective: string): Exclude<Voivodeship, ''> | undefined {
    return this.voivodeshipsByForm.get(lower(adjective))?.adjective;
  }

  /** The voivodeship of a historical or regional name: "Podlasie", "Warmia i Mazury", "Śląsk". */
  voivodeshipByRegion(region: string): Exclude<Voivodeship, ''> | undefined {
    return this.voivodeshipsByRegion.get(lower(region))?.adjective;
  }

  voivodeships(): readonly VoivodeshipInfo[] {
    return loadVoivodeshipList();
  }

  // --- powiats

  /** Powiats named `name` ("łomżyński", "powiat łomżyński", "Łomża" for the city); two for ten adjectives such as "nowodworski". */
  powiats(name?: string): GazetteerPowiat[] {
    if (name === undefined) return [...this.powiatsByCode.values()];
    return [...(this.powiatsByName.get(lower(stripUnitWord(name, POWIAT_WORD))) ?? [])];
  }

  powiatByCode(code: string): GazetteerPowiat | undefined {
    return this.powiatsByCode.get(code);
  }

  /** "łomżyński" → 'podlaskie'; undefined when unknown or when the name is shared by powiats in two voivodeships. */
  voivodeshipOfPowiat(powiatName: string): Voivodeship | undefined {
    const found = new Set(this.powiats(powiatName).map((p) => p.voivodeship));
    return found.size === 1 ? [...found][0] : undefined;
  }

  /** The seat locality of a powiat ("łomżyński" → Łomża); pass the voivodeship for shared names ("nowodworski"). */
  powiatSeat(powiatName: string, voivodeship?: Voivodeship): GazetteerEntry | undefined {
    const matches = this.powiats(powiatName).filter((p) => !voivodeship || p.voivodeship === voivodeship);
    if (matches.length !== 1) return undefined;
    return this.seatOf(matches[0].seat, matches[0].voivodeship, matches[0].code);
  }

  // --- gminas

  /** Gminas named `name` ("Rogów", "gmina Rogów"), guessed names last; a town often has two: the urban gmina and the rural one around it. */
  gminaByName(name: string): GazetteerGmina[] {
    return [...(this.gminasByName.get(lower(stripUnitWord(name, GMINA_WORD))) ?? [])]
      .sort((a, b) => Number(a.guessed) - Number(b.guessed) || a.code.localeCompare(b.code));
  }

  gminaByCode(code: string): GazetteerGmina | undefined {
    return this.gminasByCode.get(code.slice(0, 6));
  }

  // --- indexing

  private seatOf(name: string, voivodeship: Voivodeship, code: string, gminaCode?: string): GazetteerEntry | undefined {
    // Same gmina, else same powiat, else a city with powiat rights of that name (the seat of
    // powiat łomżyński and of gmina wiejska Łomża is the city Łomża, outside both).
    const prefer = (e: GazetteerEntry): number => (gminaCode && e.gminaCode === gminaCode ? 4 : 0)
      + (e.powiatCode === code ? 2 : 0) + (Number(e.powiatCode.slice(2)) >= 61 ? 1 : 0);
    const candidates = (this.byName.get(name) ?? []).filter((e) => e.name === name && e.voivodeship === voivodeship
      && e.kind === 'locality' && prefer(e) > 0);
    return candidates.sort((a, b) => prefer(b) - prefer(a) || rank(b) - rank(a) || b.population - a.population)[0];
  }

  private indexVoivodeships(): void {
    for (const v of loadVoivodeshipList()) {
      if (!VOIVODESHIP_SET.has(v.adjective)) throw new Error(`voivodeships.json: unknown voivodeship ${v.adjective}`);
      for (const form of [v.adjective, ...v.names]) this.voivodeshipsByForm.set(lowerKey(form), v);
      for (const region of v.regions) this.voivodeshipsByRegion.set(lowerKey(region), v);
    }
  }

  private indexPowiats(files: readonly PlacesFile[]): void {
    for (const p of loadPowiatList()) {
      this.powiatsByCode.set(p.code, { ...p, formerNames: p.formerNames ?? [], derived: false });
    }
    for (const f of files) {
      for (const [code, name, voivodeship] of f.powiats ?? []) {
        const known = this.powiatsByCode.get(code);
        this.powiatsByCode.set(code, {
          code, name, voivodeship, seat: known?.seat ?? '', city: Number(code.slice(2)) >= 61,
          formerNames: known && known.name !== name ? [...known.formerNames, known.name] : known?.formerNames ?? [],
          derived: false,
        });
      }
    }
    // Codes in the places but in no list: seat = the place GeoNames marks PPLA2 (or higher), else
    // the most populous (PPLA3 only marks gmina seats). Right for 331 of the 335 powiats whose
    // seat lies inside them; a land powiat seated in a city with powiat rights gets it wrong.
    const groups = new Map<string, GazetteerEntry[]>();
    for (const e of this.entries) if (e.powiatCode && e.kind === 'locality') push(groups, e.powiatCode, e);
    const seatRank = (e: GazetteerEntry): number => (rank(e) >= ADMIN_RANK.PPLA2 ? rank(e) : 0);
    for (const [code, members] of groups) {
      const known = this.powiatsByCode.get(code);
      if (known?.seat) continue;
      const seat = [...members].sort((a, b) => seatRank(b) - seatRank(a) || b.population - a.population)[0];
      const city = Number(code.slice(2)) >= 61;
      this.powiatsByCode.set(code, {
        code, seat: seat.name, voivodeship: seat.voivodeship, city, formerNames: known?.formerNames ?? [],
        name: known?.name ?? (city ? seat.name : derivePowiatAdjective(seat.name)), derived: !known,
      });
    }
    for (const p of this.powiatsByCode.values()) {
      for (const n of new Set([p.name, ...p.formerNames])) push(this.powiatsByName, lowerKey(n), p);
    }
  }

  private indexGminas(files: readonly PlacesFile[]): void {
    const names = new Map<string, { name: string; type: string; guessed: boolean }>();
    for (const f of files) {
      for (const [code, name, type, guessed] of f.gminas ?? []) names.set(code, { name, type, guessed: guessed === 1 });
    }
    for (const [code, { name, type, guessed }] of names) {
      const powiat = this.powiatsByCode.get(code.slice(0, 4));
      const voivodeship = powiat?.voivodeship
        ?? (loadVoivodeshipList().find((v) => v.teryt === code.slice(0, 2))?.adjective ?? '');
      const gmina: GazetteerGmina = {
        kind: 'gmina', code, name, type, voivodeship, powiat: powiat?.name ?? '', powiatCode: code.slice(0, 4),
        seat: this.seatOf(name, voivodeship, code.slice(0, 4), code), guessed,
      };
      this.gminasByCode.set(code, gmina);
      push(this.gminasByName, lowerKey(name), gmina);
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

let cached: Gazetteer | undefined;

/** The gazetteer of resources/gazetteer (TERYT import merged with GeoNames when present), loaded once per process. */
export function defaultGazetteer(): Gazetteer {
  cached ??= Gazetteer.load();
  return cached;
}

let unavailable = false;

/** The default gazetteer, or undefined when it cannot be loaded (not built): the caller then goes without it. */
export function defaultGazetteerIfBuilt(): Gazetteer | undefined {
  if (cached || unavailable) return cached;
  try {
    return defaultGazetteer();
  } catch {
    unavailable = true;
    return undefined;
  }
}
