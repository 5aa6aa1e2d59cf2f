// The parts of a stored document beyond the four entity kinds: identifiers, relations and the
// event, the archived input with its HTTP validators, and the upgrade of a database made before them.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, openDatabase, type Database } from '../../src/store/migrations.js';
import { Store } from '../../src/store/write.js';
import { LODZKIE, buildRecord, tempDir } from './records.js';

let tmp: ReturnType<typeof tempDir>;
let db: Database;
let store: Store;
beforeEach(() => { tmp = tempDir(); db = openDatabase(join(tmp.dir, 'raporty.sqlite')); store = new Store(db); });
afterEach(() => { db.close(); tmp.remove(); });

function withExtras() {
  const built = buildRecord(LODZKIE);
  const text = built.meta.text;
  const at = (needle: string) => {
    const start = text.indexOf(needle);
    const paragraph = built.record.paragraphs.findIndex((p) => start >= p.start && start < p.end);
    return { text: needle, start, end: start + needle.length, paragraph, rule: 'test' };
  };
  built.record.people[0].organization = 'Fundacja Madox';
  built.record.dates[0].event = 'spotkanie';
  built.record.identifiers = [{ type: 'krs', value: '0000123456', valid: true, organization: 'Fundacja Madox', mentions: [at('Madox')] }];
  built.record.relations = [{ type: 'partner_of', subject: 'Fundacja Madox', object: 'BoxLife sp. z o.o.', evidence: at('Fundacja Madox z Łodzi i BoxLife sp. z o.o. spotkały się w maju 2017 roku.') }];
  built.record.event = {
    type: 'spotkanie', name: '', start: '2017-05', end: '2017-05', organizers: ['Fundacja Madox'], places: ['Łódź'],
    voivodeships: ['łódzkie'], participants: ['BoxLife sp. z o.o.'], mention: at('spotkały się'),
  };
  return built;
}

describe('record extras', () => {
  it('stores identifiers with their mentions, relations with their evidence, the event, roles\' organisations and dates\' events', () => {
    const { record, meta } = withExtras();
    store.writeRecord(record, meta);
    expect(db.prepare('SELECT type, value, valid, organization, mention FROM identifier_mentions').all())
      .toEqual([{ type: 'krs', value: '0000123456', valid: 1, organization: 'Fundacja Madox', mention: 'Madox' }]);
    const relation = db.prepare('SELECT * FROM relations').get() as Record<string, unknown>;
    expect(relation).toMatchObject({ type: 'partner_of', subject: 'Fundacja Madox', object: 'BoxLife sp. z o.o.', evidence_paragraph: 1 });
    expect(meta.text.slice(relation.evidence_start as number, relation.evidence_end as number)).toBe(relation.evidence_text);
    const event = db.prepare('SELECT type, start, organizers_json, mention_text FROM events').get();
    expect(event).toEqual({ type: 'spotkanie', start: '2017-05', organizers_json: '["Fundacja Madox"]', mention_text: 'spotkały się' });
    expect(db.prepare('SELECT organization FROM person_mentions').get()).toEqual({ organization: 'Fundacja Madox' });
    expect(db.prepare('SELECT event FROM date_mentions').get()).toEqual({ event: 'spotkanie' });
  });

  it('replaces the extras with the document', () => {
    const { record, meta } = withExtras();
    store.writeRecord(record, meta);
    store.writeRecord({ ...record, identifiers: [], relations: [], event: null }, { ...meta, force: true });
    for (const table of ['identifiers', 'relations', 'events']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
    }
    expect(db.prepare("SELECT count(*) AS n FROM mentions WHERE entity_type = 'identifier'").get()).toEqual({ n: 0 });
  });
});

describe('archive', () => {
  const html = Buffer.from('<html><body><p>Fundacja Madox z Łodzi</p></body></html>'.repeat(50));

  it('keeps the input compressed with its validators, and gives it back byte for byte', () => {
    const { record, meta } = buildRecord(LODZKIE);
    store.writeRecord(record, { ...meta, archive: { source: record.document.source, format: 'html', body: html, contentType: 'text/html; charset=utf-8', etag: '"v1"', lastModified: 'Wed, 01 May 2024 10:00:00 GMT', contentSelector: '#tresc' } });
    const stored = db.prepare('SELECT bytes, length(body) AS compressed, compression FROM archive').get() as { bytes: number; compressed: number; compression: string };
    expect(stored.bytes).toBe(html.length);
    expect(stored.compressed).toBeLessThan(html.length / 5);
    expect(store.validators(record.document.source)).toMatchObject({ documentId: record.document.id, etag: '"v1"', lastModified: 'Wed, 01 May 2024 10:00:00 GMT' });
    const back = store.archivedInput(record.document.id);
    expect(back?.body.equals(html)).toBe(true);
    expect(back).toMatchObject({ format: 'html', contentSelector: '#tresc', contentType: 'text/html; charset=utf-8' });
  });

  it('outlives the replacement of the document\'s rows, and takes new validators when the text is unchanged', () => {
    const { record, meta } = buildRecord(LODZKIE);
    store.writeRecord(record, { ...meta, archive: { source: record.document.source, format: 'html', body: html, etag: '"v1"' } });
    store.writeRecord(record, { ...meta, extractorVersion: '2.0.0' });
    expect(store.archivedInput(record.document.id)?.body.equals(html)).toBe(true);
    store.archiveInput(record.document.id, { source: record.document.source, format: 'html', body: html, etag: '"v2"' });
    expect(store.validators(record.document.source)?.etag).toBe('"v2"');
    expect(store.documentIds({ extractorVersion: '2.0.0' })).toEqual([]);
    expect(store.documentIds({ extractorVersion: '3.0.0' })).toEqual([record.document.id]);
  });
});

describe('migration 002', () => {
  it('upgrades a database made by 001 with its rows and mentions intact', () => {
    const path = join(tmp.dir, 'old.sqlite');
    const old = new BetterSqlite3(path);
    old.pragma('foreign_keys = ON');
    migrate(old, MIGRATIONS.slice(0, 1));
    const { record, meta } = buildRecord(LODZKIE);
    // A 001 database has no extra columns: insert as version 0.1 did.
    old.prepare("INSERT INTO documents (id, source, title, sha256, chars, extractor_version, processed_at, text) VALUES (?, ?, '', ?, ?, '0.1.0', 'x', ?)")
      .run(record.document.id, record.document.source, record.document.sha256, meta.text.length, meta.text);
    old.prepare('INSERT INTO paragraphs VALUES (?, 0, 0, 5, ?)').run(record.document.id, meta.text.slice(0, 5));
    old.prepare("INSERT INTO people (document_id, name, role, name_ascii) VALUES (?, 'Anna Nowak', '', 'anna nowak')").run(record.document.id);
    old.prepare("INSERT INTO mentions (document_id, entity_type, entity_id, paragraph, start, end, text) VALUES (?, 'person', 1, 0, 0, 5, 'Warsz')").run(record.document.id);
    old.close();

    const upgraded = openDatabase(path);
    try {
      expect(upgraded.prepare('SELECT name, organization FROM person_mentions').all()).toEqual([{ name: 'Anna Nowak', organization: '' }]);
      expect(() => upgraded.prepare("INSERT INTO mentions (document_id, entity_type, entity_id, paragraph, start, end, text) VALUES (?, 'identifier', 1, 0, 0, 5, 'Warsz')").run(record.document.id)).not.toThrow();
      expect(() => upgraded.prepare("INSERT INTO mentions (document_id, entity_type, entity_id, paragraph, start, end, text) VALUES (?, 'bogus', 1, 0, 0, 5, 'Warsz')").run(record.document.id)).toThrow(/CHECK/);
    } finally {
      upgraded.close();
    }
  });
});
