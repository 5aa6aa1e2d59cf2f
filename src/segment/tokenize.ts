// Words, numbers and punctuation of a stretch of the document, by one left-to-right scan.
import type { Token } from '../schema.js';

const LETTER = /[\p{L}\p{M}]/u;
const UPPER = /\p{Lu}/u;

/** Letters of any script, with combining marks (decomposed text keeps its accents). */
export function isLetter(code: number): boolean {
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
  // Latin-1 and Latin Extended-A (all Polish letters), without × and ÷.
  if (code >= 0xc0 && code <= 0x17f) return code !== 0xd7 && code !== 0xf7;
  if (code < 0xc0) return code === 0xaa || code === 0xb5 || code === 0xba;
  return LETTER.test(String.fromCharCode(code));
}

export function isUpper(code: number): boolean {
  if (code < 0x80) return code >= 0x41 && code <= 0x5a;
  return UPPER.test(String.fromCharCode(code));
}

export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Whitespace within a line (a newline ends the paragraph, so it is not counted here). */
export function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0b || code === 0x0c
    || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a)
    || code === 0x202f || code === 0x205f || code === 0x3000;
}

/** Hyphen and apostrophe forms kept inside a word: "Ja-Ty-My", "Pop’n’art". */
function isWordJoiner(code: number): boolean {
  return code === 0x2d || code === 0x2010 || code === 0x2011 // - ‐ ‑
    || code === 0x27 || code === 0x2019 || code === 0x2bc; // ' ’ ʼ
}

/** Soft hyphen and zero-width characters: kept in the text (offsets), invisible inside a word. */
function isInvisible(code: number): boolean {
  return code === 0xad || (code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff;
}

const isWordChar = (code: number) => isLetter(code) || isDigit(code);

/**
 * Tokens of text[start, end), offsets absolute into text. A word starts with a letter and runs
 * on through letters and digits ("B2B"), across one hyphen or apostrophe between them
 * ("Miejsko-Gminny", "COVID-19"); a number is digits with single dots or commas between digits
 * ("12.05.2017", "1,5"); every other visible character is a punctuation token of its own
 * ("2017r." -> "2017", "r", ".").
 */
export function tokenize(text: string, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  let i = Math.max(0, start);
  const stop = Math.min(end, text.length);
  while (i < stop) {
    const code = text.charCodeAt(i);
    if (isSpace(code) || code === 0x0a || isInvisible(code)) { i++; continue; }
    const from = i;
    if (isLetter(code)) {
      i++;
      while (i < stop) {
        const c = text.charCodeAt(i);
        if (isWordChar(c)) i++;
        else if ((isWordJoiner(c) || isInvisible(c)) && i + 1 < stop && isWordChar(text.charCodeAt(i + 1))) i += 2;
        else break;
      }
      tokens.push({ text: text.slice(from, i), start: from, end: i, kind: 'word' });
    } else if (isDigit(code)) {
      i++;
      while (i < stop) {
        const c = text.charCodeAt(i);
        if (isDigit(c)) i++;
        else if ((c === 0x2e || c === 0x2c) && i + 1 < stop && isDigit(text.charCodeAt(i + 1))) i += 2;
        else break;
      }
      tokens.push({ text: text.slice(from, i), start: from, end: i, kind: 'number' });
    } else {
      // One code point: an emoji or other astral character is two UTF-16 units.
      i += code >= 0xd800 && code <= 0xdbff && i + 1 < stop ? 2 : 1;
      tokens.push({ text: text.slice(from, i), start: from, end: i, kind: 'punct' });
    }
  }
  return tokens;
}
