// One run at a time per database. The lock is a row in `run_lock`, taken in the same IMMEDIATE
// transaction that checks it, so two runs starting together cannot both win. A run killed with
// kill -9 leaves its row behind; the next run takes it over when that process is gone (same host)
// or its heartbeat is older than the stale limit (any host).
import { hostname } from 'node:os';
import type { Database } from './migrations.js';

/** A live run refreshes its heartbeat this often… */
export const HEARTBEAT_MS = 30_000;
/** …so a heartbeat older than this belongs to a run that is gone. */
export const STALE_LOCK_MS = 10 * 60_000;

export class RunLockedError extends Error {
  override name = 'RunLockedError';
}

interface LockRow {
  run_id: number;
  pipeline: string;
  host: string;
  pid: number;
  acquired_at: string;
  heartbeat_at: string;
}

export interface LockOwner {
  pipeline: string;
  host?: string;
  pid?: number;
}

export interface LockOptions {
  now?: () => Date;
  staleMs?: number;
  /** Whether a process of this host is alive; injectable for tests. */
  isAlive?: (pid: number) => boolean;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why `row` no longer holds the lock, or null when it still does. */
function staleReason(row: LockRow, host: string, options: Required<LockOptions>): string | null {
  const age = options.now().getTime() - Date.parse(row.heartbeat_at);
  if (!(age < options.staleMs)) return `its heartbeat is ${Math.round(age / 1000)} s old`;
  if (row.host === host && row.pid !== process.pid && !options.isAlive(row.pid)) return `process ${row.pid} is gone`;
  return null;
}

/**
 * Takes the lock and, in the same transaction, creates the run with `createRun` (which returns its
 * id). Returns that id and the run whose stale lock was taken over, if any. Throws
 * RunLockedError naming the holder when a live run has the lock; nothing is written then.
 */
export function acquireRunLock(db: Database, owner: LockOwner, createRun: () => number, options: LockOptions = {}): { runId: number; takenOverFrom: number | null } {
  const opts: Required<LockOptions> = { now: () => new Date(), staleMs: STALE_LOCK_MS, isAlive: isProcessAlive, ...options };
  const host = owner.host ?? hostname();
  const pid = owner.pid ?? process.pid;
  return db.transaction(() => {
    const row = db.prepare('SELECT * FROM run_lock WHERE id = 1').get() as LockRow | undefined;
    let takenOverFrom: number | null = null;
    if (row) {
      const stale = staleReason(row, host, opts);
      if (!stale) {
        throw new RunLockedError(`${db.name}: run ${row.run_id} (${row.pipeline}, pid ${row.pid} on ${row.host}, ` +
          `started ${row.acquired_at}) is still running; one run at a time per database. ` +
          `If it is gone, its lock expires ${Math.round(opts.staleMs / 60_000)} min after its last heartbeat (${row.heartbeat_at}).`);
      }
      takenOverFrom = row.run_id;
    }
    const runId = createRun();
    const at = opts.now().toISOString();
    db.prepare(`INSERT INTO run_lock (id, run_id, pipeline, host, pid, acquired_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET run_id = excluded.run_id, pipeline = excluded.pipeline, host = excluded.host,
        pid = excluded.pid, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`)
      .run(runId, owner.pipeline, host, pid, at, at);
    return { runId, takenOverFrom };
  }).immediate();
}

export function heartbeat(db: Database, runId: number, now = new Date()): void {
  db.prepare('UPDATE run_lock SET heartbeat_at = ? WHERE id = 1 AND run_id = ?').run(now.toISOString(), runId);
}

export function releaseRunLock(db: Database, runId: number): void {
  db.prepare('DELETE FROM run_lock WHERE id = 1 AND run_id = ?').run(runId);
}
