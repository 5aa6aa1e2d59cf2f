// People found in short reports, as `extract` records them: a table of text → expected people
// {name, role}, names in the nominative ("First Last"), roles lower-case as the function is
// stated, without the organisation or town it is held in ("dyrektor MOPS w Łomży" → dyrektor),
// but with the body, the unit and its adjective ("prezes zarządu", "wójt gminy Łącko", "starosta
// wrocławski"). Every row is a class of wording, not one report's string.
import { describe, expect, it } from 'vitest';
import { segment } from '../../src/segment/index.js';
import { extractRecord } from '../../src/extract/index.js';
import { PersonSchema, type ReportRecord } from '../../src/schema.js';

interface Expected { name: string; role: string; mentions?: number }
type Row = [label: string, text: string, expected: Expected[]];

const person = (name: string, role = '', mentions?: number): Expected =>
  mentions === undefined ? { name, role } : { name, role, mentions };

function extract(text: string): ReportRecord {
  return extractRecord(segment({ source: '/tmp/people-test.txt', title: '', publishedAt: null, text, encoding: 'utf-8', format: 'text' }));
}

const TITLES: Row[] = [
  ['title after the name, in apposition, genitive, title case',
    'Podczas wizyty odbyła się prelekcja Pana Tadeusza Wolskiego Wicestarosty Kutnowskiego o rynku pracy.',
    [person('Tadeusz Wolski', 'wicestarosta kutnowski')]],
  ['title before the name, instrumental', 'Spotkanie z burmistrzem Andrzejem Pilarskim trwało dwie godziny.',
    [person('Andrzej Pilarski', 'burmistrz')]],
  ['function after a comma, organisation dropped', 'Gości przywitała Danuta Kołacz, prezes Opolskiej Spółdzielni Socjalnej „Przystań”.',
    [person('Danuta Kołacz', 'prezes')]],
  ['Pani before the name, function after it, double-barrelled surname', 'Na pytania odpowiadała Pani Jolanta Mazurek-Bąk, prezes stowarzyszenia.',
    [person('Jolanta Mazurek-Bąk', 'prezes')]],
  ['a whole institution between function and name', 'Konferencję otworzyła dyrektor Regionalnego Ośrodka Polityki Społecznej w Kielcach Anna Nowak.',
    [person('Anna Nowak', 'dyrektor')]],
  ['wójt gminy with the gmina named', 'Umowę podpisał wójt gminy Łącko Jan Nowak.',
    [person('Jan Nowak', 'wójt gminy Łącko')]],
  ['voivodeship with its adjective stays in the role', 'Nagrody wręczył wicemarszałek województwa lubelskiego Marek Sobczak.',
    [person('Marek Sobczak', 'wicemarszałek województwa lubelskiego')]],
  ['dative, an adjective before the function', 'Statuetkę wręczono Panu Henrykowi Zającowi, wieloletniemu prezesowi Fundacji „Most”.',
    [person('Henryk Zając', 'prezes')]],
  ['body kept, organisation dropped, comma and Pani between', 'O planach opowiedziała prezes zarządu spółdzielni, Pani Ewa Lipińska.',
    [person('Ewa Lipińska', 'prezes zarządu')]],
  ['feminine adjectival noun in the genitive', 'Podziękowania skierowano do przewodniczącej koła Marianny Pietrzak.',
    [person('Marianna Pietrzak', 'przewodnicząca')]],
  ['function in the instrumental before "jest"', 'Koordynatorką projektu jest Pani Alicja Wrzos.',
    [person('Alicja Wrzos', 'koordynatorka projektu')]],
  ['a man\'s deputy function keeps its form', 'Kiermasz otworzył zastępca prezydenta Kalisza Tomasz Majewski.',
    [person('Tomasz Majewski', 'zastępca prezydenta')]],
  ['a capitalised town of several words is left out', 'Klucze wręczył burmistrz Miasta i Gminy Końskie Zbigniew Rak.',
    [person('Zbigniew Rak', 'burmistrz')]],
  ['a function after a dash', 'Sprawozdanie sporządziła Elżbieta Rzepka – kierownik MGOPS w Gniewkowie.',
    [person('Elżbieta Rzepka', 'kierownik')]],
  ['hyphenated adjectives in a list of functions', 'Targi otworzyli wicewojewoda kujawsko-pomorski Jan Wilk i członek zarządu województwa kujawsko-pomorskiego Anna Lis-Zalewska.',
    [person('Jan Wilk', 'wicewojewoda kujawsko-pomorski'), person('Anna Lis-Zalewska', 'członek zarządu województwa kujawsko-pomorskiego')]],
  ['deputy of an office, the town dropped', 'Gratulacje złożyła zastępca burmistrza Kutna Ewa Gałązka.',
    [person('Ewa Gałązka', 'zastępca burmistrza')]],
  ['ks. is a title, not the function', 'Kuchnię poświęcił proboszcz parafii, ks. Jan Malec.',
    [person('Jan Malec', 'proboszcz')]],
  ['a town of two words is no adjective of the function', 'Gości powitał prezydent Nowego Sącza Ryszard Kos.',
    [person('Ryszard Kos', 'prezydent')]],
  ['acronym and place between function and name', 'Z dyrektorem MOPS w Łomży Adamem Kosem rozmawiano o zleceniach.',
    [person('Adam Kos', 'dyrektor')]],
  ['member of the voivodeship board', 'Spotkanie prowadziła członkini Zarządu Województwa Śląskiego Beata Rosół.',
    [person('Beata Rosół', 'członkini zarządu województwa śląskiego')]],
  ['newly elected, after the name', 'Z Dorotą Kamińską, nowo wybraną prezes zarządu, rozmawialiśmy o zleceniach.',
    [person('Dorota Kamińska', 'prezes zarządu')]],
  ['a foreign first name after Pani', 'O projekcie mówiła koordynatorka projektu po stronie litewskiej, Pani Rasa Jankauskienė.',
    [person('Rasa Jankauskienė', 'koordynatorka projektu')]],
];

const LISTS: Row[] = [
  ['each role to its own person', 'Wstęgę przecięli burmistrz Sobótki Ryszard Kaliński, starosta wrocławski Zbigniew Dudziak oraz wójt Jan Kowal.',
    [person('Ryszard Kaliński', 'burmistrz'), person('Zbigniew Dudziak', 'starosta wrocławski'), person('Jan Kowal', 'wójt')]],
  ['gminas named like people', 'Porozumienie podpisali wójt gminy Kazimierz Biskupi Roman Sadowski i wójt gminy Stare Miasto Ewa Lis.',
    [person('Roman Sadowski', 'wójt gminy Kazimierz Biskupi'), person('Ewa Lis', 'wójt gminy Stare Miasto')]],
  ['a list ending with Pani and an invariable surname', 'Kiermasz odwiedzili starosta płocki Marek Wilk, wiceprezydent Płocka Zbigniew Kos oraz dyrektor PCPR, Pani Elżbieta Róg.',
    [person('Marek Wilk', 'starosta płocki'), person('Zbigniew Kos', 'wiceprezydent'), person('Elżbieta Róg', 'dyrektor')]],
  ['a role after one name is not the next one\'s', 'Dyplomy wręczyli Anna Wrona, dyrektor MOPS, oraz burmistrz Leszek Gil.',
    [person('Anna Wrona', 'dyrektor'), person('Leszek Gil', 'burmistrz')]],
  ['functions after dashes, each to the name before it', 'W spotkaniu udział wzięli: Marek Jurek – radny powiatu, Teresa Wójcik – sołtyska wsi Dąbrowa oraz mieszkańcy.',
    [person('Marek Jurek', 'radny powiatu'), person('Teresa Wójcik', 'sołtyska')]],
  ['a couple under a plural surname', 'Gospodarstwo prowadzą Anna i Jan Kowalscy z Lipna.',
    [person('Anna Kowalska'), person('Jan Kowalski')]],
  ['a couple under one surname, in the dative', 'Podziękowania przekazano Zofii i Janowi Nowakom.',
    [person('Zofia Nowak'), person('Jan Nowak')]],
  ['a plural role shared by a list, in each one\'s gender', 'Prowadzący: dr Adam Lis i Magdalena Wrona.',
    [person('Adam Lis', 'prowadzący'), person('Magdalena Wrona', 'prowadząca')]],
];

const SURNAMES: Row[] = [
  ['invariable surname keeps the first name feminine', 'Głos zabrała zastępca prezydenta Rybnika Bronisława Ogórek.',
    [person('Bronisława Ogórek', 'zastępca prezydenta')]],
  ['invariable surname in the dative', 'Podziękowania przekazano Pani Stanisławie Mróz.',
    [person('Stanisława Mróz')]],
  ['a surname that is a common noun', 'Nagrodę odebrała Agata Róg z Tarnowa.',
    [person('Agata Róg')]],
  ['double-barrelled surname in the instrumental', 'Z prezes Anną Nowak-Kowalską rozmawialiśmy o planach.',
    [person('Anna Nowak-Kowalska', 'prezes')]],
  ['a woman\'s surname in -a in the genitive', 'Program powstał z inicjatywy kierowniczki OWES Barbary Rogali.',
    [person('Barbara Rogala', 'kierowniczka')]],
  ['a double-barrelled surname whose first part the dictionary lacks', 'Podziękowania skierowano do wicestarosty Beaty Rogali-Nowickiej.',
    [person('Beata Rogala-Nowicka', 'wicestarosta')]],
  ['a woman\'s surname in the dative, with a consonant alternation', 'Podziękowania przekazano Pani Barbarze Kandziorze.',
    [person('Barbara Kandziora')]],
  ['the nominative and an oblique case of one name give one person', 'Warsztaty poprowadziła Ewa Brzuszyma. Podziękowania przekazano Ewie Brzuszymie.',
    [person('Ewa Brzuszyma', '', 2)]],
  ['a man\'s unknown surname in the dative', 'Odznakę wręczono prezesowi OSP Wojciechowi Sznelowi.',
    [person('Wojciech Sznel', 'prezes')]],
  ['an initial is no first name', 'Ulotki przygotował J. Kowalski z GOPS w Rogowie.', []],
];

const NOT_PEOPLE: Row[] = [
  ['a market square named after a king', 'Stoiska stanęły na Rynku Zygmunta Augusta.', []],
  ['a park named after a poet', 'Piknik odbył się w Parku Adama Mickiewicza.', []],
  ['a patron of a school', 'Uczniowie Szkoły Podstawowej im. Marii Konopnickiej w Lesznie przygotowali występ.', []],
  ['a patron of a foundation', 'Grant otrzymała Fundacja im. Jana Pawła II.', []],
  ['a founder named in a foundation\'s name', 'Koncert zorganizowała Fundacja Dariusza Stachury „Canto Pro Classica”.', []],
  ['a locality in the locative', 'Spotkanie odbyło się w Kazimierzu Biskupim.', []],
  ['a gmina named like a person', 'Partnerem projektu jest Gmina Kazimierz Biskupi.', []],
  ['localities in the genitive', 'Delegacje przyjechały z Janowa Lubelskiego i ze Stalowej Woli.', []],
  ['a town named after a first name', 'Wycieczka dotarła do Kazimierza Dolnego.', []],
  ['the owner named at the end of a firm\'s name', 'Pracę dało im Przedsiębiorstwo Budowlane „Bud-Mar” Stanisław Lis z Opola.', []],
  ['patrons of a school joined by "i"', 'Uczniowie liceum im. Jana i Jędrzeja Śniadeckich zebrali dary.', []],
  ['a surname alone makes no person', 'Nowak podkreślił, że spółdzielnia zatrudnia dziesięć osób.', []],
];

const LATER_MENTIONS: Row[] = [
  ['a surname alone after the full name', 'Spotkanie otworzył prezes spółdzielni Jan Kowalski. Kowalski podkreślił, że spółdzielnia zatrudnia dziesięć osób.',
    [person('Jan Kowalski', 'prezes', 2)]],
  ['a surname that is also a common noun, first in its sentence', 'Jan Nowak przyjechał z Warszawy. Nowak jest prezesem od roku.',
    [person('Jan Nowak', '', 2)]],
  ['function and surname later give the role', 'Gości przywitała Anna Kowalska z GOPS w Rogowie. – To ważny dzień – mówiła później wójt Kowalska.',
    [person('Anna Kowalska', 'wójt', 2)]],
  ['an inflected surname later', 'Umowę podpisał burmistrz Hajnówki Jerzy Siemieniuk. Burmistrzowi Siemieniukowi podziękowano za wsparcie.',
    [person('Jerzy Siemieniuk', 'burmistrz', 2)]],
];

function check(text: string, expected: Expected[]): void {
  const record = extract(text);
  for (const p of record.people) {
    PersonSchema.parse(p);
    for (const m of p.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
  }
  const got = record.people.map((p) => ({ name: p.name, role: p.role }));
  expect(got).toEqual(expected.map(({ name, role }) => ({ name, role })));
  for (const e of expected) {
    if (e.mentions === undefined) continue;
    expect(record.people.find((p) => p.name === e.name)?.mentions.length, e.name).toBe(e.mentions);
  }
}

describe('people', () => {
  it.each(TITLES)('titles and functions: %s', (_label, text, expected) => check(text, expected));
  it.each(LISTS)('lists: %s', (_label, text, expected) => check(text, expected));
  it.each(SURNAMES)('surnames: %s', (_label, text, expected) => check(text, expected));
  it.each(NOT_PEOPLE)('not a person: %s', (_label, text, expected) => check(text, expected));
  it.each(LATER_MENTIONS)('later mentions: %s', (_label, text, expected) => check(text, expected));

  it('keeps the later mention\'s exact offsets and rule', () => {
    const text = 'Spotkanie otworzył prezes spółdzielni Jan Kowalski. Kowalski podkreślił, że to ważny dzień.';
    const [p] = extract(text).people;
    expect(p.mentions.map((m) => [m.text, m.start, m.rule])).toEqual([
      ['Jan Kowalski', text.indexOf('Jan Kowalski'), 'person.first-last'],
      ['Kowalski', text.indexOf('Kowalski podkreślił'), 'person.surname'],
    ]);
  });
});
