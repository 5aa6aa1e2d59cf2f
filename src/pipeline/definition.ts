// Pipeline definitions (`pipelines/*.json`): which sources a job reads and where it stores them.
// Validated with zod; unknown keys are errors, so a misspelt option is named instead of ignored.
// `pipelines/example-sites.json` shows every option.
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { HttpOptionsSchema } from '../fetch/client.js';
import { DiscoverOptionsSchema, DiscoverySourceSchema } from '../fetch/discover.js';

/** Options every kind of source has. */
const labels = {
  name: z.string().min(1).optional().describe('Label in logs and run counts; defaults to the kind and the first path or URL.'),
  description: z.string().optional().describe('Free text for the people who maintain the definition.'),
};

/** Options of sources whose documents are web pages. */
const page = {
  ...labels,
  contentSelector: z.string().min(1).optional().describe("CSS selector of the article body on this site's pages, when the automatic choice picks the wrong block."),
};

const httpUrl = z.url({ protocol: /^https?$/ });

// Discovery's own option schemas (src/fetch/discover.ts), with the labels and page options added.
export const SourceSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('files'), ...labels, paths: z.array(z.string().min(1)).min(1).describe('Files or directories (read recursively), relative to the definition file.') }),
  DiscoverOptionsSchema.extend({ type: z.literal('urls'), ...page, urls: z.array(httpUrl).min(1).describe('Report pages, fetched as they are.') }),
  ...DiscoverySourceSchema.options.map((schema) => schema.extend(page)),
]);
export type SourceDefinition = z.infer<typeof SourceSchema>;
export type WebSourceDefinition = Exclude<SourceDefinition, { type: 'files' }>;

/** The `http` block: the client's own options (src/fetch/client.ts), every one optional. */
export const HttpSettingsSchema = HttpOptionsSchema;
export type HttpSettings = z.infer<typeof HttpSettingsSchema>;

export const PipelineSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** Relative paths (here and in sources) are relative to the definition file's folder. */
  database: z.string().min(1).default('../output/raporty.sqlite'),
  http: HttpSettingsSchema.optional(),
  sources: z.array(SourceSchema).min(1),
});
export type PipelineDefinition = z.infer<typeof PipelineSchema>;

export class PipelineDefinitionError extends Error {
  override name = 'PipelineDefinitionError';
}

/** Zod issues as "- sources.2.linkSelector: Required" lines. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `- ${i.path.join('.') || '(top level)'}: ${i.message}`).join('\n');
}

export function readPipeline(path: string): PipelineDefinition {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new PipelineDefinitionError(`${path}: ${(e as Error).message}`);
  }
  return parsePipeline(json, path);
}

export function parsePipeline(json: unknown, path = 'pipeline definition'): PipelineDefinition {
  const parsed = PipelineSchema.safeParse(json);
  if (!parsed.success) throw new PipelineDefinitionError(`${path}: not a valid pipeline definition:\n${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** A source's label: its name, or its kind and what it points at. */
export function sourceLabel(source: SourceDefinition): string {
  if (source.name) return source.name;
  switch (source.type) {
    case 'files': return `files:${source.paths[0]}${source.paths.length > 1 ? ` (+${source.paths.length - 1})` : ''}`;
    case 'urls': return `urls:${source.urls[0]}${source.urls.length > 1 ? ` (+${source.urls.length - 1})` : ''}`;
    default: return `${source.type}:${source.url}`;
  }
}

/** File paths of a definition made absolute against `base` (the definition's folder). */
export function resolveSourcePaths(def: PipelineDefinition, base: string): PipelineDefinition {
  return {
    ...def,
    sources: def.sources.map((s) => (s.type === 'files' ? { ...s, paths: s.paths.map((p) => (isAbsolute(p) ? p : join(base, p))) } : s)),
  };
}

export function resolveDatabase(def: PipelineDefinition, base: string, override?: string): string {
  if (override) return resolve(override);
  return isAbsolute(def.database) ? def.database : join(base, def.database);
}
