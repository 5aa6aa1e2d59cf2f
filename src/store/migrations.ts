// Versioned schema of the store. Migrations are append-only: a database made by an older version
// has applied a prefix of this list, so a change of schema is a new entry at the end, never an
// edit of an applied one. Applied names are recorded in `_migrations`, as sqlite-utils does.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export type Database = BetterSqlite3.Database;

export interface Migration {
  /** Sortable and unique: `NNN-what-it-does`. */
  name: string;
  up: (db: Database) => void;
}

/** Another writer (a second pipeline, `raporty query`) may hold the lock for a moment. */
const BUSY_TIMEOUT_MS = 5_000;

const ORGANIZATION_DETAILS_VIEW = `
-- The voivodeship of an organisation is that of its place among the same document's places.
CREATE VIEW organization_details AS
SELECT o.id, o.document_id, o.name, o.core, o.legal_form, o.place, o.name_ascii,
       COALESCE((SELECT p.voivodeship FROM places p
                 WHERE p.document_id = o.document_id AND p.name = o.place AND p.voivodeship <> ''
                 ORDER BY p.kind = 'locality' DESC LIMIT 1), '') AS voivodeship,
       (SELECT count(*) FROM mentions m
        WHERE m.entity_type = 'organization' AND m.entity_id = o.id) AS mentions,
       d.source, d.title, d.published_at
FROM organizations o JOIN documents d ON d.id = o.document_id;
`;

// Views that join mentions to their entity, paragraph and document; recreated when mentions is rebuilt.
const MENTION_VIEWS = `
CREATE VIEW organization_mentions AS
SELECT o.id AS organization_id, o.document_id, o.name, o.core, o.legal_form, o.place, o.voivodeship,
       m.paragraph, m.start, m.end, m.text AS mention, m.rule, p.text AS paragraph_text,
       o.source, o.title, o.published_at
FROM organization_details o
JOIN mentions m ON m.entity_type = 'organization' AND m.entity_id = o.id
JOIN paragraphs p ON p.document_id = m.document_id AND p.idx = m.paragraph;

CREATE VIEW place_mentions AS
SELECT pl.id AS place_id, pl.document_id, pl.name, pl.kind, pl.voivodeship, pl.guessed,
       m.paragraph, m.start, m.end, m.text AS mention, m.rule, p.text AS paragraph_text,
       d.source, d.title, d.published_at
FROM places pl
JOIN documents d ON d.id = pl.document_id
JOIN mentions m ON m.entity_type = 'place' AND m.entity_id = pl.id
JOIN paragraphs p ON p.document_id = m.document_id AND p.idx = m.paragraph;

CREATE VIEW person_mentions AS
SELECT pe.id AS person_id, pe.document_id, pe.name, pe.role, pe.guessed,
       m.paragraph, m.start, m.end, m.text AS mention, m.rule, p.text AS paragraph_text,
       d.source, d.title, d.published_at
FROM people pe
JOIN documents d ON d.id = pe.document_id
JOIN mentions m ON m.entity_type = 'person' AND m.entity_id = pe.id
JOIN paragraphs p ON p.document_id = m.document_id AND p.idx = m.paragraph;

CREATE VIEW date_mentions AS
SELECT da.id AS date_id, da.document_id, da.start AS date_start, da.end AS date_end, da.precision,
       m.paragraph, m.start, m.end, m.text AS mention, m.rule, p.text AS paragraph_text,
       d.source, d.title, d.published_at
FROM dates da
JOIN documents d ON d.id = da.document_id
JOIN mentions m ON m.entity_type = 'date' AND m.entity_id = da.id
JOIN paragraphs p ON p.document_id = m.document_id AND p.idx = m.paragraph;
`;

// The same views with the columns of 002, and identifiers'.
const MENTION_VIEWS_V2 = `
CREATE VIEW organization_mentions AS
SELECT o.id AS organization_id, o.document_id, o.name, o.core, o.legal_form, o.place, o.voivodeship,
       m.paragraph, m.start, m.end, m.text AS mention, m.rule, p.text AS paragraph_text,
       o.source, o.title, o.published_at
FROM organization_details o
JOIN mentions m ON m.entity_type = 'organization' AND m.entity_id = o.id
JOIN paragraphs p ON p.document_id = m.document_id AND p.idx = m.paragraph;

CREATE VIEW place_mentions AS
SELECT pl.id AS place_id, pl.document_id, pl.name, pl.kind, pl.voivodeship, pl.guessed,
       m.paragraph, m.start, m.end, m.text AS mention, m.rule, p.text AS paragraph_text,
       d.source, d.title, d.published_at
FROM places pl
JOIN documents d ON d.id = pl.document_id
JOIN mentions m ON m.entity_type = 'place' AND m.entity_id = pl.id
JOIN paragraphs p ON p.document_id = m.document_id AND p.idx = m.paragraph;

CREATE VIEW person_mentions AS
SELECT pe.id AS person_id, pe.document_id, pe.name, pe.role, pe.organization, pe.guessed,
       m.paragraph, m.start, m.end, m.text AS mention, m.rule, p.text AS paragraph_text,
       d.source, d.title, d.published_at
FROM people pe
JOIN documents d ON d.id = pe.document_id
JOIN mentions m ON m.entity_type = 'person' AND m.entity_id = pe.id
JOIN paragraphs p ON p.document_id = m.document_id AND p.idx = m.paragraph;

CREATE VIEW date_mentions AS
SELECT da.id AS date_id, da.document_id, da.start AS date_start, da.end AS date_end, da.precision, da.event,
       m.paragraph, m.start, m.end, m.text AS mention, m.rule, p.text AS paragraph_text,
       d.source, d.title, d.published_at
FROM dates da
JOIN documents d ON d.id = da.document_id
JOIN mentions m ON m.entity_type = 'date' AND m.entity_id = da.id
JOIN paragraphs p ON p.document_id = m.document_id AND p.idx = m.paragraph;

CREATE VIEW identifier_mentions AS
SELECT i.id AS identifier_id, i.document_id, i.type, i.value, i.valid, i.organization,
       m.paragraph, m.start, m.end, m.text AS mention, m.rule, p.text AS paragraph_text,
       d.source, d.title, d.published_at
FROM identifiers i
JOIN documents d ON d.id = i.document_id
JOIN mentions m ON m.entity_type = 'identifier' AND m.entity_id = i.id
JOIN paragraphs p ON p.document_id = m.document_id AND p.idx = m.paragraph;
`;

const INITIAL_SCHEMA = `
CREATE TABLE runs (
  id             INTEGER PRIMARY KEY,
  pipeline       TEXT NOT NULL,
  started_at     TEXT NOT NULL,
  finished_at    TEXT,
  status         TEXT NOT NULL DEFAULT 'running',
  resources_json TEXT NOT NULL DEFAULT '{}',
  counts_json    TEXT,
  failures_json  TEXT
);

CREATE TABLE documents (
  id                TEXT PRIMARY KEY,
  source            TEXT NOT NULL UNIQUE,
  title             TEXT NOT NULL,
  published_at      TEXT,
  sha256            TEXT NOT NULL,
  chars             INTEGER NOT NULL,
  extractor_version TEXT NOT NULL,
  processed_at      TEXT NOT NULL,
  run_id            INTEGER REFERENCES runs(id) ON DELETE SET NULL,
  text              TEXT NOT NULL
);
CREATE INDEX documents_published_at ON documents(published_at);
CREATE INDEX documents_run ON documents(run_id);

CREATE TABLE paragraphs (
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx         INTEGER NOT NULL,
  start       INTEGER NOT NULL,
  end         INTEGER NOT NULL,
  text        TEXT NOT NULL,
  PRIMARY KEY (document_id, idx)
);

-- name_ascii: lower case without diacritics, so that LIKE '%lomz%' finds "Łomża".
CREATE TABLE organizations (
  id          INTEGER PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  core        TEXT NOT NULL,
  legal_form  TEXT NOT NULL,
  place       TEXT NOT NULL,
  name_ascii  TEXT NOT NULL
);
CREATE INDEX organizations_document ON organizations(document_id);
CREATE INDEX organizations_name ON organizations(name, legal_form);
CREATE INDEX organizations_legal_form ON organizations(legal_form);
CREATE INDEX organizations_place ON organizations(place);

CREATE TABLE places (
  id          INTEGER PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL,
  voivodeship TEXT NOT NULL,
  guessed     INTEGER NOT NULL DEFAULT 0 CHECK (guessed IN (0, 1)),
  name_ascii  TEXT NOT NULL
);
CREATE INDEX places_document_name ON places(document_id, name);
CREATE INDEX places_name ON places(name);
CREATE INDEX places_voivodeship ON places(voivodeship);

CREATE TABLE dates (
  id          INTEGER PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  start       TEXT NOT NULL,
  end         TEXT NOT NULL,
  precision   TEXT NOT NULL CHECK (precision IN ('day', 'month', 'year')),
  text        TEXT NOT NULL
);
CREATE INDEX dates_document ON dates(document_id);
CREATE INDEX dates_start ON dates(start);

CREATE TABLE people (
  id          INTEGER PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  role        TEXT NOT NULL,
  guessed     INTEGER NOT NULL DEFAULT 0 CHECK (guessed IN (0, 1)),
  name_ascii  TEXT NOT NULL
);
CREATE INDEX people_document ON people(document_id);
CREATE INDEX people_name ON people(name);

-- One row per mention of any entity; entity_id is the id in the table entity_type names.
CREATE TABLE mentions (
  id          INTEGER PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  entity_type TEXT NOT NULL CHECK (entity_type IN ('organization', 'place', 'date', 'person')),
  entity_id   INTEGER NOT NULL,
  paragraph   INTEGER NOT NULL,
  start       INTEGER NOT NULL,
  end         INTEGER NOT NULL CHECK (end > start),
  text        TEXT NOT NULL,
  rule        TEXT,
  FOREIGN KEY (document_id, paragraph) REFERENCES paragraphs(document_id, idx) ON DELETE CASCADE
);
CREATE INDEX mentions_entity ON mentions(entity_type, entity_id);
CREATE INDEX mentions_paragraph ON mentions(document_id, paragraph);

${ORGANIZATION_DETAILS_VIEW}
${MENTION_VIEWS}
`;

// Identifiers, relations and the event of a report; the raw input of every document (so it can be
// re-extracted without the network) with the HTTP validators that make the next fetch a 304; the
// lock that keeps to one run at a time. Identifier mentions join the one mentions table, whose
// CHECK is widened by rebuilding it (SQLite cannot alter a CHECK).
const RECORD_EXTRAS_AND_ARCHIVE = `
ALTER TABLE people ADD COLUMN organization TEXT NOT NULL DEFAULT '';
ALTER TABLE dates ADD COLUMN event TEXT NOT NULL DEFAULT '';

DROP VIEW organization_mentions;
DROP VIEW organization_details;
DROP VIEW place_mentions;
DROP VIEW person_mentions;
DROP VIEW date_mentions;
CREATE TABLE mentions_widened (
  id          INTEGER PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  entity_type TEXT NOT NULL CHECK (entity_type IN ('organization', 'place', 'date', 'person', 'identifier')),
  entity_id   INTEGER NOT NULL,
  paragraph   INTEGER NOT NULL,
  start       INTEGER NOT NULL,
  end         INTEGER NOT NULL CHECK (end > start),
  text        TEXT NOT NULL,
  rule        TEXT,
  FOREIGN KEY (document_id, paragraph) REFERENCES paragraphs(document_id, idx) ON DELETE CASCADE
);
INSERT INTO mentions_widened SELECT * FROM mentions;
DROP TABLE mentions;
ALTER TABLE mentions_widened RENAME TO mentions;
CREATE INDEX mentions_entity ON mentions(entity_type, entity_id);
CREATE INDEX mentions_paragraph ON mentions(document_id, paragraph);

CREATE TABLE identifiers (
  id           INTEGER PRIMARY KEY,
  document_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  type         TEXT NOT NULL,
  value        TEXT NOT NULL,
  valid        INTEGER NOT NULL CHECK (valid IN (0, 1)),
  organization TEXT NOT NULL
);
CREATE INDEX identifiers_document ON identifiers(document_id);
CREATE INDEX identifiers_value ON identifiers(type, value);
${ORGANIZATION_DETAILS_VIEW}
${MENTION_VIEWS_V2}

-- The evidence is the sentence that states the relation.
CREATE TABLE relations (
  id                 INTEGER PRIMARY KEY,
  document_id        TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  type               TEXT NOT NULL,
  subject            TEXT NOT NULL,
  object             TEXT NOT NULL,
  evidence_paragraph INTEGER NOT NULL,
  evidence_start     INTEGER NOT NULL,
  evidence_end       INTEGER NOT NULL,
  evidence_text      TEXT NOT NULL,
  rule               TEXT
);
CREATE INDEX relations_document ON relations(document_id);
CREATE INDEX relations_subject ON relations(subject, type);
CREATE INDEX relations_object ON relations(object, type);

-- Lists are JSON arrays of names as they appear in the same document's tables.
CREATE TABLE events (
  document_id       TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  type              TEXT NOT NULL,
  name              TEXT NOT NULL,
  start             TEXT,
  end               TEXT,
  organizers_json   TEXT NOT NULL,
  places_json       TEXT NOT NULL,
  voivodeships_json TEXT NOT NULL,
  participants_json TEXT NOT NULL,
  mention_paragraph INTEGER,
  mention_start     INTEGER,
  mention_end       INTEGER,
  mention_text      TEXT
);
CREATE INDEX events_type ON events(type, start);

-- The input as received, compressed; kept apart from documents so replacing a document's rows
-- keeps it. etag / last_modified make the next request conditional.
CREATE TABLE archive (
  document_id      TEXT PRIMARY KEY,
  source           TEXT NOT NULL UNIQUE,
  format           TEXT NOT NULL,
  content_type     TEXT NOT NULL DEFAULT '',
  content_selector TEXT,
  etag             TEXT,
  last_modified    TEXT,
  fetched_at       TEXT NOT NULL,
  bytes            INTEGER NOT NULL,
  body_sha256      TEXT NOT NULL,
  compression      TEXT NOT NULL,
  body             BLOB NOT NULL
);

-- At most one row: the run that holds the database. A crashed run's row is taken over once its
-- process is gone or its heartbeat is stale.
CREATE TABLE run_lock (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  run_id       INTEGER NOT NULL,
  pipeline     TEXT NOT NULL,
  host         TEXT NOT NULL,
  pid          INTEGER NOT NULL,
  acquired_at  TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL
);
`;

// Listing pages, sitemaps and feeds as last received, so that a conditional request answered
// with 304 still yields their links.
const DISCOVERY_CACHE = `
CREATE TABLE page_cache (
  url           TEXT PRIMARY KEY,
  final_url     TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  etag          TEXT,
  last_modified TEXT,
  fetched_at    TEXT NOT NULL,
  compression   TEXT NOT NULL,
  body          BLOB NOT NULL
);

-- Permanent redirects (301, 308) seen: the next run asks the target directly, with its validators.
CREATE TABLE redirects (
  url         TEXT PRIMARY KEY,
  target      TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
`;

/** Append only: see the note atop this file. */
export const MIGRATIONS: readonly Migration[] = [
  { name: '001-initial', up: (db) => db.exec(INITIAL_SCHEMA) },
  { name: '002-record-extras-and-archive', up: (db) => db.exec(RECORD_EXTRAS_AND_ARCHIVE) },
  { name: '003-discovery-cache', up: (db) => db.exec(DISCOVERY_CACHE) },
];

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS _migrations (
  name       TEXT PRIMARY KEY,
  applied_at TEXT NOT NULL
)`;

/** Names of the migrations `db` has applied, in the order they were applied. */
export function appliedMigrations(db: Database): string[] {
  const exists = db.prepare(
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'").get();
  if (!exists) return [];
  return (db.prepare('SELECT name FROM _migrations ORDER BY rowid').all() as { name: string }[])
    .map((r) => r.name);
}

/**
 * Migrations of `migrations` that `db` has not applied. Throws when one is missing before an
 * applied one: the list was edited instead of appended to.
 */
export function pendingMigrations(db: Database, migrations: readonly Migration[] = MIGRATIONS): Migration[] {
  const applied = new Set(appliedMigrations(db));
  const pending = migrations.filter((m) => !applied.has(m.name));
  const lastApplied = migrations.findLastIndex((m) => applied.has(m.name));
  const gap = migrations.slice(0, lastApplied + 1).find((m) => !applied.has(m.name));
  if (gap) {
    throw new Error(`${db.name}: migration ${gap.name} comes before applied ones but was never applied; ` +
      'migrations are append-only: move it to the end of the list under a new name');
  }
  return pending;
}

/** Applies pending migrations in order, each in its own transaction. Returns the names applied. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): string[] {
  db.exec(CREATE_MIGRATIONS_TABLE);
  const record = db.prepare('INSERT INTO _migrations (name, applied_at) VALUES (?, ?)');
  const isApplied = db.prepare('SELECT 1 FROM _migrations WHERE name = ?');
  const done: string[] = [];
  for (const migration of pendingMigrations(db, migrations)) {
    // IMMEDIATE takes the write lock first, so two processes opening a new file do not both migrate.
    db.transaction(() => {
      if (isApplied.get(migration.name)) return;
      migration.up(db);
      record.run(migration.name, new Date().toISOString());
      done.push(migration.name);
    }).immediate();
  }
  return done;
}

export interface OpenOptions {
  /** Open an existing, migrated database for reading only (`raporty query`). */
  readonly?: boolean;
}

/**
 * Opens (creating it and its folder if needed) and migrates the store at `path`. A read-only
 * database is not migrated: it must be up to date, since queries assume the latest schema.
 */
export function openDatabase(path: string, { readonly = false }: OpenOptions = {}): Database {
  const inMemory = path === ':memory:' || path === '';
  if (!readonly && !inMemory) mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path, { readonly, fileMustExist: readonly });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    if (readonly) {
      const pending = pendingMigrations(db);
      if (pending.length > 0) {
        throw new Error(`${path}: the database predates migrations ${pending.map((m) => m.name).join(', ')}; ` +
          'open it once for writing (e.g. run the pipeline) to migrate it');
      }
      return db;
    }
    // WAL lets `raporty query` read while a pipeline writes; NORMAL is durable enough under WAL.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
