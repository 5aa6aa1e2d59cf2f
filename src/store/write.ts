// The store stage: one validated record in, its rows out, one transaction per document, so a
// failure leaves that document as it was and the others untouched.
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants } from 'node:zlib';
import { createHash } from 'node:crypto';
import type { Mention, ReportRecord } from '../schema.js';
import { migrate, openDatabase, type Database } from './migrations.js';
import { searchKey } from './search-key.js';
import { acquireRunLock, heartbeat, releaseRunLock, type LockOptions } from './lock.js';

export interface WriteMeta {
  /** The normalised document text the record's offsets point into. */
  text: string;
  /** A new version re-extracts documents stored by an older one. */
  extractorVersion: string;
  /** The run (see `startRun`) that processed the document, if any. */
  runId?: number;
  /** The input as received, archived in the same transaction as the rows. */
  archive?: ArchiveInput;
  /** Rewrite the rows even when text and extractor version are those stored. */
  force?: boolean;
}

/** The raw input of one document and what is needed to decode and re-request it. */
export interface ArchiveInput {
  source: string;
  format: 'text' | 'html';
  body: Buffer;
  contentType?: string;
  contentSelector?: string | null;
  etag?: string | null;
  lastModified?: string | null;
  fetchedAt?: string;
}

export interface ArchivedInput extends Required<Omit<ArchiveInput, 'fetchedAt'>> {
  documentId: string;
  fetchedAt: string;
}

/** A discovery page (listing, sitemap, feed) as last received. */
export interface CachedPage {
  url: string;
  finalUrl: string;
  contentType: string;
  etag: string | null;
  lastModified: string | null;
  body: Buffer;
}

/** What the next request for a source needs to be conditional. */
export interface StoredValidators {
  documentId: string;
  etag: string | null;
  lastModified: string | null;
  bodySha256: string;
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

export type RunStatus = 'running' | 'ok' | 'partial' | 'failed' | 'interrupted';

type EntityType = 'organization' | 'place' | 'date' | 'person' | 'identifier';
// Brotli at a middle quality: HTML shrinks ~8x at a fraction of the cost of the maximum.
const BROTLI_QUALITY = 6;
const compress = (body: Buffer): Buffer => brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } });
const decompress = (compression: string, body: Buffer, source: string): Buffer => {
  if (compression !== 'br') throw new Error(`${source}: stored with unknown compression ${compression}`);
  return brotliDecompressSync(body);
};
const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

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

  /** The validators of the archived response for `source`, if one is stored. */
  validators(source: string): StoredValidators | undefined {
    return this.#sql.validators.get(source) as StoredValidators | undefined;
  }

  /**
   * Stores the input of a document whose text did not change (new validators, same rows). The
   * same bytes with the same validators are not compressed and written again: a nightly run over
   * unchanged files costs a hash each.
   */
  archiveInput(documentId: string, input: ArchiveInput): void {
    const stored = this.validators(input.source);
    if (stored && stored.bodySha256 === sha256Of(input.body) && stored.etag === (input.etag ?? null) &&
        stored.lastModified === (input.lastModified ?? null)) return;
    this.#archive(documentId, input);
  }

  /** The archived input of a document, decompressed; undefined when none is stored. */
  archivedInput(documentId: string): ArchivedInput | undefined {
    const row = this.#sql.archived.get(documentId) as (Omit<ArchivedInput, 'body'> & { body: Buffer; compression: string }) | undefined;
    if (!row) return undefined;
    const { compression, body, ...rest } = row;
    return { ...rest, body: decompress(compression, body, row.source) };
  }

  /** Ids of stored documents, those of another extractor version only unless `all`. */
  documentIds({ all = false, extractorVersion }: { all?: boolean; extractorVersion: string }): string[] {
    const rows = (all ? this.#sql.allDocumentIds.all() : this.#sql.staleDocumentIds.all(extractorVersion)) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** The stored text and metadata of a document, for re-extraction without an archive. */
  storedDocument(id: string): { source: string; title: string; publishedAt: string | null; text: string } | undefined {
    return this.#sql.storedDocument.get(id) as { source: string; title: string; publishedAt: string | null; text: string } | undefined;
  }

  cachedPage(url: string): CachedPage | undefined {
    const row = this.#sql.cachedPage.get(url) as (Omit<CachedPage, 'body'> & { body: Buffer; compression: string }) | undefined;
    if (!row) return undefined;
    const { compression, body, ...rest } = row;
    return { ...rest, body: decompress(compression, body, url) };
  }

  /** Where a permanent redirect seen earlier leads from `url`, if one was seen. */
  redirectTarget(url: string): string | undefined {
    return (this.#sql.redirectTarget.get(url) as { target: string } | undefined)?.target;
  }

  recordRedirect(url: string, target: string): void {
    this.#sql.upsertRedirect.run(url, target, now());
  }

  cachePage(page: CachedPage): void {
    this.#sql.upsertCachedPage.run({
      url: page.url, final_url: page.finalUrl, content_type: page.contentType, etag: page.etag, last_modified: page.lastModified,
      fetched_at: now(), compression: 'br', body: compress(page.body),
    });
  }

  #archive(documentId: string, input: ArchiveInput): void {
    this.#sql.upsertArchive.run({
      document_id: documentId, source: input.source, format: input.format, content_type: input.contentType ?? '',
      content_selector: input.contentSelector ?? null, etag: input.etag ?? null, last_modified: input.lastModified ?? null,
      fetched_at: input.fetchedAt ?? now(), bytes: input.body.length,
      body_sha256: sha256Of(input.body), compression: 'br', body: compress(input.body),
    });
  }

  /** Records the start of a run and the versions of the lexical resources it uses. */
  startRun(pipeline: string, resources: object): number {
    const { lastInsertRowid } = this.#sql.startRun.run(pipeline, now(), JSON.stringify(resources));
    return Number(lastInsertRowid);
  }

  /**
   * Starts a run holding the database's run lock (see lock.ts); runs left 'running' by a killed
   * process are marked 'interrupted'. Throws RunLockedError when another run is alive.
   */
  beginRun(pipeline: string, resources: object, lockOptions: LockOptions = {}): { runId: number; takenOverFrom: number | null } {
    return acquireRunLock(this.db, { pipeline }, () => {
      this.#sql.interruptRuns.run(now());
      return this.startRun(pipeline, resources);
    }, lockOptions);
  }

  /** Tells other processes that the run holding the lock is alive. */
  heartbeat(runId: number): void {
    heartbeat(this.db, runId);
  }

  /** Finishes a run started by beginRun and releases the lock. */
  endRun(id: number, status: Exclude<RunStatus, 'running' | 'interrupted'>, counts: object, failures: readonly unknown[]): void {
    this.db.transaction(() => {
      this.finishRun(id, status, counts, failures, { optimize: false });
      releaseRunLock(this.db, id);
    }).immediate();
    this.db.pragma('optimize');
  }

  finishRun(id: number, status: Exclude<RunStatus, 'running'>, counts: object, failures: readonly unknown[], { optimize = true } = {}): void {
    const { changes } = this.#sql.finishRun.run(now(), status, JSON.stringify(counts), JSON.stringify(failures), id);
    if (changes === 0) throw new Error(`run ${id} does not exist: finishRun needs an id returned by startRun`);
    // After a batch of writes: refreshes the statistics the query planner picks indexes by.
    if (optimize) this.db.pragma('optimize');
  }

  /** Closes the database if this Store opened it. */
  close(): void {
    if (this.#ownsDb) this.db.close();
  }

  #writeRows(record: ReportRecord, meta: WriteMeta): WriteResult {
    const sql = this.#sql;
    const doc = record.document;
    const state = this.documentState(doc.id);
    if (meta.archive) this.#archive(doc.id, meta.archive);
    if (!meta.force && state && state.sha256 === doc.sha256 && state.extractorVersion === meta.extractorVersion) {
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
      const row = sql.insertDate.run(doc.id, d.start, d.end, d.precision, d.text, d.event ?? '');
      addMentions('date', row.lastInsertRowid, d.mentions);
    }
    for (const p of record.people) {
      const row = sql.insertPerson.run(doc.id, p.name, p.role, p.organization ?? '', flag(p.guessed), searchKey(p.name));
      addMentions('person', row.lastInsertRowid, p.mentions);
    }
    for (const i of record.identifiers) {
      const row = sql.insertIdentifier.run(doc.id, i.type, i.value, flag(i.valid), i.organization);
      addMentions('identifier', row.lastInsertRowid, i.mentions);
    }
    for (const r of record.relations) {
      sql.insertRelation.run(doc.id, r.type, r.subject, r.object, r.evidence.paragraph, r.evidence.start, r.evidence.end, r.evidence.text, r.evidence.rule ?? null);
    }
    const e = record.event;
    if (e) {
      sql.insertEvent.run({
        document_id: doc.id, type: e.type, name: e.name, start: e.start, end: e.end,
        organizers_json: JSON.stringify(e.organizers), places_json: JSON.stringify(e.places),
        voivodeships_json: JSON.stringify(e.voivodeships), participants_json: JSON.stringify(e.participants),
        mention_paragraph: e.mention?.paragraph ?? null, mention_start: e.mention?.start ?? null,
        mention_end: e.mention?.end ?? null, mention_text: e.mention?.text ?? null,
      });
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
      'INSERT INTO dates (document_id, start, end, precision, text, event) VALUES (?, ?, ?, ?, ?, ?)'),
    insertPerson: db.prepare(
      'INSERT INTO people (document_id, name, role, organization, guessed, name_ascii) VALUES (?, ?, ?, ?, ?, ?)'),
    insertIdentifier: db.prepare(
      'INSERT INTO identifiers (document_id, type, value, valid, organization) VALUES (?, ?, ?, ?, ?)'),
    insertRelation: db.prepare(`
      INSERT INTO relations (document_id, type, subject, object, evidence_paragraph, evidence_start, evidence_end, evidence_text, rule)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertEvent: db.prepare(`
      INSERT INTO events (document_id, type, name, start, end, organizers_json, places_json, voivodeships_json, participants_json,
                          mention_paragraph, mention_start, mention_end, mention_text)
      VALUES (@document_id, @type, @name, @start, @end, @organizers_json, @places_json, @voivodeships_json, @participants_json,
              @mention_paragraph, @mention_start, @mention_end, @mention_text)`),
    upsertArchive: db.prepare(`
      INSERT INTO archive (document_id, source, format, content_type, content_selector, etag, last_modified, fetched_at, bytes, body_sha256, compression, body)
      VALUES (@document_id, @source, @format, @content_type, @content_selector, @etag, @last_modified, @fetched_at, @bytes, @body_sha256, @compression, @body)
      ON CONFLICT (document_id) DO UPDATE SET source = excluded.source, format = excluded.format,
        content_type = excluded.content_type, content_selector = excluded.content_selector, etag = excluded.etag,
        last_modified = excluded.last_modified, fetched_at = excluded.fetched_at, bytes = excluded.bytes,
        body_sha256 = excluded.body_sha256, compression = excluded.compression, body = excluded.body`),
    validators: db.prepare(`
      SELECT document_id AS documentId, etag, last_modified AS lastModified, body_sha256 AS bodySha256
      FROM archive WHERE source = ?`),
    archived: db.prepare(`
      SELECT document_id AS documentId, source, format, content_type AS contentType, content_selector AS contentSelector,
             etag, last_modified AS lastModified, fetched_at AS fetchedAt, compression, body
      FROM archive WHERE document_id = ?`),
    cachedPage: db.prepare(`
      SELECT url, final_url AS finalUrl, content_type AS contentType, etag, last_modified AS lastModified, compression, body
      FROM page_cache WHERE url = ?`),
    upsertCachedPage: db.prepare(`
      INSERT INTO page_cache (url, final_url, content_type, etag, last_modified, fetched_at, compression, body)
      VALUES (@url, @final_url, @content_type, @etag, @last_modified, @fetched_at, @compression, @body)
      ON CONFLICT (url) DO UPDATE SET final_url = excluded.final_url, content_type = excluded.content_type, etag = excluded.etag,
        last_modified = excluded.last_modified, fetched_at = excluded.fetched_at, compression = excluded.compression, body = excluded.body`),
    redirectTarget: db.prepare('SELECT target FROM redirects WHERE url = ?'),
    upsertRedirect: db.prepare(`
      INSERT INTO redirects (url, target, recorded_at) VALUES (?, ?, ?)
      ON CONFLICT (url) DO UPDATE SET target = excluded.target, recorded_at = excluded.recorded_at`),
    allDocumentIds: db.prepare('SELECT id FROM documents ORDER BY rowid'),
    staleDocumentIds: db.prepare('SELECT id FROM documents WHERE extractor_version <> ? ORDER BY rowid'),
    storedDocument: db.prepare('SELECT source, title, published_at AS publishedAt, text FROM documents WHERE id = ?'),
    insertMention: db.prepare(`
      INSERT INTO mentions (document_id, entity_type, entity_id, paragraph, start, end, text, rule)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    startRun: db.prepare(
      "INSERT INTO runs (pipeline, started_at, status, resources_json) VALUES (?, ?, 'running', ?)"),
    interruptRuns: db.prepare(
      "UPDATE runs SET status = 'interrupted', finished_at = ? WHERE status = 'running'"),
    finishRun: db.prepare(
      'UPDATE runs SET finished_at = ?, status = ?, counts_json = ?, failures_json = ? WHERE id = ?'),
  };
}
