// `raporty reprocess`: re-extracts stored documents from their archived input (or, for documents
// stored before the archive existed, from their stored text) without touching the network. Run
// after the extractor's version changes; the version is stored with every document.
import type { LoadedDocument } from '../schema.js';
import { charsetOfContentType, documentFromBytes } from '../load/index.js';
import { EXTRACTOR_VERSION } from '../extract/index.js';
import type { Store } from '../store/write.js';
import { processDocument } from './process.js';
import { beginRunSession } from './session.js';
import type { LogEvent, Progress, RunFailure } from './run.js';

export interface ReprocessOptions {
  database: string;
  /** Every document, not only those of another extractor version. */
  all?: boolean;
  log: (event: LogEvent) => void;
  onProgress?: (progress: Progress) => void;
}

export interface ReprocessSummary {
  runId: number;
  documents: number;
  stored: number;
  failed: number;
  failures: RunFailure[];
}

export function reprocessDocuments(options: ReprocessOptions): ReprocessSummary {
  const session = beginRunSession(options.database, 'reprocess');
  const { store, runId } = session;
  const ids = store.documentIds({ all: options.all, extractorVersion: EXTRACTOR_VERSION });
  const summary: ReprocessSummary = { runId, documents: ids.length, stored: 0, failed: 0, failures: [] };
  const progress: Progress = { done: 0, discovered: ids.length, stored: 0, unchanged: 0, failed: 0, current: '' };
  try {
    for (const id of ids) {
      session.beat();
      let source = id;
      try {
        const doc = storedInput(store, id);
        source = doc.source;
        progress.current = source;
        const record = processDocument(doc);
        store.writeRecord(record, { text: doc.text, extractorVersion: EXTRACTOR_VERSION, runId, force: true });
        summary.stored++;
        progress.stored++;
        options.log({ level: 'info', event: 'reprocessed', source });
      } catch (error) {
        summary.failed++;
        progress.failed++;
        const failure: RunFailure = { source, sourceName: 'reprocess', stage: 'extract', reason: (error as Error).message };
        summary.failures.push(failure);
        options.log({ level: 'error', event: 'failed', source, stage: 'extract', reason: failure.reason });
      }
      progress.done++;
      options.onProgress?.({ ...progress });
    }
    store.endRun(runId, summary.failed ? 'partial' : 'ok', { documents: summary.documents, stored: summary.stored, failed: summary.failed }, summary.failures);
  } catch (error) {
    store.endRun(runId, 'failed', { documents: summary.documents, stored: summary.stored }, [...summary.failures, { source: '', sourceName: 'reprocess', stage: 'run', reason: (error as Error).message }]);
    throw error;
  } finally {
    session.close();
  }
  return summary;
}

/** A stored document as the load stage would give it: from the archive when there is one. */
function storedInput(store: Store, id: string): LoadedDocument {
  const archived = store.archivedInput(id);
  if (archived) {
    return documentFromBytes(archived.body, archived.source, archived.format as LoadedDocument['format'], {
      declaredCharset: charsetOfContentType(archived.contentType), contentSelector: archived.contentSelector ?? undefined,
    });
  }
  const stored = store.storedDocument(id);
  if (!stored) throw new Error(`document ${id} is gone from the store`);
  return { ...stored, encoding: 'utf-8', format: 'text' };
}
