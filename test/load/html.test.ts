import { describe, expect, it } from 'vitest';
import { findPublishedAtInText, htmlToDocument, parseDate } from '../../src/load/html.js';

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

  it('puts each block on its own line, inline whitespace collapsed, <br> breaking a line', () => {
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
      'Brzeziny',
      'Rogów',
      'Uczestnicy warsztatów',
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
