// Whether the words around a date speak of what is still to come: "Kolejny nabór ruszy we
// wrześniu", "spotkanie zaplanowano na 16 grudnia", "Zgłoszenia przyjmuje biuro do 20 listopada".
// Polish marks the future by a perfective verb in the non-past ("ruszy", "odbędzie się"), by
// "będzie" and by verbs of planning, whatever their tense ("zaplanowano", "zobowiązały się"); a
// deadline ("do 20 listopada") in a sentence in the present is still ahead too.
import type { Analysis } from '../lang/pl/morphology.js';
import { tokenize } from '../segment/tokenize.js';
import { readings } from './words.js';

export type Tense = 'past' | 'present' | 'future';

/** What one word says of its clause's time, or null when it is no finite verb. */
function tenseOf(word: string, planningLemmas: ReadonlySet<string>): Tense | null {
  const all: readonly Analysis[] = readings(word);
  if (all.some((r) => planningLemmas.has(r.lemma))) return 'future';
  const verbs = all.filter((r) => r.tag.pos === 'verb');
  if (!verbs.length) return null;
  const forms = verbs.map((r) => r.tag.raw.split(':'));
  if (forms.some((f) => f[1] === 'bedzie' || (f[1] === 'fin' && f.includes('perf')))) return 'future';
  if (forms.some((f) => f[1] === 'praet')) return 'past';
  if (forms.some((f) => f[1] === 'fin')) return 'present';
  return null;
}

/** The tenses the finite verbs of text[from, to) are in. */
export function tensesIn(text: string, from: number, to: number, planningLemmas: ReadonlySet<string>): Set<Tense> {
  return tensesOfSentence(text, from, to, from, to, planningLemmas).sentence;
}

/** The tenses of a sentence's finite verbs and of those of one clause in it, in one pass. */
export function tensesOfSentence(text: string, from: number, to: number, clauseFrom: number, clauseTo: number,
  planningLemmas: ReadonlySet<string>): { clause: Set<Tense>; sentence: Set<Tense> } {
  const clause = new Set<Tense>();
  const sentence = new Set<Tense>();
  for (const t of tokenize(text, from, to)) {
    if (t.kind !== 'word') continue;
    const tense = tenseOf(t.text, planningLemmas);
    if (!tense) continue;
    sentence.add(tense);
    if (t.start >= clauseFrom && t.end <= clauseTo) clause.add(tense);
  }
  return { clause, sentence };
}

/**
 * A date speaks of the future when its clause has a future verb and no past one ("zaplanowaną na
 * 6 czerwca galę przenieśliśmy" is past); else, when its clause has no past verb, when its
 * sentence has a future one, or, for a deadline, a verb in the present and none in the past.
 */
export function speaksOfFuture(clause: ReadonlySet<Tense>, sentence: ReadonlySet<Tense>, deadline: boolean): boolean {
  if (clause.has('past')) return false;
  if (clause.has('future')) return true;
  if (sentence.has('future')) return true;
  return deadline && sentence.has('present') && !sentence.has('past');
}
