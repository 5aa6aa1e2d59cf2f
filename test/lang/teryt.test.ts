// Fixtures in test/data/teryt/ follow the GUS export byte for byte (BOM, CRLF, header, `;`);
// the places and their WOJ/POW/GMI/RODZ codes are real, the SYM/SYMPOD identifiers are
// placeholders except Warszawa's (0918123).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Voivodeship } from '../../src/schema.js';
import { Gazetteer, defaultPaths, projectRoot, readPlacesFile, type ResolveContext } from '../../src/lang/pl/gazetteer.js';
import { TerytFormatError, importTeryt } from '../../src/lang/pl/teryt.js';
// @ts-expect-error plain JS build step, no type declarations
import { buildGazetteer } from '../../scripts/gazetteer/build-gazetteer.mjs';

const root = projectRoot();
const data = join(root, 'test', 'data', 'teryt');
const terc = join(data, 'TERC_Urzedowy.csv');
const simc = join(data, 'SIMC_Urzedowy.csv');
const made: string[] = [];
const tmp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'raporty-teryt-'));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

let path: string;
let g: Gazetteer;

beforeAll(async () => {
  const result = await importTeryt({ terc, simc }, tmp());
  path = result.path;
  g = Gazetteer.load(path);
});

describe('importTeryt', () => {
  it('writes every SIMC locality with the TERC units', async () => {
    const out = tmp();
    const result = await importTeryt({ terc, simc }, out);
    expect(result).toMatchObject({ path: join(out, 'teryt-places.json'), places: 20, gminas: 14, powiats: 8, stateAsOf: '2025-01-01' });
    const file = readPlacesFile(result.path);
    expect(file.source).toBe('teryt');
    expect(file.places.every((r) => r[7] === 0 && r[8] === null)).toBe(true); // no population, no coordinates
  });

  it.each<[string, string, string, string, string]>([
    // name, gmina code, gmina, powiat, feature
    ['Warszawa', '146501', 'Warszawa', 'Warszawa', 'PPLC'],
    ['Łomża', '206201', 'Łomża', 'Łomża', 'PPLA2'],
    ['Brzeziny', '102101', 'Brzeziny', 'brzeziński', 'PPLA2'],
    ['Jedwabne', '200701', 'Jedwabne', 'łomżyński', 'PPLA3'],
    ['Piątnica', '200705', 'Piątnica', 'łomżyński', 'PPLA3'],
    ['Kotowo Stare', '200701', 'Jedwabne', 'łomżyński', 'PPL'],
    ['Kownaty', '200705', 'Piątnica', 'łomżyński', 'PPL'],
  ])('%s: gmina %s (%s), powiat %s, %s', (name, gminaCode, gmina, powiat, feature) => {
    const [entry, ...rest] = g.findLocalities(name).filter((e) => e.gminaCode === gminaCode);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ gmina, powiat, feature, kind: 'locality', source: 'teryt' });
  });

  it('files a Warsaw dzielnica as a district of the city gmina', () => {
    expect(g.findLocalities('Mokotów')[0]).toMatchObject({ kind: 'district', feature: 'PPLX', gmina: 'Warszawa', gminaCode: '146501' });
  });

  it('reads gmina types and the rural gmina seated in a town outside it', () => {
    expect(g.gminaByName('Jedwabne').map((x) => x.type)).toEqual(['miejsko-wiejska']);
    const lomza = g.gminaByName('gmina Łomża').map((x) => [x.code, x.type, x.seat?.gminaCode]);
    expect(lomza).toEqual([['200702', 'wiejska', '206201'], ['206201', 'miejska', '206201']]);
    expect(g.voivodeshipOfPowiat('łomżyński')).toBe('podlaskie');
  });

  it.each<[string, ResolveContext, Voivodeship | undefined, string | undefined]>([
    ['Kownaty', { voivodeships: ['podlaskie'] }, 'podlaskie', 'Piątnica'],
    ['Marianowo', { voivodeships: ['podlaskie'] }, 'podlaskie', 'Piątnica'],
    ['Marianowo', { gminas: ['Marianowo'] }, 'zachodniopomorskie', 'Marianowo'],
    ['Marianowo', {}, undefined, undefined], // two villages, neither known to be larger
    ['Rogów', { voivodeships: ['łódzkie'] }, 'łódzkie', 'Rogów'],
    ['Rogów', { powiats: ['powiat wodzisławski'] }, 'śląskie', 'Gorzyce'],
    ['Rogów', { gminas: ['gmina Mirów'] }, 'mazowieckie', 'Mirów'],
    ['Brzeziny', { voivodeships: ['wielkopolskie'] }, 'wielkopolskie', 'Brzeziny'],
    ['Brzeziny', {}, 'łódzkie', 'Brzeziny'], // the powiat seat
  ])('resolve(%s, %j) → %s, gmina %s', (name, context, voivodeship, gmina) => {
    const found = g.resolve(name, context);
    expect(found?.voivodeship).toBe(voivodeship);
    expect(found?.gmina).toBe(gmina);
  });

  it('accepts TERC alone', async () => {
    const result = await importTeryt({ terc }, tmp());
    expect(result).toMatchObject({ places: 0, gminas: 14, powiats: 8 });
  });

  it('reads an old windows-1250 export', async () => {
    const dir = tmp();
    const file = join(dir, 'SIMC.csv');
    const text = readFileSync(simc, 'utf8').replace(/^\uFEFF/, '');
    // The fixture's letters outside ASCII all exist in windows-1250: encode by hand.
    const cp1250: Record<string, number> = { ą: 0xb9, ć: 0xe6, ę: 0xea, ł: 0xb3, ń: 0xf1, ó: 0xf3, ś: 0x9c, ź: 0x9f, ż: 0xbf, Ł: 0xa3 };
    writeFileSync(file, Buffer.from([...text].map((c) => cp1250[c] ?? c.charCodeAt(0))));
    const result = await importTeryt({ simc: file }, dir);
    expect(readPlacesFile(result.path).places.map((r) => r[0])).toContain('Łomża');
  });

  it('rejects a file that is not the register', async () => {
    const dir = tmp();
    const file = join(dir, 'TERC.csv');
    writeFileSync(file, 'WOJ,POW,GMI\n02,01,01\n');
    await expect(importTeryt({ terc: file }, dir)).rejects.toThrow(TerytFormatError);
    await expect(importTeryt({}, dir)).rejects.toThrow(/TERC/);
  });
});

describe('TERYT merged with GeoNames', () => {
  let merged: Gazetteer;

  beforeAll(async () => {
    await buildGazetteer({ root });
    merged = Gazetteer.fromFiles({ geonames: defaultPaths(root).geonames, teryt: path });
  });

  it('takes population and coordinates from GeoNames for the same place', () => {
    const rogow = merged.resolve('Rogów', { voivodeships: ['łódzkie'] });
    expect(rogow).toMatchObject({ source: 'teryt+geonames', population: 1500, feature: 'PPLA3', gmina: 'Rogów' });
    expect(rogow?.lat).toBeCloseTo(51.8, 1);
    expect(merged.findLocalities('Mokotów')).toHaveLength(1);
    expect(merged.findLocalities('Mokotów')[0].source).toBe('teryt+geonames');
  });

  it('keeps TERYT-only villages and GeoNames-only places', () => {
    expect(merged.resolve('Kownaty', { voivodeships: ['podlaskie'] })).toMatchObject({ source: 'teryt', gmina: 'Piątnica', population: 0 });
    expect(merged.findLocalities('Białystok')[0]).toMatchObject({ source: 'geonames', voivodeship: 'podlaskie' });
    // TERC names the gmina GeoNames left unnamed.
    expect(merged.gminaByCode('200702')).toMatchObject({ name: 'Łomża', guessed: false });
  });

  it('does not count a GeoNames place twice', () => {
    expect(merged.findLocalities('Łomża')).toHaveLength(1);
    expect(merged.findLocalities('Rogów')).toHaveLength(4);
  });
});
