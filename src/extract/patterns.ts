// Word tests of the rule files' patterns (rules/relations.json, rules/events.json): a step is
// alternatives split by "|", each a word form, "stem*" (any form starting so) or "@lemma" (a
// dictionary base form); and an index of patterns by the words that may start them.
import { lemmasOf, type Word } from './words.js';

/** A pattern step's word test, compiled into sets so that a long list costs one lookup. */
export function wordMatcher(step: string): (w: Word) => boolean {
  const forms = new Set<string>();
  const stems: string[] = [];
  const lemmas = new Set<string>();
  for (const alt of step.split('|')) {
    if (alt.startsWith('@')) lemmas.add(alt.slice(1));
    else if (alt.endsWith('*') && alt.length > 1) stems.push(alt.slice(0, -1));
    else forms.add(alt);
  }
  return (w) => {
    if (forms.has(w.lower) || lemmas.has(w.lower)) return true;
    for (const stem of stems) if (w.lower.startsWith(stem)) return true;
    if (lemmas.size && w.kind === 'word') for (const l of lemmasOf(w)) if (lemmas.has(l)) return true;
    return false;
  };
}

/**
 * Items indexed by the words that may start them (forms, lemmas, stems as in wordMatcher), so
 * that each word of a document finds its few candidate patterns in a few lookups.
 */
export class StartIndex<T> {
  private readonly byWord = new Map<string, T[]>();
  // Stems by their first two letters: a word looks at the few that could match.
  private readonly stems = new Map<string, [string, T][]>();

  add(step: string, item: T): void {
    for (const alt of step.split('|')) {
      if (alt.endsWith('*') && alt.length > 1) {
        const stem = alt.slice(0, -1);
        const list = this.stems.get(stem.slice(0, 2)) ?? [];
        list.push([stem, item]);
        this.stems.set(stem.slice(0, 2), list);
        continue;
      }
      const key = alt.startsWith('@') ? alt.slice(1) : alt;
      const list = this.byWord.get(key) ?? [];
      if (!list.includes(item)) list.push(item);
      this.byWord.set(key, list);
    }
  }

  /** Items a pattern of which may start at w (a superset: the pattern itself decides); often none. */
  candidates(w: Word): readonly T[] {
    let out: T[] | undefined;
    const add = (list: readonly T[] | undefined) => {
      if (!list) return;
      for (const item of list) {
        if (!out) out = [item];
        else if (!out.includes(item)) out.push(item);
      }
    };
    add(this.byWord.get(w.lower));
    if (w.kind === 'word') for (const l of lemmasOf(w)) add(this.byWord.get(l));
    const stems = this.stems.get(w.lower.slice(0, 2));
    if (stems) for (const [stem, item] of stems) if (w.lower.startsWith(stem)) add([item]);
    return out ?? NONE;
  }
}

const NONE: readonly never[] = [];
