// Organisations found in single sentences, as `extract` records them: a table of sentence →
// expected organisations {name, core, legalForm, place}, each in the nominative, and optionally
// how many mentions the entry gathers. Every case is a class of wording, not one report's string.
import { describe, expect, it } from 'vitest';
import { segment } from '../../src/segment/index.js';
import { extractRecord } from '../../src/extract/index.js';
import { OrganizationSchema, type LegalForm, type ReportRecord } from '../../src/schema.js';

interface Expected { name: string; core: string; legalForm: LegalForm; place: string; mentions?: number }
type Row = [label: string, text: string, expected: Expected[]];

const org = (name: string, core: string, legalForm: LegalForm, place = '', mentions?: number): Expected =>
  mentions === undefined ? { name, core, legalForm, place } : { name, core, legalForm, place, mentions };

function extract(text: string): ReportRecord {
  return extractRecord(segment({ source: '/tmp/organizations-test.txt', title: '', publishedAt: null, text, encoding: 'utf-8', format: 'text' }));
}

const LEGAL_FORMS: Row[] = [
  ['legal form before the name', 'W spotkaniu uczestniczyła Fundacja Madox z Brzezin.',
    [org('Fundacja Madox', 'Madox', 'fundacja', 'Brzeziny')]],
  ['legal form after the name', 'Catering zapewniła firma BoxLife sp. z o.o., która zatrudnia osoby z niepełnosprawnościami.',
    [org('BoxLife sp. z o.o.', 'BoxLife', 'spolka_zoo')]],
  ['a legal form in apposition gives the name its form', 'Uczestnicy odwiedzili Zakłady Spożywcze „Bona” – Zakład Pracy Chronionej.',
    [org('Zakłady Spożywcze Bona', 'Bona', 'zpchr')]],
  ['quoted name and place', 'Spółdzielnia Socjalna „Razem” w Kielcach zatrudnia dziś osiem osób.',
    [org('Spółdzielnia Socjalna Razem', 'Razem', 'spoldzielnia_socjalna', 'Kielce')]],
  ['"na Rzecz" inside the name, a gmina inside the name is no body', 'Projekt realizuje Stowarzyszenie na Rzecz Rozwoju Gminy Kleszczów.',
    [org('Stowarzyszenie na Rzecz Rozwoju Gminy Kleszczów', 'na Rzecz Rozwoju Gminy Kleszczów', 'stowarzyszenie')]],
  ['kółko rolnicze by type and place', 'Dożynki przygotowało Kółko Rolnicze w Dąbrówce.',
    [org('Kółko Rolnicze w Dąbrówce', '', 'inna', 'Dąbrówka')]],
  ['KGW by type and place', 'Poczęstunek przygotowało Koło Gospodyń Wiejskich w Woli.',
    [org('Koło Gospodyń Wiejskich w Woli', '', 'kgw', 'Wola')]],
  ['KGW in the locative, a two-word village the gazetteer may not know', 'Na scenie wystąpił zespół działający przy Kole Gospodyń Wiejskich w Brodach Dużych.',
    [org('Koło Gospodyń Wiejskich w Brodach Dużych', '', 'kgw', 'Brody Duże')]],
  ['OSP by acronym and place', 'Strażacy z OSP w Lipnie zabezpieczali festyn.',
    [org('OSP w Lipnie', '', 'osp', 'Lipno')]],
  ['Caritas is the name itself, with its diocese', 'Paczki świąteczne przekazała Caritas Diecezji Kieleckiej.',
    [org('Caritas Diecezji Kieleckiej', 'Caritas Diecezji Kieleckiej', 'koscielna_osoba_prawna')]],
  ['a parish under its patron, with its place', 'Salę udostępniła Parafia pw. św. Jana w Opatowie.',
    [org('Parafia pw. św. Jana w Opatowie', 'św. Jana', 'koscielna_osoba_prawna', 'Opatów')]],
  ['a patron with a title and one with a name of origin', 'Porozumienie podpisały Zespół Szkół im. Gen. Józefa Bema i Akademia im. Jakuba z Paradyża.',
    [org('Zespół Szkół im. Gen. Józefa Bema', 'Józefa Bema', 'inna'), org('Akademia im. Jakuba z Paradyża', 'Jakuba z Paradyża', 'uczelnia')]],
  ['each diocese\'s Caritas is its own organisation', 'Wizytę przygotowała Caritas Diecezji Legnickiej z Caritas Archidiecezji Gdańskiej.',
    [org('Caritas Diecezji Legnickiej', 'Caritas Diecezji Legnickiej', 'koscielna_osoba_prawna'), org('Caritas Archidiecezji Gdańskiej', 'Caritas Archidiecezji Gdańskiej', 'koscielna_osoba_prawna')]],
  ['a parish team of Caritas has its form and its place', 'Stoisko przygotował Parafialny Zespół Caritas w Kuleszach Kościelnych.',
    [org('Parafialny Zespół Caritas w Kuleszach Kościelnych', '', 'koscielna_osoba_prawna', 'Kulesze Kościelne')]],
  ['parish teams of Caritas in the plural are a kind', 'Wolontariusze Parafialnych Zespołów Caritas pojechali do Gdańska.', []],
  ['partners after a quoted name belong to the firm', 'Pieczywo dostarcza Piekarnia „Pod Lipami” Jan i Ewa Marszałek s.c. z Zaborowa, a nagrodę ufundowała Drukarnia «Mazowsze» Kowalczyk i Syn sp.j.',
    [org('Piekarnia Pod Lipami Jan i Ewa Marszałek s.c.', 'Piekarnia Pod Lipami Jan i Ewa Marszałek', 'spolka_inna'), org('Drukarnia Mazowsze Kowalczyk i Syn sp.j.', 'Drukarnia Mazowsze Kowalczyk i Syn', 'spolka_inna')]],
  ['partners written by initials, and a partnership after a venue\'s word', 'Chleb z piekarni Kłos Nowak i Wspólnicy sp. j. i z Piekarni „Złoty Kłos” J. i M. Kowalscy sp.j.',
    [org('Kłos Nowak i Wspólnicy sp. j.', 'Kłos Nowak i Wspólnicy', 'spolka_inna'), org('Piekarnia Złoty Kłos J. i M. Kowalscy sp.j.', 'Piekarnia Złoty Kłos J. i M. Kowalscy', 'spolka_inna')]],
  ['a limited partnership whose partner is a company', 'Pościel kupił Hotel Kaszubski Dwór sp. z o.o. sp.k. z Kościerzyny.',
    [org('Hotel Kaszubski Dwór sp. z o.o. sp.k.', 'Hotel Kaszubski Dwór', 'spolka_inna')]],
  ['a sole trader\'s firm ends in its owner\'s name', 'Wystawiali się: Pasieka «Złoty Ul» Stanisław Kaczmarek z Drawska, Piekarnia-Cukiernia Jan Matuszak i Zakład Usług Leśnych Krzysztof Maksymiuk.',
    [org('Pasieka Złoty Ul Stanisław Kaczmarek', 'Pasieka Złoty Ul Stanisław Kaczmarek', 'inna', 'Drawsko'), org('Piekarnia-Cukiernia Jan Matuszak', 'Piekarnia-Cukiernia Jan Matuszak', 'inna'),
      org('Zakład Usług Leśnych Krzysztof Maksymiuk', 'Zakład Usług Leśnych Krzysztof Maksymiuk', 'inna')]],
  ['a sole trader after the word "firma"', 'Dwie osoby pracują w firmie Zielone Ogrody Henryk Sobik.',
    [org('Zielone Ogrody Henryk Sobik', 'Zielone Ogrody Henryk Sobik', 'inna')]],
  ['a type in the plural with a list of places is one organisation per place', 'Przybyli pracownicy Gminnych Ośrodków Pomocy Społecznej w Rogowie, Skrwilnie i Brzuzem oraz uczestnicy Warsztatów Terapii Zajęciowej w Łobzie i we Włocławku.',
    [org('Gminny Ośrodek Pomocy Społecznej w Rogowie', '', 'jednostka_pomocy_spolecznej', 'Rogów'), org('Gminny Ośrodek Pomocy Społecznej w Skrwilnie', '', 'jednostka_pomocy_spolecznej', 'Skrwilno'),
      org('Gminny Ośrodek Pomocy Społecznej w Brzuzem', '', 'jednostka_pomocy_spolecznej', 'Brzuze'), org('Warsztat Terapii Zajęciowej w Łobzie', '', 'wtz', 'Łobez'),
      org('Warsztat Terapii Zajęciowej we Włocławku', '', 'wtz', 'Włocławek')]],
  ['courts, national parks, philharmonics, hospices and colleges', 'Sąd Rejonowy w Toruniu, Białowieski Park Narodowy, Filharmonia Opolska, Hospicjum Pomorze i Collegium Polonicum podpisały list.',
    [org('Sąd Rejonowy w Toruniu', '', 'inna', 'Toruń'), org('Białowieski Park Narodowy', 'Białowieski Park Narodowy', 'inna'), org('Filharmonia Opolska', 'Filharmonia Opolska', 'inna'),
      org('Hospicjum Pomorze', 'Hospicjum Pomorze', 'inna'), org('Collegium Polonicum', 'Polonicum', 'uczelnia')]],
  ['an honorific before a person ends an organisation\'s name', 'Fundację reprezentował Prezes Fundacji Pan Grzegorz Pyka, a Mazowieckie Centrum Polityki Społecznej Pani Halina Sobieraj-Wróbel.',
    [org('Mazowieckie Centrum Polityki Społecznej', '', 'jednostka_pomocy_spolecznej')]],
  ['a gmina named after its seat ends there; in a role after "Miasta i" it is no body', 'Gmina Bodzentyn przystąpiła. Podpisał Burmistrz Miasta i Gminy Końskie Tomasz Staniek. Gmina Rudnik nad Sanem też.',
    [org('Gmina Bodzentyn', 'Bodzentyn', 'jst', 'Bodzentyn'), org('Gmina Rudnik nad Sanem', 'Rudnik nad Sanem', 'jst', 'Rudnik nad Sanem')]],
  ['"w towarzystwie" before a role names no organisation', 'Nagrody wręczył starosta w towarzystwie Dyrektor PCPR Pani Jolanty Nowak.', []],
  ['a heading in capitals names a section by a body or a type, an organisation by its legal form',
    'POWIAT GRYFIŃSKI\n\nKATEGORIA I – PRZEDSIĘBIORSTWO SPOŁECZNE ROKU\n\n1. FUNDACJA AKTYWNI RAZEM',
    [org('FUNDACJA AKTYWNI RAZEM', 'AKTYWNI RAZEM', 'fundacja')]],
  ['a unit written by type takes the place right before it', 'Goście byli w Lwówku Śląskim w Centrum Integracji Społecznej, a po południu w Jaworze.',
    [org('Centrum Integracji Społecznej', '', 'cis', 'Lwówek Śląski')]],
  ['a word that points to an organisation is no part of its name', 'Tamtejszy Klub Integracji Społecznej działa w Solcu Kujawskim od maja. Nasze Stowarzyszenie kupiło laptopy.',
    [org('Klub Integracji Społecznej', '', 'kis', 'Solec Kujawski')]],
  ['a designation with its legal form after its place', 'Dwie osoby pracują w Przedsiębiorstwie Gospodarki Komunalnej w Lipnie sp. z o.o.',
    [org('Przedsiębiorstwo Gospodarki Komunalnej w Lipnie sp. z o.o.', '', 'spolka_zoo', 'Lipno')]],
  ['a name in another language after a dash is part of the name', 'Porozumienie podpisała Wyższa Szkoła Biznesu – National-Louis University. Fundacja Madox – partner projektu – też.',
    [org('Wyższa Szkoła Biznesu – National-Louis University', 'Biznesu – National-Louis University', 'uczelnia'), org('Fundacja Madox', 'Madox', 'fundacja')]],
  ['a numbered unit keeps its number', 'Uczniowie Szkoły Podstawowej nr 4 w Chojnowie i Zespołu Szkół nr 1 w Nidzicy zagrali koncert.',
    [org('Szkoła Podstawowa nr 4 w Chojnowie', '', 'inna', 'Chojnów'), org('Zespół Szkół nr 1 w Nidzicy', '', 'inna', 'Nidzica')]],
  ['a quoted legal form names a category; the organisation after the dash has that form',
    'Wyróżnienie w kategorii „Zakład aktywności zawodowej” – Zakłady Ceramiczne „Glina” z Sanoka.',
    [org('Zakłady Ceramiczne Glina', 'Glina', 'zaz', 'Sanok')]],
  ['a firm introduced by a lower-case "firma"', 'Słodycze ufundowała firma Cukrex z Kalisza.',
    [org('Cukrex', 'Cukrex', 'inna', 'Kalisz')]],
  ['a descriptive name ending in a distinctive one', 'Praktyki zapewnia Przedsiębiorstwo Gospodarki Mieszkaniowej DOMBUD.',
    [org('Przedsiębiorstwo Gospodarki Mieszkaniowej DOMBUD', 'DOMBUD', 'inna')]],
  ['an ordinal school under its patron, with its place', 'Kiermasz odbył się w II Liceum Ogólnokształcącym im. Marii Konopnickiej w Opolu.',
    [org('II Liceum Ogólnokształcące im. Marii Konopnickiej w Opolu', 'Marii Konopnickiej', 'inna', 'Opole')]],
  ['an Italian social cooperative', 'Goście odwiedzili Cooperativa Sociale Il Sole w Bolonii.',
    [org('Cooperativa Sociale Il Sole', 'Il Sole', 'spoldzielnia_socjalna', 'Bolonia')]],
];

const QUOTES_AND_CAPITALS: Row[] = [
  ['a type acronym with the village it is from', 'Pierogi ulepiły panie z KGW z Manowa, a kawę podali strażacy z OSP ze Strzyżowa.',
    [org('KGW z Manowa', '', 'kgw', 'Manowo'), org('OSP ze Strzyżowa', '', 'osp', 'Strzyżów')]],
  ['typewriter quotes of two commas', 'Warsztat prowadzi Stowarzyszenie Przyjaciół Wsi ,,Zagroda" z Lipna.',
    [org('Stowarzyszenie Przyjaciół Wsi Zagroda', 'Zagroda', 'stowarzyszenie', 'Lipno')]],
  ["straight and low single quotes", "Nagrody wręczyły Fundacja 'Ogród' z Opola i Stowarzyszenie ‚Most’.",
    [org('Fundacja Ogród', 'Ogród', 'fundacja', 'Opole'), org('Stowarzyszenie Most', 'Most', 'stowarzyszenie')]],
  ['double quotes and guillemets', 'Partnerami są Fundacja "Azyl" oraz Stowarzyszenie «Przystań» z Gniezna.',
    [org('Fundacja Azyl', 'Azyl', 'fundacja'), org('Stowarzyszenie Przystań', 'Przystań', 'stowarzyszenie', 'Gniezno')]],
  ['a name in capitals, in the accusative', 'Goście odwiedzili Spółdzielnię Socjalną ALEXIS.',
    [org('Spółdzielnia Socjalna ALEXIS', 'ALEXIS', 'spoldzielnia_socjalna')]],
  ['acronym with place, as written', 'Wniosek złożono do MOPS w Łomży.',
    [org('MOPS w Łomży', '', 'jednostka_pomocy_spolecznej', 'Łomża')]],
  ['several acronyms with places', 'W spotkaniu udział wzięli przedstawiciele GOPS w Rogowie, PCPR w Słupsku i PUP w Koninie.',
    [org('GOPS w Rogowie', '', 'jednostka_pomocy_spolecznej', 'Rogów'), org('PCPR w Słupsku', '', 'jednostka_pomocy_spolecznej', 'Słupsk'),
      org('PUP w Koninie', '', 'jst', 'Konin')]],
  ['ŚDS and WTZ', 'Prace uczestników ŚDS w Krośnie i WTZ w Marianowie pokazano na kiermaszu.',
    [org('ŚDS w Krośnie', '', 'jednostka_pomocy_spolecznej', 'Krosno'), org('WTZ w Marianowie', '', 'wtz', 'Marianowo')]],
  ['acronym with a quoted name', 'Akcję wsparło KGW «Kalina» z Krynek.',
    [org('KGW Kalina', 'Kalina', 'kgw', 'Krynki')]],
  ['expansion with its acronym, and the bare acronym later', 'Pożyczek udziela Towarzystwo Inwestycji Społeczno-Ekonomicznych (TISE). Doradca TISE omówił warunki spłaty.',
    [org('Towarzystwo Inwestycji Społeczno-Ekonomicznych', 'Inwestycji Społeczno-Ekonomicznych', 'stowarzyszenie', '', 2)]],
  ['acronym between type and place', 'Uczestnicy Centrum Integracji Społecznej (CIS) w Koninie ukończyli kursy. CIS prowadzi warsztaty stolarskie.',
    [org('Centrum Integracji Społecznej w Koninie', '', 'cis', 'Konin', 2)]],
  ['acronym before its expansion', 'Dyrektor ROPS w Kielcach otworzyła spotkanie. Regionalny Ośrodek Polityki Społecznej w Kielcach jest partnerem projektu.',
    [org('Regionalny Ośrodek Polityki Społecznej w Kielcach', '', 'jednostka_pomocy_spolecznej', 'Kielce', 2)]],
  ['bare acronym of an organisation named in full', 'Zakład Aktywności Zawodowej w Sanoku zatrudnia 40 osób. Pracownicy ZAZ szyją torby.',
    [org('Zakład Aktywności Zawodowej w Sanoku', '', 'zaz', 'Sanok', 2)]],
  ['a bare type acronym names no one organisation', 'Dyrektor ROPS przywitała gości.', []],
  ['an acronym after an office word is that organisation', 'Ośrodek Wsparcia Ekonomii Społecznej w Kaliszu doradza spółdzielniom. Biuro OWES mieści się w centrum miasta.',
    [org('Ośrodek Wsparcia Ekonomii Społecznej w Kaliszu', '', 'owes', 'Kalisz', 2)]],
];

const TYPE_AND_PLACE: Row[] = [
  ['instrumental', 'Umowę podpisano z Regionalnym Ośrodkiem Polityki Społecznej w Kielcach.',
    [org('Regionalny Ośrodek Polityki Społecznej w Kielcach', '', 'jednostka_pomocy_spolecznej', 'Kielce')]],
  ['hyphenated adjective, genitive', 'Pracownicy Miejsko-Gminnego Ośrodka Pomocy Społecznej w Gniewkowie odwiedzili Warsztat Terapii Zajęciowej w Marianowie.',
    [org('Miejsko-Gminny Ośrodek Pomocy Społecznej w Gniewkowie', '', 'jednostka_pomocy_spolecznej', 'Gniewkowo'),
      org('Warsztat Terapii Zajęciowej w Marianowie', '', 'wtz', 'Marianowo')]],
  ['"we" before the place', 'Skierowania wydało Powiatowe Centrum Pomocy Rodzinie we Włocławku we współpracy z Powiatowym Urzędem Pracy w Koninie.',
    [org('Powiatowe Centrum Pomocy Rodzinie we Włocławku', '', 'jednostka_pomocy_spolecznej', 'Włocławek'),
      org('Powiatowy Urząd Pracy w Koninie', '', 'jst', 'Konin')]],
  ['offices of a gmina, a powiat and a voivodeship', 'Salę udostępnił Urząd Gminy Rogów, a wnioski trafiły do Starostwa Powiatowego w Łomży i do Urzędu Marszałkowskiego Województwa Łódzkiego.',
    [org('Urząd Gminy Rogów', '', 'jst', 'Rogów'), org('Starostwo Powiatowe w Łomży', '', 'jst', 'Łomża'),
      org('Urząd Marszałkowski Województwa Łódzkiego', '', 'jst')]],
  ['office of a town and gmina', 'Przetarg ogłosił Urząd Miasta i Gminy w Chmielniku.',
    [org('Urząd Miasta i Gminy w Chmielniku', '', 'jst', 'Chmielnik')]],
  ['a type designated by a genitive complement', 'Szkolenie zorganizował Ośrodek Wsparcia Ekonomii Społecznej Subregionu Północnego.',
    [org('Ośrodek Wsparcia Ekonomii Społecznej Subregionu Północnego', '', 'owes')]],
  ['adjectives before a two-word head', 'Badania prowadzi Państwowa Wyższa Szkoła Zawodowa w Pile.',
    [org('Państwowa Wyższa Szkoła Zawodowa w Pile', 'Państwowa Wyższa Szkoła Zawodowa', 'uczelnia', 'Piła')]],
  ['a designation with a genitive complement keeps its place in the name', 'Ćwiczenia poprowadziła Komenda Miejska Państwowej Straży Pożarnej w Koninie.',
    [org('Komenda Miejska Państwowej Straży Pożarnej w Koninie', '', 'inna', 'Konin')]],
  ['a place followed by a person', 'Gości przywitała dyrektor Regionalnego Ośrodka Polityki Społecznej w Opolu Irena Nowak.',
    [org('Regionalny Ośrodek Polityki Społecznej w Opolu', '', 'jednostka_pomocy_spolecznej', 'Opole')]],
  ['a club hosted by a welfare centre: two organisations', 'Zajęcia prowadzi Klub Integracji Społecznej przy Gminnym Ośrodku Pomocy Społecznej w Rogowie.',
    [org('Klub Integracji Społecznej przy Gminnym Ośrodku Pomocy Społecznej w Rogowie', '', 'kis', 'Rogów'),
      org('Gminny Ośrodek Pomocy Społecznej w Rogowie', '', 'jednostka_pomocy_spolecznej', 'Rogów')]],
  ['"oraz" ends a name before the next organisation', 'Organizatorami byli Uniwersytet Łódzki oraz Regionalne Centrum Polityki Społecznej w Łodzi.',
    [org('Uniwersytet Łódzki', 'Uniwersytet Łódzki', 'uczelnia'),
      org('Regionalne Centrum Polityki Społecznej w Łodzi', '', 'jednostka_pomocy_spolecznej', 'Łódź')]],
  ['an introducer two words back does not hide the organisation', 'Organizatorem konkursu był Ośrodek Wsparcia Ekonomii Społecznej w Radomiu.',
    [org('Ośrodek Wsparcia Ekonomii Społecznej w Radomiu', '', 'owes', 'Radom')]],
  ['a sentence opening with a type and place is no anaphora', 'Goście pojechali do Woli Rzędzińskiej. Koło Gospodyń Wiejskich w Woli Rzędzińskiej przygotowało obiad.',
    [org('Koło Gospodyń Wiejskich w Woli Rzędzińskiej', '', 'kgw', 'Wola Rzędzińska')]],
  ['"z siedzibą w" gives a body its place', 'Porozumienie podpisał Powiat Kluczborski z siedzibą w Kluczborku.',
    [org('Powiat Kluczborski', 'Kluczborski', 'jst', 'Kluczbork')]],
];

const UNITS_AND_CONTEXT: Row[] = [
  ['a press office is its office', 'Tekst: Biuro Prasowe Urzędu Marszałkowskiego Województwa Śląskiego.',
    [org('Urząd Marszałkowski Województwa Śląskiego', '', 'jst')]],
  ['a unit named by an adjective alone is no organisation', 'Informację przygotowało Biuro Prasowe.', []],
  ['an association behind its office', 'Biuro Stowarzyszenia „Dolina Bugu” mieści się w Drohiczynie.',
    [org('Stowarzyszenie Dolina Bugu', 'Dolina Bugu', 'stowarzyszenie')]],
  ['a firm whose name starts with a unit noun is one', 'Rozliczenia prowadzi Biuro Rachunkowe Kwadrat z Łodzi.',
    [org('Biuro Rachunkowe Kwadrat', 'Biuro Rachunkowe Kwadrat', 'inna', 'Łódź')]],
  ['a unit written by type takes the locality its sentence names', 'Zakończono zajęcia Klubu Integracji Społecznej, działającego przy Gminnym Ośrodku Pomocy Społecznej w Stegnie.',
    [org('Klub Integracji Społecznej', '', 'kis', 'Stegna'), org('Gminny Ośrodek Pomocy Społecznej w Stegnie', '', 'jednostka_pomocy_spolecznej', 'Stegna')]],
  ['partners\' names before a partnership\'s legal form belong to the firm', 'Wyróżnienie dostał Krapex Jan i Piotr Mazur sp.j. za meble.',
    [org('Krapex Jan i Piotr Mazur sp.j.', 'Krapex Jan i Piotr Mazur', 'spolka_inna')]],
  ['a compound locality in a designation', 'Prace pokazał Warsztat Terapii Zajęciowej w Kostrzynie nad Odrą.',
    [org('Warsztat Terapii Zajęciowej w Kostrzynie nad Odrą', '', 'wtz', 'Kostrzyn nad Odrą')]],
];

const BRANCHES: Row[] = [
  ['a branch after a quoted name', 'Ośrodek prowadzi Stowarzyszenie „Nadzieja” Zarząd Okręgowy w Łomży.',
    [org('Stowarzyszenie Nadzieja Zarząd Okręgowy w Łomży', 'Nadzieja', 'stowarzyszenie', 'Łomża')]],
  ['a branch after a genitive name', 'Świetlicę prowadzi Towarzystwo Przyjaciół Dzieci Oddział Miejski w Radomiu.',
    [org('Towarzystwo Przyjaciół Dzieci Oddział Miejski w Radomiu', 'Przyjaciół Dzieci', 'stowarzyszenie', 'Radom')]],
  ['a branch without an adjective, by its seat', 'Zajęcia prowadzi Polskie Towarzystwo Walki z Kalectwem Koło w Kaliszu.',
    [org('Polskie Towarzystwo Walki z Kalectwem Koło w Kaliszu', 'Walki z Kalectwem', 'stowarzyszenie', 'Kalisz')]],
  ['a branch by itself', 'Dotację przyznał Zarząd Okręgowy w Łomży.',
    [org('Zarząd Okręgowy w Łomży', '', 'inna', 'Łomża')]],
  ['a branch of an organisation named by acronym', 'Środki przekazał Oddział Regionalny PFRON w Kielcach.',
    [org('Oddział Regionalny PFRON w Kielcach', 'PFRON', 'inna', 'Kielce')]],
  ['a name without legal form before its branch, and its acronym later', 'Szkolenie poprowadził Polski Czerwony Krzyż Zarząd Rejonowy w Koninie. Ratownicy PCK pokazali resuscytację.',
    [org('Polski Czerwony Krzyż Zarząd Rejonowy w Koninie', 'Polski Czerwony Krzyż', 'stowarzyszenie', 'Konin', 2)]],
  ['a branch of an organisation whose acronym gives its form, and that acronym later', 'Zbiórkę zorganizował Zarząd Rejonowy PCK w Kole. Wolontariusze PCK rozdali paczki.',
    [org('Zarząd Rejonowy PCK w Kole', 'PCK', 'stowarzyszenie', 'Koło', 2)]],
];

const NESTED_AND_LISTS: Row[] = [
  ['a patron in the genitive belongs to the name', 'Koncert zorganizowała Fundacja Dariusza Stachury „Canto Pro Classica”.',
    [org('Fundacja Dariusza Stachury Canto Pro Classica', 'Canto Pro Classica', 'fundacja')]],
  ['a school and its patron inside the name', 'Stowarzyszenie Przyjaciół Szkoły im. Jana Pawła II kupiło komputery.',
    [org('Stowarzyszenie Przyjaciół Szkoły im. Jana Pawła II', 'Przyjaciół Szkoły im. Jana Pawła II', 'stowarzyszenie')]],
  ['a list of prefixed names', 'W Łodzi działają m.in. Spółdzielnia Socjalna „Incepcja”, Fundacja „Pod Dębem”, Stowarzyszenie „Razem”.',
    [org('Spółdzielnia Socjalna Incepcja', 'Incepcja', 'spoldzielnia_socjalna'), org('Fundacja Pod Dębem', 'Pod Dębem', 'fundacja'),
      org('Stowarzyszenie Razem', 'Razem', 'stowarzyszenie')]],
  ['a plural legal form before quoted names', 'Na targach wystąpiły spółdzielnie socjalne „Pod Lipą” i „Zielony Ogród”.',
    [org('Spółdzielnia Socjalna Pod Lipą', 'Pod Lipą', 'spoldzielnia_socjalna'), org('Spółdzielnia Socjalna Zielony Ogród', 'Zielony Ogród', 'spoldzielnia_socjalna')]],
  ['a plural legal form before three names', 'Nagrody otrzymały fundacje „Ogród”, „Azyl” oraz „Przystań”.',
    [org('Fundacja Ogród', 'Ogród', 'fundacja'), org('Fundacja Azyl', 'Azyl', 'fundacja'), org('Fundacja Przystań', 'Przystań', 'fundacja')]],
  ['a comma inside a ministry name', 'Akredytację przyznało Ministerstwo Rodziny, Pracy i Polityki Społecznej.',
    [org('Ministerstwo Rodziny, Pracy i Polityki Społecznej', 'Ministerstwo Rodziny, Pracy i Polityki Społecznej', 'inna')]],
  ['gminas acting as bodies', 'Gmina Brzeziny wraz z Gminą Rogów powołała spółdzielnię socjalną.',
    [org('Gmina Brzeziny', 'Brzeziny', 'jst', 'Brzeziny'), org('Gmina Rogów', 'Rogów', 'jst', 'Rogów')]],
  ['a town acting as a body after a lower-case legal form', 'Lokal na preferencyjnych warunkach użyczyło fundacji Miasto Kutno.',
    [org('Miasto Kutno', 'Kutno', 'jst', 'Kutno')]],
  ['a gmina named after a seat that holds a first name', 'Porozumienie podpisała Gmina Kazimierz Dolny.',
    [org('Gmina Kazimierz Dolny', 'Kazimierz Dolny', 'jst', 'Kazimierz Dolny')]],
  ['a forest district named after its seat', 'Sadzonki przekazało Nadleśnictwo Gostynin.',
    [org('Nadleśnictwo Gostynin', '', 'inna', 'Gostynin')]],
  ['a descriptive name before a suffix form, in the nominative', 'Praktyki odbyły się w Miejskich Wodociągach sp. z o.o.',
    [org('Miejskie Wodociągi sp. z o.o.', 'Miejskie Wodociągi', 'spolka_zoo')]],
  ['a faculty is part of its university', 'Wykład wygłosił pracownik Wydziału Ekonomicznego Uniwersytetu Gdańskiego.',
    [org('Uniwersytet Gdański', 'Uniwersytet Gdański', 'uczelnia')]],
  ['the owner of an initiative is an organisation', 'Z inicjatywy Fundacji „Wrzos” powstała świetlica.',
    [org('Fundacja Wrzos', 'Wrzos', 'fundacja')]],
];

const NOT_ORGANIZATIONS: Row[] = [
  ['a fund is where the money comes from', 'Projekt współfinansuje Unia Europejska ze środków Europejskiego Funduszu Społecznego, a szkolenia prowadzi Fundacja Rozwoju Wsi.',
    [org('Fundacja Rozwoju Wsi', 'Rozwoju Wsi', 'fundacja')]],
  ['a regional fund too', 'Inwestycję sfinansowano z Europejskiego Funduszu Rozwoju Regionalnego.', []],
  ['a gmina as a place', 'Spotkanie odbyło się w gminie Rogów.', []],
  ['a project named before its organiser', 'Projekt „Świętokrzyska Ekonomia Społeczna” realizuje Fundacja Madox.',
    [org('Fundacja Madox', 'Madox', 'fundacja')]],
  ['projects, programmes, competitions', 'Uczestnicy projektu „Aktywni razem” oraz programu „Senior+” wzięli udział w konkursie „Zwykły Bohater”.', []],
  ['a project named like a legal form', 'Szkolenia odbyły się w ramach projektu „Spółdzielnia Socjalna szansą na pracę”.', []],
  ['a partnership set up by an agreement, a network without legal personality', 'Gminy powołały Lokalne Partnerstwo na rzecz Ekonomii Społecznej „Łysogóry Razem”. Sądeckie Partnerstwo na rzecz Ekonomii Społecznej zbierze się w maju.', []],
  ['venues run by an organisation', 'Obiad zjedliśmy w kawiarni „Pod Aniołem”, a kolację w restauracji Smaki Regionu, którą prowadzi spółdzielnia socjalna.', []],
  ['a venue before an anaphoric legal form', 'Wieczorem goście odwiedzili kawiarnię w Starym Młynie. Spółdzielnia socjalna prowadzi ją od roku.', []],
  ['generic mentions', 'Spółdzielnie socjalne, organizacje pozarządowe, fundacje i stowarzyszenia oraz ośrodki pomocy społecznej mogą składać wnioski.', []],
  ['plural capitalised legal forms of a region', 'Spółdzielnie Socjalne Bolonii i Trydentu zatrudniają tysiące osób.', []],
  ['events', 'Targi Ekonomii Społecznej zakończyła Gala Konkursu.', []],
  ['a workshop title', 'Warsztaty „Marketing społeczny” poprowadził trener z Poznania.', []],
  ['a law', 'Zgodnie z ustawą o spółdzielniach socjalnych spółdzielnię mogą założyć także organizacje pozarządowe.', []],
  ['a person after a lower-case legal form', 'List przekazano do prezesa fundacji Tadeusza Nowaka.', []],
  ['a person with an honorific after a lower-case legal form', 'Dyplomy wręczyła prezes stowarzyszenia Pani Anna Nowak.', []],
  ['a voivodeship named by its board', 'Nagrody wręczył członek Zarządu Województwa Łódzkiego.', []],
  ['a forum whose title holds a generic type', 'Spotkanie odbyło się podczas Lubelskiego Forum Organizacji Pozarządowych.', []],
  ['an edition of a programme', 'Kolejna edycja Akademii Liderów ruszy w marcu.', []],
];

function summary(record: ReportRecord): Expected[] {
  return record.organizations.map((o) => ({ name: o.name, core: o.core, legalForm: o.legalForm, place: o.place, mentions: o.mentions.length }));
}

function check(text: string, expected: Expected[]) {
  const record = extract(text);
  for (const o of record.organizations) {
    OrganizationSchema.parse(o);
    for (const m of o.mentions) {
      expect(text.slice(m.start, m.end)).toBe(m.text);
      expect(m.rule).toMatch(/^org\./);
    }
  }
  const byName = (a: Expected, b: Expected) => a.name.localeCompare(b.name);
  // Mention counts are compared only where the row states one.
  const got = summary(record).map((o) => {
    const { mentions, ...rest } = o;
    return expected.find((e) => e.name === o.name)?.mentions === undefined ? rest : { ...rest, mentions };
  });
  expect(got.sort(byName)).toEqual([...expected].sort(byName));
  return record;
}

describe('organisations', () => {
  describe.each([
    ['legal forms', LEGAL_FORMS], ['quotes, capitals and acronyms', QUOTES_AND_CAPITALS], ['type and place', TYPE_AND_PLACE],
    ['branches', BRANCHES], ['units and context', UNITS_AND_CONTEXT], ['nested names and lists', NESTED_AND_LISTS], ['not organisations', NOT_ORGANIZATIONS],
  ] as const)('%s', (_group, rows) => {
    it.each(rows)('%s: %s', (_label, text, expected) => {
      check(text, expected);
    });
  });

  it('a patron inside an organisation name is no person mention', () => {
    const record = check('Koncert zorganizowała Fundacja Dariusza Stachury „Canto Pro Classica”.',
      [org('Fundacja Dariusza Stachury Canto Pro Classica', 'Canto Pro Classica', 'fundacja')]);
    expect(record.people).toEqual([]);
  });

  it('a school patron inside the name is no person mention either', () => {
    const record = check('Kiermasz odbył się w II Liceum Ogólnokształcącym im. Marii Konopnickiej w Opolu.',
      [org('II Liceum Ogólnokształcące im. Marii Konopnickiej w Opolu', 'Marii Konopnickiej', 'inna', 'Opole')]);
    expect(record.people).toEqual([]);
  });

  it('a sole trader\'s owner inside its name is no person mention', () => {
    const record = check('Wystawiała się Pasieka «Złoty Ul» Stanisław Kaczmarek.', [org('Pasieka Złoty Ul Stanisław Kaczmarek', 'Pasieka Złoty Ul Stanisław Kaczmarek', 'inna')]);
    expect(record.people).toEqual([]);
  });

  it('the person after a lower-case legal form stays a person', () => {
    const record = check('List przekazano do prezesa fundacji Tadeusza Nowaka.', []);
    expect(record.people.map((p) => p.name)).toEqual(['Tadeusz Nowak']);
  });

  it('a gmina named as a place is a place, not a body', () => {
    const record = check('Spotkanie odbyło się w gminie Rogów.', []);
    expect(record.places.map((p) => p.name)).toContain('gmina Rogów');
  });
});
