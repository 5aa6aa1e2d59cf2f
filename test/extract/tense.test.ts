import { describe, expect, it } from 'vitest';
import { speaksOfFuture, tensesIn, type Tense } from '../../src/extract/tense.js';

const PLANNING = new Set(['zaplanować', 'planować']);
const tenses = (text: string) => [...tensesIn(text, 0, text.length, PLANNING)].sort();

describe('tensesIn', () => {
  const CASES: [string, Tense[]][] = [
    ['Kolejny nabór ruszy we wrześniu.', ['future']],
    ['Spotkanie odbędzie się w maju.', ['future']],
    ['Szkolenia będą prowadzone w maju.', ['future']],
    ['Spotkanie zaplanowano na czerwiec.', ['future']],
    ['Spotkanie odbyło się w maju.', ['past']],
    ['Zgłoszenia przyjmuje biuro.', ['present']],
    ['Festyn w parku miejskim.', []],
  ];
  it.each(CASES)('%s', (text, expected) => {
    expect(tenses(text)).toEqual(expected);
  });
});

describe('speaksOfFuture', () => {
  it('follows the clause first, then the sentence', () => {
    expect(speaksOfFuture(new Set(['future']), new Set(['future']), false)).toBe(true);
    expect(speaksOfFuture(new Set(['future', 'past']), new Set(['future', 'past']), false)).toBe(false);
    expect(speaksOfFuture(new Set(), new Set(['future']), false)).toBe(true);
    expect(speaksOfFuture(new Set(), new Set(['present']), false)).toBe(false);
    expect(speaksOfFuture(new Set(), new Set(['present']), true)).toBe(true);
    expect(speaksOfFuture(new Set(), new Set(['present', 'past']), true)).toBe(false);
  });
});
