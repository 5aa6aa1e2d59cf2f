// Nominative forms of nouns and adjectives. Morfologik maps forms to lemmas, not lemmas to forms,
// so a nominative other than the lemma (a feminine adjective, a plural noun) is generated from
// ending rewrites and kept only when the dictionary confirms it as the wanted form of the same
// lemma. Unconfirmed rewrites are used only for words the dictionary does not know at all.
import { defaultDictionary, type Dictionary } from './dictionary.js';
import { parseTag, type Gender } from './tags.js';

export type NumberValue = 'sg' | 'pl';

export interface Target {
  number: NumberValue;
  gender: Gender | undefined;
  /** Personal masculine plural (m1) takes other endings ("łódzcy", "dyrektorzy"). */
}

/** Genders of place names made of adjectives, commonest first: Zbójna, Krzywe, Wielki, Białe Błota's plural. */
export const ADJECTIVAL_NAME_TARGETS: readonly Target[] = [
  { number: 'sg', gender: 'f' }, { number: 'sg', gender: 'n' }, { number: 'sg', gender: 'm3' }, { number: 'pl', gender: 'p3' },
];

// Adjective case endings, longest first: the stem is what remains after removing one.
// Both "-iego" and "-ego" are tried: "łódzkiego" has the stem "łódzk", "ostatniego" "ostatni".
const ADJECTIVE_ENDINGS = ['iego', 'iemu', 'ymi', 'imi', 'ego', 'emu', 'ych', 'ich', 'iej', 'ym', 'im', 'ej', 'ie', 'y', 'i', 'a', 'ą', 'e'];

/** Capitalisation of `model` carried over to `word`: "ŁOMŻY" → "ŁOMŻA", "Łomży" → "Łomża". */
export function matchCase(word: string, model: string): string {
  if (model.length > 1 && model === model.toUpperCase() && model !== model.toLowerCase()) {
    return word.toUpperCase();
  }
  const first = model.charAt(0);
  if (first !== first.toLowerCase()) {
    return word.charAt(0).toUpperCase() + word.slice(1);
  }
  // A proper-noun lemma keeps its capital even after a lower-case model ("w polsce" is a typo).
  return word;
}

function adjectiveStems(form: string): string[] {
  const lower = form.toLowerCase();
  const stems: string[] = [];
  for (const ending of ADJECTIVE_ENDINGS) {
    if (lower.endsWith(ending) && lower.length > ending.length + 1) {
      const stem = form.slice(0, form.length - ending.length);
      if (!stems.includes(stem)) stems.push(stem);
    }
  }
  return stems;
}

const SOFT_STEM = /[kg]$/i; // after k and g the vowel is -i-: "łódzki", "łódzkie", "drogie"

/** Nominative endings for an adjective stem, by target. */
function adjectiveEndings(stem: string, target: Target, personal: boolean): string[] {
  const soft = SOFT_STEM.test(stem);
  if (target.number === 'pl') {
    if (personal) return soft ? ['i'] : ['i', 'y'];
    return soft ? ['ie'] : ['e'];
  }
  switch (target.gender) {
    case 'f': return ['a'];
    case 'n': case 'n1': case 'n2': return soft ? ['ie'] : ['e'];
    default: return soft ? ['i'] : ['y', 'i'];
  }
}

// m1 plural stems alternate ("łódzk" → "łódzc", "nowy" → "nowi"): these are tried as well.
const PERSONAL_PLURAL_STEM: ReadonlyArray<[RegExp, string]> = [
  [/sk$/i, 'sc'], [/ck$/i, 'cc'], [/dzk$/i, 'dzc'], [/k$/i, 'c'], [/g$/i, 'dz'], [/r$/i, 'rz'],
  [/ch$/i, 'ś'], [/t$/i, 'c'], [/d$/i, 'dz'], [/ł$/i, 'l'], [/n$/i, 'n'], [/w$/i, 'w'],
];

function isWantedAdjective(tag: string, lemma: string | undefined, target: Target, personal: boolean, dictLemma: string): boolean {
  const t = parseTag(tag);
  if (!t.case.includes('nom') || !t.number.includes(target.number)) return false;
  if (lemma !== undefined && dictLemma.toLowerCase() !== lemma.toLowerCase()) return false;
  if (target.number === 'pl') {
    const hasPersonal = t.gender.includes('m1') || t.gender.includes('p1');
    return personal ? hasPersonal : t.gender.some((g) => g !== 'm1' && g !== 'p1');
  }
  if (!target.gender) return t.gender.some((g) => g.startsWith('m'));
  return t.gender.includes(target.gender) || (target.gender.startsWith('n') && t.gender.some((g) => g.startsWith('n')));
}

function isAdjectiveTag(tag: string): boolean {
  const pos = tag.split(':', 1)[0];
  return pos === 'adj' || pos === 'ppas' || pos === 'pact';
}

/**
 * The nominative of an adjective form agreeing with `target`, e.g. ("łódzkim", neuter) → "łódzkie",
 * ("Wyższej", f) → "Wyższa". `lemma` restricts confirmation to the same adjective.
 */
export function nominativeAdjective(form: string, target: Target, lemma?: string, dict: Dictionary = defaultDictionary()): string | undefined {
  const stems = adjectiveStems(form);
  if (!stems.length) return undefined;
  const personal = target.number === 'pl' && (target.gender === 'm1' || target.gender === 'p1');
  if (personal) {
    for (const stem of [...stems]) {
      for (const [re, rep] of PERSONAL_PLURAL_STEM) if (re.test(stem)) { stems.push(stem.replace(re, rep)); break; }
    }
  }
  let fallback: string | undefined;
  for (const s of stems) {
    for (const ending of adjectiveEndings(s, target, personal)) {
      const candidate = s + ending;
      fallback ??= candidate;
      const lower = candidate.toLowerCase();
      for (const probe of lower === candidate ? [candidate] : [candidate, lower]) {
        for (const r of dict.lookup(probe)) {
          if (isAdjectiveTag(r.tag) && isWantedAdjective(r.tag, lemma, target, personal, r.lemma)) return candidate;
        }
      }
    }
  }
  // The dictionary knows no such adjective (a guessed word): the regular ending is the best answer.
  return lemma === undefined ? fallback : undefined;
}

// Noun nominative plural endings tried on a stem (the lemma without its final vowel, or whole).
const NOUN_PLURAL_ENDINGS = ['y', 'i', 'e', 'a', 'owie', 'ie'];
const NOUN_CASE_ENDINGS = ['ami', 'ach', 'ów', 'om', 'ii', 'iom', 'iami', 'iach', 'y', 'i', 'e', 'a', 'u', 'ą', 'ę', 'em', 'ie'];

/** Nominative plural of a noun, confirmed by the dictionary ("Zakładów" → "Zakłady"). */
export function nominativePluralNoun(form: string, lemma: string, dict: Dictionary = defaultDictionary()): string | undefined {
  // Depreciative forms ("kawalery") are valid plurals too, but never the one a name uses.
  const wanted = (probe: string) => dict.lookup(probe).some((r) => {
    if (r.lemma !== lemma) return false;
    const t = parseTag(r.tag);
    return t.pos === 'subst' && t.case.includes('nom') && t.number.includes('pl');
  });
  // Plurale tantum: the lemma itself is the nominative plural ("Kielce", "Suwałki").
  if (wanted(lemma)) return lemma;
  const stems = new Set<string>([lemma, lemma.replace(/[aeoy]$|um$/u, '')]);
  const lowerForm = form.toLowerCase();
  for (const ending of NOUN_CASE_ENDINGS) {
    if (lowerForm.endsWith(ending) && lowerForm.length > ending.length + 1) stems.add(form.slice(0, form.length - ending.length));
  }
  for (const stem of stems) {
    for (const ending of NOUN_PLURAL_ENDINGS) {
      const candidate = stem + ending;
      if (wanted(candidate)) return candidate;
      const lower = candidate.toLowerCase();
      if (lower !== candidate && wanted(lower)) return candidate;
    }
  }
  return undefined;
}
