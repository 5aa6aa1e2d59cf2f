import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/migrations.js';
import { Store } from '../../src/store/write.js';
import { RunLockedError, STALE_LOCK_MS } from '../../src/store/lock.js';
import { tempDir } from './records.js';

let tmp: ReturnType<typeof tempDir>;
let db: Database;
beforeEach(() => { tmp = tempDir(); db = openDatabase(join(tmp.dir, 'lock.sqlite')); });
afterEach(() => { db.close(); tmp.remove(); });

const runStatus = (id: number) => (db.prepare('SELECT status FROM runs WHERE id = ?').get(id) as { status: string }).status;

describe('run lock', () => {
  it('lets one run at a time hold the database, and the next one in after it ends', () => {
    const store = new Store(db);
    const first = store.beginRun('nightly', {});
    expect(first.takenOverFrom).toBeNull();
    expect(() => store.beginRun('nightly', {})).toThrow(RunLockedError);
    expect(() => store.beginRun('other', {})).toThrow(/run \d+ \(nightly, pid \d+ .*still running/);
    // A refused run leaves no trace in the runs table.
    expect(db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 1 });
    store.endRun(first.runId, 'ok', {}, []);
    expect(runStatus(first.runId)).toBe('ok');
    const second = store.beginRun('nightly', {});
    expect(second.takenOverFrom).toBeNull();
    store.endRun(second.runId, 'ok', {}, []);
  });

  it('takes over the lock of a process that is gone, and marks its run interrupted', () => {
    const store = new Store(db);
    const crashed = store.beginRun('nightly', {});
    // The lock row as a killed process on this host would leave it.
    db.prepare('UPDATE run_lock SET pid = ?').run(999_999_999);
    const next = store.beginRun('nightly', {}, { isAlive: () => false });
    expect(next.takenOverFrom).toBe(crashed.runId);
    expect(runStatus(crashed.runId)).toBe('interrupted');
    expect(runStatus(next.runId)).toBe('running');
  });

  it('takes over a lock whose heartbeat is stale even when the process seems alive (another host)', () => {
    const store = new Store(db);
    const held = store.beginRun('nightly', {});
    db.prepare("UPDATE run_lock SET host = 'elsewhere'").run();
    const soon = new Date(Date.now() + STALE_LOCK_MS / 2);
    expect(() => store.beginRun('nightly', {}, { now: () => soon, isAlive: () => true })).toThrow(RunLockedError);
    store.heartbeat(held.runId);
    const later = new Date(Date.now() + STALE_LOCK_MS + 1000);
    expect(store.beginRun('nightly', {}, { now: () => later, isAlive: () => true }).takenOverFrom).toBe(held.runId);
  });

  it('is shared between connections: a second process sees the first one holding it', () => {
    const store = new Store(db);
    const held = store.beginRun('nightly', {});
    const other = openDatabase(join(tmp.dir, 'lock.sqlite'));
    try {
      expect(() => new Store(other).beginRun('nightly', {})).toThrow(RunLockedError);
      store.endRun(held.runId, 'partial', {}, []);
      const next = new Store(other).beginRun('nightly', {});
      expect(next.takenOverFrom).toBeNull();
    } finally {
      other.close();
    }
  });
});
