// Bytes -> text: UTF-8 when the bytes are valid UTF-8, else the Polish legacy code page that
// reads best (Windows-1250 or ISO-8859-2). Binary and undecodable input is a LoadError.

/** A document that cannot be loaded; the caller reports `source: reason` and goes on. */
export class LoadError extends Error {
  readonly source: string;
  readonly reason: string;
  constructor(source: string, reason: string) {
    super(`${source}: ${reason}`);
    this.name = 'LoadError';
    this.source = source;
    this.reason = reason;
  }
}

export interface DecodeOptions {
  /** Charset the document declares (HTML <meta charset>); used when the bytes are not UTF-8. */
  declaredCharset?: string | null;
}

const CONTENT_TYPE_CHARSET = /charset\s*=\s*"?([\w.:-]+)/iu;

/**
 * The charset label in an HTTP Content-Type ("text/html; charset=windows-1250" -> "windows-1250"),
 * as written (decodeText matches labels without regard to case); null when there is none.
 */
export function charsetOfContentType(contentType: string): string | null {
  return CONTENT_TYPE_CHARSET.exec(contentType)?.[1] ?? null;
}

export interface DecodedText {
  text: string;
  /** WHATWG encoding name: 'utf-8', 'windows-1250', 'iso-8859-2', ... */
  encoding: string;
}

/** Above this share of control characters the file is taken as binary, not text. */
export const MAX_CONTROL_SHARE = 0.05;

/** Well-formed multi-byte characters needed per broken sequence to read a file as UTF-8 still. */
const MIN_UTF8_PER_BROKEN_BYTE = 4;
const LEGACY_ENCODINGS = ['windows-1250', 'iso-8859-2'] as const;
// Declared charsets honoured when the bytes are not UTF-8 (single-byte ones only).
const SINGLE_BYTE = /^(windows-125\d|iso-8859-\d+|koi8-[ru])$/;
const POLISH_LETTERS = new Set('ąćęłńóśźżĄĆĘŁŃÓŚŹŻ');
// Typography of Windows code pages (in ISO-8859-2 these bytes are C1 controls).
const TYPOGRAPHY = new Set('„”“‘’–—…•');

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a file's bytes and normalises only what keeps offsets (see NormalizeOptions): mention
 * offsets index into this text, and the scorer checks them against the file read as UTF-8 with
 * just the BOM stripped and CRLF -> LF. HTML text gets the full normalisation after extraction.
 */
export function decodeText(bytes: Buffer, source: string, options: DecodeOptions = {}): DecodedText {
  const decoded = decodeBytes(bytes, source, options.declaredCharset ?? null);
  const controls = countControls(decoded.text);
  if (controls > 0 && controls > decoded.text.length * MAX_CONTROL_SHARE) {
    throw new LoadError(source, `binary file, not text (${controls} control characters in ${decoded.text.length})`);
  }
  return { text: normalizeText(decoded.text, { preserveOffsets: true }), encoding: decoded.encoding };
}

function decodeBytes(bytes: Buffer, source: string, declared: string | null): DecodedText {
  // UTF-16 needs its byte-order mark: without one, its NUL bytes read as binary below.
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith('utf-16le', bytes, source);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith('utf-16be', bytes, source);
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new LoadError(source, `binary file, not text (NUL byte at ${nul})`);
  try {
    // TextDecoder drops a leading UTF-8 byte-order mark itself.
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: maybe UTF-8 with a few broken bytes, else a legacy code page.
  }
  const lenient = mostlyUtf8(bytes);
  if (lenient) return lenient;
  // A declared legacy charset goes first, so it wins ties; the Polish code pages can still
  // outscore it, as pages often declare ISO-8859-1 or ISO-8859-2 while holding Windows-1250.
  const declaredEncoding = encodingOf(declared);
  const candidates: string[] = declaredEncoding !== null && SINGLE_BYTE.test(declaredEncoding)
    ? [declaredEncoding, ...LEGACY_ENCODINGS.filter((e) => e !== declaredEncoding)]
    : [...LEGACY_ENCODINGS];
  let best: DecodedText = { text: '', encoding: '' };
  let bestScore = -Infinity;
  for (const encoding of candidates) {
    const text = new TextDecoder(encoding).decode(bytes);
    const score = legacyScore(text);
    if (score > bestScore) { best = { text, encoding }; bestScore = score; }
  }
  const at = firstC1(best.text);
  if (at >= 0) {
    // Single-byte encodings only, so character index === byte index.
    const hex = bytes[at].toString(16).toUpperCase().padStart(2, '0');
    throw new LoadError(source, `not UTF-8, Windows-1250 or ISO-8859-2 (byte 0x${hex} at ${at})`);
  }
  return best;
}

/**
 * UTF-8 with a few broken bytes (a cut or a bad copy) decodes as UTF-8, the broken bytes as
 * U+FFFD as Node's own reading does. Legacy text read as UTF-8 gives far more U+FFFD than
 * well-formed multi-byte characters, since its letters are lone high bytes.
 */
function mostlyUtf8(bytes: Buffer): DecodedText | null {
  const text = new TextDecoder('utf-8').decode(bytes);
  let replaced = 0;
  let multiByte = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xfffd) replaced++;
    else if (code >= 0x80) multiByte++;
  }
  if (multiByte < MIN_UTF8_PER_BROKEN_BYTE * replaced) return null;
  return { text, encoding: `utf-8 (${replaced} invalid byte sequence${replaced === 1 ? '' : 's'} replaced)` };
}

function decodeWith(encoding: string, bytes: Buffer, source: string): DecodedText {
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding };
  } catch {
    throw new LoadError(source, `starts with a ${encoding.toUpperCase()} byte-order mark but is not valid ${encoding.toUpperCase()}`);
  }
}

function encodingOf(label: string | null): string | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim().toLowerCase()).encoding;
  } catch {
    return null; // A label TextDecoder does not know: detect instead.
  }
}

/** Polish letters and typography count for a decoding, C1 controls heavily against it. */
function legacyScore(text: string): number {
  let score = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    const ch = text[i];
    if (code <= 0x9f) score -= 10;
    else if (POLISH_LETTERS.has(ch)) score += 1;
    else if (TYPOGRAPHY.has(ch)) score += 1;
  }
  return score;
}

function firstC1(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80 && code <= 0x9f) return i;
  }
  return -1;
}

/** C0 controls other than tab, LF, VT, FF, CR; and C1 controls. */
function isControl(code: number): boolean {
  return (code < 0x20 && (code < 0x09 || code > 0x0d)) || code === 0x7f || (code >= 0x80 && code <= 0x9f);
}

function countControls(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) n++;
  return n;
}

// Defined once, not per call; each is a single-character class, so replace() stays linear.
const ODD_SPACES = /[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;
const VERTICAL_BREAKS = /[\u000b\u000c\u2028\u2029]/g;
const INVISIBLES = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
const SPACE_RUNS = / {2,}/g;
const LINE_EDGE_SPACES = / *\n */g;

export interface NormalizeOptions {
  /**
   * Keep every character at its place, so that offsets into the result are offsets into the
   * file as read as UTF-8 with only the BOM stripped and CRLF/CR turned into LF (how the scorer
   * reads it). Only 1:1 replacements then: tab, NBSP and other odd spaces -> space, controls ->
   * space, VT/FF/LS/PS -> LF. Not done: NFC (it shortens decomposed letters), removing soft
   * hyphens and zero-width characters, collapsing spaces, trimming lines. The tokenizer keeps
   * soft hyphens and zero-width characters inside words instead.
   */
  preserveOffsets: boolean;
}

export function normalizeText(text: string, options: NormalizeOptions): string {
  let out = text.startsWith('\ufeff') ? text.slice(1) : text;
  out = out.replace(/\r\n?/g, '\n')
    .replace(ODD_SPACES, ' ')
    .replace(VERTICAL_BREAKS, '\n');
  if (options.preserveOffsets) return out.replace(CONTROLS, ' ');
  return out.normalize('NFC')
    .replace(CONTROLS, '')
    .replace(INVISIBLES, '')
    .replace(SPACE_RUNS, ' ')
    .replace(LINE_EDGE_SPACES, '\n')
    .trim();
}
