import { describe, expect, it } from 'vitest';
import { decodeText, LoadError, normalizeText } from '../../src/load/decode.js';
import { toCp1250, toIso88592 } from './encodings.js';

const POLISH_TEXT = 'Zażółć gęślą jaźń. ŚWIĘTOKRZYSKA EKONOMIA SPOŁECZNA: Łódź, Źródła, Ąą Żż.';

/** How the external scorer reads a file: UTF-8, BOM stripped, CRLF/CR -> LF. */
const scorerText = (bytes: Buffer) => bytes.toString('utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');

describe('decodeText', () => {
  it('decodes UTF-8 as is', () => {
    expect(decodeText(Buffer.from(POLISH_TEXT), 'a.txt')).toEqual({ text: POLISH_TEXT, encoding: 'utf-8' });
  });

  it('strips a UTF-8 byte-order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(POLISH_TEXT)]);
    expect(decodeText(bytes, 'a.txt')).toEqual({ text: POLISH_TEXT, encoding: 'utf-8' });
  });

  it('turns CRLF and CR into LF', () => {
    expect(decodeText(Buffer.from('Łódź\r\nKielce\rŁomża\n'), 'a.txt').text).toBe('Łódź\nKielce\nŁomża\n');
  });

  it('detects Windows-1250 from its bytes', () => {
    const text = `${POLISH_TEXT} „Ja-Ty-My” – spółdzielnia`;
    const bytes = toCp1250(text);
    expect(new TextDecoder('windows-1250').decode(bytes)).toBe(text); // The test bytes are right.
    expect(decodeText(bytes, 'a.txt')).toEqual({ text, encoding: 'windows-1250' });
  });

  it('detects ISO-8859-2 from its bytes', () => {
    const bytes = toIso88592(POLISH_TEXT);
    expect(new TextDecoder('iso-8859-2').decode(bytes)).toBe(POLISH_TEXT);
    expect(decodeText(bytes, 'a.txt')).toEqual({ text: POLISH_TEXT, encoding: 'iso-8859-2' });
  });

  it('tells the two apart on letters alone, without typography', () => {
    expect(decodeText(toCp1250('Gmina się rozwija, a ludzie są zadowoleni'), 'a.txt').encoding).toBe('windows-1250');
    expect(decodeText(toIso88592('Gmina się rozwija, a ludzie są zadowoleni'), 'a.txt').encoding).toBe('iso-8859-2');
  });

  it('honours a declared single-byte charset when the bytes are not UTF-8', () => {
    const bytes = Buffer.from([0x74, 0x72, 0xe8, 0x73]); // "très" in Windows-1252
    expect(decodeText(bytes, 'a.html', { declaredCharset: 'windows-1252' })).toEqual({ text: 'très', encoding: 'windows-1252' });
    // A Polish page mislabelled as Latin-1 still reads as Polish.
    expect(decodeText(toCp1250('Spółdzielnia socjalna w Łodzi'), 'a.html', { declaredCharset: 'iso-8859-1' }).text)
      .toBe('Spółdzielnia socjalna w Łodzi');
  });

  it('reads UTF-8 with a single broken byte as UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('Spółdzielnie socjalne w Łodzi, Łomży, Kielcach i Poznaniu są ważne '), Buffer.from([0xff]), Buffer.from(' ok.')]);
    const { text, encoding } = decodeText(bytes, 'a.txt');
    expect(encoding).toMatch(/^utf-8 \(1 invalid byte sequence replaced\)$/);
    expect(text).toBe(scorerText(bytes));
  });

  it('refuses binary content', () => {
    expect(() => decodeText(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), 'a.txt')).toThrow(/binary file, not text \(NUL byte at 4\)/);
    const controls = Buffer.from('ab\u0001\u0002\u0003\u0004cd\u0005\u0006');
    expect(() => decodeText(controls, 'a.txt')).toThrow(/binary file/);
  });

  it('names the byte it cannot decode', () => {
    const bytes = Buffer.from([...Buffer.from('Raport '), 0x98, ...Buffer.from(' koniec')]);
    let error: unknown;
    try { decodeText(bytes, 'x.txt'); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(LoadError);
    expect((error as LoadError).source).toBe('x.txt');
    expect((error as LoadError).reason).toBe('not UTF-8, Windows-1250 or ISO-8859-2 (byte 0x98 at 7)');
  });

  it('decodes UTF-16 with a byte-order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Łódź', 'utf16le')]);
    expect(decodeText(bytes, 'a.txt')).toEqual({ text: 'Łódź', encoding: 'utf-16le' });
  });

  it('keeps every offset of a UTF-8 file as the scorer reads it', () => {
    const raw = '\uFEFFTytuł\r\n\tWizyta\u00a0studyjna\u2009w Łomży \u00adsoft\u200bzero  dwie spacje   \r\nKoniec\u202f.';
    const bytes = Buffer.from(raw);
    const { text } = decodeText(bytes, 'a.txt');
    const reference = scorerText(bytes);
    expect(text.length).toBe(reference.length);
    for (let i = 0; i < text.length; i++) {
      // Same character, or an odd space turned into a plain one.
      if (text[i] !== reference[i]) expect([text[i], /\s/.test(reference[i])]).toEqual([' ', true]);
    }
    expect(text).toContain('Wizyta studyjna w Łomży');
  });
});

describe('normalizeText', () => {
  it('fully normalises extracted text (HTML): NFC, invisibles removed, spaces collapsed, lines trimmed', () => {
    const raw = ' Spo\u0301\u0142\u00addzielnia\u200b  socjalna\u00a0 \r\n\t„Incepcja”  \u2003 \n';
    expect(normalizeText(raw, { preserveOffsets: false })).toBe('Spółdzielnia socjalna\n„Incepcja”');
  });

  it('with preserveOffsets changes no length but line breaks', () => {
    const raw = 'Spo\u0301\u0142ka\u00a0\tz o.o.\u00ad';
    const out = normalizeText(raw, { preserveOffsets: true });
    expect(out).toBe('Spo\u0301\u0142ka  z o.o.\u00ad');
  });
});
