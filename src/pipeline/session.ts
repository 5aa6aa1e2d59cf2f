// What `run` and `reprocess` share: the database opened, the run begun under the run lock, a
// heartbeat that tells other processes the run is alive, and all of it closed in the end.
import { hostname } from 'node:os';
import { openDatabase, type Database } from '../store/migrations.js';
import { Store } from '../store/write.js';
import { HEARTBEAT_MS } from '../store/lock.js';
import { resourceVersions } from './process.js';

export interface RunSession {
  db: Database;
  store: Store;
  runId: number;
  /** The run whose stale lock this one took over, if any. */
  takenOverFrom: number | null;
  /** Refreshes the heartbeat if it is due: for loops that keep the event loop busy. */
  beat(): void;
  close(): void;
}

/** Opens `database` and begins a run of `pipeline`; throws RunLockedError when another run is alive. */
export function beginRunSession(database: string, pipeline: string): RunSession {
  const db = openDatabase(database);
  const store = new Store(db);
  let begun: { runId: number; takenOverFrom: number | null };
  try {
    begun = store.beginRun(pipeline, { ...resourceVersions(), host: hostname(), pid: process.pid });
  } catch (error) {
    db.close();
    throw error;
  }
  let lastBeat = Date.now();
  const beat = (): void => {
    if (Date.now() - lastBeat < HEARTBEAT_MS) return;
    lastBeat = Date.now();
    store.heartbeat(begun.runId);
  };
  // An asynchronous run may wait long on the network between documents.
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();
  return {
    db, store, ...begun, beat,
    close: () => {
      clearInterval(timer);
      db.close();
    },
  };
}
