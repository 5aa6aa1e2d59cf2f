// Polish first names and surnames, nominative, from @zxcvbn-ts/language-pl (MIT): 1,743 first
// names and 31,208 surnames, lower-case. The lists are comma-joined strings in the package.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function loadList(name: string): Set<string> {
  const list = require(`@zxcvbn-ts/language-pl/dist/${name}.json.js`) as string[];
  return new Set(list.map((w) => w.normalize('NFC')));
}

let lists: { femaleFirst: Set<string>; maleFirst: Set<string>; surnames: Set<string> } | undefined;

function names() {
  if (!lists) {
    const femaleFirst = loadList('femaleFirstnames');
    const maleFirst = loadList('maleFirstnames');
    // Both lists hold a few names of the other gender's spelling (e.g. "maria" is also a
    // man's second name); a name ending in -a that is on both lists counts as a woman's.
    for (const n of femaleFirst) if (maleFirst.has(n) && n.endsWith('a')) maleFirst.delete(n);
    const surnames = new Set([...loadList('femaleLastnames'), ...loadList('maleLastnames')]);
    lists = { femaleFirst, maleFirst, surnames };
  }
  return lists;
}

const lower = (s: string) => s.toLowerCase();

export function femaleFirstName(lemma: string): boolean {
  return lemma.length > 1 && names().femaleFirst.has(lower(lemma));
}

export function maleFirstName(lemma: string): boolean {
  return lemma.length > 1 && names().maleFirst.has(lower(lemma));
}

export function isFirstName(lemma: string): boolean {
  return femaleFirstName(lemma) || maleFirstName(lemma);
}

/** Position of a first name in its frequency-ordered list ("Marek" before "Mark"); Infinity if absent. */
export function firstNameRank(lemma: string): number {
  const n = names();
  ranks ??= new Map([...n.femaleFirst, ...n.maleFirst].map((name, i) => [name, i]));
  return ranks.get(lower(lemma)) ?? Number.POSITIVE_INFINITY;
}
let ranks: Map<string, number> | undefined;

export function isKnownSurname(lemma: string): boolean {
  return names().surnames.has(lower(lemma));
}
