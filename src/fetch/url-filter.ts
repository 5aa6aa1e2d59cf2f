// Which discovered links are kept: absolute http(s) URLs without fragments, passing the source's
// include/exclude patterns. Patterns are compiled once per source, not per link.

export interface UrlFilter {
  /** Regular-expression sources; a URL is kept when it matches at least one (all when empty). */
  include?: string[];
  /** Regular-expression sources; a URL matching any of them is dropped. */
  exclude?: string[];
}

/**
 * A discovery option that cannot be used (a pattern that is not a regular expression, a selector
 * that is not CSS): nothing was fetched; fix the source's definition.
 */
export class InvalidOptionError extends Error {
  readonly option: string;
  readonly value: string;
  constructor(option: string, value: string, reason: string) {
    super(`${option} ${JSON.stringify(value)} ${reason}`);
    this.name = 'InvalidOptionError';
    this.option = option;
    this.value = value;
  }
}

/** Compiles one pattern, or throws InvalidOptionError naming it. */
export function compilePattern(option: 'include' | 'exclude', pattern: string): RegExp {
  try {
    // 'u' so that a pattern may name Polish letters as themselves (matched against the decoded URL).
    return new RegExp(pattern, 'u');
  } catch (e) {
    const reason = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
    throw new InvalidOptionError(option, pattern, `is not a valid regular expression: ${reason}`);
  }
}

/** The URL as written in links (percent-encoded) and as read ("ł" rather than "%C5%82"). */
function urlForms(url: string): string[] {
  try {
    const decoded = decodeURI(url);
    return decoded === url ? [url] : [url, decoded];
  } catch {
    return [url]; // A stray "%" that is not an escape: match the URL as it is.
  }
}

/** A predicate over absolute URLs built from include/exclude; throws on an invalid pattern. */
export function compileUrlFilter(filter: UrlFilter): (url: string) => boolean {
  const include = (filter.include ?? []).map((p) => compilePattern('include', p));
  const exclude = (filter.exclude ?? []).map((p) => compilePattern('exclude', p));
  return (url) => {
    const forms = urlForms(url);
    const matches = (re: RegExp) => forms.some((form) => re.test(form));
    if (include.length > 0 && !include.some(matches)) return false;
    return !exclude.some(matches);
  };
}

/**
 * `href` resolved against `base` (the final URL of the page it was found on), without its
 * fragment; null when it is not an http(s) URL (mailto:, javascript:, tel:, unparsable).
 */
export function resolveLink(href: string, base: string): string | null {
  const trimmed = href.trim();
  if (!trimmed) return null;
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  return url.href;
}
