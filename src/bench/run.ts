// `npm run bench`: throughput of the pipeline stages on the bundled fixture reports, in one
// process. It only measures and prints; nothing here asserts on timings, which vary by machine.
//   node dist/bench/run.js [--mb N] [--json]
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { LoadedDocument, ReportRecord } from '../schema.js';
import { isLoadFailure, loadSources } from '../load/index.js';
import { processDocument, validate } from '../pipeline.js';
import { segment } from '../segment/index.js';
import { EXTRACTOR_VERSION, extractRecord, sha256 } from '../extract/index.js';
import { openDatabase } from '../store/migrations.js';
import { Store } from '../store/write.js';
import { normalizePhrase, type PhraseKind } from '../lang/pl/normalize.js';
import { defaultDictionary, projectRoot } from '../lang/pl/dictionary.js';
import { defaultGuesser } from '../lang/pl/morphology.js';
import { defaultGazetteer } from '../lang/pl/gazetteer.js';

/** MB here is 10^6 bytes of UTF-8 text. */
const MB = 1_000_000;
const KINDS = new Set<string>(['person', 'place', 'organization']);

interface Metric { metric: string; value: number; unit: string }

function usage(message: string): never {
  process.stderr.write(`bench: ${message}\nusage: node dist/bench/run.js [--mb N] [--json]\n`);
  process.exit(2);
}

function parseOptions(): { targetMb: number; json: boolean } {
  let values: { mb?: string; json?: boolean };
  try {
    ({ values } = parseArgs({ options: { mb: { type: 'string' }, json: { type: 'boolean' } } }));
  } catch (e) {
    usage((e as Error).message);
  }
  const targetMb = values.mb === undefined ? 4 : Number(values.mb);
  if (!Number.isFinite(targetMb) || targetMb <= 0) usage(`--mb must be a positive number, not ${values.mb}`);
  return { targetMb, json: values.json ?? false };
}

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

const seconds = (ms: number) => ms / 1000;

async function main(): Promise<void> {
  const { targetMb, json } = parseOptions();
  const root = projectRoot();
  const metrics: Metric[] = [];
  const add = (metric: string, value: number, unit: string) => metrics.push({ metric, value, unit });

  // The first call of each loads its file; later calls (inside extraction) reuse it.
  add('dictionary load', timed(() => defaultDictionary())[1], 'ms');
  add('guesser load', timed(() => defaultGuesser())[1], 'ms');
  add('gazetteer load', timed(() => defaultGazetteer())[1], 'ms');

  const docs: LoadedDocument[] = [];
  const loadStart = performance.now();
  for await (const item of loadSources([join(root, 'fixtures')])) {
    if (isLoadFailure(item)) process.stderr.write(`bench: skipped ${item.source}: ${item.reason}\n`);
    else docs.push(item);
  }
  if (!docs.length) throw new Error(`no documents could be loaded from ${join(root, 'fixtures')}`);
  const passBytes = docs.reduce((n, d) => n + Buffer.byteLength(d.text, 'utf8'), 0);
  add('fixture documents', docs.length, 'docs');
  add('fixture text', passBytes / MB, 'MB');
  add('fixture load', performance.now() - loadStart, 'ms');

  // (a) Extract-only throughput. The warm-up pass pays for lazily built tables and JIT.
  // The first document on its own: what it costs beyond the others is lazy loading.
  add('warm-up: first document', timed(() => processDocument(docs[0]))[1], 'ms');
  add('warm-up: pass', timed(() => docs.forEach((d) => processDocument(d)))[1], 'ms');
  const passes = Math.max(1, Math.ceil((targetMb * MB) / passBytes));
  let records: ReportRecord[] = [];
  const extractMs = timed(() => {
    for (let pass = 0; pass < passes; pass++) records = docs.map((d) => processDocument(d));
  })[1];
  const extractedBytes = passes * passBytes;
  add('extract: text processed', extractedBytes / MB, 'MB');
  add('extract: throughput', extractedBytes / MB / seconds(extractMs), 'MB/s');
  add('extract: documents', (passes * docs.length) / seconds(extractMs), 'docs/s');

  // (b) Where processDocument's time goes, over a quarter as many passes.
  const split = { segment: 0, extract: 0, validate: 0 };
  for (let pass = 0; pass < Math.max(1, Math.ceil(passes / 4)); pass++) {
    for (const d of docs) {
      const [seg, segMs] = timed(() => segment(d));
      const [record, extractRecordMs] = timed(() => extractRecord(seg));
      split.segment += segMs;
      split.extract += extractRecordMs;
      split.validate += timed(() => validate(record))[1];
    }
  }
  const splitTotal = split.segment + split.extract + split.validate;
  for (const [stage, ms] of Object.entries(split)) add(`share: ${stage}`, (100 * ms) / splitTotal, '%');

  // (c) Store throughput: every record of (a), one transaction each as in a run. Copies of a
  // document get their own id and source, or the store would skip them as unchanged.
  const dir = mkdtempSync(join(tmpdir(), 'raporty-bench-'));
  try {
    const db = openDatabase(join(dir, 'bench.sqlite'));
    const store = new Store(db);
    const texts = new Map(docs.map((d) => [d.source, d.text]));
    const storeMs = timed(() => {
      for (let pass = 0; pass < passes; pass++) {
        for (const r of records) {
          const source = pass ? `${r.document.source}#${pass}` : r.document.source;
          const record = pass ? { ...r, document: { ...r.document, source, id: sha256(source) } } : r;
          store.writeRecord(record, { text: texts.get(r.document.source) ?? '', extractorVersion: EXTRACTOR_VERSION });
        }
      }
    })[1];
    db.close();
    add('store: documents', (passes * records.length) / seconds(storeMs), 'docs/s');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // (d) Normaliser over the shared named-entity list, when it is there.
  const tsv = join(root, '..', 'shared', 'bench', 'ne-lemmas-dev.tsv');
  if (existsSync(tsv)) {
    const items = readFileSync(tsv, 'utf8').split('\n')
      .map((line) => line.split('\t'))
      .filter((f) => f.length >= 2 && KINDS.has(f[0]));
    let errors = 0;
    const normalizeMs = timed(() => {
      for (const [kind, phrase] of items) {
        try {
          normalizePhrase(phrase, kind as PhraseKind);
        } catch {
          errors++;
        }
      }
    })[1];
    add('normalize: items', items.length, 'items');
    add('normalize: throughput', items.length / seconds(normalizeMs), 'items/s');
    add('normalize: errors', errors, 'items');
  } else {
    process.stderr.write(`bench: ${tsv} not found, normaliser not measured\n`);
  }

  // (e) Memory at the end; maxRSS is in kilobytes.
  add('peak RSS', process.resourceUsage().maxRSS / 1024, 'MiB');
  add('heap used', process.memoryUsage().heapUsed / (1024 * 1024), 'MiB');

  if (json) {
    process.stdout.write(`${JSON.stringify({ node: process.version, targetMb, metrics: metrics.map((m) => ({ ...m, value: round(m.value) })) }, null, 2)}\n`);
  } else {
    process.stdout.write(table(metrics));
  }
}

/** Three significant digits, whole numbers from 100 up: more would be noise. */
function round(value: number): number {
  if (Number.isInteger(value) || Math.abs(value) >= 100) return Math.round(value);
  return Number(value.toPrecision(3));
}

function table(metrics: Metric[]): string {
  const rows = [['metric', 'value', 'unit'], ...metrics.map((m) => [m.metric, String(round(m.value)), m.unit])];
  const width = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => `${r[0].padEnd(width[0])}  ${r[1].padStart(width[1])}  ${r[2]}`.trimEnd();
  return [line(rows[0]), line(width.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join('\n') + '\n';
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exitCode = 1;
});
