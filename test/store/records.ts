// Small hand-made records for the store tests. Mentions are given as the words written in the
// text; their offsets and paragraph are looked up, so every record keeps
// `text.slice(start, end) === mention.text` and passes RecordSchema.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordSchema, type LegalForm, type PlaceKind, type ReportRecord, type Voivodeship } from '../../src/schema.js';

export interface RecordSpec {
  source: string;
  title?: string;
  publishedAt?: string | null;
  /** Joined with "\n" into the document text. */
  paragraphs: string[];
  organizations?: { name: string; core: string; legalForm: LegalForm; place: string; mentions: string[] }[];
  places?: { name: string; kind: PlaceKind; voivodeship: Voivodeship; guessed?: boolean; mentions: string[] }[];
  dates?: { start: string; end: string; precision: 'day' | 'month' | 'year'; text: string; mentions: string[] }[];
  people?: { name: string; role: string; guessed?: boolean; mentions: string[] }[];
}

export interface BuiltRecord {
  record: ReportRecord;
  meta: { text: string; extractorVersion: string };
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export function buildRecord(spec: RecordSpec, extractorVersion = '1.0.0'): BuiltRecord {
  const text = spec.paragraphs.join('\n');
  let offset = 0;
  const paragraphs = spec.paragraphs.map((p, index) => {
    const paragraph = { index, start: offset, end: offset + p.length, text: p };
    offset += p.length + 1;
    return paragraph;
  });
  // Repeated words find successive occurrences.
  const mentionsOf = (needles: string[]) => {
    const from = new Map<string, number>();
    return needles.map((needle) => {
      const start = text.indexOf(needle, from.get(needle) ?? 0);
      if (start < 0) throw new Error(`test record ${spec.source}: "${needle}" is not in the text`);
      from.set(needle, start + needle.length);
      const paragraph = paragraphs.findIndex((p) => start >= p.start && start < p.end);
      return { text: needle, start, end: start + needle.length, paragraph, rule: 'test' };
    });
  };
  const record = RecordSchema.parse({
    document: {
      id: sha256(spec.source), source: spec.source, title: spec.title ?? spec.paragraphs[0],
      publishedAt: spec.publishedAt ?? null, sha256: sha256(text), chars: text.length,
    },
    paragraphs,
    organizations: (spec.organizations ?? []).map((o) => ({ ...o, mentions: mentionsOf(o.mentions) })),
    places: (spec.places ?? []).map((p) => ({ ...p, mentions: mentionsOf(p.mentions) })),
    dates: (spec.dates ?? []).map((d) => ({ ...d, mentions: mentionsOf(d.mentions) })),
    people: (spec.people ?? []).map((p) => ({ ...p, mentions: mentionsOf(p.mentions) })),
  });
  return { record, meta: { text, extractorVersion } };
}

export const PODLASKIE: RecordSpec = {
  source: '/reports/wizyta-podlaskie-2012.txt',
  publishedAt: '2012-04-02',
  paragraphs: [
    'Wizyta studyjna w województwie podlaskim',
    'W dniach 29-30 marca 2012 roku goście odwiedzili Spółdzielnię Socjalną ALEXIS w Łomży.',
    'Spółdzielnia Socjalna ALEXIS prowadzi catering. Gości przywitał Krzysztof Kozicki, wicestarosta łomżyński.',
    'Warsztat Terapii Zajęciowej w Marianowie działa od 2010 roku.',
  ],
  organizations: [
    { name: 'Spółdzielnia Socjalna ALEXIS', core: 'ALEXIS', legalForm: 'spoldzielnia_socjalna', place: 'Łomża',
      mentions: ['Spółdzielnię Socjalną ALEXIS w Łomży', 'Spółdzielnia Socjalna ALEXIS'] },
    { name: 'Warsztat Terapii Zajęciowej w Marianowie', core: '', legalForm: 'wtz', place: 'Marianowo',
      mentions: ['Warsztat Terapii Zajęciowej w Marianowie'] },
  ],
  places: [
    { name: 'województwo podlaskie', kind: 'voivodeship', voivodeship: 'podlaskie', mentions: ['województwie podlaskim'] },
    { name: 'Łomża', kind: 'locality', voivodeship: 'podlaskie', mentions: ['Łomży'] },
    { name: 'Marianowo', kind: 'locality', voivodeship: 'podlaskie', guessed: true, mentions: ['Marianowie'] },
  ],
  dates: [
    { start: '2012-03-29', end: '2012-03-30', precision: 'day', text: '29-30 marca 2012 roku', mentions: ['29-30 marca 2012 roku'] },
    { start: '2010', end: '2010', precision: 'year', text: '2010 roku', mentions: ['2010 roku'] },
  ],
  people: [
    { name: 'Krzysztof Kozicki', role: 'wicestarosta łomżyński', mentions: ['Krzysztof Kozicki'] },
  ],
};

export const LODZKIE: RecordSpec = {
  source: '/reports/warsztaty-lodzkie-2017.txt',
  publishedAt: '2017-05-25',
  paragraphs: [
    'Warsztaty w Łodzi',
    'Fundacja Madox z Łodzi i BoxLife sp. z o.o. spotkały się w maju 2017 roku.',
    'Spółdzielnia Socjalna ALEXIS z Łomży opowiedziała o swojej pracy. Anna Nowak, prezes fundacji, podziękowała.',
  ],
  organizations: [
    { name: 'Fundacja Madox', core: 'Madox', legalForm: 'fundacja', place: 'Łódź', mentions: ['Fundacja Madox z Łodzi'] },
    { name: 'BoxLife sp. z o.o.', core: 'BoxLife', legalForm: 'spolka_zoo', place: '', mentions: ['BoxLife sp. z o.o.'] },
    { name: 'Spółdzielnia Socjalna ALEXIS', core: 'ALEXIS', legalForm: 'spoldzielnia_socjalna', place: 'Łomża',
      mentions: ['Spółdzielnia Socjalna ALEXIS z Łomży'] },
  ],
  places: [
    { name: 'Łódź', kind: 'locality', voivodeship: 'łódzkie', mentions: ['Łodzi', 'Łodzi'] },
    { name: 'Łomża', kind: 'locality', voivodeship: 'podlaskie', mentions: ['Łomży'] },
  ],
  dates: [
    { start: '2017-05', end: '2017-05', precision: 'month', text: 'maju 2017 roku', mentions: ['maju 2017 roku'] },
  ],
  people: [
    { name: 'Anna Nowak', role: 'prezes fundacji', mentions: ['Anna Nowak'] },
  ],
};

/** Two villages of one name in different voivodeships, and no publication date. */
export const NOWA_WIES: RecordSpec = {
  source: '/reports/spotkanie.txt',
  paragraphs: ['Spotkania w Nowej Wsi (mazowieckie) i w Nowej Wsi (łódzkie) koło Łasku w 2015 roku.'],
  places: [
    { name: 'Łask', kind: 'locality', voivodeship: 'łódzkie', mentions: ['Łasku'] },
    { name: 'Nowa Wieś', kind: 'locality', voivodeship: 'mazowieckie', mentions: ['Nowej Wsi'] },
    { name: 'Nowa Wieś', kind: 'locality', voivodeship: 'łódzkie', mentions: ['Nowej Wsi'] },
  ],
  dates: [{ start: '2015', end: '2015', precision: 'year', text: '2015 roku', mentions: ['2015 roku'] }],
};

/** A fresh folder for one test's database; `remove` deletes it. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'raporty-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
