// segment → extract → validate for one loaded document: the part of the pipeline that needs no
// I/O, shared by `extract`, `run` and `reprocess`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordSchema, type LoadedDocument, type Mention, type ReportRecord } from '../schema.js';
import { segment } from '../segment/index.js';
import { extractRecord, EXTRACTOR_VERSION } from '../extract/index.js';
import { projectRoot } from '../lang/pl/dictionary.js';

/** Throws InvalidRecordError on a record that breaks the contract. */
export function processDocument(doc: LoadedDocument): ReportRecord {
  return validate(extractRecord(segment(doc)));
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
  const check = (what: string, m: Mention): void => {
    const p = data.paragraphs[m.paragraph];
    if (!p || m.start < p.start || m.end > p.end || p.text.slice(m.start - p.start, m.end - p.start) !== m.text) {
      throw new InvalidRecordError(`${data.document.source}: ${what} mention ${JSON.stringify(m.text)} at ${m.start}-${m.end} does not match paragraph ${m.paragraph}`);
    }
  };
  for (const field of ['organizations', 'places', 'dates', 'people', 'identifiers'] as const) {
    for (const entity of data[field]) for (const m of entity.mentions) check(field, m);
  }
  for (const r of data.relations) check('relation evidence', r.evidence);
  if (data.event?.mention) check('event', data.event.mention);
  return data;
}

/** Versions of the extractor and the lexical resources, recorded with every run. */
export function resourceVersions(root = projectRoot()): Record<string, unknown> {
  const versions: Record<string, unknown> = { extractor: EXTRACTOR_VERSION };
  for (const name of ['dictionary', 'gazetteer']) {
    const file = join(root, 'resources', name, 'version.json');
    if (existsSync(file)) versions[name] = JSON.parse(readFileSync(file, 'utf8'));
  }
  return versions;
}
