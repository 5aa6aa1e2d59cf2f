// robots.txt: read once per origin, kept for the client's lifetime (one run), asked before every
// request. What an unreadable robots.txt means follows Google's documented handling
// (https://developers.google.com/search/docs/crawling-indexing/robots/robots_txt#handling-http-status-codes):
// - 2xx: its rules apply to the `raporty` group, else to `*`;
// - 4xx other than 429, or no robots.txt within the redirect limit: there are no rules, all allowed;
// - 429, 5xx, timeout or network error: the site is treated as disallowing everything for this run,
//   since a server that cannot answer for its robots.txt should not be crawled either.
import robotsParserModule from 'robots-parser';

// robots-parser is CommonJS and its types declare an ES default export; at run time the default
// import is module.exports, the parser function itself.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/** The user-agent token matched against `User-agent:` lines. */
export const ROBOTS_TOKEN = 'raporty';
/** Google reads the first 500 KiB of a robots.txt and ignores the rest; so do we. */
export const MAX_ROBOTS_BYTES = 500 * 1024;

/** What fetching `<origin>/robots.txt` gave: the final answer, or why there was none. */
export type RobotsAnswer =
  | { status: number; text: string }
  /** `unreachable`: timeout, network error. Anything else (too many redirects...) counts as "no file". */
  | { failure: string; unreachable: boolean };

export interface RobotsPolicy {
  /** Null when `url` may be fetched, else the reason in plain words. */
  refusal(url: string): string | null;
  /** The `Crawl-delay` for raporty (or `*`) in milliseconds, null when there is none. */
  crawlDelayMs: number | null;
}

const ALLOW_ALL: RobotsPolicy = { refusal: () => null, crawlDelayMs: null };

function refuseAll(reason: string): RobotsPolicy {
  const refusal = `robots.txt could not be read: ${reason}, so the site is treated as disallowed for this run`;
  return { refusal: () => refusal, crawlDelayMs: null };
}

function isUnavailableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** The policy an answer for `robotsUrl` implies (see the rules atop this file). */
export function robotsPolicy(robotsUrl: string, answer: RobotsAnswer): RobotsPolicy {
  if ('failure' in answer) return answer.unreachable ? refuseAll(answer.failure) : ALLOW_ALL;
  if (isUnavailableStatus(answer.status)) return refuseAll(`HTTP ${answer.status}`);
  if (answer.status < 200 || answer.status > 299) return ALLOW_ALL;
  // The parser is built on the origin's own robots.txt URL even after a redirect: its rules
  // are that origin's, and the parser answers only for URLs of the origin it was built for.
  const robots = robotsParser(robotsUrl, answer.text);
  const delay = robots.getCrawlDelay(ROBOTS_TOKEN);
  return {
    refusal: (url) => (robots.isAllowed(url, ROBOTS_TOKEN) === false ? 'disallowed by robots.txt' : null),
    crawlDelayMs: typeof delay === 'number' && delay > 0 ? Math.round(delay * 1000) : null,
  };
}

export function robotsUrlOf(url: URL): string {
  return `${url.origin}/robots.txt`;
}

/** One policy per origin; concurrent first requests to an origin share one robots.txt fetch. */
export class RobotsCache {
  private readonly policies = new Map<string, Promise<RobotsPolicy>>();

  constructor(private readonly fetchRobots: (robotsUrl: string) => Promise<RobotsAnswer>) {}

  policyFor(url: URL): Promise<RobotsPolicy> {
    let policy = this.policies.get(url.origin);
    if (!policy) {
      const robotsUrl = robotsUrlOf(url);
      policy = this.fetchRobots(robotsUrl)
        .catch((e: unknown): RobotsAnswer => ({ failure: e instanceof Error ? e.message : String(e), unreachable: true }))
        .then((answer) => robotsPolicy(robotsUrl, answer));
      this.policies.set(url.origin, policy);
    }
    return policy;
  }

  /** Origins whose robots.txt has been asked for. */
  get size(): number {
    return this.policies.size;
  }
}
