// HTML page -> title, publication date and the report's own text, one block element per line.
// A recipe of named steps, as mozilla/readability's parse(): read the page's metadata, put every
// element in a zone (navigation, cookies, share, comments...), choose the content element, then
// read its headline, the publication date and its lines. The parsed page is never changed: zones
// are a map the walks consult.
// Each step is a module of src/load/html/; this file is the recipe and the public interface.
import * as cheerio from 'cheerio';
import { LoadError, normalizeText } from './decode.js';
import { chooseContent } from './html/content.js';
import { dateBesideHeadline, findPublishedAt } from './html/dates.js';
import { clean, textContent } from './html/dom.js';
import { bodyLines } from './html/lines.js';
import { readMetadata } from './html/metadata.js';
import { chooseTitle, findHeadline } from './html/title.js';
import { readPage } from './html/zones.js';

export { findPublishedAtInText, parseDate } from './html/dates.js';
export { MAX_REPEATED_LINE, MIN_DROPPED_REPEATS } from './html/lines.js';

// ---------------------------------------------------------------------------------------------
// Public interface.

export interface HtmlDocument {
  title: string;
  publishedAt: string | null;
  /** Title, a blank line, then the body: one block element per line. */
  text: string;
  /** For the run log: a contentSelector that matched nothing (the automatic choice was used). */
  warnings: string[];
}

export interface HtmlOptions {
  /**
   * CSS selector of the element that holds the report on this source's pages. When it matches,
   * the body is that element's text only; when it does not, the content element is chosen
   * automatically and a warning says so.
   */
  contentSelector?: string;
}

// ---------------------------------------------------------------------------------------------
// The recipe.

export function htmlToDocument(html: string, source: string, options: HtmlOptions = {}): HtmlDocument {
  const $ = cheerio.load(html);
  const meta = readMetadata($);
  const page = readPage($);
  const { root, warnings } = chooseContent($, page, options.contentSelector);
  const headline = findHeadline($, page, root);
  const title = chooseTitle(meta, headline ? clean(textContent(headline)) : '');
  const dateLine = headline ? dateBesideHeadline(headline) : null;
  const publishedAt = findPublishedAt($, page, meta, root, dateLine?.date ?? null);
  const body = bodyLines(root, page, title, dateLine?.node ?? null);
  if (body.length === 0) {
    throw new LoadError(source, 'no readable text in the HTML (nothing left once navigation and boilerplate are removed)');
  }
  return { title, publishedAt, text: normalizeText([title, '', ...body].join('\n'), { preserveOffsets: false }), warnings };
}
