// The pipeline as a recipe: load (files) or fetch (web sources) → segment → extract → validate →
// store. Each stage is a module of its own; src/pipeline/ orders them:
//   definition.ts  pipelines/*.json: sources, HTTP settings, database
//   process.ts     segment → extract → validate for one document
//   run.ts         the batch run: sources → documents → store, incremental, under the run lock
//   reprocess.ts   re-extraction of stored documents from the archive
import { join } from 'node:path';
import type { LoadedDocument, LoadFailure } from './schema.js';
import { loadSources } from './load/index.js';
import { fetchDocument } from './fetch/http.js';
import { projectRoot } from './lang/pl/dictionary.js';

export { processDocument, validate, InvalidRecordError, resourceVersions } from './pipeline/process.js';
export {
  PipelineSchema, SourceSchema, HttpSettingsSchema, PipelineDefinitionError, readPipeline, parsePipeline,
  resolveDatabase, resolveSourcePaths, sourceLabel, type PipelineDefinition, type SourceDefinition,
} from './pipeline/definition.js';
export { runPipeline, type RunOptions, type RunSummary, type RunFailure, type Progress, type LogEvent } from './pipeline/run.js';
export { reprocessDocuments, type ReprocessOptions, type ReprocessSummary } from './pipeline/reprocess.js';

/** Files, directories and URLs given on the command line, loaded one after another. */
export function loadInputs(inputs: string[]): AsyncGenerator<LoadedDocument | LoadFailure> {
  return loadSources(inputs, { fetchDocument: (url) => fetchDocument(url) });
}

export function defaultPipelinePath(root = projectRoot()): string {
  return join(root, 'pipelines', 'fixtures.json');
}
