// Places found in single sentences, as `extract` records them: a table of sentence → expected
// places {name, kind, voivodeship}, each in the nominative, and the names that must not appear.
// Every row is a class of wording (a case, a kind of name, a context), not one report's string.
import { describe, expect, it } from 'vitest';
import { segment } from '../../src/segment/index.js';
import { extractRecord } from '../../src/extract/index.js';
import { PlaceFinder, voivodeshipOfAdjective } from '../../src/extract/places.js';
import { buildWords } from '../../src/extract/words.js';
import { PlaceSchema, type PlaceKind, type ReportRecord, type Voivodeship } from '../../src/schema.js';

interface Expected { name: string; kind: PlaceKind; voivodeship?: Voivodeship; guessed?: boolean }
/** label, text, the places the record holds (all of them), names it must not hold. */
type Row = [label: string, text: string, expected: Expected[], absent?: string[]];

const loc = (name: string, voivodeship?: Voivodeship, guessed?: boolean): Expected => ({ name, kind: 'locality', voivodeship, guessed });
const at = (kind: PlaceKind, name: string, voivodeship?: Voivodeship): Expected => ({ name, kind, voivodeship });

function extract(text: string): ReportRecord {
  return extractRecord(segment({ source: '/tmp/places-test.txt', title: '', publishedAt: null, text, encoding: 'utf-8', format: 'text' }));
}

function expectPlaces(text: string, expected: Expected[], absent: string[] = []): void {
  const places = extract(text).places;
  for (const p of places) {
    PlaceSchema.parse(p);
    for (const m of p.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
  }
  const got = places.map((p) => `${p.kind}:${p.name}`).sort();
  expect(got, text).toEqual(expected.map((e) => `${e.kind}:${e.name}`).sort());
  for (const e of expected) {
    const p = places.find((x) => x.name === e.name && x.kind === e.kind)!;
    if (e.voivodeship !== undefined) expect(p.voivodeship, `${e.name} in ${text}`).toBe(e.voivodeship);
    if (e.guessed !== undefined) expect(p.guessed ?? false, `${e.name} guessed`).toBe(e.guessed);
  }
  for (const name of absent) expect(places.map((p) => p.name), text).not.toContain(name);
}

const MULTI_WORD: Row[] = [
  ['locative of noun + adjective', 'Konferencja odbyła się w Piotrkowie Trybunalskim w sali konferencyjnej.',
    [loc('Piotrków Trybunalski', 'łódzkie')], ['Piotrków']],
  ['genitive keeps the voivodeship of the whole name', 'Na targi przyjechały spółdzielnie z Gorzowa Wielkopolskiego i z Zielonej Góry.',
    [loc('Gorzów Wielkopolski', 'lubuskie'), loc('Zielona Góra', 'lubuskie')], ['Gorzów']],
  ['adjective + noun', 'Delegacja ze Stalowej Woli odwiedziła spółdzielnię w Nowym Sączu.',
    [loc('Stalowa Wola', 'podkarpackie'), loc('Nowy Sącz', 'małopolskie')]],
  ['a village name a person could have', 'Warsztaty zorganizowano w Kazimierzu Biskupim koło Konina.',
    [loc('Kazimierz Biskupi', 'wielkopolskie'), loc('Konin', 'wielkopolskie')]],
  ['noun + adjective in the genitive', 'Stoisko przygotował zespół z Dobrzenia Wielkiego.', [loc('Dobrzeń Wielki', 'opolskie')]],
  ['both parts of a hyphenated name decline', 'Szkolenie odbyło się w Bielsku-Białej, a kolejne w Kędzierzynie-Koźlu.',
    [loc('Bielsko-Biała', 'śląskie'), loc('Kędzierzyn-Koźle', 'opolskie')], ['Bielska-Biała']],
  ['plural names and their adjectives', 'Uczestnicy przyjechali ze Strzelec Opolskich i z Ostrowa Wielkopolskiego.',
    [loc('Strzelce Opolskie', 'opolskie'), loc('Ostrów Wielkopolski', 'wielkopolskie')]],
  ['"nad" inside a town\'s name', 'Kawiarnię otwarto w Kostrzynie nad Odrą.', [loc('Kostrzyn nad Odrą', 'lubuskie')], ['Kostrzyn', 'Odra']],
  ['a short form beside the full name is the same town', 'CIS w Ostrowcu Świętokrzyskim szkoli bezrobotnych. Absolwenci z Ostrowca znaleźli pracę.',
    [loc('Ostrowiec Świętokrzyski', 'świętokrzyskie')], ['Ostrowiec']],
];

const GUESSED: Row[] = [
  ['a locative the dictionary reads as a plural first name', 'Dom Pomocy Społecznej w Mietkowie w powiecie wrocławskim zamówił usługi pralni.',
    [loc('Mietków', 'dolnośląskie', false), at('powiat', 'powiat wrocławski', 'dolnośląskie')], ['Mietkowie']],
  ['the same, for a village nobody lists', 'Dom Pomocy Społecznej w Bystrzcu w powiecie wrocławskim zamówił usługi pralni.',
    [loc('Bystrzec', 'dolnośląskie', true), at('powiat', 'powiat wrocławski', 'dolnośląskie')]],
  ['the region settles -ów against -owo', 'Świetlica w Kołbaczewie w powiecie gryfickim jest otwarta od poniedziałku.',
    [loc('Kołbaczewo', 'zachodniopomorskie', true), at('powiat', 'powiat gryficki', 'zachodniopomorskie')]],
  ['a listed village elsewhere gives way to the reading that fits the region', 'Świetlica w Sobolewie w powiecie suwalskim jest otwarta.',
    [loc('Sobolewo', 'podlaskie'), at('powiat', 'powiat suwalski', 'podlaskie')], ['Sobolew']],
  ['noun + adjective nobody lists, without a preposition', 'Pralnię w gminie Sobótka założyli mieszkańcy Rogowa Sobóckiego.',
    [at('gmina', 'gmina Sobótka', 'dolnośląskie'), loc('Rogów Sobócki', 'dolnośląskie')], ['Rogów']],
  ['a name listed with places is a place', 'Założycielami są mieszkańcy Sobótki, Rogowa Sobóckiego i Sulistrowic w powiecie wrocławskim.',
    [loc('Sobótka', 'dolnośląskie'), loc('Rogów Sobócki', 'dolnośląskie'), loc('Sulistrowice', 'dolnośląskie'), at('powiat', 'powiat wrocławski', 'dolnośląskie')]],
  ['a plural-only village in the genitive', 'Gospodynie z Kruszynian gotowały obiady, a przepisy pochodzą spod Bohonik.',
    [loc('Kruszyniany'), loc('Bohoniki')]],
  ['adjective + unknown noun', 'Spółdzielnia socjalna z Wielkiego Jaworca zatrudnia dwanaście osób.', [loc('Wielki Jaworzec', '', true)]],
  ['a feminine adjective makes the unknown noun feminine', 'Obiad zjedliśmy w Jeżowej Wielkiej nad zalewem.', [loc('Jeżowa Wielka', '')]],
  ['a village only the register lists, with its voivodeship', 'Spółdzielnia socjalna z Wielkiego Klincza zatrudnia dwanaście osób.', [loc('Wielki Klincz', 'pomorskie', false)]],
  ['the same, feminine', 'Obiad zjedliśmy w Sielpi Wielkiej nad zalewem.', [loc('Sielpia Wielka', 'świętokrzyskie')]],
  ['a register village in another case than the preposition governs is no place', 'Spotkanie z Kowalskim odbyło się w Łomży.', [loc('Łomża', 'podlaskie')], ['Kowalskie']],
  ['a register village named like a first name is no place', 'Podziękowania dla Grażyny z Elżbietą przekazano do Krystyny.', [], ['Grażyna', 'Krystyna']],
  ['a capitalised preposition starts a venue\'s name', 'Obiady wydaje bistro „Pod Lipą” i bar Pod Czaplą w Łomży.', [loc('Łomża', 'podlaskie')], ['Lipa', 'Czapla']],
  ['a listed noun with an unlisted adjective', 'Koło gospodyń z Brodów Dużych przygotowało pierogi.', [loc('Brody Duże')], ['Brody']],
  ['a neuter adjectival village keeps the old locative -em', 'Klub integracji działa w Obrytem, a nad Obrytem przelatują żurawie.', [loc('Obryte', 'mazowieckie')], ['Obryt']],
  ['an adjectival village', 'Z Krzywego do Suwałk jest kilkanaście kilometrów.', [loc('Krzywe', 'podlaskie'), loc('Suwałki', 'podlaskie')], ['Krzywa']],
  ['after a locality word the name is in the nominative', 'Kiermasz odbył się we wsi Wola Wodyńska, a sołtys wsi Tuławki przywiózł sery.',
    [loc('Wola Wodyńska'), loc('Tuławki')], ['Wola', 'Tuławka']],
  ['a district', 'W dzielnicy Sobięcin działa klub integracji. Wałbrzych wspiera go od lat.',
    [at('district', 'Sobięcin', 'dolnośląskie'), loc('Wałbrzych', 'dolnośląskie')]],
  ['a fire brigade named after its village', 'Pokaz przygotowali druhowie z OSP Szurpiły.', [loc('Szurpiły')]],
  ['a listed place in an association\'s name', 'Nagrodę otrzymało Stowarzyszenie Przyjaciół Wiśniowej za chleb na zakwasie.', [loc('Wiśniowa')]],
];

const NOT_PLACES: Row[] = [
  ['a word of a venue\'s name in quotes', 'Pralnia «Biała Wstążka» przyjmuje zlecenia od osób prywatnych.', [], ['Biała']],
  ['a common word at a sentence\'s start', 'Klucze do lokalu wręczył prezesowi burmistrz. Nowe kwalifikacje zdobyło dwanaście osób.', [], ['Klucze', 'Nowe']],
  ['a town\'s name that starts an organisation\'s', 'Poczęstunek przygotowało Koło Gospodyń Wiejskich.', [], ['Koło']],
  ['rivers and lakes', 'Spływ kajakowy nad Wartą zakończył biwak nad jeziorem Drawsko.', [], ['Warta', 'Drawsko']],
  ['a street named after a person', 'Biuro mieści się przy ul. Kazimierza Wielkiego 5.', [], ['Kazimierz', 'Kazimierz Wielki']],
  ['regions and continents', 'Produkty z Podkarpacia i Mazowsza trafiły na Roztocze, a potem do Europy.', [], ['Podkarpacie', 'Mazowsze', 'Roztocze', 'Europa']],
  ['capitalised common words after a preposition', 'Ogłoszenie jest w Internecie i w Biuletynie Informacji Publicznej.', [], ['Internet']],
  ['"z" with a person in the instrumental', 'Spotkanie z Wiśniewską i z Kowalskim odbyło się w Łomży.', [loc('Łomża', 'podlaskie')], ['Wiśniewska', 'Kowalski']],
  ['an organ named after the voivodeship', 'Nagrodę wręczyła członkini Zarządu Województwa Mazowieckiego.', [], ['województwo mazowieckie']],
  ['an office of the voivodeship in a lower-case role', 'Gratulacje złożyli członek zarządu województwa lubelskiego i marszałek województwa łódzkiego. Goście z województwa opolskiego dotarli później.',
    [at('voivodeship', 'województwo opolskie', 'opolskie')], ['województwo lubelskie', 'województwo łódzkie']],
];

const UNITS: Row[] = [
  ['gminas in apposition and in a list', 'Projekt obejmuje gminy Kleszczów i Szczerców, a spotkanie odbyło się w gminie Rogów.',
    [at('gmina', 'gmina Kleszczów', 'łódzkie'), at('gmina', 'gmina Szczerców', 'łódzkie'), at('gmina', 'gmina Rogów', 'łódzkie')]],
  ['a list of gminas after a colon', 'Do porozumienia mogą przystąpić pozostałe gminy powiatu: Byczyna, Lasowice Wielkie i Wołczyn.',
    [at('gmina', 'gmina Byczyna', 'opolskie'), at('gmina', 'gmina Lasowice Wielkie', 'opolskie'), at('gmina', 'gmina Wołczyn', 'opolskie')]],
  ['a category of gminas names no gmina', 'W kategorii gmin wiejskich wygrała Gmina Stara Biała.', [at('gmina', 'gmina Stara Biała')]],
  ['powiats in the genitive, singular and plural', 'Pomoc trafi do mieszkańców powiatu słupskiego oraz na terenie powiatów łomżyńskiego i zambrowskiego.',
    [at('powiat', 'powiat słupski', 'pomorskie'), at('powiat', 'powiat łomżyński', 'podlaskie'), at('powiat', 'powiat zambrowski', 'podlaskie')]],
  ['a qualified list of powiats', 'Dane obejmują organizacje z powiatów sąsiednich: mławskiego i przasnyskiego.',
    [at('powiat', 'powiat mławski', 'mazowieckie'), at('powiat', 'powiat przasnyski', 'mazowieckie')]],
  ['a powiat acting as a body', 'W konkursie nagrodzono Powiat Garwoliński.', [at('powiat', 'powiat garwoliński', 'mazowieckie')]],
  ['the type of a powiat is not its name', 'W powiecie ziemskim działa pięć spółdzielni.', [], ['powiat ziemski']],
  ['voivodeships: abbreviated, listed after a colon', 'Biuro działa na terenie woj. łódzkiego. Partnerstwo objęło jednostki z trzech województw: kujawsko-pomorskiego, małopolskiego i podlaskiego.',
    [at('voivodeship', 'województwo łódzkie', 'łódzkie'), at('voivodeship', 'województwo kujawsko-pomorskie', 'kujawsko-pomorskie'),
      at('voivodeship', 'województwo małopolskie', 'małopolskie'), at('voivodeship', 'województwo podlaskie', 'podlaskie')]],
];

const COUNTRIES: Row[] = [
  ['countries in the genitive', 'W kiermaszu wzięli udział goście z Niemiec i Litwy.', [at('country', 'Niemcy', ''), at('country', 'Litwa', '')]],
  ['countries in the locative, both prepositions', 'Spółdzielnia sprzedaje sery na Ukrainie, w Ukrainie i w Czechach.', [at('country', 'Ukraina', ''), at('country', 'Czechy', '')]],
  ['two-word countries', 'Partnerzy z Wielkiej Brytanii i ze Stanów Zjednoczonych przyjechali na targi.',
    [at('country', 'Wielka Brytania', ''), at('country', 'Stany Zjednoczone', '')]],
  ['a foreign town has no voivodeship', 'Strażacy z Jawora gościli kolegów z czeskiego miasta Trutnov.', [loc('Jawor', 'dolnośląskie'), loc('Trutnov', '')]],
  ['a foreign town beside its country', 'Pierogi sprzedaje też w Sninie na Słowacji.', [loc('Snina', ''), at('country', 'Słowacja', '')]],
];

const VOIVODESHIPS: Row[] = [
  ['a shared powiat adjective is settled by the voivodeship', 'Mieszkańcy powiatu krośnieńskiego korzystają z usług PCPR w Krośnie. Siedziba jest w województwie podkarpackim.',
    [at('powiat', 'powiat krośnieński', 'podkarpackie'), loc('Krosno', 'podkarpackie'), at('voivodeship', 'województwo podkarpackie', 'podkarpackie')]],
  ['a village of many regions takes the document\'s', 'Spotkanie odbyło się w Brodach koło Zielonej Góry.', [loc('Brody', 'lubuskie'), loc('Zielona Góra', 'lubuskie')]],
  ['the region most places lie in, not a visitors\' home voivodeship', 'Goście z województwa mazowieckiego odwiedzili Wałbrzych, Kłodzko i Jeżów Sudecki.',
    [at('voivodeship', 'województwo mazowieckie', 'mazowieckie'), loc('Wałbrzych', 'dolnośląskie'), loc('Kłodzko', 'dolnośląskie'), loc('Jeżów Sudecki', 'dolnośląskie')]],
];

describe('places', () => {
  it.each(MULTI_WORD)('multi-word names: %s', (_, text, expected, absent) => expectPlaces(text, expected, absent));
  it.each(GUESSED)('names nobody lists: %s', (_, text, expected, absent) => expectPlaces(text, expected, absent));
  it.each(NOT_PLACES)('not places: %s', (_, text, expected, absent) => expectPlaces(text, expected, absent));
  it.each(UNITS)('gminas, powiats, voivodeships: %s', (_, text, expected, absent) => expectPlaces(text, expected, absent));
  it.each(COUNTRIES)('countries and abroad: %s', (_, text, expected, absent) => expectPlaces(text, expected, absent));
  it.each(VOIVODESHIPS)('voivodeship assignment: %s', (_, text, expected, absent) => expectPlaces(text, expected, absent));

  it('merges the mentions of one place, each cutting its own text', () => {
    const text = 'Targi odbyły się w Łomży. Łomża gościła wystawców z Zambrowa, a w Łomży nocowali.';
    const lomza = extract(text).places.find((p) => p.name === 'Łomża')!;
    expect(lomza.mentions.map((m) => m.text)).toEqual(['Łomży', 'Łomża', 'Łomży']);
    expect(lomza.mentions.map((m) => m.rule)).toEqual(['place.locality.preposition', 'place.locality.gazetteer', 'place.locality.preposition']);
  });
});

describe('PlaceFinder.nameReadings', () => {
  const finder = new PlaceFinder();
  const wordsOf = (text: string) => buildWords(segment({ source: '/tmp/w.txt', title: '', publishedAt: null, text, encoding: 'utf-8', format: 'text' })).words.filter((w) => w.kind === 'word');

  it('puts the listed readings first, most populous first', () => {
    const readings = finder.nameReadings(wordsOf('Rogowa'));
    expect(readings.filter((r) => r.known).map((r) => r.name)).toEqual(['Rogów', 'Rogowo', 'Rogowa']);
  });

  it('keeps only readings in the cases the preposition governs', () => {
    expect(finder.nameReadings(wordsOf('Mietkowie'), ['loc']).map((r) => r.name)).toEqual(expect.arrayContaining(['Mietków', 'Mietkowo']));
    expect(finder.nameReadings(wordsOf('Mietkowie'), ['loc']).map((r) => r.name)).not.toContain('Mietek');
  });
});

describe('voivodeshipOfAdjective', () => {
  it.each([['podlaskiego', 'podlaskie'], ['dolnośląskim', 'dolnośląskie'], ['kujawsko-pomorskiego', 'kujawsko-pomorskie'], ['podlasim', 'podlaskie']])(
    '%s → %s', (word, expected) => expect(voivodeshipOfAdjective(word)).toBe(expected));
  it('is undefined for another adjective', () => expect(voivodeshipOfAdjective('łomżyńskiego')).toBeUndefined());
});
