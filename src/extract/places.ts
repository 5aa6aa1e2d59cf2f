// Places: voivodeships ("w województwie łódzkim"), powiats ("powiatu łomżyńskiego"), gminas
// ("Gminą Rogów", "miasta i gminy Brzeziny"), countries, and localities: a capitalised name after
// a preposition or one the gazetteer knows, put in the nominative by the lang/pl normaliser and
// given its voivodeship by the gazetteer in the light of the document's own regions.
import { z } from 'zod';
import { VOIVODESHIPS, type Mention, type PlaceKind, type Voivodeship } from '../schema.js';
import { normalizePhrase } from '../lang/pl/normalize.js';
import { nominativeAdjective } from '../lang/pl/inflect.js';
import { defaultGazetteer, type Gazetteer } from '../lang/pl/gazetteer.js';
import placesJson from './rules/places.json' with { type: 'json' };
import countriesJson from '../lang/pl/data/countries.json' with { type: 'json' };
import { firstNameReadings, hasCommonReading, lemmasOf, readings, type DocumentWords, type Word } from './words.js';
import { mentionOf, textOf } from './spans.js';
import { isFirstName } from '../lang/pl/names.js';

const rules = z.object({
  prepositions: z.array(z.string()), guessAfter: z.array(z.string()), voivodeshipWords: z.array(z.string()),
  powiatWords: z.array(z.string()), gminaWords: z.array(z.string()), localityWords: z.array(z.string()),
  gminaQualifiers: z.array(z.string()), streetWords: z.array(z.string()),
}).parse(placesJson);

const PREPOSITIONS = new Set(rules.prepositions);
const GUESS_AFTER = new Set(rules.guessAfter);
const COUNTRIES = new Set(z.object({ countries: z.array(z.string()) }).parse(countriesJson).countries);

export interface PlaceMention {
  name: string;
  kind: PlaceKind;
  voivodeship: Voivodeship;
  guessed: boolean;
  first: number;
  last: number;
  mention: Mention;
}

// Voivodeship adjectives by their stem ("podlask"), longest first so "dolnośląsk" beats "śląsk".
const VOIVODESHIP_STEMS = VOIVODESHIPS.map((v) => ({ v, stem: v.replace(/ie$/u, '') })).sort((a, b) => b.stem.length - a.stem.length);

/** "podlaskim", "łódzkiego", even the misspelt "podlasim" → the voivodeship's adjective. */
export function voivodeshipOfAdjective(word: string): Voivodeship | undefined {
  const lower = word.toLowerCase();
  for (const { v, stem } of VOIVODESHIP_STEMS) {
    if (lower.startsWith(stem)) return v;
  }
  // A typo inside the ending: compare the first letters of the stem, at least six.
  for (const { v, stem } of VOIVODESHIP_STEMS) {
    const n = Math.max(6, stem.length - 1);
    if (stem.length >= 6 && lower.length >= n && lower.slice(0, n) === stem.slice(0, n)) return v;
  }
  return undefined;
}

/** A first name followed by a capitalised word starts a person's name ("wójta gminy Łącko Jana Cebuli"). */
function startsPerson(words: Word[], i: number, end: number): boolean {
  return i + 1 < end && isNameToken(words[i + 1]) && firstNameReadings(words[i].text).length > 0;
}

const isWordIn = (w: Word | undefined, list: string[]) => !!w && w.kind === 'word' && (list.includes(w.lower) || [...lemmasOf(w)].some((l) => list.includes(l)));
const isNameToken = (w: Word | undefined) => !!w && w.kind === 'word' && (w.capitalised || w.allCaps);
const isAdjectiveOnly = (text: string) => {
  const r = readings(text).filter((a) => !a.guessed);
  return r.length > 0 && r.every((a) => ['adj', 'ppas', 'pact', 'adja'].includes(a.tag.pos));
};
const hasNounReading = (text: string) => readings(text).some((a) => a.tag.pos === 'subst' || a.tag.pos === 'depr');


/** The end of a capitalised name starting at i: up to three words, hyphenated parts joined. */
function nameRun(words: Word[], i: number, end: number): number {
  let j = i;
  while (j < end && isNameToken(words[j]) && j - i < 3 && !(j > i && startsPerson(words, j, end))) {
    j++;
    if (j + 1 < end && words[j].text === '-' && words[j].end === words[j + 1].start && isNameToken(words[j + 1])) j++;
  }
  return j;
}

export class PlaceFinder {
  constructor(readonly gazetteer: Gazetteer = defaultGazetteer()) {}

  /**
   * The nominative of a place name written in any case, when it is one: known to the gazetteer,
   * or a capitalised name with no common-word reading (a village the gazetteer lacks).
   */
  localityName(words: Word[]): { name: string; guessed: boolean; known: boolean } | undefined {
    if (!words.length || !words.every((w) => w.kind !== 'word' || isNameToken(w) || w.text === '-')) return undefined;
    const text = words.map((w, k) => (k && words[k - 1].end < w.start ? ' ' : '') + w.text).join('');
    // The normaliser already prefers the reading the gazetteer knows ("Siedlec" → Siedlce).
    const normalized = normalizePhrase(text, 'place');
    let best: { name: string; population: number } | undefined;
    for (const name of [normalized.text, text]) {
      const entry = this.gazetteer.findLocalities(name)[0];
      if (entry && (!best || entry.population > best.population)) best = { name, population: entry.population };
    }
    if (best) return { name: best.name, guessed: false, known: true };
    // Unknown to the gazetteer: a name of proper nouns ("Kownatach"), or of capitalised
    // adjectives around one ("Nowej Białej", "Jankowie Dolnym"); never an acronym, a common
    // noun or a person's name.
    const head = words[words.length - 1];
    if (words.some((w) => w.allCaps)) return undefined;
    const commonNoun = (w: Word) => readings(w.text).some((a) => !a.guessed && !/^\p{Lu}/u.test(a.lemma) && (a.tag.pos === 'subst' || a.tag.pos === 'depr'));
    const wordsOnly = words.filter((w) => w.kind === 'word');
    if (wordsOnly.length === 1 ? hasCommonReading(head.text) : wordsOnly.some(commonNoun)) return undefined;
    if (words.some((w) => isFirstName(w.text) || readings(w.text).some((a) => isFirstName(a.lemma) && a.tag.number.includes('sg')))) return undefined;
    return { name: normalized.text, guessed: normalized.guessed || readings(head.text).every((a) => a.guessed), known: false };
  }

  extract(dw: DocumentWords, blocked: (i: number) => boolean, orgPlaceWords: (i: number) => boolean): PlaceMention[] {
    const out: PlaceMention[] = [];
    const words = dw.words;
    const add = (name: string, kind: PlaceKind, first: number, last: number, rule: string, guessed = false, voivodeship: Voivodeship = '') => {
      out.push({ name, kind, voivodeship, guessed, first, last, mention: mentionOf(dw, first, last, rule) });
    };
    for (const s of dw.sentences) {
      let i = s.first;
      while (i < s.last) {
        const w = words[i];
        if (w.kind !== 'word') { i++; continue; }
        // "województwo podlaskie", "woj. łódzkiego i mazowieckiego"
        if (isWordIn(w, rules.voivodeshipWords)) {
          let j = i + 1;
          if (words[j]?.text === '.') j++;
          let matched = false;
          while (j < s.last && words[j].kind === 'word') {
            const v = voivodeshipOfAdjective(words[j].text);
            if (!v) break;
            add(`województwo ${v}`, 'voivodeship', i, j + 1, 'place.voivodeship', false, v);
            matched = true;
            j++;
            if (j + 1 < s.last && (words[j].lower === 'i' || words[j].lower === 'oraz' || words[j].text === ',') && voivodeshipOfAdjective(words[j + 1].text)) j++;
            else break;
          }
          if (matched) { i = j; continue; }
        }
        // "powiatu łomżyńskiego" → powiat łomżyński; "powiatów: kaliskiego, ostrowskiego i kępińskiego"
        if (isWordIn(w, rules.powiatWords)) {
          let j = i + 1;
          if (words[j]?.text === '.' || words[j]?.text === ':') j++;
          let matched = false;
          while (j < s.last && isPowiatAdjective(words[j])) {
            const nominative = (nominativeAdjective(words[j].lower, { number: 'sg', gender: 'm3' }) ?? words[j].lower).toLowerCase();
            let last = j + 1;
            let name = nominative;
            // Two-word powiats: "łódzki wschodni", "poznański ziemski".
            const next = words[last];
            if (next && next.kind === 'word' && !next.capitalised && isAdjectiveOnly(next.text)) {
              const second = (nominativeAdjective(next.lower, { number: 'sg', gender: 'm3' }) ?? next.lower).toLowerCase();
              if (this.gazetteer.voivodeshipOfPowiat(`${nominative} ${second}`)) { name = `${nominative} ${second}`; last++; }
            }
            add(`powiat ${name}`, 'powiat', matched ? j : i, last, 'place.powiat', false, this.gazetteer.voivodeshipOfPowiat(name) ?? '');
            matched = true;
            j = last;
            if (j + 1 < s.last && (words[j].text === ',' || words[j].lower === 'i' || words[j].lower === 'oraz') && isPowiatAdjective(words[j + 1])) j++;
            else break;
          }
          if (matched) { i = j; continue; }
        }
        // "gminy Brzeziny", "Gminą Rogów", "gmina wiejska Wizna", "miasta i gminy Brzeziny"
        const townAndGmina = isWordIn(w, ['miasto']) && (words[i + 1]?.lower === 'i') && isWordIn(words[i + 2], rules.gminaWords);
        if (isWordIn(w, rules.gminaWords) || townAndGmina) {
          let j = townAndGmina ? i + 3 : i + 1;
          if (words[j]?.text === '.') j++;
          if (isWordIn(words[j], rules.gminaQualifiers)) j++;
          const last = nameRun(words, j, s.last);
          if (last > j) {
            const loc = this.localityName(words.slice(j, last));
            const raw = textOf(dw, j, last);
            const name = loc?.name ?? raw;
            add(`gmina ${name}`, 'gmina', i, last, 'place.gmina', loc?.guessed ?? false);
            if (townAndGmina) add(name, 'locality', j, last, 'place.town-and-gmina', loc?.guessed ?? false);
            // "gmin Byczyna, Lasowice Wielkie i Wołczyn"
            let k = last;
            while (k + 1 < s.last && (words[k].text === ',' || words[k].lower === 'i' || words[k].lower === 'oraz') && isNameToken(words[k + 1]) && !startsPerson(words, k + 1, s.last)) {
              const end = nameRun(words, k + 1, s.last);
              const more = this.localityName(words.slice(k + 1, end));
              if (!more) break;
              add(`gmina ${more.name}`, 'gmina', k + 1, end, 'place.gmina-list', more.guessed);
              k = end;
            }
            i = k;
            continue;
          }
        }
        // Localities after a preposition or a locality word, and known names anywhere.
        if (isNameToken(w) && !blocked(i)) {
          const last = nameRun(words, i, s.last);
          const prev = words[i - 1];
          const afterPreposition = prev && prev.kind === 'word' && (PREPOSITIONS.has(prev.lower) || isWordIn(prev, rules.localityWords));
          const found = this.locality(dw, i, last, !!afterPreposition && GUESS_AFTER.has(prev.lower) || orgPlaceWords(i));
          if (found) {
            add(found.name, found.kind, i, found.last, found.rule, found.guessed);
            i = found.last;
            continue;
          }
          i = Math.max(last, i + 1);
          continue;
        }
        i++;
      }
    }
    return out;
  }

  /** A locality (or country) at words [i, last): tries the longest run first. */
  private locality(dw: DocumentWords, i: number, last: number, mayGuess: boolean) {
    const words = dw.words;
    for (let end = last; end > i; end--) {
      const run = words.slice(i, end);
      const text = textOf(dw, i, end);
      const nominative = normalizePhrase(text, 'place').text;
      if (COUNTRIES.has(nominative) && run.every((w) => hasNounReading(w.text) || w.kind !== 'word')) {
        return { name: nominative, kind: 'country' as PlaceKind, last: end, rule: 'place.country', guessed: false };
      }
      // Sentence-initial or not, a known name needs a proper-noun reading or an unknown word.
      const loc = this.localityName(run);
      if (!loc) continue;
      if (loc.known) {
        const head = run[run.length - 1];
        const looksProper = readings(head.text).some((a) => /^\p{Lu}/u.test(a.lemma)) || !readings(head.text).some((a) => !a.guessed);
        if (!looksProper) continue;
        if (run.length === 1 && isAdjectiveOnly(head.text)) continue;
        const entry = this.gazetteer.findLocalities(loc.name)[0];
        const kind: PlaceKind = entry?.kind === 'district' ? 'district' : 'locality';
        return { name: loc.name, kind, last: end, rule: mayGuess ? 'place.locality.preposition' : 'place.locality.gazetteer', guessed: false };
      }
      if (mayGuess && end === last) {
        return { name: loc.name, kind: 'locality' as PlaceKind, last: end, rule: 'place.locality.guessed', guessed: loc.guessed };
      }
    }
    return undefined;
  }
}

const POWIAT_ADJECTIVE = /(?:ski|cki|dzki)(?:ego|emu|m|)$|(?:skim|ckim|dzkim)$/u;
function isPowiatAdjective(w: Word | undefined): boolean {
  return !!w && w.kind === 'word' && !w.capitalised && POWIAT_ADJECTIVE.test(w.lower);
}

export interface PlaceContext {
  voivodeships: Voivodeship[];
  powiats: string[];
  gminas: string[];
}

/** The document's own regions, which settle which of several same-named places is meant. */
export function placeContext(places: PlaceMention[]): PlaceContext {
  const voivodeships = new Set<Voivodeship>();
  for (const p of places) if ((p.kind === 'voivodeship' || p.kind === 'powiat') && p.voivodeship) voivodeships.add(p.voivodeship);
  return {
    voivodeships: [...voivodeships],
    powiats: places.filter((p) => p.kind === 'powiat').map((p) => p.name.replace(/^powiat /u, '')),
    gminas: places.filter((p) => p.kind === 'gmina').map((p) => p.name.replace(/^gmina /u, '')),
  };
}

/** Fill in the voivodeship of localities and gminas from the gazetteer, given the document's regions. */
export function assignVoivodeships(places: PlaceMention[], gazetteer: Gazetteer = defaultGazetteer()): void {
  const ctx = placeContext(places);
  // Localities that resolve unambiguously add their voivodeship to the context of the others.
  const known = new Set(ctx.voivodeships);
  for (const p of places) {
    if (p.kind !== 'locality' && p.kind !== 'district') continue;
    const e = gazetteer.resolve(p.name, ctx);
    if (e?.voivodeship) known.add(e.voivodeship);
  }
  const wide = { ...ctx, voivodeships: [...known] };
  for (const p of places) {
    if (p.voivodeship) continue;
    if (p.kind === 'locality' || p.kind === 'district') {
      // Ambiguous names settle on the voivodeship of the document's other places too.
      const entry = gazetteer.resolve(p.name, ctx) ?? gazetteer.resolve(p.name, wide);
      // A village of that name elsewhere (GeoNames lists few of the many same-named villages) is
      // not this one when the document names its region.
      const elsewhere = entry && ctx.voivodeships.length > 0 && !ctx.voivodeships.includes(entry.voivodeship) && entry.population < 2_000;
      p.voivodeship = entry && !elsewhere ? entry.voivodeship : '';
    } else if (p.kind === 'gmina') {
      const name = p.name.replace(/^gmina /u, '');
      p.voivodeship = gazetteer.resolve(name, wide)?.voivodeship ?? '';
    }
  }
  // A place the gazetteer does not know lies, most likely, in the document's only voivodeship.
  if (ctx.voivodeships.length === 1) {
    for (const p of places) if (!p.voivodeship && p.kind !== 'country') p.voivodeship = ctx.voivodeships[0];
  }
}
