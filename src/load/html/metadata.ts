// Metadata: <title>, Open Graph, JSON-LD.
import type * as cheerio from 'cheerio';
import { parseDate } from './dates.js';
import { clean } from './dom.js';

/** Bound on the JSON-LD values looked at for datePublished. */
const MAX_JSON_LD_NODES = 2000;

export interface PageMetadata {
  titleTag: string;
  ogTitle: string;
  siteName: string;
  jsonLdPublished: string | null;
}

export function readMetadata($: cheerio.CheerioAPI): PageMetadata {
  return {
    titleTag: clean($('title').first().text()),
    ogTitle: clean($('meta[property="og:title"]').attr('content') ?? ''),
    siteName: clean($('meta[property="og:site_name"]').attr('content') ?? ''),
    jsonLdPublished: jsonLdPublished($),
  };
}

/** The first datePublished in the page's JSON-LD blocks, outer objects before nested ones (a comment's). */
function jsonLdPublished($: cheerio.CheerioAPI): string | null {
  for (const el of $('script[type="application/ld+json"]').toArray()) {
    let data: unknown;
    try {
      data = JSON.parse($(el).text());
    } catch {
      continue; // Broken JSON-LD is common; the page's other dates still count.
    }
    const queue: unknown[] = [data];
    for (let seen = 0; queue.length && seen < MAX_JSON_LD_NODES; seen++) {
      const value = queue.shift();
      if (Array.isArray(value)) { queue.push(...value); continue; }
      if (!value || typeof value !== 'object') continue;
      const record = value as Record<string, unknown>;
      if (typeof record.datePublished === 'string') {
        const date = parseDate(record.datePublished.trim());
        if (date) return date;
      }
      for (const [key, child] of Object.entries(record)) if (key !== 'comment' && typeof child === 'object') queue.push(child);
    }
  }
  return null;
}
