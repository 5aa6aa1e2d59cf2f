// Title: og:title, else the content's headline, else <title> without the site name.
import type * as cheerio from 'cheerio';
import { clean, type DomNode, isWithin, selectAll, selectEach, textContent } from './dom.js';
import type { PageMetadata } from './metadata.js';
import { content } from './rules.js';
import { ALL_ZONES, type Page, UNTITLED_ZONES, zoneAround } from './zones.js';

/** Levels above the content element searched for its headline (Drupal's page-title block). */
export const MAX_HEADLINE_CLIMB = 2;
// Separators between a page title and the site name in <title>.
const TITLE_SEPARATOR = / (?:\||-|–|—|::|»|·|•) /g;
/** A <title> part of fewer words is a site name, not an article title. */
const MIN_TITLE_WORDS = 3;

export function findHeadline($: cheerio.CheerioAPI, page: Page, root: DomNode): DomNode | null {
  const hasText = (el: DomNode) => clean(textContent(el)).length > 0;
  for (const matches of selectEach($, content.headlineSelectors)) {
    const inside = matches.find((el) => el !== root && isWithin(el, root) && !zoneAround(page, el, root, UNTITLED_ZONES) && hasText(el));
    if (inside) return inside;
  }
  // Just before the content element (a theme's page-title block above the article).
  const rootOrder = page.order.get(root) ?? 0;
  const h1s = selectAll($, 'h1').filter((el) => (page.order.get(el) ?? Infinity) < rootOrder);
  let ancestor = root.parent;
  for (let level = 0; level < MAX_HEADLINE_CLIMB && ancestor && ancestor !== page.body && ancestor.type === 'tag'; level++, ancestor = ancestor.parent) {
    const scope = ancestor;
    const before = h1s.find((el) => isWithin(el, scope) && !zoneAround(page, el, null, ALL_ZONES) && hasText(el));
    if (before) return before;
  }
  return null;
}

export function chooseTitle(meta: PageMetadata, headline: string): string {
  const siteName = meta.siteName || siteNameInTitleTag(meta.titleTag);
  const og = meta.ogTitle.toLowerCase() === siteName.toLowerCase() ? '' : meta.ogTitle;
  if (og || headline) return withoutSiteName(og || headline, siteName, false);
  return withoutSiteName(meta.titleTag, siteName, true);
}

/** Without og:site_name, "Article title | Site" in <title> names the site after its last separator. */
function siteNameInTitleTag(titleTag: string): string {
  const separators = [...titleTag.matchAll(TITLE_SEPARATOR)];
  const last = separators[separators.length - 1];
  if (!last) return '';
  const head = titleTag.slice(0, last.index).trim();
  return head.split(' ').length >= MIN_TITLE_WORDS ? titleTag.slice(last.index + last[0].length).trim() : '';
}

/**
 * "Article | Site": the site name (og:site_name) cut from either end; for a <title> without one,
 * the part before the last separator, unless it is too short to be a title.
 */
function withoutSiteName(title: string, siteName: string, isTitleTag: boolean): string {
  const separators = [...title.matchAll(TITLE_SEPARATOR)];
  if (separators.length === 0) return title;
  const last = separators[separators.length - 1];
  const first = separators[0];
  const head = title.slice(0, last.index).trim();
  const tail = title.slice(last.index + last[0].length).trim();
  const lead = title.slice(0, first.index).trim();
  const rest = title.slice(first.index + first[0].length).trim();
  const site = siteName.toLowerCase();
  if (site && tail.toLowerCase() === site) return head;
  if (site && lead.toLowerCase() === site) return rest;
  if (!isTitleTag) return title;
  if (head.split(' ').length >= MIN_TITLE_WORDS) return head;
  return rest.length > lead.length ? rest : head;
}
