import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LoadedDocument } from '../../src/schema.js';
import { segment, splitParagraphs } from '../../src/segment/index.js';

const doc = (text: string): LoadedDocument => ({
  source: '/tmp/test.txt', title: '', publishedAt: null, text, encoding: 'utf-8', format: 'text',
});
const sentencesOf = (text: string) => segment(doc(text)).sentences.map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  it.each<[string, string, string[]]>([
    ['plain full stops', 'Ala ma kota. Kot ma Alę.', ['Ala ma kota.', 'Kot ma Alę.']],
    ['question and exclamation', 'Czy przyjdziesz? Tak! Na pewno.', ['Czy przyjdziesz?', 'Tak!', 'Na pewno.']],
    ['?! as one terminator', 'Naprawdę?! Tak.', ['Naprawdę?!', 'Tak.']],
    ['lower case after a stop', 'Spotkanie trwało 2 godz. i zakończyło się.', ['Spotkanie trwało 2 godz. i zakończyło się.']],
    ['ul.', 'Siedziba mieści się przy ul. Piotrkowskiej 17. Zapraszamy.', ['Siedziba mieści się przy ul. Piotrkowskiej 17.', 'Zapraszamy.']],
    ['ul. in brackets', 'Byliśmy w Sejmiku (ul. Piotrkowska 17) gdzie działają m.in. Spółdzielnia Socjalna „Incepcja”.', ['Byliśmy w Sejmiku (ul. Piotrkowska 17) gdzie działają m.in. Spółdzielnia Socjalna „Incepcja”.']],
    ['al. and pl.', 'Biuro jest przy al. Jana Pawła II 3, a filia na pl. Wolności 5.', ['Biuro jest przy al. Jana Pawła II 3, a filia na pl. Wolności 5.']],
    ['os.', 'Mieszkają na os. Słonecznym. Są zadowoleni.', ['Mieszkają na os. Słonecznym.', 'Są zadowoleni.']],
    ['m.in.', 'Odwiedziliśmy m.in. Fundację Madox. Było ciekawie.', ['Odwiedziliśmy m.in. Fundację Madox.', 'Było ciekawie.']],
    ['sp. z o.o. before lower case', 'BoxLife sp. z o.o. zajmuje się budową domów.', ['BoxLife sp. z o.o. zajmuje się budową domów.']],
    ['sp. z o.o. ending a sentence', 'Odwiedziliśmy BoxLife sp. z o.o. Następnie pojechaliśmy dalej.', ['Odwiedziliśmy BoxLife sp. z o.o.', 'Następnie pojechaliśmy dalej.']],
    ['sp.z o.o. without a space', 'Odwiedziliśmy BoxLife sp.z o.o. zajmującą się domami.', ['Odwiedziliśmy BoxLife sp.z o.o. zajmującą się domami.']],
    ['s.c.', 'Firma Nowak s.c. Zatrudnia 5 osób.', ['Firma Nowak s.c.', 'Zatrudnia 5 osób.']],
    ['św.', 'Centrum Rehabilitacji pod wezwaniem św. Rocha w Łomży. Podmiot działa od lat.', ['Centrum Rehabilitacji pod wezwaniem św. Rocha w Łomży.', 'Podmiot działa od lat.']],
    ['tzw. and np.', 'Są to tzw. Centra Integracji, np. CIS w Łodzi.', ['Są to tzw. Centra Integracji, np. CIS w Łodzi.']],
    ['ok. before a number', 'Zatrudnienie znalazło ok. 60 osób. To dużo.', ['Zatrudnienie znalazło ok. 60 osób.', 'To dużo.']],
    ['nr with and without a dot', 'Szkoła nr 5 i Przedszkole nr. 3 współpracują. Od lat.', ['Szkoła nr 5 i Przedszkole nr. 3 współpracują.', 'Od lat.']],
    ['im.', 'Szkoła im. Jana Kochanowskiego. Nowy budynek.', ['Szkoła im. Jana Kochanowskiego.', 'Nowy budynek.']],
    ['titles dr hab. inż. prof. mgr', 'Wykład wygłosił dr hab. inż. Jan Nowak, prof. Politechniki, a prowadziła mgr Anna Kowalska.', ['Wykład wygłosił dr hab. inż. Jan Nowak, prof. Politechniki, a prowadziła mgr Anna Kowalska.']],
    ['godz.', 'Start o godz. 10.00. Zapraszamy.', ['Start o godz. 10.00.', 'Zapraszamy.']],
    ['tj. and tzn.', 'Dwa dni, tj. 29 i 30 marca, tzn. Czwartek i piątek.', ['Dwa dni, tj. 29 i 30 marca, tzn. Czwartek i piątek.']],
    ['wg and ds.', 'Według planu wg. Zarządu pełnomocnik ds. Osób Niepełnosprawnych przyjmuje w środy.', ['Według planu wg. Zarządu pełnomocnik ds. Osób Niepełnosprawnych przyjmuje w środy.']],
    ['p.o.', 'Spotkanie prowadził p.o. Dyrektora ROPS. Trwało godzinę.', ['Spotkanie prowadził p.o. Dyrektora ROPS.', 'Trwało godzinę.']],
    ['woj. pow. gm.', 'Miejscowość leży w woj. Łódzkim, pow. Brzezińskim, gm. Rogów.', ['Miejscowość leży w woj. Łódzkim, pow. Brzezińskim, gm. Rogów.']],
    ['clergy and military ranks', 'Mszę odprawił ks. Jan Nowak, a bp. Adam i płk. Kowalski przybyli z gen. Nowakiem.', ['Mszę odprawił ks. Jan Nowak, a bp. Adam i płk. Kowalski przybyli z gen. Nowakiem.']],
    ['itd. ends a sentence before a capital', 'Szyją ubrania, torby itd. Sprzedają je w sieci.', ['Szyją ubrania, torby itd.', 'Sprzedają je w sieci.']],
    ['itp. inside a sentence', 'Szyją ubrania, torby itp. w swojej pracowni.', ['Szyją ubrania, torby itp. w swojej pracowni.']],
    ['zł and mln', 'Budżet wyniósł 2 mln zł. Projekt trwał rok.', ['Budżet wyniósł 2 mln zł.', 'Projekt trwał rok.']],
    ['tys. before a digit stays', 'Zebrano 5 tys. 200 osób wsparło akcję.', ['Zebrano 5 tys. 200 osób wsparło akcję.']],
    ['r. before a sentence starter', 'Spółdzielnia powstała w 2012 r. Obecnie zatrudnia 10 osób.', ['Spółdzielnia powstała w 2012 r.', 'Obecnie zatrudnia 10 osób.']],
    ['r. before a name stays', 'W dniu 22 maja 2017 r. Regionalny Ośrodek Polityki Społecznej zorganizował warsztaty.', ['W dniu 22 maja 2017 r. Regionalny Ośrodek Polityki Społecznej zorganizował warsztaty.']],
    ['r. glued to the year', 'Działa od 2010r. W tym roku otworzy kawiarnię.', ['Działa od 2010r.', 'W tym roku otworzy kawiarnię.']],
    ['w. (century)', 'Kościół pochodzi z XV w. Jest zabytkiem.', ['Kościół pochodzi z XV w.', 'Jest zabytkiem.']],
    ['initials', 'Prezesem jest J. Kowalski. Zastępcą A.B. Nowak.', ['Prezesem jest J. Kowalski.', 'Zastępcą A.B. Nowak.']],
    ['date with dots', 'Umowę podpisano 12.05.2017 w Łodzi. Potem był obiad.', ['Umowę podpisano 12.05.2017 w Łodzi.', 'Potem był obiad.']],
    ['date with dots ending a sentence', 'Umowę podpisano 12.05.2017. Potem był obiad.', ['Umowę podpisano 12.05.2017.', 'Potem był obiad.']],
    ['ordinals', 'Drużyna zajęła 3. miejsce w XV. edycji turnieju.', ['Drużyna zajęła 3. miejsce w XV. edycji turnieju.']],
    ['list marker at paragraph start', '1. Cel projektu. Opis działań.', ['1. Cel projektu.', 'Opis działań.']],
    ['roman list marker', 'IV. Podsumowanie wizyty.', ['IV. Podsumowanie wizyty.']],
    ['number with a dot', 'Koszt to 1.500 zł na osobę. Płatne z góry.', ['Koszt to 1.500 zł na osobę.', 'Płatne z góry.']],
    ['ellipsis before a capital', 'Czekaliśmy... Wreszcie przyjechali.', ['Czekaliśmy...', 'Wreszcie przyjechali.']],
    ['ellipsis before lower case', 'Czekaliśmy… i czekaliśmy.', ['Czekaliśmy… i czekaliśmy.']],
    ['omission mark', 'Powiedział: „Ekonomia (...) Społeczna to szansa”.', ['Powiedział: „Ekonomia (...) Społeczna to szansa”.']],
    ['closing quote after the stop', 'Nazwali ją „Incepcja.” Potem ruszyli.', ['Nazwali ją „Incepcja.”', 'Potem ruszyli.']],
    ['stop after a closing quote', 'Odwiedziliśmy Stowarzyszenie „Ja-Ty-My”. Następnie kino.', ['Odwiedziliśmy Stowarzyszenie „Ja-Ty-My”.', 'Następnie kino.']],
    ['opening quote starts a sentence', 'To był dobry dzień. „Warto było” – mówili.', ['To był dobry dzień.', '„Warto było” – mówili.']],
    ['closing bracket then stop', 'Byliśmy w Sejmiku (ul. Piotrkowska 17). Tam odbyły się warsztaty.', ['Byliśmy w Sejmiku (ul. Piotrkowska 17).', 'Tam odbyły się warsztaty.']],
    ['URL ending a sentence', 'Więcej na www.rops.kielce.pl. Zapraszamy.', ['Więcej na www.rops.kielce.pl.', 'Zapraszamy.']],
    ['e-mail ending a sentence', 'Pisz na biuro@fundacja.pl. Odpowiemy.', ['Pisz na biuro@fundacja.pl.', 'Odpowiemy.']],
    ['URL inside a sentence', 'Strona http://www.rops.pl/ekonomia.html opisuje projekt.', ['Strona http://www.rops.pl/ekonomia.html opisuje projekt.']],
    ['digit starts a sentence', 'Warsztaty trwały trzy dni. 20 osób wzięło udział.', ['Warsztaty trwały trzy dni.', '20 osób wzięło udział.']],
    ['month abbreviation', 'Termin: 5 lut. Zgłoszenia do 1 sty. Przyszłego roku.', ['Termin: 5 lut. Zgłoszenia do 1 sty. Przyszłego roku.']],
    ['tel.', 'Kontakt: tel. 42 123 45 67. Biuro czynne codziennie.', ['Kontakt: tel. 42 123 45 67.', 'Biuro czynne codziennie.']],
    ['abbreviation-like end of a longer word', 'Prowadzą pub Pop’n’art. Spółdzielnia ma niewielki staż.', ['Prowadzą pub Pop’n’art.', 'Spółdzielnia ma niewielki staż.']],
    ['art. ust. pkt.', 'Zgodnie z art. 5 ust. 2 pkt. 3 Ustawy. Koniec.', ['Zgodnie z art. 5 ust. 2 pkt. 3 Ustawy.', 'Koniec.']],
  ])('%s', (_name, text, expected) => {
    expect(sentencesOf(text)).toEqual(expected);
  });

  it('keeps offsets absolute and paragraph indices across lines', () => {
    const text = '  Tytuł raportu  \n\nPierwsze zdanie. Drugie zdanie.\r\n  \nTrzecie.';
    const seg = segment(doc(text));
    expect(seg.paragraphs.map((p) => [p.index, p.text])).toEqual([[0, 'Tytuł raportu'], [1, 'Pierwsze zdanie. Drugie zdanie.'], [2, 'Trzecie.']]);
    for (const p of seg.paragraphs) expect(text.slice(p.start, p.end)).toBe(p.text);
    expect(seg.sentences.map((s) => [s.paragraph, text.slice(s.start, s.end)])).toEqual([
      [0, 'Tytuł raportu'], [1, 'Pierwsze zdanie.'], [1, 'Drugie zdanie.'], [2, 'Trzecie.'],
    ]);
  });
});

describe('splitParagraphs', () => {
  it('makes every non-empty line a paragraph without its edge spaces', () => {
    const text = 'Galeria zdjęć\n\n  • Relacja z warsztatów\t\n\u00a0\nKoniec';
    expect(splitParagraphs(text).map((p) => p.text)).toEqual(['Galeria zdjęć', '• Relacja z warsztatów', 'Koniec']);
  });

  it('handles empty text and a trailing newline', () => {
    expect(splitParagraphs('')).toEqual([]);
    expect(splitParagraphs('Jedno.\n')).toEqual([{ index: 0, start: 0, end: 6, text: 'Jedno.' }]);
  });
});

describe('segment on the seed reports', () => {
  it.each(['warsztaty-lodzkie-2017', 'wizyta-podlaskie-2012'])('%s: sentences cut their text, in order, inside paragraphs', (id) => {
    let text: string;
    try {
      text = readFileSync(`/work/shared/seeds/${id}.txt`, 'utf8').replace(/\r\n?/g, '\n');
    } catch {
      return; // The shared seeds are not everywhere.
    }
    const seg = segment(doc(text));
    let last = -1;
    for (const s of seg.sentences) {
      const p = seg.paragraphs[s.paragraph];
      expect(s.start).toBeGreaterThan(last);
      expect(s.start).toBeGreaterThanOrEqual(p.start);
      expect(s.end).toBeLessThanOrEqual(p.end);
      expect(text.slice(s.start, s.end)).toBe(text.slice(s.start, s.end).trim());
      last = s.end;
    }
    const sentences = seg.sentences.map((s) => text.slice(s.start, s.end));
    if (id === 'warsztaty-lodzkie-2017') {
      expect(sentences).toContain('Zobaczyliśmy także spółdzielnię socjalną Odblask.');
      expect(sentences.some((s) => s.includes('(ul. Piotrkowska 17) gdzie działają m.in. Spółdzielnia Socjalna „Incepcja”'))).toBe(true);
    } else {
      expect(sentences).toContain('Centrum Rehabilitacji pod wezwaniem św. Rocha w Łomży.');
    }
  });
});
