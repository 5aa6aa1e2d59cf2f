import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  discoverFeed, discoverListing, discoverSitemap, discoverSource, DiscoveryError, DiscoverySourceSchema,
  InvalidOptionError, ListingOptionsSchema, parseFeedDate, SitemapOptionsSchema,
  type DiscoveredUrl, type GetPage,
} from '../../src/fetch/discover.js';
import { compileUrlFilter, resolveLink } from '../../src/fetch/url-filter.js';
import { startSiteServer, type SiteServer } from './site-server.js';

const ARTICLES = [
  'targi-ekonomii-spolecznej-elblag', 'laureaci-konkursu-lider-ekonomii-spolecznej', 'wizyta-studyjna-pomorze',
  'spoldzielnia-socjalna-biskupiec', 'absolwenci-cis-gizycko', 'porozumienie-z-uwm', 'konferencja-augustow',
].map((slug) => `/aktualnosci/${slug}.html`);

/** A plain getter over fetch: redirects followed, the final URL kept, non-2xx thrown. */
const get: GetPage = async (url) => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
  return { url, finalUrl: res.url, contentType: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
};

async function collect(found: AsyncIterable<DiscoveredUrl>): Promise<DiscoveredUrl[]> {
  const out: DiscoveredUrl[] = [];
  for await (const item of found) out.push(item);
  return out;
}

const at = (iso: string) => () => new Date(iso);

let site: SiteServer;
let origin: string;
const paths = (items: DiscoveredUrl[]) => items.map((item) => item.url.replace(origin, ''));

beforeAll(async () => {
  site = await startSiteServer();
  origin = site.url;
});
afterAll(async () => { await site.close(); });
beforeEach(() => site.reset());
afterEach(() => site.revert());

describe('discoverSitemap', () => {
  it('follows the index into both sitemaps, the gzip\'ed one too, with their lastmod dates', async () => {
    const found = await collect(discoverSitemap(`${origin}/sitemap.xml`, get));
    expect(paths(found)).toEqual([...ARTICLES, '/', '/o-nas.html', '/kontakt.html', '/aktualnosci/', '/archiwum/']);
    const byPath = new Map(found.map((item) => [item.url.replace(origin, ''), item.modified]));
    expect(byPath.get(ARTICLES[0])).toBe('2023-06-06T09:00:00.000Z'); // "2023-06-06T11:00:00+02:00"
    expect(byPath.get('/aktualnosci/wizyta-studyjna-pomorze.html')).toBe('2023-04-25'); // a day only
    expect(byPath.get('/o-nas.html')).toBe('2021-03-02');
    // <image:loc> inside a <url> is not a page.
    expect(found.some((item) => item.url.endsWith('.jpg'))).toBe(false);
    expect(site.hits('/sitemap.xml')).toBe(1);
    expect(site.hits('/sitemap-strony.xml.gz')).toBe(1);
  });

  it('skips old URLs and does not read a sitemap the index dates before maxAgeDays', async () => {
    const found = await collect(discoverSitemap(`${origin}/sitemap.xml`, get, { maxAgeDays: 60, now: at('2023-06-10T12:00:00Z') }));
    // Since 2023-04-11: the fair (06-06), the competition (05-12), the study visit (lastmod 04-25).
    expect(paths(found)).toEqual(ARTICLES.slice(0, 3));
    expect(site.hits('/sitemap-strony.xml.gz')).toBe(0);
  });

  it('keeps URLs without a date under maxAgeDays', async () => {
    site.edit('/sitemap-aktualnosci.xml', (xml) => xml.replace('<lastmod>2022-10-10T14:03:00+02:00</lastmod>', ''));
    const found = await collect(discoverSitemap(`${origin}/sitemap-aktualnosci.xml`, get, { maxAgeDays: 60, now: at('2023-06-10T12:00:00Z') }));
    expect(paths(found)).toEqual([...ARTICLES.slice(0, 3), '/aktualnosci/konferencja-augustow.html']);
    expect(found[3].modified).toBeNull();
  });

  it('drops a day-only date for age only when the whole day is before the cutoff', async () => {
    site.edit('/sitemap-aktualnosci.xml', (xml) => xml.replace('<lastmod>2023-03-13T12:40:00+01:00</lastmod>', '<lastmod>2023-04-11</lastmod>'));
    const found = await collect(discoverSitemap(`${origin}/sitemap-aktualnosci.xml`, get, { maxAgeDays: 60, now: at('2023-06-10T12:00:00Z') }));
    // The cutoff is 2023-04-11T12:00Z: the day 2023-04-11 may still be after it.
    expect(paths(found)).toEqual(ARTICLES.slice(0, 4));
    const later = await collect(discoverSitemap(`${origin}/sitemap-aktualnosci.xml`, get, { maxAgeDays: 60, now: at('2023-06-11T00:00:00Z') }));
    expect(paths(later)).toEqual(ARTICLES.slice(0, 3));
  });

  it('applies include and exclude to page URLs, not to the sitemaps', async () => {
    const found = await collect(discoverSitemap(`${origin}/sitemap.xml`, get, { include: ['/aktualnosci/.+\\.html$'], exclude: ['konferencja', 'porozumienie'] }));
    expect(paths(found)).toEqual(ARTICLES.slice(0, 5));
  });

  it('stops at maxUrls without reading further sitemaps', async () => {
    const found = await collect(discoverSitemap(`${origin}/sitemap.xml`, get, { maxUrls: 2 }));
    expect(paths(found)).toEqual(ARTICLES.slice(0, 2));
    expect(site.hits('/sitemap-strony.xml.gz')).toBe(0);
  });

  it('reads at most maxSitemaps files and tells onSkip about the rest', async () => {
    const skipped: Array<[string, string]> = [];
    const found = await collect(discoverSitemap(`${origin}/sitemap.xml`, get, { maxSitemaps: 2, onSkip: (url, reason) => skipped.push([url, reason]) }));
    expect(paths(found)).toEqual(ARTICLES);
    expect(skipped).toEqual([[`${origin}/sitemap-strony.xml.gz`, expect.stringContaining('limit of 2 sitemaps')]]);
    expect(site.hits('/sitemap-strony.xml.gz')).toBe(0);
  });

  it('reads a sitemap once even when an index lists it again, or lists itself', async () => {
    site.edit('/sitemap.xml', (xml) => xml.replace('</sitemapindex>',
      `<sitemap><loc>${origin}/sitemap.xml</loc></sitemap><sitemap><loc>${origin}/sitemap-aktualnosci.xml#again</loc></sitemap></sitemapindex>`));
    const found = await collect(discoverSitemap(`${origin}/sitemap.xml`, get));
    expect(found).toHaveLength(12);
    expect(site.hits('/sitemap.xml')).toBe(1);
    expect(site.hits('/sitemap-aktualnosci.xml')).toBe(1);
  });

  it('goes on past a child sitemap that fails when onSkip is given, and throws without it', async () => {
    site.edit('/sitemap.xml', (xml) => xml.replace('<sitemap>', `<sitemap><loc>${origin}/sitemap-brak.xml</loc></sitemap><sitemap>`));
    const skipped: string[] = [];
    const found = await collect(discoverSitemap(`${origin}/sitemap.xml`, get, { onSkip: (url, reason) => skipped.push(`${url}: ${reason}`) }));
    expect(found).toHaveLength(12);
    expect(skipped).toEqual([`${origin}/sitemap-brak.xml: HTTP 404 for ${origin}/sitemap-brak.xml`]);
    await expect(collect(discoverSitemap(`${origin}/sitemap.xml`, get))).rejects.toThrow('HTTP 404');
  });

  it('refuses a page that is not a sitemap, naming its root element', async () => {
    const error = await collect(discoverSitemap(`${origin}/aktualnosci/`, get)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscoveryError);
    expect((error as DiscoveryError).reason).toMatch(/^not a sitemap: the root element is <html>/);
    expect((error as DiscoveryError).url).toBe(`${origin}/aktualnosci/`);
  });

  it('reads a plain-text sitemap, one URL per line', async () => {
    site.edit('/robots.txt', () => `${origin}/aktualnosci/konferencja-augustow.html\n\n${origin}/kontakt.html#mapa\nnot a url\n`);
    const found = await collect(discoverSitemap(`${origin}/robots.txt`, get));
    expect(found).toEqual([
      { url: `${origin}/aktualnosci/konferencja-augustow.html`, modified: null },
      { url: `${origin}/kontakt.html`, modified: null },
    ]);
  });

  it('throws InvalidOptionError for a bad pattern before any request', () => {
    const call = () => discoverSitemap(`${origin}/sitemap.xml`, get, { exclude: ['ok', '(unclosed'] });
    expect(call).toThrow(InvalidOptionError);
    expect(call).toThrow(/^exclude "\(unclosed" is not a valid regular expression/);
    expect(site.hits()).toBe(0);
  });
});

describe('discoverFeed', () => {
  it('reads RSS 2.0 items: link, or a permalink guid, with pubDate', async () => {
    const found = await collect(discoverFeed(`${origin}/feed.xml`, get));
    expect(paths(found)).toEqual(ARTICLES.slice(0, 5));
    expect(found[0]).toEqual({
      url: `${origin}${ARTICLES[0]}`, modified: '2023-06-05T07:30:00.000Z',
      title: 'Targi Ekonomii Społecznej na elbląskim Starym Mieście',
    });
    expect(found[1].modified).toBe('2023-05-12T12:20:00.000Z'); // "Fri, 12 May 2023 12:20:00 GMT"
    // This item has no <link>; its <guid> is the permalink.
    expect(found[3].url).toBe(`${origin}/aktualnosci/spoldzielnia-socjalna-biskupiec.html`);
  });

  it('reads an ISO-8859-2 Atom feed: titles decoded, links resolved, fragments dropped, updated before published', async () => {
    const found = await collect(discoverFeed(`${origin}/atom.xml`, get));
    expect(paths(found)).toEqual(ARTICLES);
    expect(found[1].title).toBe('Znamy laureatów konkursu „Warmińsko-Mazurski Lider Ekonomii Społecznej”');
    expect(found[0].modified).toBe('2023-06-06T09:00:00.000Z'); // <updated>, not <published>
    expect(found[4].modified).toBe('2023-03-01T10:05:00.000Z'); // only <published>
  });

  it('filters by age, keeping undated items', async () => {
    site.edit('/feed.xml', (xml) => xml.replace(/<pubDate>Mon, 13 Mar 2023[^<]*<\/pubDate>/, ''));
    const found = await collect(discoverFeed(`${origin}/feed.xml`, get, { maxAgeDays: 40, now: at('2023-06-10T00:00:00Z') }));
    expect(paths(found)).toEqual([ARTICLES[0], ARTICLES[1], ARTICLES[3]]);
    expect(found[2].modified).toBeNull();
  });

  it('de-duplicates links and honours include and maxUrls', async () => {
    site.edit('/atom.xml', (xml) => xml.replace('</feed>', `<entry><title>Powtórka</title><link href="${origin}${ARTICLES[0]}#komentarze"/><updated>2023-06-07T00:00:00Z</updated></entry></feed>`));
    expect(await collect(discoverFeed(`${origin}/atom.xml`, get))).toHaveLength(7);
    const found = await collect(discoverFeed(`${origin}/atom.xml`, get, { include: ['spoldzielni|cis'], maxUrls: 1 }));
    expect(paths(found)).toEqual(['/aktualnosci/spoldzielnia-socjalna-biskupiec.html']);
  });

  it('reads RSS 1.0 (RDF) items with dc:date, and Atom links under xml:base', async () => {
    site.edit('/feed.xml', () => `<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="${origin}/"><title>ROPS</title><link>${origin}/</link></channel>
  <item rdf:about="${origin}${ARTICLES[5]}"><title>Porozumienie</title><link>${origin}${ARTICLES[5]}</link><dc:date>2022-11-21T09:05:00+01:00</dc:date></item>
</rdf:RDF>`);
    expect(await collect(discoverFeed(`${origin}/feed.xml`, get))).toEqual([
      { url: `${origin}${ARTICLES[5]}`, modified: '2022-11-21T08:05:00.000Z', title: 'Porozumienie' },
    ]);
    site.edit('/atom.xml', () => `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="${origin}/aktualnosci/">
  <entry xml:base="archiwum/"><title>A</title><link href="../konferencja-augustow.html"/></entry>
  <entry><title>B</title><link rel="enclosure" href="zdjecie.jpg"/><link href="porozumienie-z-uwm.html"/></entry>
</feed>`);
    expect(paths(await collect(discoverFeed(`${origin}/atom.xml`, get)))).toEqual([ARTICLES[6], ARTICLES[5]]);
  });

  it('refuses a document that is not a feed', async () => {
    await expect(collect(discoverFeed(`${origin}/sitemap.xml`, get))).rejects.toThrow(/not an RSS or Atom feed: the root element is <sitemapindex>/);
  });
});

describe('discoverListing', () => {
  const options = { linkSelector: '.news-title a', nextSelector: 'a[rel=next]', maxPages: 10 };
  const LISTED = [
    ARTICLES[0], ARTICLES[1], ARTICLES[2], ARTICLES[3],
    ARTICLES[4], '/prywatne/protokol-komisji-konkursowej.html', '/index.php?option=com_content&view=article&id=57&Itemid=102',
    ARTICLES[6], '/aktualnosci/zaproszenie-szkolenie-zamowienia.html', '/aktualnosci/lista-rankingowa-aktywni-razem.html',
  ];

  it('walks the three pages by "Następna »", resolving absolute, root-relative and relative links', async () => {
    const found = await collect(discoverListing(`${origin}/aktualnosci/`, get, options));
    expect(paths(found)).toEqual(LISTED);
    expect(found[0].title).toBe('Targi Ekonomii Społecznej na elbląskim Starym Mieście');
    expect(found.every((item) => item.modified === null)).toBe(true);
    for (const page of ['/aktualnosci/', '/aktualnosci/strona/2/', '/aktualnosci/strona/3/']) expect(site.hits(page)).toBe(1);
  });

  it('resolves against the final URL after a redirect', async () => {
    // /aktualnosci redirects to /aktualnosci/; "strona/2/" means /aktualnosci/strona/2/ only there.
    const found = await collect(discoverListing(`${origin}/aktualnosci`, get, options));
    expect(paths(found)).toEqual(LISTED);
    expect(site.hits('/strona/2/')).toBe(0);
  });

  it('keeps one URL per report when the selector matches the title and "Czytaj więcej" links', async () => {
    const found = await collect(discoverListing(`${origin}/aktualnosci/`, get, { ...options, linkSelector: '.news-item a' }));
    expect(paths(found)).toEqual(LISTED);
  });

  it('takes the first link inside an element without href', async () => {
    const found = await collect(discoverListing(`${origin}/aktualnosci/`, get, { ...options, linkSelector: '.news-item h2', maxPages: 1 }));
    expect(paths(found)).toEqual(LISTED.slice(0, 4));
  });

  it('stops at maxPages and tells onSkip which page was left', async () => {
    const skipped: string[] = [];
    const found = await collect(discoverListing(`${origin}/aktualnosci/`, get, { ...options, maxPages: 2, onSkip: (url) => skipped.push(url) }));
    expect(paths(found)).toEqual(LISTED.slice(0, 7));
    expect(skipped).toEqual([`${origin}/aktualnosci/strona/3/`]);
    expect(site.hits('/aktualnosci/strona/3/')).toBe(0);
  });

  it('never reads a page twice when the last page links back to the first', async () => {
    const found = await collect(discoverListing(`${origin}/archiwum/`, get, options));
    expect(paths(found)).toEqual([ARTICLES[5], ARTICLES[6]]);
    expect(site.hits('/archiwum/')).toBe(1);
    expect(site.hits('/archiwum/strona/2/')).toBe(1);
  });

  it('applies include/exclude to report links, not to the next-page links', async () => {
    const found = await collect(discoverListing(`${origin}/aktualnosci/`, get, { ...options, include: ['/aktualnosci/'], exclude: ['zaproszenie|lista-rankingowa'] }));
    expect(paths(found)).toEqual(LISTED.filter((p) => p.startsWith('/aktualnosci/') && !/zaproszenie|lista-rankingowa/.test(p)));
  });

  it('throws when the first page cannot be read, and for a selector that is not CSS', async () => {
    await expect(collect(discoverListing(`${origin}/aktualnosci/strona/9/`, get, options))).rejects.toThrow('HTTP 404');
    expect(() => discoverListing(`${origin}/aktualnosci/`, get, { ...options, nextSelector: 'a[rel=' })).toThrow(InvalidOptionError);
    expect(() => discoverListing(`${origin}/aktualnosci/`, get, { ...options, linkSelector: ':::' })).toThrow(/linkSelector ":::" is not a valid CSS selector/);
  });
});

describe('discoverSource', () => {
  it('runs a source as a pipeline definition writes it', async () => {
    const source = DiscoverySourceSchema.parse({ type: 'listing', url: `${origin}/archiwum/`, linkSelector: '.news-title a', nextSelector: '.pagination a.next' });
    expect(source.type === 'listing' && source.maxPages).toBe(10);
    expect(paths(await collect(discoverSource(source, get)))).toEqual([ARTICLES[5], ARTICLES[6]]);
  });
});

describe('option schemas', () => {
  it('describe every option, default maxPages and reject unknown keys', () => {
    for (const [key, field] of Object.entries(ListingOptionsSchema.shape)) expect(field.description, key).toBeTruthy();
    expect(ListingOptionsSchema.parse({ linkSelector: 'h2 a' })).toEqual({ linkSelector: 'h2 a', maxPages: 10 });
    expect(ListingOptionsSchema.safeParse({ linkSelector: 'h2 a', maxPage: 3 }).success).toBe(false);
    expect(SitemapOptionsSchema.safeParse({ maxSitemaps: 0 }).success).toBe(false);
  });

  it('name an invalid pattern or selector in the issue', () => {
    const result = ListingOptionsSchema.safeParse({ linkSelector: 'a[', include: ['ok', '[a-'] });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/^include\.1: include "\[a-" is not a valid regular expression/),
      expect.stringMatching(/^linkSelector: linkSelector "a\[" is not a valid CSS selector/),
    ]));
  });
});

describe('resolveLink', () => {
  const base = 'http://example.org/aktualnosci/strona/2/';
  it.each([
    ['../../x.html', 'http://example.org/aktualnosci/x.html'],
    ['/prywatne/a.html#top', 'http://example.org/prywatne/a.html'],
    ['  https://other.example/a?b=1#c ', 'https://other.example/a?b=1'],
    ['//cdn.example/a.html', 'http://cdn.example/a.html'],
    ['?strona=3', 'http://example.org/aktualnosci/strona/2/?strona=3'],
    ['mailto:biuro@example.org', null],
    ['javascript:void(0)', null],
    ['tel:+48895124700', null],
    ['ftp://example.org/a', null],
    ['', null],
    ['http://[broken', null],
  ])('%s', (href, expected) => {
    expect(resolveLink(href, base)).toBe(expected);
  });
});

describe('compileUrlFilter', () => {
  it('keeps a URL matching an include and no exclude; all URLs without include', () => {
    const accepts = compileUrlFilter({ include: ['/aktualnosci/', '/wydarzenia/'], exclude: ['\\?share='] });
    expect(accepts('http://x/aktualnosci/a.html')).toBe(true);
    expect(accepts('http://x/wydarzenia/b.html')).toBe(true);
    expect(accepts('http://x/o-nas.html')).toBe(false);
    expect(accepts('http://x/aktualnosci/a.html?share=facebook')).toBe(false);
    expect(compileUrlFilter({})('http://x/anything')).toBe(true);
  });

  it('matches Polish letters written as such against percent-encoded URLs', () => {
    const url = new URL('http://x/aktualności/łódź.html').href;
    expect(url).toContain('%C5%82');
    expect(compileUrlFilter({ include: ['łódź'] })(url)).toBe(true);
    expect(compileUrlFilter({ exclude: ['aktualności/'] })(url)).toBe(false);
  });

  it('names the invalid pattern and the option', () => {
    expect(() => compileUrlFilter({ include: ['a', 'b)'] })).toThrow(/^include "b\)" is not a valid regular expression/);
  });
});

describe('parseFeedDate', () => {
  it.each([
    ['2023-05-12', '2023-05-12'],
    ['2023-05', '2023-05'],
    ['2023', '2023'],
    ['2023-05-12T10:30:00+02:00', '2023-05-12T08:30:00.000Z'],
    ['2023-05-12T10:30+02:00', '2023-05-12T08:30:00.000Z'],
    ['2023-05-12T10:30:00.123Z', '2023-05-12T10:30:00.000Z'],
    ['2023-05-12 10:30:00', '2023-05-12T10:30:00.000Z'],
    ['Fri, 12 May 2023 10:30:00 +0200', '2023-05-12T08:30:00.000Z'],
    ['Fri, 12 May 2023 10:30:00 GMT', '2023-05-12T10:30:00.000Z'],
    ['12 May 23 10:30 CEST', '2023-05-12T08:30:00.000Z'],
    ['Mon, 5 Jun 2023 09:30:00 EDT', '2023-06-05T13:30:00.000Z'],
    ['  2023-06-05  ', '2023-06-05'],
    ['2023-02-30', null],
    ['2023-13-01', null],
    ['Fri, 31 Feb 2023 10:00:00 GMT', null],
    ['12 Maj 2023 10:00 GMT', null],
    ['wczoraj', null],
    ['', null],
  ])('%s', (value, expected) => {
    expect(parseFeedDate(value)).toBe(expected);
  });
});
