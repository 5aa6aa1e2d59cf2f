// Extraction on worker threads, so that a run uses every core: the main thread fetches, decodes
// and stores; the workers segment, extract and validate. Records come back by structured clone.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LoadedDocument, ReportRecord } from '../schema.js';
import { processDocument } from './process.js';

export interface Extractor {
  /** Extracts and validates one document; rejects with the reason when it cannot. */
  extract(doc: LoadedDocument): Promise<ReportRecord>;
  /** Documents it can work on at once. */
  readonly capacity: number;
  close(): Promise<void>;
}

/**
 * One core stays with the main thread, which reads, decodes and stores (storing a 2 KB report
 * costs about two thirds of extracting it); the others extract.
 */
export const defaultWorkerCount = (): number => Math.max(1, availableParallelism() - 1);

/** In this thread: for one-off commands, and where the compiled worker script is not at hand. */
export function inProcessExtractor(): Extractor {
  return {
    capacity: 1,
    extract: async (doc) => processDocument(doc),
    close: async () => {},
  };
}

interface Pending { resolve: (r: ReportRecord) => void; reject: (e: Error) => void }

class WorkerSlot {
  readonly pending = new Map<number, Pending>();
  closing = false;
  worker: Worker;

  constructor(private readonly script: URL) {
    this.worker = this.#start();
  }

  #start(): Worker {
    const worker = new Worker(this.script);
    worker.on('message', (m: { id: number; record?: ReportRecord; error?: string }) => {
      const task = this.pending.get(m.id);
      if (!task) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) task.reject(new Error(m.error));
      else task.resolve(m.record!);
    });
    // A worker that dies (out of memory, a native crash) fails only its own documents; a new one
    // takes its place for the rest. 'exit' follows 'error', so only 'exit' starts the new one.
    worker.on('error', (error) => this.#failAll(`extractor worker failed: ${error.message}`));
    worker.on('exit', (code) => {
      this.#failAll(`extractor worker exited with code ${code}`);
      if (!this.closing && worker === this.worker) this.worker = this.#start();
    });
    return worker;
  }

  #failAll(reason: string): void {
    for (const task of this.pending.values()) task.reject(new Error(reason));
    this.pending.clear();
  }
}

/** A pool of `size` worker threads; documents go to the least busy one. */
export function workerExtractor(size = defaultWorkerCount()): Extractor {
  const script = new URL('./extract-worker.js', import.meta.url);
  // Run from TypeScript sources (tests), the compiled worker does not exist: work in this thread.
  if (!import.meta.url.endsWith('.js') || size < 1) return inProcessExtractor();
  const slots = Array.from({ length: size }, () => new WorkerSlot(script));
  let nextId = 0;
  return {
    // Two per worker: one working, one waiting, so a worker never idles while the main thread stores.
    capacity: size * 2,
    extract(doc) {
      const slot = slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      // The raw bytes stay here, for the archive.
      const { raw: _raw, ...text } = doc;
      return new Promise<ReportRecord>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ id, doc: text });
      });
    },
    async close() {
      for (const slot of slots) slot.closing = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
