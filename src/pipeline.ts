// The pipeline as a recipe: load → segment → extract → validate → store. Each stage is a module
// of its own; this file only orders them, counts what happened and keeps one bad document from
// stopping the rest.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { RecordSchema, type LoadedDocument, type LoadFailure, type ReportRecord } from './schema.js';
import { loadSources, isLoadFailure } from './load/index.js';
import { segment } from './segment/index.js';
import { extractRecord, EXTRACTOR_VERSION } from './extract/index.js';
import { fetchDocument } from './fetch/http.js';
import { openDatabase } from './store/migrations.js';
import { Store } from './store/write.js';
import { projectRoot } from './lang/pl/dictionary.js';

// ---- stages ---------------------------------------------------------------------------------

/** segment → extract → validate, for one loaded document. Throws on a record that breaks the contract. */
export function processDocument(doc: LoadedDocument): ReportRecord {
  const record = extractRecord(segment(doc));
  return validate(record);
}

export class InvalidRecordError extends Error {
  override name = 'InvalidRecordError';
}

export function validate(record: ReportRecord): ReportRecord {
  const parsed = RecordSchema.safeParse(record);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `- ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new InvalidRecordError(`${record.document.source}: the extracted record breaks the contract:\n${issues}`);
  }
  // Provenance: every mention's offsets cut its own text out of its paragraph.
  const data = parsed.data;
  for (const field of ['organizations', 'places', 'dates', 'people'] as const) {
    for (const entity of data[field]) {
      for (const m of entity.mentions) {
        const p = data.paragraphs[m.paragraph];
        if (!p || m.start < p.start || m.end > p.end || p.text.slice(m.start - p.start, m.end - p.start) !== m.text) {
          throw new InvalidRecordError(`${data.document.source}: ${field} mention ${JSON.stringify(m.text)} at ${m.start}-${m.end} does not match paragraph ${m.paragraph}`);
        }
      }
    }
  }
  return data;
}

export function loadInputs(inputs: string[]): AsyncGenerator<LoadedDocument | LoadFailure> {
  return loadSources(inputs, { fetchDocument: (url) => fetchDocument(url) });
}

// ---- pipeline definitions -------------------------------------------------------------------

const SourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('files'), paths: z.array(z.string().min(1)).min(1) }),
  z.object({ type: z.literal('urls'), urls: z.array(z.string().url()).min(1) }),
]);

export const PipelineSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  /** Relative paths (here and in sources) are relative to the definition file's folder. */
  database: z.string().min(1).default('../output/raporty.sqlite'),
  sources: z.array(SourceSchema).min(1),
});
export type PipelineDefinition = z.infer<typeof PipelineSchema>;

export class PipelineDefinitionError extends Error {
  override name = 'PipelineDefinitionError';
}

export function readPipeline(path: string): PipelineDefinition {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new PipelineDefinitionError(`${path}: ${(e as Error).message}`);
  }
  const parsed = PipelineSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `- ${i.path.join('.') || '(top level)'}: ${i.message}`).join('\n');
    throw new PipelineDefinitionError(`${path}: not a valid pipeline definition:\n${issues}`);
  }
  return parsed.data;
}

/** The inputs a definition names, relative paths taken from `base` (the definition's folder). */
export function pipelineInputs(def: PipelineDefinition, base: string): string[] {
  return def.sources.flatMap((s) => (s.type === 'files' ? s.paths.map((p) => (isAbsolute(p) ? p : join(base, p))) : s.urls));
}

// ---- the batch run --------------------------------------------------------------------------

export interface RunOptions {
  pipeline: string;
  inputs: string[];
  database: string;
  log: (event: Record<string, unknown>) => void;
}

export interface RunSummary {
  runId: number;
  documents: number;
  stored: number;
  unchanged: number;
  failed: number;
  failures: { source: string; stage: string; reason: string }[];
  counts: Record<string, number>;
}

/** Versions of the lexical resources, recorded with every run. */
export function resourceVersions(root = projectRoot()): Record<string, unknown> {
  const versions: Record<string, unknown> = { extractor: EXTRACTOR_VERSION };
  for (const name of ['dictionary', 'gazetteer']) {
    const file = join(root, 'resources', name, 'version.json');
    if (existsSync(file)) versions[name] = JSON.parse(readFileSync(file, 'utf8'));
  }
  return versions;
}

export async function runPipeline(options: RunOptions): Promise<RunSummary> {
  const db = openDatabase(options.database);
  const store = new Store(db);
  const runId = store.startRun(options.pipeline, resourceVersions());
  const summary: RunSummary = { runId, documents: 0, stored: 0, unchanged: 0, failed: 0, failures: [], counts: {} };
  const count = (k: string, n = 1) => { summary.counts[k] = (summary.counts[k] ?? 0) + n; };
  try {
    for await (const item of loadInputs(options.inputs)) {
      summary.documents++;
      if (isLoadFailure(item)) {
        summary.failed++;
        summary.failures.push({ source: item.source, stage: 'load', reason: item.reason });
        options.log({ level: 'warn', event: 'skipped', source: item.source, stage: 'load', reason: item.reason });
        continue;
      }
      let stage = 'extract';
      try {
        const record = processDocument(item);
        stage = 'store';
        const result = store.writeRecord(record, { text: item.text, extractorVersion: EXTRACTOR_VERSION, runId });
        if (result.unchanged) summary.unchanged++;
        else summary.stored++;
        count('organizations', record.organizations.length);
        count('places', record.places.length);
        count('dates', record.dates.length);
        count('people', record.people.length);
        options.log({ level: 'info', event: result.unchanged ? 'unchanged' : 'stored', source: item.source,
          organizations: record.organizations.length, places: record.places.length, dates: record.dates.length, people: record.people.length });
      } catch (e) {
        summary.failed++;
        const reason = (e as Error).message;
        summary.failures.push({ source: item.source, stage, reason });
        options.log({ level: 'error', event: 'failed', source: item.source, stage, reason });
      }
    }
    store.finishRun(runId, summary.failed ? 'partial' : 'ok', { ...summary.counts, documents: summary.documents, stored: summary.stored, unchanged: summary.unchanged, failed: summary.failed }, summary.failures);
  } catch (e) {
    store.finishRun(runId, 'failed', summary.counts, [...summary.failures, { source: '', stage: 'run', reason: (e as Error).message }]);
    throw e;
  } finally {
    db.close();
  }
  return summary;
}

export function defaultPipelinePath(root = projectRoot()): string {
  return join(root, 'pipelines', 'fixtures.json');
}

export function resolveDatabase(def: PipelineDefinition, base: string, override?: string): string {
  if (override) return resolve(override);
  return isAbsolute(def.database) ? def.database : join(base, def.database);
}

