import { existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, appliedMigrations, migrate, openDatabase, type Migration } from '../../src/store/migrations.js';
import { tempDir } from './records.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => { tmp = tempDir(); });
afterEach(() => tmp.remove());

const tableNames = (db: BetterSqlite3.Database): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name").all() as { name: string }[])
    .map((r) => r.name);

describe('openDatabase', () => {
  it('creates the folder, sets the pragmas and applies every migration once', () => {
    const path = join(tmp.dir, 'nested', 'deeper', 'raporty.sqlite');
    const db = openDatabase(path);
    expect(existsSync(path)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    const rows = db.prepare('SELECT name, applied_at FROM _migrations').all() as { name: string; applied_at: string }[];
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(rows.every((r) => !Number.isNaN(Date.parse(r.applied_at)))).toBe(true);
    expect(tableNames(db)).toEqual(expect.arrayContaining([
      'documents', 'paragraphs', 'organizations', 'places', 'dates', 'people', 'mentions', 'runs',
      'organization_details', 'organization_mentions', 'place_mentions', 'person_mentions', 'date_mentions',
    ]));
    db.close();

    const again = openDatabase(path);
    expect(again.prepare('SELECT count(*) AS n FROM _migrations').get()).toEqual({ n: MIGRATIONS.length });
    again.close();
  });

  it('opens a migrated database read-only, and refuses one that is not migrated', () => {
    const path = join(tmp.dir, 'raporty.sqlite');
    openDatabase(path).close();
    const reader = openDatabase(path, { readonly: true });
    expect(reader.prepare('SELECT count(*) AS n FROM documents').get()).toEqual({ n: 0 });
    expect(() => reader.exec("INSERT INTO runs (pipeline, started_at) VALUES ('x', 'y')")).toThrow(/readonly/);
    reader.close();

    const bare = join(tmp.dir, 'bare.sqlite');
    new BetterSqlite3(bare).close();
    expect(() => openDatabase(bare, { readonly: true })).toThrow(/001-initial.*open it once for writing/);
    expect(() => openDatabase(join(tmp.dir, 'missing.sqlite'), { readonly: true })).toThrow();
  });

  it('keeps migration names sorted and unique, so the list reads as the order applied', () => {
    const names = MIGRATIONS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(names);
    expect(names.every((n) => /^\d{3}-[a-z0-9-]+$/.test(n))).toBe(true);
  });
});

describe('migrate', () => {
  const first: Migration = { name: '001-a', up: (db) => db.exec('CREATE TABLE a (x)') };
  const second: Migration = { name: '002-b', up: (db) => db.exec('CREATE TABLE b (x)') };

  it('applies only the migrations appended since the last time', () => {
    const db = new BetterSqlite3(join(tmp.dir, 'm.sqlite'));
    expect(migrate(db, [first])).toEqual(['001-a']);
    expect(migrate(db, [first])).toEqual([]);
    expect(migrate(db, [first, second])).toEqual(['002-b']);
    expect(appliedMigrations(db)).toEqual(['001-a', '002-b']);
    db.close();
  });

  it('rolls a failing migration back whole and does not record it', () => {
    const db = new BetterSqlite3(join(tmp.dir, 'm.sqlite'));
    const broken: Migration = { name: '002-broken', up: (d) => d.exec('CREATE TABLE c (x); CREATE TABLE a (x)') };
    migrate(db, [first]);
    expect(() => migrate(db, [first, broken])).toThrow(/already exists/);
    expect(appliedMigrations(db)).toEqual(['001-a']);
    expect(tableNames(db)).not.toContain('c');
    db.close();
  });

  it('refuses a migration inserted before one already applied', () => {
    const db = new BetterSqlite3(join(tmp.dir, 'm.sqlite'));
    migrate(db, [first, second]);
    const inserted: Migration = { name: '001-b-late', up: () => {} };
    expect(() => migrate(db, [first, inserted, second])).toThrow(/001-b-late.*append-only/);
    db.close();
  });
});
