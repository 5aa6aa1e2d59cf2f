#!/usr/bin/env node
// The `raporty` command. Records go to stdout, logs to stderr, so that output can be piped.
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { isLoadFailure } from './load/index.js';
import {
  defaultPipelinePath, loadInputs, parsePipeline, processDocument, readPipeline, reprocessDocuments, resolveDatabase,
  resolveSourcePaths, runPipeline, PipelineDefinitionError,
} from './pipeline.js';
import { RunLockedError } from './store/lock.js';
import { createLogger, LOG_FORMATS, type LogFormat } from './log.js';
import { projectRoot } from './lang/pl/dictionary.js';
import { openDatabase } from './store/migrations.js';
import { formatRows, OUTPUT_FORMATS, type OutputFormat } from './store/format.js';
import { queryDates, queryDocuments, queryOrganizations, queryPeople, queryPlaces, InvalidQueryError } from './store/query.js';
import { normalizePhrase, type PhraseKind } from './lang/pl/normalize.js';
import { importTeryt, TerytFormatError } from './lang/pl/teryt.js';
import { defaultPaths } from './lang/pl/gazetteer.js';

const USAGE = `raporty: Polish reports into structured records

Usage:
  raporty extract <file|dir|url>... [--format json|ndjson]
  raporty run [pipelines/NAME.json] [--input <file|dir|url>...] [--db FILE] [--log-format auto|json|text]
              [--workers N]    extractor threads (default: cores - 1, at least 1; 0: none)
  raporty reprocess [--all] [--db FILE] [--log-format ...]
                               re-extracts stored documents from the archive (those of an older
                               extractor version; every one with --all)
  raporty query organizations [--legal-form F] [--place P] [--voivodeship V] [--name TEXT]
  raporty query places [--voivodeship V] [--kind K] [--name TEXT]
  raporty query people [--role R] [--name TEXT]
  raporty query dates [--from YYYY[-MM[-DD]]] [--to ...]
  raporty query documents [--source TEXT]
      query options: [--db FILE] [--format table|json|csv|ndjson] [--limit N]
  raporty normalize            reads "kind<TAB>phrase" lines, prints one nominative per line
  raporty gazetteer import [--terc TERC.csv] [--simc SIMC.csv]
                               loads GUS's TERYT register files into the gazetteer

Exit codes: 0 all done; 1 some documents failed; 2 could not start (bad arguments or definition,
or another run holds the database).
`;

const EXIT_PARTIAL = 1;
const EXIT_CANNOT_START = 2;

class UsageError extends Error {}
/** The command is fine but cannot start now (another run holds the database). */
class CannotStartError extends Error {}

/** Messages of the short commands: the same lines as `run` gives, without a progress bar to show. */
const logLine = createLogger('auto').log;

function logFormatOption(value: string | undefined): LogFormat {
  const format = (value ?? 'auto') as LogFormat;
  if (!LOG_FORMATS.includes(format)) throw new UsageError(`--log-format must be one of ${LOG_FORMATS.join(', ')}, not ${value}`);
  return format;
}

async function extractCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(() => parseArgs({ args: argv, allowPositionals: true, options: { format: { type: 'string' } } }));
  if (!positionals.length) throw new UsageError('extract needs at least one file, directory or URL');
  const single = positionals.length === 1 && !isDirectory(positionals[0]);
  const format = values.format ?? (single ? 'json' : 'ndjson');
  if (format !== 'json' && format !== 'ndjson') throw new UsageError(`--format must be json or ndjson, not ${format}`);
  if (format === 'json' && !single) throw new UsageError('--format json prints one document; use --format ndjson for several');
  let failed = 0;
  let printed = 0;
  for await (const item of loadInputs(positionals)) {
    if (isLoadFailure(item)) {
      failed++;
      logLine({ level: 'warn', event: 'skipped', source: item.source, reason: item.reason });
      continue;
    }
    try {
      const record = processDocument(item);
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
      } else {
        process.stdout.write(`${JSON.stringify(record)}\n`);
      }
      printed++;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      failed++;
      logLine({ level: 'error', event: 'failed', source: item.source, reason: (e as Error).message });
    }
  }
  return failed ? EXIT_PARTIAL : 0;
}

function isDirectory(path: string): boolean {
  if (/^https?:/i.test(path) || !existsSync(path)) return false;
  return statSync(path).isDirectory();
}

async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(() => parseArgs({
    args: argv, allowPositionals: true,
    options: { input: { type: 'string', multiple: true }, db: { type: 'string' }, 'log-format': { type: 'string' }, workers: { type: 'string' } },
  }));
  if (positionals.length > 1) throw new UsageError('run takes at most one pipeline definition');
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 0)) throw new UsageError(`--workers must be a whole number ≥ 0, not ${values.workers}`);
  const logger = createLogger(logFormatOption(values['log-format']));
  const root = projectRoot();
  // --input without a definition runs those inputs alone, into the default database.
  const adHoc = !positionals[0] && !!values.input?.length;
  const pipelinePath = positionals[0] ? resolve(positionals[0]) : defaultPipelinePath(root);
  let def = adHoc
    ? parsePipeline({ name: 'inputs', database: join(root, 'output', 'raporty.sqlite'), sources: inputSources(values.input ?? []) }, '--input')
    : readPipeline(pipelinePath);
  const base = adHoc ? process.cwd() : dirname(pipelinePath);
  if (values.input?.length && !adHoc) def = parsePipeline({ ...def, sources: inputSources(values.input) }, '--input');
  def = resolveSourcePaths(def, base);
  const database = resolveDatabase(def, base, values.db);
  const started = Date.now();
  const label = adHoc ? 'inputs' : pipelinePath;
  logger.log({ level: 'info', event: 'run-started', source: label, database });
  let summary;
  try {
    summary = await runPipeline({ definition: def, database, workers, log: (e) => logger.log(e), onProgress: (p) => logger.progress(p) });
  } catch (e) {
    logger.done();
    if (e instanceof RunLockedError) throw new CannotStartError(e.message);
    throw e;
  }
  logger.done();
  logger.log({
    level: summary.failed ? 'warn' : 'info', event: 'run-finished', source: label, run: summary.runId,
    documents: summary.documents, stored: summary.stored, unchanged: summary.unchanged, failed: summary.failed,
    notModified: Object.values(summary.sources).reduce((n, s) => n + s.notModified, 0),
    seconds: ((Date.now() - started) / 1000).toFixed(1), database,
  });
  return summary.failed ? EXIT_PARTIAL : 0;
}

/** Command-line inputs as sources: local paths together, URLs together. */
function inputSources(inputs: string[]): unknown[] {
  const urls = inputs.filter((i) => /^https?:\/\//i.test(i));
  const paths = inputs.filter((i) => !/^https?:\/\//i.test(i)).map((p) => resolve(p));
  return [
    ...(paths.length ? [{ type: 'files', name: 'inputs', paths }] : []),
    ...(urls.length ? [{ type: 'urls', name: 'input URLs', urls }] : []),
  ];
}

async function reprocessCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(() => parseArgs({
    args: argv, allowPositionals: false,
    options: { all: { type: 'boolean' }, db: { type: 'string' }, 'log-format': { type: 'string' } },
  }));
  const logger = createLogger(logFormatOption(values['log-format']));
  const database = resolve(values.db ?? resolveDatabase(readPipeline(defaultPipelinePath()), dirname(defaultPipelinePath())));
  if (!existsSync(database)) throw new UsageError(`${database}: no database there yet; run \`raporty run\` first or name one with --db`);
  let summary;
  try {
    summary = reprocessDocuments({ database, all: values.all, log: (e) => logger.log(e), onProgress: (p) => logger.progress(p) });
  } catch (e) {
    logger.done();
    if (e instanceof RunLockedError) throw new CannotStartError(e.message);
    throw e;
  }
  logger.done();
  logger.log({ level: summary.failed ? 'warn' : 'info', event: 'reprocess-finished', source: database, run: summary.runId,
    documents: summary.documents, stored: summary.stored, failed: summary.failed });
  return summary.failed ? EXIT_PARTIAL : 0;
}

async function queryCommand(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  const { values } = parseOptions(() => parseArgs({
    args: rest, allowPositionals: false,
    options: {
      db: { type: 'string' }, format: { type: 'string' }, limit: { type: 'string' },
      'legal-form': { type: 'string' }, place: { type: 'string' }, voivodeship: { type: 'string' }, name: { type: 'string' },
      kind: { type: 'string' }, role: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, source: { type: 'string' },
    },
  }));
  const format = (values.format ?? (process.stdout.isTTY ? 'table' : 'json')) as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}`);
  const limit = values.limit ? Number(values.limit) : undefined;
  if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) throw new UsageError('--limit must be a positive whole number');
  const dbPath = resolve(values.db ?? resolveDatabase(readPipeline(defaultPipelinePath()), dirname(defaultPipelinePath())));
  if (!existsSync(dbPath)) throw new UsageError(`${dbPath}: no database there yet; run \`raporty run\` first or name one with --db`);
  const db = openDatabase(dbPath, { readonly: true });
  try {
    let rows: object[];
    switch (what) {
      case 'organizations': rows = queryOrganizations(db, { legalForm: values['legal-form'], place: values.place, voivodeship: values.voivodeship, name: values.name, limit }); break;
      case 'places': rows = queryPlaces(db, { voivodeship: values.voivodeship, kind: values.kind, name: values.name, limit }); break;
      case 'people': rows = queryPeople(db, { role: values.role, name: values.name, limit }); break;
      case 'dates': rows = queryDates(db, { from: values.from, to: values.to, limit }); break;
      case 'documents': rows = queryDocuments(db, { source: values.source, limit }); break;
      default: throw new UsageError(`query what? organizations, places, people, dates or documents (got ${what ?? 'nothing'})`);
    }
    formatRows(rows, format, process.stdout);
  } finally {
    db.close();
  }
  return 0;
}

const KINDS = new Set<PhraseKind>(['person', 'place', 'organization']);

/** Streams "kind<TAB>phrase" lines to one nominative per line; a bad line gets an empty answer. */
async function normalizeCommand(): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let buffer: string[] = [];
  const flush = () => {
    if (buffer.length) process.stdout.write(buffer.join('\n') + '\n');
    buffer = [];
  };
  for await (const line of lines) {
    const tab = line.indexOf('\t');
    const kind = (tab < 0 ? '' : line.slice(0, tab)) as PhraseKind;
    const phrase = tab < 0 ? line : line.slice(tab + 1);
    let answer = '';
    if (KINDS.has(kind) && phrase.trim()) {
      try {
        answer = normalizePhrase(phrase, kind).text.replace(/[\r\n]+/g, ' ');
      } catch (e) {
        logLine({ level: 'error', event: 'normalize-failed', source: phrase, reason: (e as Error).message });
      }
    }
    buffer.push(answer);
    if (buffer.length >= 512) flush();
  }
  flush();
  return 0;
}

/** parseArgs with its errors (unknown option, missing value) reported as usage errors. */
function parseOptions<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** `gazetteer import`: TERYT's TERC and SIMC files into resources/gazetteer/teryt-places.json. */
async function gazetteerCommand(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what !== 'import') throw new UsageError(`gazetteer what? import (got ${what ?? 'nothing'})`);
  const { values } = parseOptions(() => parseArgs({ args: rest, options: { terc: { type: 'string' }, simc: { type: 'string' } } }));
  if (!values.terc && !values.simc) throw new UsageError('gazetteer import needs --terc FILE, --simc FILE or both');
  const outDir = dirname(defaultPaths().teryt);
  try {
    const result = await importTeryt({ terc: values.terc && resolve(values.terc), simc: values.simc && resolve(values.simc) }, outDir);
    logLine({ level: 'info', event: 'gazetteer-imported', source: result.path, places: result.places, gminas: result.gminas, powiats: result.powiats });
  } catch (e) {
    if (e instanceof TerytFormatError) throw new UsageError(e.message);
    throw e;
  }
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'extract': return extractCommand(rest);
    case 'run': return runCommand(rest);
    case 'reprocess': return reprocessCommand(rest);
    case 'query': return queryCommand(rest);
    case 'normalize': return normalizeCommand();
    case 'gazetteer': return gazetteerCommand(rest);
    case undefined: case '-h': case '--help': case 'help':
      process.stdout.write(USAGE);
      return command ? 0 : EXIT_CANNOT_START;
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

// A reader that stops early (`| head`) is not an error: stop quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof UsageError || e instanceof PipelineDefinitionError || e instanceof InvalidQueryError || e instanceof CannotStartError) {
      process.stderr.write(`raporty: ${(e as Error).message}\n${e instanceof UsageError ? `\n${USAGE}` : ''}`);
    } else {
      process.stderr.write(`raporty: ${(e as Error)?.stack ?? String(e)}\n`);
    }
    process.exitCode = EXIT_CANNOT_START;
  },
);
