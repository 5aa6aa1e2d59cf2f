import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/migrations.js';
import {
  InvalidQueryError, queryDates, queryDocuments, queryOrganizations, queryPeople, queryPlaces,
} from '../../src/store/query.js';
import { Store } from '../../src/store/write.js';
import { LODZKIE, NOWA_WIES, PODLASKIE, buildRecord, tempDir } from './records.js';

let tmp: ReturnType<typeof tempDir>;
let db: Database;
beforeAll(() => {
  tmp = tempDir();
  const path = join(tmp.dir, 'raporty.sqlite');
  const store = new Store(path);
  for (const spec of [PODLASKIE, LODZKIE, NOWA_WIES]) {
    const { record, meta } = buildRecord(spec);
    store.writeRecord(record, meta);
  }
  store.close();
  // Queries run as `raporty query` runs them: read-only.
  db = openDatabase(path, { readonly: true });
});
afterAll(() => {
  db.close();
  tmp.remove();
});

const names = (rows: { name: string }[]): string[] => rows.map((r) => r.name);

describe('queryOrganizations', () => {
  it('groups an organisation across documents', () => {
    expect(queryOrganizations(db)).toEqual([
      { name: 'Spółdzielnia Socjalna ALEXIS', core: 'ALEXIS', legal_form: 'spoldzielnia_socjalna', place: 'Łomża',
        voivodeship: 'podlaskie', documents: 2, mentions: 3 },
      { name: 'BoxLife sp. z o.o.', core: 'BoxLife', legal_form: 'spolka_zoo', place: '', voivodeship: '', documents: 1, mentions: 1 },
      { name: 'Fundacja Madox', core: 'Madox', legal_form: 'fundacja', place: 'Łódź', voivodeship: 'łódzkie', documents: 1, mentions: 1 },
      { name: 'Warsztat Terapii Zajęciowej w Marianowie', core: '', legal_form: 'wtz', place: 'Marianowo',
        voivodeship: 'podlaskie', documents: 1, mentions: 1 },
    ]);
  });

  it.each([
    [{ legalForm: 'spoldzielnia_socjalna' }, ['Spółdzielnia Socjalna ALEXIS']],
    [{ legalForm: 'Spółdzielnia socjalna' }, ['Spółdzielnia Socjalna ALEXIS']],
    [{ voivodeship: 'podlaskie' }, ['Spółdzielnia Socjalna ALEXIS', 'Warsztat Terapii Zajęciowej w Marianowie']],
    [{ voivodeship: 'lodzkie' }, ['Fundacja Madox']],
    [{ voivodeship: 'województwo łódzkie' }, ['Fundacja Madox']],
    [{ voivodeship: '' }, ['BoxLife sp. z o.o.']],
    [{ place: 'Łomża' }, ['Spółdzielnia Socjalna ALEXIS']],
    [{ place: 'LOMZA' }, ['Spółdzielnia Socjalna ALEXIS']],
    [{ place: 'Łom' }, []],
    [{ name: 'spoldz' }, ['Spółdzielnia Socjalna ALEXIS']],
    [{ name: 'SPÓŁDZ' }, ['Spółdzielnia Socjalna ALEXIS']],
    [{ name: 'madox' }, ['Fundacja Madox']],
    [{ name: '%' }, []],
    [{ legalForm: 'wtz', voivodeship: 'podlaskie', name: 'terapii' }, ['Warsztat Terapii Zajęciowej w Marianowie']],
    [{ legalForm: 'fundacja', voivodeship: 'podlaskie' }, []],
    [{ limit: 1 }, ['Spółdzielnia Socjalna ALEXIS']],
  ])('filters by %o', (query, expected) => {
    expect(names(queryOrganizations(db, query))).toEqual(expected);
  });

  it('counts only the documents and mentions that match', () => {
    expect(queryOrganizations(db, { name: 'alexis', voivodeship: 'podlaskie' })[0]).toMatchObject({ documents: 2, mentions: 3 });
  });

  it.each([
    [{ legalForm: 'spółka' }, /unknown legal form "spółka": use one of spoldzielnia_socjalna, /],
    [{ voivodeship: 'podlasie' }, /unknown voivodeship "podlasie": use one of dolnośląskie, /],
    [{ limit: -1 }, /limit -1/],
    [{ limit: 1.5 }, /limit 1.5/],
  ])('rejects %o', (query, message) => {
    expect(() => queryOrganizations(db, query)).toThrow(InvalidQueryError);
    expect(() => queryOrganizations(db, query)).toThrow(message);
  });
});

describe('queryPlaces', () => {
  it('groups a place across documents, keeps namesakes apart and sorts Ł among the L\'s', () => {
    expect(queryPlaces(db)).toEqual([
      { name: 'Łomża', kind: 'locality', voivodeship: 'podlaskie', documents: 2, mentions: 2 },
      { name: 'Łódź', kind: 'locality', voivodeship: 'łódzkie', documents: 1, mentions: 2 },
      { name: 'Łask', kind: 'locality', voivodeship: 'łódzkie', documents: 1, mentions: 1 },
      { name: 'Marianowo', kind: 'locality', voivodeship: 'podlaskie', documents: 1, mentions: 1 },
      { name: 'Nowa Wieś', kind: 'locality', voivodeship: 'mazowieckie', documents: 1, mentions: 1 },
      { name: 'Nowa Wieś', kind: 'locality', voivodeship: 'łódzkie', documents: 1, mentions: 1 },
      { name: 'województwo podlaskie', kind: 'voivodeship', voivodeship: 'podlaskie', documents: 1, mentions: 1 },
    ]);
  });

  it.each([
    [{ voivodeship: 'Łódzkie' }, ['Łódź', 'Łask', 'Nowa Wieś']],
    [{ kind: 'voivodeship' }, ['województwo podlaskie']],
    [{ name: 'nowa wies' }, ['Nowa Wieś', 'Nowa Wieś']],
    [{ name: 'łom', kind: 'locality', voivodeship: 'podlaskie' }, ['Łomża']],
    [{ limit: 2 }, ['Łomża', 'Łódź']],
  ])('filters by %o', (query, expected) => {
    expect(names(queryPlaces(db, query))).toEqual(expected);
  });

  it('rejects an unknown kind', () => {
    expect(() => queryPlaces(db, { kind: 'city' })).toThrow(/unknown place kind "city": use one of locality, /);
  });
});

describe('queryDocuments', () => {
  it('lists documents by publication date with their entity counts', () => {
    expect(queryDocuments(db)).toEqual([
      { id: buildRecord(PODLASKIE).record.document.id, source: PODLASKIE.source, title: PODLASKIE.paragraphs[0],
        published_at: '2012-04-02', chars: buildRecord(PODLASKIE).meta.text.length,
        organizations: 2, places: 3, dates: 2, people: 1 },
      expect.objectContaining({ source: LODZKIE.source, organizations: 3, places: 2, dates: 1, people: 1 }),
      expect.objectContaining({ source: NOWA_WIES.source, published_at: null, organizations: 0, places: 3, dates: 1, people: 0 }),
    ]);
  });

  it('filters by part of the source', () => {
    expect(queryDocuments(db, { source: 'LODZKIE' }).map((d) => d.source)).toEqual([LODZKIE.source]);
    expect(queryDocuments(db, { source: '_' })).toEqual([]);
    expect(queryDocuments(db, { limit: 1 })).toHaveLength(1);
  });
});

describe('queryPeople', () => {
  it.each([
    [{}, [{ name: 'Anna Nowak', role: 'prezes fundacji', documents: 1, mentions: 1 },
      { name: 'Krzysztof Kozicki', role: 'wicestarosta łomżyński', documents: 1, mentions: 1 }]],
    [{ role: 'STAROSTA' }, [expect.objectContaining({ name: 'Krzysztof Kozicki' })]],
    [{ role: 'lomzynski' }, [expect.objectContaining({ name: 'Krzysztof Kozicki' })]],
    [{ name: 'nowak' }, [expect.objectContaining({ name: 'Anna Nowak' })]],
    [{ name: 'nowak', role: 'starosta' }, []],
  ])('filters by %o', (query, expected) => {
    expect(queryPeople(db, query)).toEqual(expected);
  });
});

describe('queryDates', () => {
  const spans = (rows: { start: string; end: string }[]) => rows.map((r) => `${r.start}..${r.end}`);
  it.each([
    [{}, ['2010..2010', '2012-03-29..2012-03-30', '2015..2015', '2017-05..2017-05']],
    [{ from: '2012-03-30' }, ['2012-03-29..2012-03-30', '2015..2015', '2017-05..2017-05']],
    [{ to: '2012-03-28' }, ['2010..2010']],
    [{ from: '2010-06', to: '2010-06' }, ['2010..2010']],
    [{ from: '2011', to: '2011' }, []],
    [{ from: '2017-05-10', to: '2017-05-20' }, ['2017-05..2017-05']],
    [{ from: '2012', to: '2015' }, ['2012-03-29..2012-03-30', '2015..2015']],
    [{ limit: 1 }, ['2010..2010']],
  ])('filters by %o', (query, expected) => {
    expect(spans(queryDates(db, query))).toEqual(expected);
  });

  it('gives the text, the document and the mention count', () => {
    expect(queryDates(db, { from: '2012-03-29', to: '2012-03-29' })).toEqual([{
      start: '2012-03-29', end: '2012-03-30', precision: 'day', text: '29-30 marca 2012 roku',
      source: PODLASKIE.source, title: PODLASKIE.paragraphs[0], mentions: 1,
    }]);
  });

  it('rejects a date it cannot read', () => {
    expect(() => queryDates(db, { from: '29.03.2012' })).toThrow(/from "29.03.2012" is not a date: give YYYY, YYYY-MM or YYYY-MM-DD/);
  });
});

// The examples the README gives for plain SQL must keep working.
describe('README SQL examples', () => {
  it('social cooperatives in podlaskie with the paragraphs they were mentioned in', () => {
    const rows = db.prepare(`
      SELECT name, place, title, paragraph, mention, paragraph_text
      FROM organization_mentions
      WHERE legal_form = 'spoldzielnia_socjalna' AND voivodeship = 'podlaskie'
      ORDER BY name, published_at, paragraph`).all();
    expect(rows).toEqual([
      { name: 'Spółdzielnia Socjalna ALEXIS', place: 'Łomża', title: PODLASKIE.paragraphs[0], paragraph: 1,
        mention: 'Spółdzielnię Socjalną ALEXIS w Łomży', paragraph_text: PODLASKIE.paragraphs[1] },
      { name: 'Spółdzielnia Socjalna ALEXIS', place: 'Łomża', title: PODLASKIE.paragraphs[0], paragraph: 2,
        mention: 'Spółdzielnia Socjalna ALEXIS', paragraph_text: PODLASKIE.paragraphs[2] },
      { name: 'Spółdzielnia Socjalna ALEXIS', place: 'Łomża', title: LODZKIE.paragraphs[0], paragraph: 2,
        mention: 'Spółdzielnia Socjalna ALEXIS z Łomży', paragraph_text: LODZKIE.paragraphs[2] },
    ]);
  });

  it('organisations per voivodeship and legal form', () => {
    const rows = db.prepare(`
      SELECT voivodeship, legal_form, count(DISTINCT name) AS organizations, count(DISTINCT document_id) AS documents
      FROM organization_details
      WHERE voivodeship <> ''
      GROUP BY voivodeship, legal_form
      ORDER BY voivodeship, organizations DESC, legal_form`).all();
    expect(rows).toEqual([
      { voivodeship: 'podlaskie', legal_form: 'spoldzielnia_socjalna', organizations: 1, documents: 2 },
      { voivodeship: 'podlaskie', legal_form: 'wtz', organizations: 1, documents: 1 },
      { voivodeship: 'łódzkie', legal_form: 'fundacja', organizations: 1, documents: 1 },
    ]);
  });

  it('organisations named in the same paragraph as a person, with the role', () => {
    const rows = db.prepare(`
      SELECT pm.name AS person, pm.role, om.name AS organization, pm.title
      FROM person_mentions pm
      JOIN organization_mentions om ON om.document_id = pm.document_id AND om.paragraph = pm.paragraph
      ORDER BY person, organization`).all();
    expect(rows).toEqual([
      { person: 'Anna Nowak', role: 'prezes fundacji', organization: 'Spółdzielnia Socjalna ALEXIS', title: LODZKIE.paragraphs[0] },
      { person: 'Krzysztof Kozicki', role: 'wicestarosta łomżyński', organization: 'Spółdzielnia Socjalna ALEXIS', title: PODLASKIE.paragraphs[0] },
    ]);
  });

  it('a name without Polish letters, and the documents naming it', () => {
    const rows = db.prepare(`
      SELECT o.name, o.legal_form, d.title, d.published_at
      FROM organizations o JOIN documents d ON d.id = o.document_id
      WHERE o.name_ascii LIKE '%spoldzielnia%'
      ORDER BY d.published_at`).all();
    expect(rows).toEqual([
      { name: 'Spółdzielnia Socjalna ALEXIS', legal_form: 'spoldzielnia_socjalna', title: PODLASKIE.paragraphs[0], published_at: '2012-04-02' },
      { name: 'Spółdzielnia Socjalna ALEXIS', legal_form: 'spoldzielnia_socjalna', title: LODZKIE.paragraphs[0], published_at: '2017-05-25' },
    ]);
  });
});
