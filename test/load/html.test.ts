import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findPublishedAtInText, htmlToDocument, parseDate } from '../../src/load/html.js';
import { loadFile } from '../../src/load/index.js';

const PAGE = `<!DOCTYPE html>
<html lang="pl"><head>
<meta charset="utf-8">
<title>Relacja z warsztatów wyjazdowych | ROPS Kielce</title>
<meta property="og:site_name" content="ROPS Kielce">
<script>var menu = "Menu skryptu"; window.dataLayer = [];</script>
<style>.cookie-banner { color: red }</style>
</head><body class="page has-sidebar">
<div id="cookie-banner" class="cookies">Ta strona używa plików cookies. <button>Akceptuję</button></div>
<header class="site-header"><a href="/">ROPS Kielce</a><h1 class="logo">Regionalny Ośrodek – strona główna</h1></header>
<nav class="main-menu"><ul><li><a href="/">Strona główna</a></li><li><a href="/o-nas">O nas</a></li></ul></nav>
<div class="breadcrumbs"><a href="/">Start</a> » <a href="/aktualnosci">Aktualności</a></div>
<div class="layout">
  <main id="content">
    <article class="post">
      <header class="entry-header">
        <h1 class="entry-title">Relacja   z warsztatów
          wyjazdowych</h1>
        <p class="meta">Data opublikowania: 25.05.2017</p>
      </header>
      <div class="entry-content">
        <p>Regionalny Ośrodek Polityki Społecznej w&nbsp;Kielcach zorganizował <strong>warsztaty</strong>
           wyjazdowe w dniach 22 – 24 maja 2017 r.</p>
        <p>Odwiedziliśmy <a href="#">BoxLife sp. z o.o.</a> oraz Fundację Madox.<br>Adres: ul. Piotrkowska 17</p>
        <h2>Spółdzielnie socjalne</h2>
        <ul><li>Spółdzielnia Socjalna „Incepcja”</li><li>Spółdzielnia Socjalna Odblask</li></ul>
        <div>Tekst w divie bez akapitu.<div>Zagnieżdżony div.</div></div>
        <blockquote>Ekonomia społeczna to szansa.</blockquote>
        <table><tr><td>Brzeziny</td><td>Rogów</td></tr></table>
        <figure><img src="a.jpg" alt="Zdjęcie"><figcaption>Uczestnicy warsztatów</figcaption></figure>
        <figure><img src="b.jpg" alt="Zdjęcie"><figcaption>Uczestnicy warsztatów</figcaption></figure>
        <figure><img src="c.jpg" alt="Zdjęcie"><figcaption>Uczestnicy warsztatów</figcaption></figure>
        <div class="gallery"><a href="1.jpg">Galeria: zdjęcie pierwsze</a><a href="2.jpg">Galeria: zdjęcie drugie</a></div>
        <div class="share-buttons"><a href="#">Udostępnij na Facebooku</a> <a href="#">Tweetnij</a></div>
        <div class="socialIcons">Obserwuj nas na Instagramie</div>
        <p style="display: none">Ukryty tekst</p>
      </div>
      <section id="comments"><h3>Komentarze (2)</h3><p>Świetna relacja, gratuluję całemu zespołowi!</p></section>
      <div class="related-posts"><h3>Zobacz także</h3><p>Inny wpis o spółdzielniach, też ciekawy do przeczytania.</p></div>
      <nav class="pagination"><a href="?p=2">Następna strona</a></nav>
    </article>
  </main>
  <aside class="sidebar"><h3>Najnowsze wpisy</h3><p>Wpis z bocznego panelu o czymś innym, bardzo długi tekst boczny.</p></aside>
</div>
<form><input name="q"><button>Szukaj</button></form>
<footer><p>Copyright © ROPS Kielce. Wszelkie prawa zastrzeżone.</p></footer>
<noscript>Włącz JavaScript</noscript>
<iframe src="https://maps.example/embed">Mapa dojazdu</iframe>
</body></html>`;

describe('htmlToDocument', () => {
  const doc = htmlToDocument(PAGE, '/tmp/relacja.html');
  const lines = doc.text.split('\n');

  it('takes the article h1 as the title and puts it first, then a blank line', () => {
    expect(doc.title).toBe('Relacja z warsztatów wyjazdowych');
    expect(lines[0]).toBe('Relacja z warsztatów wyjazdowych');
    expect(lines[1]).toBe('');
    expect(lines.filter((l) => l === doc.title)).toHaveLength(1);
  });

  it('finds the publication date in a "Data opublikowania:" line', () => {
    expect(doc.publishedAt).toBe('2017-05-25');
  });

  it('puts each block on its own line, a table row on one, and drops captions repeated three times', () => {
    expect(lines.slice(2)).toEqual([
      'Regionalny Ośrodek Polityki Społecznej w Kielcach zorganizował warsztaty wyjazdowe w dniach 22 – 24 maja 2017 r.',
      'Odwiedziliśmy BoxLife sp. z o.o. oraz Fundację Madox.',
      'Adres: ul. Piotrkowska 17',
      'Spółdzielnie socjalne',
      'Spółdzielnia Socjalna „Incepcja”',
      'Spółdzielnia Socjalna Odblask',
      'Tekst w divie bez akapitu.',
      'Zagnieżdżony div.',
      'Ekonomia społeczna to szansa.',
      'Brzeziny | Rogów',
    ]);
  });

  it.each([
    'Menu', 'cookies', 'Akceptuję', 'Strona główna', 'O nas', 'Aktualności', 'Udostępnij', 'Facebook', 'Tweetnij',
    'Instagram', 'Galeria', 'Komentarze', 'Świetna relacja', 'Zobacz także', 'Inny wpis', 'Następna strona',
    'Najnowsze wpisy', 'bocznego', 'Szukaj', 'Copyright', 'zastrzeżone', 'JavaScript', 'Mapa', 'Ukryty', 'Data opublikowania',
    'dataLayer', 'color: red',
  ])('drops the boilerplate "%s"', (word) => {
    expect(doc.text).not.toContain(word);
  });

  it('strips the site name from <title> when there is neither og:title nor h1', () => {
    const page = '<html><head><title>Wizyta studyjna w Łomży - Portal Ekonomii Społecznej</title></head><body><p>Treść wizyty studyjnej w Łomży.</p></body></html>';
    const result = htmlToDocument(page, 'a.html');
    expect(result.title).toBe('Wizyta studyjna w Łomży');
    expect(result.text).toBe('Wizyta studyjna w Łomży\n\nTreść wizyty studyjnej w Łomży.');
    expect(result.publishedAt).toBeNull();
  });

  it('prefers og:title and meta article:published_time', () => {
    const page = `<html><head><meta property="og:title" content="Fundacja Madox szyje ubrania">
      <meta property="article:published_time" content="2017-05-12T10:20:00+02:00"><title>Inny | Serwis</title></head>
      <body><h1>Nagłówek</h1><p>Fundacja Madox z Brzezin szyje ubrania.</p></body></html>`;
    const result = htmlToDocument(page, 'a.html');
    expect(result.title).toBe('Fundacja Madox szyje ubrania');
    expect(result.publishedAt).toBe('2017-05-12');
  });

  it('reads <time datetime> and itemprop datePublished', () => {
    expect(htmlToDocument('<body><article><time datetime="2012-03-30">30 marca</time><p>Treść.</p></article></body>', 'a.html').publishedAt).toBe('2012-03-30');
    expect(htmlToDocument('<body><span itemprop="datePublished">12 maja 2017</span><p>Treść.</p></body>', 'a.html').publishedAt).toBe('2017-05-12');
  });

  it('chooses the container with the most paragraph text when there is no <article>', () => {
    const page = `<body><div class="top"><p>Krótko.</p></div>
      <div class="col"><p>Pierwszy długi akapit o spółdzielni socjalnej w Łodzi.</p><p>Drugi długi akapit o fundacji w Brzezinach.</p></div>
      <div class="bottom"><p>Stopka bez klasy.</p></div></body>`;
    const result = htmlToDocument(page, 'a.html');
    expect(result.text).toBe('Pierwszy długi akapit o spółdzielni socjalnej w Łodzi.\nDrugi długi akapit o fundacji w Brzezinach.');
  });

  it('finds text held in a div with <br> and a list, beside unmarked paragraphs of links', () => {
    const page = `<body><div><p><a href="/1">Aktualności</a></p><p><a href="/2">Kontakt</a></p><p><a href="/3">Projekty i programy</a></p></div>
      <div>Spółdzielnia Socjalna Odblask prowadzi kino studyjne w Łodzi.<br>Kino Bodo działa od dwóch lat.
      <ul><li>Pierwszy punkt programu wizyty</li><li>Drugi punkt programu wizyty</li></ul></div></body>`;
    expect(htmlToDocument(page, 'a.html').text).toBe([
      'Spółdzielnia Socjalna Odblask prowadzi kino studyjne w Łodzi.', 'Kino Bodo działa od dwóch lat.',
      'Pierwszy punkt programu wizyty', 'Drugi punkt programu wizyty',
    ].join('\n'));
  });

  it('keeps a marked wrapper that holds most of the text', () => {
    const page = `<body><div class="page-with-sidebar"><p>Cała treść raportu jest tutaj, w jedynym akapicie strony.</p></div></body>`;
    expect(htmlToDocument(page, 'a.html').text).toContain('Cała treść raportu');
  });

  it('fails on a page without text', () => {
    expect(() => htmlToDocument('<html><body><nav>Menu</nav><script>x()</script></body></html>', 'empty.html'))
      .toThrow(/empty\.html: no readable text/);
  });
});

describe('publication dates', () => {
  it.each<[string, string | null]>([
    ['2017-05-12', '2017-05-12'],
    ['2017-05-12T08:00:00Z', '2017-05-12'],
    ['12.05.2017', '2017-05-12'],
    ['1.5.2017', '2017-05-01'],
    ['2017.05.12', '2017-05-12'],
    ['12 maja 2017', '2017-05-12'],
    ['3 Października 2016 r.', '2016-10-03'],
    ['31.02.2017', null],
    ['12.13.2017', null],
    ['maj 2017', null],
  ])('parseDate(%s) = %s', (value, expected) => {
    expect(parseDate(value)).toBe(expected);
  });

  it.each<[string, string | null]>([
    ['Tytuł\nData opublikowania: 12.05.2017\nTreść', '2017-05-12'],
    ['Opublikowano 3 czerwca 2016', '2016-06-03'],
    ['Opublikowano: dnia 03.06.2016 r.', '2016-06-03'],
    ['Data publikacji:\n2012-03-30', '2012-03-30'],
    ['Data opublikowania:\n\nUczestnicy warsztatów', null],
    ['Spotkanie 12.05.2017 w Łodzi', null],
  ])('findPublishedAtInText(%j) = %s', (text, expected) => {
    expect(findPublishedAtInText(text)).toBe(expected);
  });
});

// Sample pages of the CMSes reports are published with (test/load/pages/): each one's report
// sentences must survive, its boilerplate must not, and its title and date must be the report's.
const pagePath = (name: string) => fileURLToPath(new URL(`./pages/${name}`, import.meta.url));
const readPage = (name: string) => readFileSync(pagePath(name), 'utf8');

// Boilerplate that CMS pages print around a report; none of the sample reports says any of it.
const BOILERPLATE = [
  'Strona główna', 'Jesteś', '»', 'cookies', 'Ta strona używa', 'Akceptuję', 'Polityka prywatności', 'Udostępnij',
  'Facebook', 'Tweet', 'Drukuj', 'Wyślij e-mailem', 'E-mail', 'Zobacz także', 'Powiązane', 'Tagi', 'Kategoria',
  'Poprzedni', 'Następny', 'Powrót', 'Wróć', 'Odsłon', 'Liczba wyświetleń', 'Komentarze', 'Dodaj komentarz',
  'Relacja z warsztatów wyjazdowych', 'Copyright', '©', 'Przejdź do treści',
];

interface SamplePage {
  file: string;
  title: string;
  publishedAt: string | null;
  contentSelector?: string;
  /** Whole lines of the report, as the body must hold them. */
  lines: string[];
  /** This page's own boilerplate: other posts, authors, addresses, comments. */
  absent: string[];
}

const SAMPLE_PAGES: SamplePage[] = [
  {
    file: 'wordpress-cookies-share.html',
    title: 'Spółdzielnia Socjalna „Smaki Pomorza” otworzyła bar mleczny w Sławnie',
    publishedAt: '2023-05-12', // <time class="entry-date published">, not the "updated" one before it
    lines: [
      'Bar prowadzi prezes spółdzielni Katarzyna Wilczewska. Na zakup wyposażenia kuchni spółdzielnia otrzymała z Ośrodka Wsparcia Ekonomii Społecznej w Koszalinie dotację w wysokości 150 000 zł, a doradca kluczowy OWES Tomasz Brzeziński pomagał przy przygotowaniu biznesplanu.',
      'Partnerami przedsięwzięcia są:',
      'Fundacja Wspierania Przedsiębiorczości „Horyzont” z Koszalina,',
      'Lokalna Grupa Działania „Sławieńska Wspólnota”.',
    ],
    absent: ['OWES Koszalin', 'Redakcja OWES', 'Najnowsze wpisy', 'Białogardzie', 'ul. Zwycięstwa', 'Europejskiego Funduszu', '2 czerwca 2023'],
  },
  {
    file: 'joomla-breadcrumbs-hits.html',
    title: 'Targi Ekonomii Społecznej w Krośnie',
    publishedAt: '2023-04-12', // "Opublikowano: środa, 12 kwietnia 2023 10:15"
    lines: [
      'W dniach 5–6 kwietnia 2023 r. na Rynku w Krośnie odbyły się III Targi Ekonomii Społecznej Subregionu Krośnieńskiego. Wystawiło się 24 wystawców, w tym spółdzielnie socjalne, warsztaty terapii zajęciowej i koła gospodyń wiejskich z powiatów krośnieńskiego, jasielskiego i sanockiego.',
      'Kolejna edycja targów zaplanowana jest na wiosnę 2024 r. w Sanoku.',
    ],
    absent: ['Szczegóły', 'Napisane przez', 'Administrator', 'Najczęściej czytane', 'Nabór do projektu', 'ul. Tkacka', 'Projekty', '245'],
  },
  {
    file: 'drupal-jsonld-comments.html',
    title: 'Wizyta studyjna podlaskich spółdzielni socjalnych na Litwie',
    publishedAt: '2023-03-06', // JSON-LD NewsArticle, not its comment's nor the comment section's <time>
    lines: [
      'Od 27 lutego do 1 marca 2023 r. przedstawiciele dziewięciu spółdzielni socjalnych z województwa podlaskiego uczestniczyli w wizycie studyjnej w Wilnie i Kownie. Wyjazd zorganizował Regionalny Ośrodek Polityki Społecznej w Białymstoku razem z Ośrodkiem Wsparcia Ekonomii Społecznej w Suwałkach.',
      'W wyjeździe wzięli udział m.in. członkowie Spółdzielni Socjalnej „Pod Dębami” z Augustowa, Spółdzielni Socjalnej „Sejneńska Kuchnia” z Sejn i Spółdzielni Socjalnej „Kreatywni” z Łomży.',
    ],
    absent: ['Przez redakcja', '06.03.2023', 'wizyty studyjne', 'Marek', 'Gołdapi', 'Podlaskie Targi', 'Dotacje OWES', 'ul. Pałacowa', 'Start'],
  },
  {
    file: 'bip-metryczka.html',
    title: 'Informacja o wynikach otwartego konkursu ofert na 2023 rok',
    publishedAt: '2023-02-08', // "Data opublikowania", not "Data wytworzenia" nor "Data modyfikacji" above it
    lines: [
      // <br><br> ends a paragraph ...
      'Wójt Gminy Czarna informuje, że w wyniku otwartego konkursu ofert na realizację zadań publicznych z zakresu pomocy społecznej w 2023 roku, ogłoszonego zarządzeniem z dnia 2 stycznia 2023 r., przyznano dotacje następującym organizacjom pozarządowym.',
      'Oferty oceniła komisja konkursowa pod przewodnictwem kierownika Gminnego Ośrodka Pomocy Społecznej w Czarnej Barbary Kozioł. Komisja obradowała 6 lutego 2023 r.',
      // ... a data table gives a line per row ...
      'Lp. | Nazwa organizacji | Siedziba | Kwota dotacji',
      '2. | Fundacja „Dobry Start” | Dębica | 30 000 zł',
      // ... and a <br> inside a sentence only wraps it.
      'Umowy z wyłonionymi organizacjami zostaną podpisane w siedzibie Urzędu Gminy Czarna w terminie do 28 lutego 2023 r. Zadania będą realizowane od 1 marca do 15 grudnia 2023 r.',
    ],
    absent: ['Podmiot udostępniający', 'Wytworzył', 'Data wytworzenia', 'Data modyfikacji', 'Data opublikowania', 'Ewa Sowa', 'Jan Nowicki', 'Rejestr zmian', 'Rada Gminy', 'Wersja kontrastowa', 'Biuletyn Informacji Publicznej', '321'],
  },
  {
    file: 'gallery-comments.html',
    title: 'Warsztaty wyjazdowe dla spółdzielni socjalnych w Bieszczadach',
    publishedAt: '2022-10-14', // "Dodano:" under the title; the comments' <time> and "Dodano:" never count
    lines: [
      'Pierwszego dnia uczestnicy odwiedzili Spółdzielnię Socjalną „Bieszczadzka Chata” w Lutowiskach, która prowadzi agroturystykę i wypożyczalnię rowerów. O tym, jak pozyskać klientów spoza regionu, opowiadała prezes spółdzielni Małgorzata Hnatyszyn.',
      'Warsztaty sfinansowano ze środków Regionalnego Ośrodka Polityki Społecznej w Rzeszowie w ramach projektu „Podkarpacka Ekonomia Społeczna”.',
    ],
    absent: ['Dodano', 'Joanna Mazur', 'Ania z Krosna', 'Smaczny Kąsek', 'Przemyślu', 'zapisać się', 'Targi Ekonomii Społecznej w Rzeszowie', 'Jagiellońska', 'Kontakt'],
  },
  {
    file: 'custom-cms-selector.html',
    contentSelector: '.tekst-aktualnosci',
    title: 'Porozumienie na rzecz ekonomii społecznej w województwie opolskim',
    publishedAt: '2023-05-12', // "12.05.2023 r." on its own right under the headline
    lines: [
      '11 maja 2023 r. w Urzędzie Marszałkowskim Województwa Opolskiego w Opolu podpisano porozumienie o współpracy na rzecz rozwoju ekonomii społecznej. Dokument podpisali członek zarządu województwa Zuzanna Donath-Kasiura, dyrektor Regionalnego Ośrodka Polityki Społecznej w Opolu Ewa Gajewska oraz przedstawiciele trzech ośrodków wsparcia ekonomii społecznej.',
      'Wśród sygnatariuszy znalazły się Fundacja Rozwoju Śląska z Opola, Stowarzyszenie „Dom Współpracy Polsko-Niemieckiej” z Gliwic oraz Caritas Diecezji Opolskiej.',
    ],
    absent: ['12.05.2023', 'Portal Ekonomii Społecznej Opolszczyzny', 'Ekonomia społeczna na Opolszczyźnie', 'Zapraszamy', 'English', 'BIP'],
  },
];

describe.each(SAMPLE_PAGES)('sample page $file', (page) => {
  const doc = htmlToDocument(readPage(page.file), page.file, { contentSelector: page.contentSelector });
  const lines = doc.text.split('\n');

  it('has the report\'s title and publication date', () => {
    expect(doc.title).toBe(page.title);
    expect(lines.slice(0, 2)).toEqual([page.title, '']);
    expect(doc.publishedAt).toBe(page.publishedAt);
    expect(doc.warnings).toEqual([]);
  });

  it('keeps the report\'s paragraphs, list items and table rows as whole lines', () => {
    for (const line of page.lines) expect(lines).toContain(line);
  });

  it('holds no boilerplate', () => {
    for (const text of [...BOILERPLATE, ...page.absent]) expect(doc.text, text).not.toContain(text);
  });

  // Read with the whole <body> as the content, the page's boilerplate must still go: the
  // zones and line rules do not depend on choosing the right container.
  it.runIf(page.contentSelector === undefined)('holds no boilerplate even when the whole body is taken', () => {
    const whole = htmlToDocument(readPage(page.file), page.file, { contentSelector: 'body' });
    for (const line of page.lines) expect(whole.text.split('\n')).toContain(line);
    for (const text of [...BOILERPLATE, ...page.absent]) expect(whole.text, text).not.toContain(text);
    expect(whole.publishedAt).toBe(page.publishedAt);
  });
});

describe('contentSelector', () => {
  const html = readPage('custom-cms-selector.html');
  const automatic = htmlToDocument(html, 'a.html');

  it('takes only the selected element\'s text', () => {
    const doc = htmlToDocument(html, 'a.html', { contentSelector: '.tekst-aktualnosci' });
    expect(doc.text.split('\n')).toEqual([
      'Porozumienie na rzecz ekonomii społecznej w województwie opolskim',
      '',
      expect.stringMatching(/^11 maja 2023 r\. w Urzędzie Marszałkowskim .* ekonomii społecznej\.$/),
      expect.stringMatching(/^Porozumienie zakłada .* głubczyckiego\.$/),
      expect.stringMatching(/^Wśród sygnatariuszy .* Opolskiej\.$/),
    ]);
  });

  it.each<[string, RegExp]>([
    ['.nie-ma-takiego', /^contentSelector "\.nie-ma-takiego" matched nothing on the page; the content was chosen automatically$/],
    ['head link', /^contentSelector "head link" matched only elements without text; /],
    ['div[', /^contentSelector "div\[" is not a valid CSS selector; /],
  ])('falls back to the automatic choice when "%s" does not match, and says so', (selector, warning) => {
    const doc = htmlToDocument(html, 'a.html', { contentSelector: selector });
    expect(doc.warnings).toHaveLength(1);
    expect(doc.warnings[0]).toMatch(warning);
    expect({ ...doc, warnings: [] }).toEqual(automatic);
  });

  it('is threaded through loadFile, and warnings reach the loaded document', async () => {
    const selected = await loadFile(pagePath('custom-cms-selector.html'), { contentSelector: '.tekst-aktualnosci' });
    expect(selected.text).toContain('Wśród sygnatariuszy');
    expect(selected.text).not.toContain('Zapraszamy');
    expect(selected.warnings).toBeUndefined();
    const missed = await loadFile(pagePath('custom-cms-selector.html'), { contentSelector: '#tresc' });
    expect(missed.warnings).toEqual(['contentSelector "#tresc" matched nothing on the page; the content was chosen automatically']);
    expect(missed.text).toBe(automatic.text);
  });
});

describe('content choice', () => {
  const para = (n: number) => `<p>Akapit ${n} relacji: Spółdzielnia Socjalna „Odblask” z Łodzi gościła przedstawicieli Fundacji Madox z Brzezin i Urzędu Gminy Rogów.</p>`;

  it.each<[string, string]>([
    ['[itemprop=articleBody]', `<div class="col"><div itemprop="articleBody">${para(1)}${para(2)}</div><div class="x">Pasek informacyjny z krótkim tekstem</div></div>`],
    ['.entry-content', `<div class="entry-content">${para(1)}${para(2)}</div><div class="boks">${para(3)}</div>`],
    ['#content .item-page (Joomla)', `<div id="content"><div class="item-page">${para(1)}${para(2)}</div></div><div class="boks">${para(3)}</div>`],
    ['.field--name-body (Drupal)', `<div class="node"><div class="field--name-body">${para(1)}${para(2)}</div></div><div class="boks">${para(3)}</div>`],
    ['main', `<div class="boks">${para(3)}</div><main>${para(1)}${para(2)}</main>`],
  ])('takes %s', (_, body) => {
    const text = htmlToDocument(`<html><body>${body}</body></html>`, 'a.html').text;
    expect(text).toContain('Akapit 1 relacji');
    expect(text).toContain('Akapit 2 relacji');
    expect(text).not.toContain('Akapit 3 relacji');
  });

  it('passes over an <article> teaser that holds little of the page\'s text', () => {
    const page = `<body><div class="news"><article><p>Krótka zajawka innego wpisu.</p></article></div>
      <div class="tresc">${para(1)}${para(2)}${para(3)}</div></body>`;
    const text = htmlToDocument(page, 'a.html').text;
    expect(text).toContain('Akapit 3 relacji');
    expect(text).not.toContain('zajawka');
  });

  it('keeps a page wrapped in one <form> (ASP.NET WebForms)', () => {
    const page = `<body><form id="form1" method="post"><div class="naglowki"><input type="hidden" name="__VIEWSTATE" value="x"></div>${para(1)}${para(2)}</form></body>`;
    expect(htmlToDocument(page, 'a.html').text).toContain('Akapit 2 relacji');
  });
});

describe('boilerplate lines and sections', () => {
  // Pages without a title: the text is the body's lines.
  const body = (inner: string) => htmlToDocument(`<html><body><div>${inner}</div></body></html>`, 'a.html', { contentSelector: 'div' }).text.split('\n');

  it.each([
    'Odsłon: 123', 'Odsłony 4567', 'Liczba wyświetleń: 45', '245 wyświetleń', 'Opublikowano: 12.05.2023 | Autor: Jan Kowalski | Wyświetleń: 412',
    'Data modyfikacji: 20.06.2023 09:05', 'Napisane przez Super User', 'Tagi: KGW, warsztaty', 'Strona główna » Aktualności » Relacja',
    'Start / Ekonomia społeczna / Aktualności', 'Jesteś tutaj: Projekty', 'Udostępnij na Facebooku', 'Wyślij e-mailem', 'Tweet',
    '« Wróć', 'Powrót do listy', 'Drukuj | PDF', 'Akceptuję', 'Zaakceptuj wszystkie',
    'Serwis wykorzystuje pliki cookies. Korzystając ze strony wyrażasz zgodę na ich używanie.', '»',
  ])('drops the line "%s"', (line) => {
    expect(body(`<p>${line}</p><p>Spółdzielnia Socjalna „Odblask” prowadzi kino w Łodzi.</p>`))
      .toEqual(['Spółdzielnia Socjalna „Odblask” prowadzi kino w Łodzi.']);
  });

  it.each([
    'Start projektu zaplanowano na 12/05/2023 w Łodzi.',
    'Opublikowano 3 raporty o spółdzielniach socjalnych z powiatu łódzkiego.',
    'Autorzy raportu: Jan Kowalski i Anna Nowak z Fundacji Madox.',
    'Facebook Spółdzielni Socjalnej Odblask ma dwa tysiące obserwujących.',
    'Galeria Sztuki Współczesnej w Łodzi gościła uczestników wizyty.',
    'Powrót do pracy po latach był możliwy dzięki Centrum Integracji Społecznej w Brzezinach.',
  ])('keeps the report line "%s"', (line) => {
    expect(body(`<p>${line}</p>`)).toContain(line);
  });

  it('drops a "Czytaj również" section up to the next real heading, and nothing after it', () => {
    const lines = body(`<p>Pierwszy akapit relacji z Łodzi.</p><h3>Czytaj również:</h3><ul><li><a href="/a">Inny wpis o Łodzi</a></li></ul>
      <h3>Program wizyty</h3><p>Drugi akapit relacji z Brzezin.</p>`);
    expect(lines).toEqual(['Pierwszy akapit relacji z Łodzi.', 'Program wizyty', 'Drugi akapit relacji z Brzezin.']);
  });

  it('keeps a section word inside running text', () => {
    expect(body('<p>Uczestnicy odwiedzili <strong>Galeria</strong> Sztuki w Łodzi.</p>')).toContain('Uczestnicy odwiedzili Galeria Sztuki w Łodzi.');
  });

  it('drops a short line met three times, keeps one met twice once', () => {
    const lines = body('<p>Foto: ROPS</p><p>Tekst pierwszy.</p><p>Foto: ROPS</p><p>Tekst drugi.</p><p>Foto: ROPS</p><p>Czytaj dalej</p><p>Czytaj dalej</p>');
    expect(lines).toEqual(['Tekst pierwszy.', 'Tekst drugi.', 'Czytaj dalej']);
  });

  it('breaks paragraphs at <br><br> and at a <br> after a full sentence; joins a <br> inside one', () => {
    expect(body('Spotkanie odbyło się w siedzibie<br>Urzędu Gminy Rogów.<br>Wzięło w nim udział<br>dwadzieścia osób.<br><br>drugi akapit'))
      .toEqual(['Spotkanie odbyło się w siedzibie', 'Urzędu Gminy Rogów.', 'Wzięło w nim udział dwadzieścia osób.', 'drugi akapit']);
  });

  it('reads a layout table\'s cells as blocks and a data table\'s rows as lines', () => {
    const long = 'Długi akapit relacji o spółdzielni socjalnej z Łodzi. '.repeat(8).trim();
    expect(body(`<table><tr><td><p>${long}</p></td><td>Kolumna boczna</td></tr></table>`)).toEqual([long, 'Kolumna boczna']);
    expect(body('<table><caption>Laureaci</caption><tr><th>Miejsce</th><th>Podmiot</th></tr><tr><td>I</td><td><p>Spółdzielnia</p><p>Socjalna „Odblask”</p></td></tr></table>'))
      .toEqual(['Laureaci', 'Miejsce | Podmiot', 'I | Spółdzielnia Socjalna „Odblask”']);
  });
});

describe('title', () => {
  const title = (head: string, body = '<p>Treść relacji z Łodzi.</p>') => htmlToDocument(`<html><head>${head}</head><body>${body}</body></html>`, 'a.html').title;

  it.each<[string, string, string | undefined, string]>([
    ['og:title with the site name after " – "', '<meta property="og:title" content="Targi w Łodzi – ROPS Łódź"><meta property="og:site_name" content="ROPS Łódź">', undefined, 'Targi w Łodzi'],
    ['og:title with the site name that <title> shows', '<meta property="og:title" content="Targi ekonomii społecznej w Łodzi | ROPS Łódź"><title>Targi ekonomii społecznej w Łodzi | ROPS Łódź</title>', undefined, 'Targi ekonomii społecznej w Łodzi'],
    ['og:title that is only the site name', '<meta property="og:title" content="ROPS Łódź"><meta property="og:site_name" content="ROPS Łódź">', '<article><h1>Targi w Łodzi</h1><p>Treść.</p></article>', 'Targi w Łodzi'],
    ['<title> with the site name first', '<title>ROPS Kielce | Relacja z warsztatów wyjazdowych</title>', undefined, 'Relacja z warsztatów wyjazdowych'],
    ['<title> with og:site_name first', '<title>OWES Łódź - Targi</title><meta property="og:site_name" content="OWES Łódź">', undefined, 'Targi'],
    ['<title> with a dash inside the title', '<title>Wizyta – Łomża i Kownaty 2012 | Portal ES</title>', undefined, 'Wizyta – Łomża i Kownaty 2012'],
    ['itemprop=headline in the content (Joomla 3)', '<title>Portal</title>', '<div class="item-page"><h2 itemprop="headline">Targi w Krośnie</h2><p>Treść relacji z Krosna.</p></div>', 'Targi w Krośnie'],
    ['an h1 in a comment is not the headline', '<title>Targi w Łodzi - Portal</title>', '<article><p>Treść relacji z Łodzi.</p><div class="comments"><h1>Mój komentarz</h1></div></article>', 'Targi w Łodzi'],
  ])('%s', (_, head, body, expected) => {
    expect(title(head, body)).toBe(expected);
  });
});

describe('publication date', () => {
  const dateOf = (head: string, body: string) => htmlToDocument(`<html><head>${head}</head><body>${body}</body></html>`, 'a.html').publishedAt;
  const text = '<p>Spółdzielnia Socjalna „Odblask” z Łodzi gościła uczestników wizyty studyjnej.</p>';

  it.each<[string, string, string, string | null]>([
    ['meta name="date"', '<meta name="date" content="2019-04-02">', `<article>${text}</article>`, '2019-04-02'],
    ['meta name="DC.date" (any case)', '<meta name="DC.Date" content="2019-04-03">', `<article>${text}</article>`, '2019-04-03'],
    ['meta name="dcterms.issued"', '<meta name="dcterms.issued" content="2019-04-04T10:00:00Z">', `<article>${text}</article>`, '2019-04-04'],
    ['the published <time>, not the updated one before it', '', `<article><time class="updated" datetime="2021-01-10">10.01.2021</time><time class="entry-date published" datetime="2020-12-01">1.12.2020</time>${text}</article>`, '2020-12-01'],
    ['a <time> after "Zaktualizowano:" is not the publication date', '', `<article><p>Zaktualizowano: <time datetime="2021-01-10">10.01.2021</time></p>${text}<p class="kto">Opublikowano: 1.12.2020</p></article>`, '2020-12-01'],
    ['a <time> in the meta line just above the article', '', `<main><div class="info">Opublikowano <time datetime="2016-06-10">10.06.2016</time></div><article>${text}</article></main>`, '2016-06-10'],
    ['a comment\'s <time> only: none', '', `<article>${text}<section id="comments"><time datetime="2022-10-15">15.10.2022</time><p>Świetna relacja!</p></section></article>`, null],
    ['a sidebar\'s <time> only: none', '', `<article>${text}</article><aside><time datetime="2022-10-15">15.10.2022</time> Inny wpis</aside>`, null],
    ['itemprop=datePublished of a Comment: none', '', `<article>${text}<div itemscope itemtype="https://schema.org/Comment"><span itemprop="datePublished">2022-10-15</span></div></article>`, null],
    ['JSON-LD datePublished of the article, not of its comment', '<script type="application/ld+json">{"@type":"BlogPosting","comment":{"@type":"Comment","datePublished":"2020-01-02"},"datePublished":"2020-01-05"}</script>', `<article>${text}</article>`, '2020-01-05'],
    ['broken JSON-LD is passed over', '<script type="application/ld+json">{"datePublished": </script>', `<article>${text}<p>Data publikacji: 2020-01-06</p></article>`, '2020-01-06'],
    ['"Data opublikowania" after "Data modyfikacji" and "Data wytworzenia"', '', `<article>${text}</article><table><tr><td>Data wytworzenia:</td><td>2023-02-07</td></tr><tr><td>Data modyfikacji:</td><td>20.06.2023</td></tr><tr><td>Data opublikowania:</td><td>08.02.2023</td></tr></table>`, '2023-02-08'],
    ['"Data wytworzenia" when no publication date is given', '', `<article>${text}</article><p>Data modyfikacji: 20.06.2023</p><p>Data wytworzenia: 07.02.2023</p>`, '2023-02-07'],
    ['"Data modyfikacji" only when nothing else is given', '', `<article>${text}</article><p>Data modyfikacji: 20.06.2023</p>`, '2023-06-20'],
    ['"Opublikowano: środa, 12 kwietnia 2023 10:15"', '', `<article><dl class="article-info"><dd>Opublikowano: środa, 12 kwietnia 2023 10:15</dd></dl>${text}</article>`, '2023-04-12'],
    ['"12.05.2023 r." right under the headline', '', `<div class="tekst"><h1>Targi w Łodzi</h1><p>12.05.2023 r.</p>${text}</div>`, '2023-05-12'],
    ['"Łódź, 3 marca 2021 r." right above the headline', '', `<div class="tekst"><p>Łódź, 3 marca 2021 r.</p><h1>Targi w Łodzi</h1>${text}</div>`, '2021-03-03'],
    ['a date inside a sentence is not a label', '', `<article>${text}<p>Wyniki opublikowano 12 maja 2023 r. na stronie ROPS.</p></article>`, null],
  ])('%s', (_, head, body, expected) => {
    expect(dateOf(head, body)).toBe(expected);
  });

  it('leaves the date line under the headline out of the body', () => {
    const doc = htmlToDocument(`<body><div class="tekst"><h1>Targi w Łodzi</h1><p>12.05.2023 r.</p>${text}</div></body>`, 'a.html');
    expect(doc.text).toBe('Targi w Łodzi\n\nSpółdzielnia Socjalna „Odblask” z Łodzi gościła uczestników wizyty studyjnej.');
  });
});
