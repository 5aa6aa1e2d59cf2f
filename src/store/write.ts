// The store stage: one validated record in, its rows out, one transaction per document, so a
// failure leaves that document as it was and the others untouched.
import type { Mention, ReportRecord } from '../schema.js';
import { migrate, openDatabase, type Database } from './migrations.js';
import { searchKey } from './search-key.js';

export interface WriteMeta {
  /** The normalised document text the record's offsets point into. */
  text: string;
  /** A new version re-extracts documents stored by an older one. */
  extractorVersion: string;
  /** The run (see `startRun`) that processed the document, if any. */
  runId?: number;
}

export interface WriteResult {
  /** Rows were written: the document is new or replaced an older state. */
  inserted: boolean;
  /** Same sha256 and extractor version were already stored: nothing was written. */
  unchanged: boolean;
  /** An older state of the same document was deleted first. */
  replaced: boolean;
}

export interface DocumentState {
  sha256: string;
  extractorVersion: string;
}

export type RunStatus = 'running' | 'ok' | 'partial' | 'failed';

type EntityType = 'organization' | 'place' | 'date' | 'person';

const now = (): string => new Date().toISOString();
const flag = (value: boolean | undefined): number => (value ? 1 : 0);

export class Store {
  readonly db: Database;
  readonly #ownsDb: boolean;
  readonly #sql: ReturnType<typeof prepareStatements>;
  readonly #write: (record: ReportRecord, meta: WriteMeta) => WriteResult;

  /** With a path, opens (and later closes) that database; with a Database, migrates and uses it. */
  constructor(dbOrPath: Database | string) {
    if (typeof dbOrPath === 'string') {
      this.db = openDatabase(dbOrPath);
      this.#ownsDb = true;
    } else {
      this.db = dbOrPath;
      this.#ownsDb = false;
      // Cascading deletes of a replaced document depend on it; it is off by default in SQLite.
      this.db.pragma('foreign_keys = ON');
      migrate(this.db);
    }
    this.#sql = prepareStatements(this.db);
    const write = this.db.transaction((record: ReportRecord, meta: WriteMeta) => this.#writeRows(record, meta));
    // IMMEDIATE: we read the state and then write; taking the write lock first avoids a busy
    // error that the busy timeout cannot retry.
    this.#write = (record, meta) => write.immediate(record, meta);
  }

  /**
   * Stores `record`, replacing an older state of the same document. Throws when a row cannot be
   * written; nothing of that document has changed then.
   */
  writeRecord(record: ReportRecord, meta: WriteMeta): WriteResult {
    try {
      return this.#write(record, meta);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${record.document.source}: not stored, the previous state is kept (${reason})`, { cause: error });
    }
  }

  documentState(id: string): DocumentState | undefined {
    return this.#sql.documentState.get(id) as DocumentState | undefined;
  }

  /** Records the start of a run and the versions of the lexical resources it uses. */
  startRun(pipeline: string, resources: object): number {
    const { lastInsertRowid } = this.#sql.startRun.run(pipeline, now(), JSON.stringify(resources));
    return Number(lastInsertRowid);
  }

  finishRun(id: number, status: Exclude<RunStatus, 'running'>, counts: object, failures: readonly unknown[]): void {
    const { changes } = this.#sql.finishRun.run(now(), status, JSON.stringify(counts), JSON.stringify(failures), id);
    if (changes === 0) throw new Error(`run ${id} does not exist: finishRun needs an id returned by startRun`);
    // After a batch of writes: refreshes the statistics the query planner picks indexes by.
    this.db.pragma('optimize');
  }

  /** Closes the database if this Store opened it. */
  close(): void {
    if (this.#ownsDb) this.db.close();
  }

  #writeRows(record: ReportRecord, meta: WriteMeta): WriteResult {
    const sql = this.#sql;
    const doc = record.document;
    const state = this.documentState(doc.id);
    if (state && state.sha256 === doc.sha256 && state.extractorVersion === meta.extractorVersion) {
      return { inserted: false, unchanged: true, replaced: false };
    }
    // The child rows go with it (ON DELETE CASCADE).
    if (state) sql.deleteDocument.run(doc.id);
    sql.insertDocument.run({
      id: doc.id, source: doc.source, title: doc.title, published_at: doc.publishedAt, sha256: doc.sha256,
      chars: doc.chars, extractor_version: meta.extractorVersion, processed_at: now(), run_id: meta.runId ?? null,
      text: meta.text,
    });
    for (const p of record.paragraphs) sql.insertParagraph.run(doc.id, p.index, p.start, p.end, p.text);

    const addMentions = (type: EntityType, entityId: number | bigint, mentions: readonly Mention[]): void => {
      for (const m of mentions) {
        sql.insertMention.run(doc.id, type, entityId, m.paragraph, m.start, m.end, m.text, m.rule ?? null);
      }
    };
    for (const o of record.organizations) {
      const row = sql.insertOrganization.run(doc.id, o.name, o.core, o.legalForm, o.place, searchKey(o.name));
      addMentions('organization', row.lastInsertRowid, o.mentions);
    }
    for (const p of record.places) {
      const row = sql.insertPlace.run(doc.id, p.name, p.kind, p.voivodeship, flag(p.guessed), searchKey(p.name));
      addMentions('place', row.lastInsertRowid, p.mentions);
    }
    for (const d of record.dates) {
      const row = sql.insertDate.run(doc.id, d.start, d.end, d.precision, d.text);
      addMentions('date', row.lastInsertRowid, d.mentions);
    }
    for (const p of record.people) {
      const row = sql.insertPerson.run(doc.id, p.name, p.role, flag(p.guessed), searchKey(p.name));
      addMentions('person', row.lastInsertRowid, p.mentions);
    }
    return { inserted: true, unchanged: false, replaced: state !== undefined };
  }
}

// Prepared once per Store, not per document.
function prepareStatements(db: Database) {
  return {
    documentState: db.prepare(
      'SELECT sha256, extractor_version AS extractorVersion FROM documents WHERE id = ?'),
    deleteDocument: db.prepare('DELETE FROM documents WHERE id = ?'),
    insertDocument: db.prepare(`
      INSERT INTO documents (id, source, title, published_at, sha256, chars, extractor_version, processed_at, run_id, text)
      VALUES (@id, @source, @title, @published_at, @sha256, @chars, @extractor_version, @processed_at, @run_id, @text)`),
    insertParagraph: db.prepare(
      'INSERT INTO paragraphs (document_id, idx, start, end, text) VALUES (?, ?, ?, ?, ?)'),
    insertOrganization: db.prepare(
      'INSERT INTO organizations (document_id, name, core, legal_form, place, name_ascii) VALUES (?, ?, ?, ?, ?, ?)'),
    insertPlace: db.prepare(
      'INSERT INTO places (document_id, name, kind, voivodeship, guessed, name_ascii) VALUES (?, ?, ?, ?, ?, ?)'),
    insertDate: db.prepare(
      'INSERT INTO dates (document_id, start, end, precision, text) VALUES (?, ?, ?, ?, ?)'),
    insertPerson: db.prepare(
      'INSERT INTO people (document_id, name, role, guessed, name_ascii) VALUES (?, ?, ?, ?, ?)'),
    insertMention: db.prepare(`
      INSERT INTO mentions (document_id, entity_type, entity_id, paragraph, start, end, text, rule)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    startRun: db.prepare(
      "INSERT INTO runs (pipeline, started_at, status, resources_json) VALUES (?, ?, 'running', ?)"),
    finishRun: db.prepare(
      'UPDATE runs SET finished_at = ?, status = ?, counts_json = ?, failures_json = ? WHERE id = ?'),
  };
}
