// A worker thread of the extractor pool (workers.ts): loads the lexical resources once, then
// turns each document it is sent into a validated record.
import { parentPort } from 'node:worker_threads';
import type { LoadedDocument } from '../schema.js';
import { processDocument } from './process.js';

interface Task { id: number; doc: LoadedDocument }

parentPort!.on('message', ({ id, doc }: Task) => {
  try {
    parentPort!.postMessage({ id, record: processDocument(doc) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
