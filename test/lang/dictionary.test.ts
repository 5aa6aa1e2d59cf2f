import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import {
  Dictionary,
  DictionaryFormatError,
  DictionaryMissingError,
  defaultDictionary,
  defaultDictionaryPath,
  parseInfo,
} from '../../src/lang/pl/dictionary.js';
import {
  analyze,
  caseShape,
  casingVariants,
  defaultGuesser,
  defaultGuesserPath,
  Guesser,
  titleCase,
} from '../../src/lang/pl/morphology.js';
import { hasCase, isAdjective, isNoun, parseTag, type Case, type Gender, type Number } from '../../src/lang/pl/tags.js';

const dict = defaultDictionary();

describe('Dictionary.lookup', () => {
  it.each([
    // form, lemma, one of its tags
    ['Łomży', 'Łomża', 'subst:sg:gen:f'],
    ['Łomży', 'Łomża', 'subst:sg:dat:f'],
    ['Łomży', 'Łomża', 'subst:sg:loc:f'],
    ['spółdzielnię', 'spółdzielnia', 'subst:sg:acc:f'],
    ['Plutą', 'Pluta', 'subst:sg:inst:m1'],
    ['plutą', 'pluta', 'subst:sg:inst:f'],
    ['Kielcach', 'Kielce', 'subst:pl:loc:p2'],
    ['łódzkim', 'łódzki', 'adj:sg:inst:m1.m2.m3.n1.n2:pos'],
    ['Białymstoku', 'Białystok', 'subst:sg:loc:m3'],
    ['Końskich', 'Końskie', 'subst:pl:gen:p3'],
    ['Krzysztofa', 'Krzysztof', 'subst:sg:gen:m1'],
    ['Krzysztofa', 'Krzysztofa', 'subst:sg:nom:f'],
    ['Kowalskiej', 'Kowalska', 'subst:sg:gen:f'],
    ['Kowalscy', 'Kowalski', 'subst:pl:nom:m1'],
    ['Łodzi', 'Łódź', 'subst:sg:loc:f'],
    ['Łódź', 'Łódź', 'subst:sg:nom:f'],
    ['Suwałkach', 'Suwałki', 'subst:pl:loc:p3'],
    ['Suwałk', 'Suwałki', 'subst:pl:gen:p2'],
    ['Brzezinach', 'Brzeziny', 'subst:pl:loc:p3'],
    ['Rogowie', 'Rogów', 'subst:sg:loc:m3'],
    ['Marianowie', 'Marianowo', 'subst:sg:loc:n2'],
    ['Marianowie', 'Marianów', 'subst:sg:loc:m3'],
    ['Poznania', 'Poznań', 'subst:sg:gen:m3'],
    ['Wrocławiu', 'Wrocław', 'subst:sg:loc:m3'],
    ['krowami', 'krowa', 'subst:pl:inst:f'],
    ['zamek', 'zamek', 'subst:sg:nom:m3'],
    ['ludzie', 'człowiek', 'subst:pl:nom:m1'],
    ['najlepszy', 'dobry', 'adj:sg:nom.voc:m1.m2.m3:sup'],
    ['byli', 'być', 'verb:praet:pl:m1.p1:ter:imperf:nonrefl'],
    ['a', 'a', 'conj'],
    // lemma code that also cuts a prefix ("naj", "nie")
    ['najładniejszy', 'ładny', 'adj:sg:nom.voc:m1.m2.m3:sup'],
    ['niezrobiony', 'zrobić', 'ppas:sg:nom.voc:m1.m2.m3:perf:neg'],
  ])('%s → %s %s', (form, lemma, tag) => {
    expect(dict.lookup(form)).toContainEqual({ lemma, tag });
  });

  it.each([
    ['Spółdzielnię'], // case-sensitive: only the lower-case form exists
    ['ŁOMŻY'],
    ['Kownatach'],
    ['Tykocinie'],
    ['xyzzyq'],
    [''],
    ['Łomży;'], // the entry separator never matches as part of a word
    ['😀'],
  ])('%j is not in the dictionary', (form) => {
    expect(dict.lookup(form)).toEqual([]);
  });

  it.each([['Końskie'], ['Brzeziny'], ['zamek'], ['byli'], ['Łodzi']])(
    '%s: whole-tag alternatives are split and readings are unique',
    (form) => {
      const readings = dict.lookup(form);
      expect(readings.length).toBeGreaterThan(1);
      for (const r of readings) expect(r.tag).not.toContain('+');
      const keys = readings.map((r) => `${r.lemma}\t${r.tag}`);
      expect(new Set(keys).size).toBe(keys.length);
    },
  );

  it('expands Końskie into both its sg (n2) and pl (n2/p2/p3) readings', () => {
    const tags = dict.lookup('Końskie').map((r) => r.tag);
    expect(tags).toEqual(expect.arrayContaining(['subst:pl:nom:p2', 'subst:pl:nom:p3', 'subst:pl:nom:n2', 'subst:sg:nom:n2']));
  });

  it('handles entries longer than the initial scratch buffers (indeclinable adjectives)', () => {
    const fresh = Dictionary.fromFile(defaultDictionaryPath());
    const readings = fresh.lookup('ladaco');
    expect(readings.length).toBeGreaterThan(40);
    expect(readings).toContainEqual({ lemma: 'ladaco', tag: 'adj:sg:nom.voc:f:pos' });
    expect(fresh.lookup('Łomży')).toEqual(dict.lookup('Łomży'));
  });

  it('entries() agrees with lookup() on a slice of the automaton', () => {
    let n = 0;
    for (const e of dict.entries()) {
      expect(dict.lookup(e.form)).toContainEqual({ lemma: e.lemma, tag: e.tag });
      if (++n === 3000) break;
    }
    expect(n).toBe(3000);
  });

  it('rejects files that are not CFSA2 automata', () => {
    expect(() => new Dictionary(Buffer.from('not a dictionary'))).toThrow(DictionaryFormatError);
    const fsa5 = Buffer.from('\\fsa\x05\x00\x00\x00', 'latin1');
    expect(() => new Dictionary(fsa5)).toThrow(/version 0x5/);
  });

  it('reads separator and encoder from the .info text', () => {
    const info = parseInfo('# c\nfsa.dict.separator=+\nfsa.dict.encoding=UTF-8\nfsa.dict.encoder=SUFFIX\n');
    expect(info).toMatchObject({ separator: '+', encoder: 'SUFFIX' });
    expect(dict.info).toMatchObject({ separator: ';', encoder: 'PREFIX', encoding: 'UTF-8' });
    expect(() => parseInfo('fsa.dict.encoding=ISO-8859-2')).toThrow(DictionaryFormatError);
  });

  it('names the missing path and the fixes', () => {
    expect(() => Dictionary.fromFile('/nonexistent/polish.dict')).toThrow(DictionaryMissingError);
    expect(() => Dictionary.fromFile('/nonexistent/polish.dict')).toThrow(
      /\/nonexistent\/polish\.dict.*npm run build.*libmorfologik-stemming2-java.*RAPORTY_DICT/s,
    );
  });

  it('defaultDictionary() honours RAPORTY_DICT pointing to a .dict', async () => {
    const saved = process.env.RAPORTY_DICT;
    process.env.RAPORTY_DICT = '/nonexistent/elsewhere.dict';
    try {
      vi.resetModules();
      const fresh = await import('../../src/lang/pl/dictionary.js');
      expect(() => fresh.defaultDictionary()).toThrow(/\/nonexistent\/elsewhere\.dict/);
    } finally {
      if (saved === undefined) delete process.env.RAPORTY_DICT;
      else process.env.RAPORTY_DICT = saved;
      vi.resetModules();
    }
  });
});

describe('parseTag', () => {
  it.each<[string, string, Number[], Case[], Gender[], string | undefined]>([
    ['subst:sg:gen:f', 'subst', ['sg'], ['gen'], ['f'], undefined],
    ['subst:pl:loc:p2', 'subst', ['pl'], ['loc'], ['p2'], undefined],
    ['adj:sg:inst:m1.m2.m3.n1.n2:pos', 'adj', ['sg'], ['inst'], ['m1', 'm2', 'm3', 'n1', 'n2'], 'pos'],
    ['adj:sg:nom.voc:m1.m2.m3:sup', 'adj', ['sg'], ['nom', 'voc'], ['m1', 'm2', 'm3'], 'sup'],
    ['adj:pl:dat:m1.m2.m3.f.n1.n2.p1.p2.p3:pos', 'adj', ['pl'], ['dat'], ['m1', 'm2', 'm3', 'f', 'n1', 'n2', 'p1', 'p2', 'p3'], 'pos'],
    ['verb:praet:pl:m1.p1:ter:imperf:nonrefl', 'verb', ['pl'], [], ['m1', 'p1'], undefined],
    ['ppas:sg:nom.voc:f:perf:aff', 'ppas', ['sg'], ['nom', 'voc'], ['f'], undefined],
    ['prep:loc:nwok', 'prep', [], ['loc'], [], undefined],
    ['conj', 'conj', [], [], [], undefined],
    ['adjp', 'adjp', [], [], [], undefined],
  ])('%s', (raw, pos, number, cases, gender, degree) => {
    const t = parseTag(raw);
    expect(t).toMatchObject({ raw, pos, number, case: cases, gender });
    expect(t.degree).toBe(degree);
  });

  it('caches one frozen object per tag', () => {
    const t = parseTag('subst:sg:nom:m3');
    expect(parseTag('subst:sg:nom:m3')).toBe(t);
    expect(Object.isFrozen(t) && Object.isFrozen(t.case)).toBe(true);
  });

  it.each([
    ['subst:sg:nom:m1', true, false],
    ['depr:pl:nom:m2', true, false],
    ['adj:sg:nom.voc:m1.m2.m3:pos', false, true],
    ['adja', false, true],
    ['adjp', false, true],
    ['ppas:sg:nom.voc:f:perf:aff', false, true],
    ['pact:sg:nom.voc:f:imperf:aff', false, true],
    ['ger:sg:nom:n2:imperf:aff', false, false],
    ['verb:fin:sg:ter:imperf:nonrefl', false, false],
  ])('%s: isNoun %s, isAdjective %s', (tag, noun, adjective) => {
    expect(isNoun(tag)).toBe(noun);
    expect(isAdjective(parseTag(tag))).toBe(adjective);
  });

  it.each<[string, Case, boolean]>([
    ['subst:sg:gen:f', 'gen', true],
    ['subst:sg:gen:f', 'loc', false],
    ['adj:sg:nom.voc:m1.m2.m3:pos', 'voc', true],
    ['prep:inst:wok', 'inst', true],
  ])('hasCase(%s, %s) = %s', (tag, c, expected) => {
    expect(hasCase(tag, c)).toBe(expected);
  });
});

describe('analyze: casing', () => {
  it.each([
    ['Białystok', 'capitalised'],
    ['W', 'capitalised'],
    ['ŁOMŻY', 'upper'],
    ['BIELSKO-BIAŁA', 'upper'],
    ['spółdzielnię', 'lower'],
    ['123', 'other'],
  ])('caseShape(%s) = %s', (word, shape) => {
    expect(caseShape(word)).toBe(shape);
  });

  it.each([
    ['Spółdzielnię', ['Spółdzielnię', 'spółdzielnię']],
    ['ŁOMŻY', ['ŁOMŻY', 'Łomży', 'łomży']],
    ['BIELSKO-BIAŁEJ', ['BIELSKO-BIAŁEJ', 'Bielsko-Białej', 'bielsko-białej']],
    ['łomży', ['łomży']],
  ])('casingVariants(%s)', (word, variants) => {
    expect(casingVariants(word)).toEqual(variants);
  });

  it.each([
    ['KIELCE', 'Kielce'],
    ['BIELSKO-BIAŁA', 'Bielsko-Biała'],
    ["O'HARA", "O'Hara"],
    ['ŁÓDŹ', 'Łódź'],
  ])('titleCase(%s) = %s', (word, expected) => {
    expect(titleCase(word)).toBe(expected);
  });

  it.each([
    // word, lemma expected among dictionary readings
    ['Spółdzielnię', 'spółdzielnia'], // sentence-initial common noun
    ['Plutą', 'Pluta'], // surname kept capitalised …
    ['Plutą', 'pluta'], // … next to the common noun
    ['ŁOMŻY', 'Łomża'],
    ['KIELCACH', 'Kielce'],
    ['BIAŁYMSTOKU', 'Białystok'],
    ['W', 'w'],
    ['Łódzkim', 'łódzki'],
    ['Kowalskiej', 'Kowalska'],
    ['Kowalskiej', 'kowalski'],
  ])('%s → %s (not guessed)', (word, lemma) => {
    const result = analyze(word, dict);
    expect(result.map((a) => a.lemma)).toContain(lemma);
    expect(result.every((a) => !a.guessed)).toBe(true);
  });

  it('keeps the case of the tag and dedupes across variants', () => {
    const result = analyze('Łomży', dict);
    const gen = result.find((a) => a.lemma === 'Łomża' && a.tag.raw === 'subst:sg:gen:f');
    expect(gen?.tag.case).toEqual(['gen']);
    const keys = result.map((a) => `${a.lemma}\t${a.tag.raw}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('does not guess for unknown lower-case words, or when told not to', () => {
    expect(analyze('kownatach', dict)).toEqual([]);
    expect(analyze('Kownatach', dict, null)).toEqual([]);
  });
});

describe('guesser', () => {
  const guesser = defaultGuesser();

  it.each([
    // unknown to the dictionary, lemma expected among the guesses, with a tag feature
    ['Kownatach', 'Kownaty', 'loc'],
    ['Mężeninie', 'Mężenin', 'loc'],
    ['Vitasanie', 'Vitasan', 'loc'],
    ['Tykocinie', 'Tykocin', 'loc'],
    ['KOWNATACH', 'Kownaty', 'loc'],
  ])('%s → %s (%s)', (word, lemma, c) => {
    expect(dict.lookup(word)).toEqual([]);
    const result = analyze(word, dict, guesser);
    expect(result.length).toBeGreaterThan(0);
    expect(result.every((a) => a.guessed && isNoun(a.tag))).toBe(true);
    expect(result.some((a) => a.lemma === lemma && hasCase(a.tag, c as Case))).toBe(true);
  });

  it('puts the place reading first for Tykocinie', () => {
    const first = analyze('Tykocinie', dict, guesser)[0];
    expect(first.lemma).toBe('Tykocin');
    expect(first.tag.gender).toEqual(['m3']);
  });

  it.each([
    ['Marianowie', ['Marianowo', 'Marianów', 'Marian']],
    ['Strzałkowie', ['Strzałkowo', 'Strzałków']],
  ])('%s: both the family and the place readings are guessed', (word, lemmas) => {
    const guessed = new Set(guesser.guess(word).map((g) => g.lemma));
    for (const l of lemmas) expect(guessed).toContain(l);
  });

  it('orders guesses by frequency and keeps tags of one lemma together', () => {
    const guesses = guesser.guess('Przybyszewskiego');
    expect(guesses[0]).toMatchObject({ lemma: 'Przybyszewski' });
    expect(guesses.map((g) => g.tag)).toEqual(expect.arrayContaining(['subst:sg:gen:m1', 'subst:sg:acc:m1']));
    const seen: string[] = [];
    for (const g of guesses) if (seen.at(-1) !== g.lemma) seen.push(g.lemma);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('returns nothing for too-short words or unseen endings', () => {
    expect(guesser.guess('Ab')).toEqual([]);
    const tiny = new Guesser({ format: 1, maxEnding: 2, rewrites: ['2:'], tags: ['subst:sg:loc:m3'], endings: { ie: [0, 0, 5] } });
    expect(tiny.guess('Tykocinie')).toEqual([{ lemma: 'Tykocin', tag: 'subst:sg:loc:m3', count: 5 }]);
    expect(tiny.guess('Tykocina')).toEqual([]);
    expect(tiny.guess('Xie')).toEqual([]); // would strip below two letters
  });

  it('is compact and was scored on held-out dictionary names', () => {
    const path = defaultGuesserPath();
    expect(statSync(path).size).toBeLessThan(5 * 1024 * 1024);
    const { evaluation } = JSON.parse(readFileSync(path, 'utf8')) as { evaluation: Record<string, number> };
    expect(evaluation.heldOutReadings).toBeGreaterThan(1000);
    expect(evaluation.lemmaInGuesses).toBeGreaterThan(85);
    expect(evaluation.lemmaTop1).toBeGreaterThan(70);
  });
});
