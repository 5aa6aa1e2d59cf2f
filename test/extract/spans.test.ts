import { describe, expect, it } from 'vitest';
import { isOpeningQuote } from '../../src/extract/spans.js';
import { segment } from '../../src/segment/index.js';
import { extractRecord } from '../../src/extract/index.js';

describe('quotation marks', () => {
  it('knows the opening marks of every quote style, and only single characters', () => {
    for (const open of ['„', '"', '«', '»', '\'', '‘']) expect(isOpeningQuote(open), open).toBe(true);
    // Words that name properties of plain objects are no quotation marks.
    for (const word of ['constructor', 'toString', '__proto__', 'Fundacja']) expect(isOpeningQuote(word), word).toBe(false);
  });

  it('extracts a report that uses such words', () => {
    const text = 'Konstrukcja constructor toString\nFundacja „Razem” w Kielcach zatrudnia konstruktorów.';
    const record = extractRecord(segment({ source: '/tmp/spans-test.txt', title: '', publishedAt: null, text, encoding: 'utf-8', format: 'text' }));
    expect(record.organizations.map((o) => o.name)).toContain('Fundacja Razem');
  });
});
