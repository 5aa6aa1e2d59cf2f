import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { VOIVODESHIPS, type Voivodeship } from '../../src/schema.js';
import {
  Gazetteer, GazetteerMissingError, defaultGazetteer, defaultPaths, derivePowiatAdjective, loadPowiatList,
  loadVoivodeshipList, projectRoot, type ResolveContext,
} from '../../src/lang/pl/gazetteer.js';
// @ts-expect-error plain JS build step, no type declarations
import { buildGazetteer, polishAlternates } from '../../scripts/gazetteer/build-gazetteer.mjs';

const root = projectRoot();
let g: Gazetteer;

beforeAll(async () => {
  await buildGazetteer({ root }); // no-op when resources/gazetteer is up to date
  // GeoNames alone, so that a local TERYT import does not change the answers.
  g = Gazetteer.fromFiles({ geonames: defaultPaths(root).geonames });
});

describe('localities', () => {
  it('holds the Polish rows of cities500 and the villages of the register', () => {
    const geonames = g.all().filter((e) => !e.feature.startsWith('PRNG'));
    expect(geonames.length).toBeGreaterThan(3500);
    expect(geonames.length).toBeLessThan(4000);
    expect(g.size).toBeGreaterThan(40_000);
    expect(g.findLocalities('Kandyty')).toMatchObject([{ voivodeship: 'warmińsko-mazurskie', powiat: 'bartoszycki', feature: 'PRNG-village' }]);
    expect(g.all().every((e) => VOIVODESHIPS.includes(e.voivodeship as (typeof VOIVODESHIPS)[number]))).toBe(true);
  });

  it.each<[string, Voivodeship, string]>([
    ['Łomża', 'podlaskie', 'Łomża'],
    ['Białystok', 'podlaskie', 'Białystok'],
    ['Kielce', 'świętokrzyskie', 'Kielce'],
    ['Łódź', 'łódzkie', 'Łódź'],
    ['Kraków', 'małopolskie', 'Kraków'],
    ['Warszawa', 'mazowieckie', 'Warszawa'],
    ['Wrocław', 'dolnośląskie', 'Wrocław'],
    ['Bydgoszcz', 'kujawsko-pomorskie', 'Bydgoszcz'],
    ['Toruń', 'kujawsko-pomorskie', 'Toruń'],
    ['Lublin', 'lubelskie', 'Lublin'],
    ['Zielona Góra', 'lubuskie', 'Zielona Góra'],
    ['Gorzów Wielkopolski', 'lubuskie', 'Gorzów Wielkopolski'],
    ['Opole', 'opolskie', 'Opole'],
    ['Rzeszów', 'podkarpackie', 'Rzeszów'],
    ['Gdańsk', 'pomorskie', 'Gdańsk'],
    ['Katowice', 'śląskie', 'Katowice'],
    ['Bielsko-Biała', 'śląskie', 'Bielsko-Biała'],
    ['Olsztyn', 'warmińsko-mazurskie', 'Olsztyn'],
    ['Poznań', 'wielkopolskie', 'Poznań'],
    ['Szczecin', 'zachodniopomorskie', 'Szczecin'],
    ['Sulęcin', 'lubuskie', 'sulęciński'], // GeoNames has it under małopolskie, without admin2
    ['Jedwabne', 'podlaskie', 'łomżyński'],
    ['Rogów', 'łódzkie', 'brzeziński'],
  ])('%s is in %s (powiat %s)', (name, voivodeship, powiat) => {
    const found = g.findLocalities(name).filter((e) => e.voivodeship === voivodeship);
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((e) => e.powiat)).toContain(powiat);
  });

  it.each([
    ['łomża', 'Łomża'], // case-insensitive when no exact match
    ['ZIELONA GÓRA', 'Zielona Góra'],
    ['  Nowy   Sącz ', 'Nowy Sącz'],
    ['Stargard Szczeciński', 'Stargard'], // former official name, kept as an alternate
    ['Jastrzębie Zdrój', 'Jastrzębie-Zdrój'],
  ])('finds %j as %s', (query, name) => {
    expect(g.findLocalities(query).map((e) => e.name)).toContain(name);
  });

  it('orders same-named places by population and accepts short forms', () => {
    const radzyn = g.findLocalities('Radzyń');
    expect(radzyn.map((e) => e.name).slice(0, 2)).toEqual(['Radzyń Podlaski', 'Radzyń Chełmiński']);
    const rogow = g.findLocalities('Rogów');
    expect(rogow.length).toBeGreaterThanOrEqual(4);
    expect(rogow.map((e) => e.population)).toEqual([...rogow.map((e) => e.population)].sort((a, b) => b - a));
  });

  it('keeps only Polish alternate names', () => {
    expect(g.hasLocality('Krakau')).toBe(false);
    expect(g.hasLocality('Warsaw')).toBe(false);
    expect(g.all().flatMap((e) => e.alternateNames).every((a) => /^[A-ZĄĆĘŁŃÓŚŹŻ][\p{L} .-]*$/u.test(a))).toBe(true);
    expect(polishAlternates('Kraków', ['Cracovia', 'Krakau', 'Krakov', 'krakow', 'KRK', 'Krakow'])).toEqual([]);
    expect(polishAlternates('Busko-Zdrój', ['Busko', 'Busko Zdroj', 'Busko Zdrój', 'Gmina Busko-Zdrój'])).toEqual(['Busko', 'Busko Zdrój']);
  });

  it.each([
    ['Mokotów', 'district', 'Warszawa'],
    ['Fordon', 'district', 'Bydgoszcz'],
    ['Łomża', 'locality', 'Łomża'],
    ['Rogów', 'locality', 'brzeziński'],
  ])('%s is a %s (powiat %s)', (name, kind, powiat) => {
    expect(g.findLocalities(name).find((e) => e.powiat === powiat)?.kind).toBe(kind);
  });
});

describe('resolve', () => {
  it.each<[string, ResolveContext, Voivodeship | undefined]>([
    ['Brzeziny', { voivodeships: ['łódzkie'] }, 'łódzkie'],
    ['Brzeziny', { voivodeships: ['wielkopolskie'] }, 'wielkopolskie'],
    ['Brzeziny', { powiats: ['kielecki'] }, 'świętokrzyskie'],
    ['Brzeziny', {}, 'łódzkie'], // the powiat seat stands out among villages
    ['Rogów', { voivodeships: ['łódzkie'] }, 'łódzkie'],
    ['Rogów', { powiats: ['powiat wodzisławski'] }, 'śląskie'],
    ['Rogów', { voivodeships: ['śląskie', 'mazowieckie'], powiats: ['szydłowiecki'] }, 'mazowieckie'],
    ['Rogów', {}, undefined], // four villages of similar size
    ['Rogów', { voivodeships: ['podlaskie'] }, undefined],
    ['Tomaszów', {}, undefined], // Tomaszów Mazowiecki or Lubelski
    ['Tomaszów', { voivodeships: ['lubelskie'] }, 'lubelskie'],
    ['Opole', {}, 'opolskie'], // not Opole Lubelskie
    ['Kraków', { voivodeships: ['podlaskie'] }, 'małopolskie'], // a big city whatever the context
    ['Łomża', { voivodeships: ['mazowieckie'] }, 'podlaskie'], // the only Łomża
    ['Kownaty', { voivodeships: ['podlaskie'] }, 'podlaskie'], // a village of the register
  ])('%s with %j → %s', (name, context, voivodeship) => {
    expect(g.voivodeshipOf(name, context)).toBe(voivodeship);
  });

  it('resolves no village among several of one name in the context, though their voivodeship is known', () => {
    expect(g.findLocalities('Brzeziny').filter((e) => e.voivodeship === 'wielkopolskie').length).toBeGreaterThan(1);
    expect(g.resolve('Brzeziny', { voivodeships: ['wielkopolskie'] })).toBeUndefined();
    expect(g.voivodeshipOf('Brzeziny', { voivodeships: ['wielkopolskie'] })).toBe('wielkopolskie');
  });

  it('prefers the gmina the document names', () => {
    const rogow = g.resolve('Rogów', { gminas: ['gmina Gorzyce'] });
    expect(rogow?.voivodeship).toBe('śląskie');
    expect(rogow?.gmina).toBe('Gorzyce');
  });
});

describe('voivodeships', () => {
  it('lists the 16 of the schema with GeoNames and TERYT codes', () => {
    const list = loadVoivodeshipList();
    expect(list).toHaveLength(16);
    expect(list.map((v) => v.adjective).sort()).toEqual([...VOIVODESHIPS].sort());
    expect(new Set(list.map((v) => v.geonamesAdmin1)).size).toBe(16);
    expect(new Set(list.map((v) => v.teryt)).size).toBe(16);
  });

  it.each(loadVoivodeshipList().map((v) => [v.adjective, v.capitals] as const))('%s: capitals %j are in it', (voivodeship, capitals) => {
    for (const capital of capitals) {
      expect(g.resolve(capital, { voivodeships: [voivodeship] })?.voivodeship).toBe(voivodeship);
    }
    // Every place GeoNames files under the voivodeship's admin1 code agrees with the capital's.
    expect(g.findLocalities(capitals[0])[0].voivodeship).toBe(voivodeship);
  });

  it.each<[string, Voivodeship | undefined]>([
    ['podlaskie', 'podlaskie'],
    ['Podlaskie', 'podlaskie'],
    ['województwo podlaskie', 'podlaskie'],
    ['woj. świętokrzyskie', 'świętokrzyskie'],
    ['kujawsko-pomorskie', 'kujawsko-pomorskie'],
    ['podlaski', undefined], // masculine: a lemma, not the voivodeship's name
    ['podlaskiego', undefined], // inflected forms come from the morphology module
    ['opolski', undefined], // powiat opolski
  ])('voivodeshipByAdjective(%j) → %s', (form, voivodeship) => {
    expect(g.voivodeshipByAdjective(form)).toBe(voivodeship);
  });

  it.each<[string, Voivodeship]>([
    ['Podlasie', 'podlaskie'], ['Mazowsze', 'mazowieckie'], ['Śląsk', 'śląskie'], ['Małopolska', 'małopolskie'],
    ['Wielkopolska', 'wielkopolskie'], ['Pomorze', 'pomorskie'], ['Warmia i Mazury', 'warmińsko-mazurskie'],
    ['Lubelszczyzna', 'lubelskie'], ['Podkarpacie', 'podkarpackie'], ['Kujawy', 'kujawsko-pomorskie'],
    ['Opolszczyzna', 'opolskie'], ['Dolny Śląsk', 'dolnośląskie'], ['Ziemia Łódzka', 'łódzkie'],
    ['Ziemia Lubuska', 'lubuskie'], ['Pomorze Zachodnie', 'zachodniopomorskie'], ['Ziemia Świętokrzyska', 'świętokrzyskie'],
  ])('region %s → %s', (region, voivodeship) => {
    expect(g.voivodeshipByRegion(region)).toBe(voivodeship);
  });
});

describe('powiats', () => {
  const list = loadPowiatList();

  it('lists 314 land powiats and 66 cities with powiat rights, codes unique and matching the voivodeship', () => {
    expect(list.filter((p) => !p.city)).toHaveLength(314);
    expect(list.filter((p) => p.city)).toHaveLength(66);
    expect(new Set(list.map((p) => p.code)).size).toBe(380);
    const teryt = new Map(loadVoivodeshipList().map((v) => [v.adjective, v.teryt]));
    expect(list.filter((p) => teryt.get(p.voivodeship) !== p.code.slice(0, 2))).toEqual([]);
  });

  it('names ten adjectives twice, in different voivodeships', () => {
    const count = new Map<string, Set<string>>();
    for (const p of list) count.set(p.name, (count.get(p.name) ?? new Set()).add(p.voivodeship));
    const shared = [...count].filter(([, v]) => v.size > 1).map(([name]) => name).sort();
    expect(shared).toEqual(['bielski', 'brzeski', 'grodziski', 'krośnieński', 'nowodworski', 'opolski', 'ostrowski',
      'średzki', 'świdnicki', 'tomaszowski'].sort());
  });

  it('finds every seat in GeoNames, in its voivodeship and powiat (or its city with powiat rights)', () => {
    const missing = list.filter((p) => g.powiatSeat(p.name, p.voivodeship)?.name !== p.seat)
      .map((p) => `${p.code} ${p.name}: ${p.seat}`);
    expect(missing).toEqual([]);
  });

  it('covers every GeoNames admin2 code', () => {
    expect(g.powiats().filter((p) => p.derived).map((p) => `${p.code} ${p.name}`)).toEqual([]);
    expect(g.all().filter((e) => e.powiatCode && !e.powiat)).toEqual([]);
  });

  it.each<[string, Voivodeship | undefined]>([
    ['łomżyński', 'podlaskie'],
    ['powiat kielecki', 'świętokrzyskie'],
    ['Łomża', 'podlaskie'], // city with powiat rights
    ['łódzki wschodni', 'łódzkie'],
    ['warszawski zachodni', 'mazowieckie'],
    ['karkonoski', 'dolnośląskie'],
    ['jeleniogórski', 'dolnośląskie'], // its name until 2021
    ['bieruńsko-lędziński', 'śląskie'],
    ['nowodworski', undefined], // mazowieckie and pomorskie
    ['podlaski', undefined],
  ])('voivodeshipOfPowiat(%j) → %s', (name, voivodeship) => {
    expect(g.voivodeshipOfPowiat(name)).toBe(voivodeship);
  });

  it.each<[string, Voivodeship | undefined, string | undefined]>([
    ['łomżyński', undefined, 'Łomża'],
    ['bieszczadzki', undefined, 'Ustrzyki Dolne'],
    ['tatrzański', undefined, 'Zakopane'],
    ['nowodworski', 'pomorskie', 'Nowy Dwór Gdański'],
    ['nowodworski', 'mazowieckie', 'Nowy Dwór Mazowiecki'],
    ['nowodworski', undefined, undefined],
  ])('powiatSeat(%j, %s) → %s', (name, voivodeship, seat) => {
    expect(g.powiatSeat(name, voivodeship)?.name).toBe(seat);
  });

  it.each([
    ['Łomża', 'łomżyński'], ['Gliwice', 'gliwicki'], ['Nowy Sącz', 'nowosądecki'], ['Zielona Góra', 'zielonogórski'],
    ['Białystok', 'białostocki'], ['Kielce', 'kielecki'], ['Łódź', 'łódzki'], ['Tarnowskie Góry', 'tarnogórski'],
    ['Nowe Miasto Lubawskie', 'nowomiejski'], ['Lwówek Śląski', 'lwówecki'], ['Nakło nad Notecią', 'nakielski'],
    ['Busko-Zdrój', 'buski'], ['Stalowa Wola', 'stalowowolski'], ['Kościerzyna', 'kościerski'], ['Sępólno Krajeńskie', 'sępoleński'],
  ])('derivePowiatAdjective(%s) → %s', (seat, adjective) => {
    expect(derivePowiatAdjective(seat)).toBe(adjective);
  });

  it('names a powiat missing from the list after its seat', () => {
    const small = new Gazetteer([{
      format: 'raporty-gazetteer', version: 1, source: 'geonames',
      places: [
        ['Nowe Miasto Lubawskie', [], 'locality', 'PPL', 'warmińsko-mazurskie', '2820', '282001', 11000, 53.4, 19.6],
        ['Kurzętnik', [], 'locality', 'PPLA3', 'warmińsko-mazurskie', '2820', '282002', 3000, 53.4, 19.6],
      ],
    }]);
    expect(small.powiatByCode('2820')).toMatchObject({ name: 'nowomiejski', seat: 'Nowe Miasto Lubawskie', derived: true });
    expect(small.findLocalities('Kurzętnik')[0].powiat).toBe('nowomiejski');
  });

  it('derives at least 95% of the land powiat names from their seats', () => {
    const land = list.filter((p) => !p.city);
    const wrong = land.filter((p) => derivePowiatAdjective(p.seat) !== p.name);
    expect(wrong.length / land.length).toBeLessThan(0.05);
  });
});

describe('gminas', () => {
  it('finds a gmina by the name of its seat', () => {
    const [rogow, ...rest] = g.gminaByName('Rogów');
    expect(rest).toEqual([]);
    expect(rogow).toMatchObject({ kind: 'gmina', voivodeship: 'łódzkie', powiat: 'brzeziński', code: '102105' });
    expect(rogow.seat?.name).toBe('Rogów');
    expect(g.gminaByName('gmina Marianowo').map((x) => x.voivodeship)).toEqual(['zachodniopomorskie']);
  });

  it('names a gmina from the register rather than from the only place GeoNames lists in it', () => {
    // Gmina wiejska Łomża is seated in the city, outside it; GeoNames lists only Gać inside.
    expect(g.gminaByName('Gać').map((x) => [x.code, x.voivodeship, x.guessed])).toEqual([['181403', 'podkarpackie', false]]);
    expect(g.gminaByCode('200702')).toMatchObject({ name: 'Łomża', guessed: false });
  });
});

describe('loading', () => {
  it('reports a missing file with the command that builds it', () => {
    expect(() => Gazetteer.load(join(root, 'no-such-dir', 'places.json'))).toThrow(GazetteerMissingError);
    expect(() => Gazetteer.load(join(root, 'no-such-dir', 'places.json'))).toThrow(/npm run build/);
  });

  it('skips the build when places.json is newer than cities500.txt', async () => {
    expect((await buildGazetteer({ root })).skipped).toBe(true);
  });

  it('caches the default gazetteer', () => {
    expect(defaultGazetteer()).toBe(defaultGazetteer());
    expect(defaultGazetteer().hasLocality('Łomża')).toBe(true);
  });
});
