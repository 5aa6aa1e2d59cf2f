/**
 * Reader for Morfologik's binary morphological dictionaries (CFSA2 automaton,
 * as shipped in morfologik-polish: PoliMorf 2.1, ~4.8 million form/lemma/tag
 * entries in a 2.8 MB file).
 *
 * Each path through the automaton spells `form SEP encodedLemma SEP tags`.
 * The encoded lemma is a few code bytes (how many bytes to cut from the form)
 * followed by bytes to append; the layout depends on `fsa.dict.encoder` in the
 * `.info` file next to the `.dict`. Tags that share a lemma are joined by `+`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Reading {
  lemma: string;
  tag: string;
}

export type LemmaEncoder = 'SUFFIX' | 'PREFIX' | 'INFIX' | 'NONE';

export interface DictionaryInfo {
  separator: string;
  encoding: string;
  encoder: LemmaEncoder;
  /** All `key=value` pairs of the `.info` file, as read. */
  properties: Record<string, string>;
}

interface TagCacheEntry {
  bytes: Uint8Array;
  parts: string[];
}

export class DictionaryFormatError extends Error {
  override name = 'DictionaryFormatError';
}

export class DictionaryMissingError extends Error {
  override name = 'DictionaryMissingError';
  constructor(readonly path: string) {
    super(
      `Polish dictionary not found at ${path}. Run \`npm run build\` (it extracts it from ` +
        '/usr/share/java/morfologik-polish.jar; install that with ' +
        '`apt-get install libmorfologik-stemming2-java`), or set RAPORTY_DICT to a polish.dict file.',
    );
  }
}

// CFSA2 arc flag bits; the low five bits index the label table (0 = explicit label byte).
const BIT_TARGET_NEXT = 0x80;
const BIT_LAST_ARC = 0x40;
const BIT_FINAL_ARC = 0x20;
const LABEL_INDEX_MASK = 0x1f;
const CFSA2_VERSION = 0xc6;
const FLAG_NUMBERS = 1 << 8;
// A code byte equal to 'A' - 1 (mod 256) means "drop the whole form".
const REMOVE_EVERYTHING = 255;
const TAG_ALTERNATIVE = 0x2b; // '+'

// Values stated by the polish.info shipped with morfologik-polish 2.1.
const POLISH_INFO_DEFAULTS = { separator: ';', encoding: 'UTF-8', encoder: 'PREFIX' as LemmaEncoder };

export function parseInfo(text: string): DictionaryInfo {
  const properties: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    properties[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  const encoder = (properties['fsa.dict.encoder'] ?? POLISH_INFO_DEFAULTS.encoder).toUpperCase();
  if (encoder !== 'SUFFIX' && encoder !== 'PREFIX' && encoder !== 'INFIX' && encoder !== 'NONE') {
    throw new DictionaryFormatError(`unsupported fsa.dict.encoder: ${encoder}`);
  }
  const separator = properties['fsa.dict.separator'] ?? POLISH_INFO_DEFAULTS.separator;
  if (separator.length !== 1 || separator.charCodeAt(0) > 0x7f) {
    throw new DictionaryFormatError(`unsupported fsa.dict.separator: ${JSON.stringify(separator)}`);
  }
  const encoding = properties['fsa.dict.encoding'] ?? POLISH_INFO_DEFAULTS.encoding;
  if (!/^utf-?8$/i.test(encoding)) {
    throw new DictionaryFormatError(`unsupported fsa.dict.encoding: ${encoding}`);
  }
  return { separator, encoding, encoder, properties };
}

export class Dictionary {
  readonly info: DictionaryInfo;
  private readonly arcs: Buffer;
  private readonly labels: Uint8Array;
  private readonly hasNumbers: boolean;
  private readonly root: number;
  private readonly sep: number;
  private readonly codeBytes: number;

  // Scratch space reused by every lookup, so the hot path allocates only results.
  private formBuf = Buffer.allocUnsafe(256);
  private seqBuf = Buffer.allocUnsafe(512);
  private lemmaBuf = Buffer.allocUnsafe(512);
  private stack = new Int32Array(512);
  // Tag strings repeat endlessly; cache their split form by a hash of their bytes.
  private readonly tagCache = new Map<number, TagCacheEntry[]>();
  // The root has one arc per first byte; index it instead of scanning.
  private readonly rootArcs = new Int32Array(256).fill(-1);

  constructor(data: Buffer, info: DictionaryInfo = parseInfo('')) {
    if (data.length < 8 || data.toString('latin1', 0, 4) !== '\\fsa') {
      throw new DictionaryFormatError('not a Morfologik FSA file (missing \\fsa header)');
    }
    if (data[4] !== CFSA2_VERSION) {
      throw new DictionaryFormatError(`unsupported FSA version 0x${data[4].toString(16)} (only CFSA2, 0xC6)`);
    }
    const flags = data.readUInt16BE(5);
    const labelCount = data[7];
    this.labels = Uint8Array.from(data.subarray(8, 8 + labelCount));
    this.arcs = data.subarray(8 + labelCount);
    this.hasNumbers = (flags & FLAG_NUMBERS) !== 0;
    this.info = info;
    this.sep = info.separator.charCodeAt(0);
    this.codeBytes = { SUFFIX: 1, PREFIX: 2, INFIX: 3, NONE: 0 }[info.encoder];
    // Node 0 holds a single arc leading to the real root.
    this.root = this.target(this.firstArc(0));
    for (let arc = this.firstArc(this.root); ; arc = this.skipArc(arc)) {
      this.rootArcs[this.label(arc)] = arc;
      if ((this.arcs[arc] & BIT_LAST_ARC) !== 0) break;
    }
  }

  /** Reads a `.dict` file and the `.info` file beside it (if present). */
  static fromFile(path: string): Dictionary {
    if (!existsSync(path)) throw new DictionaryMissingError(path);
    const infoPath = path.replace(/\.dict$/, '') + '.info';
    const info = existsSync(infoPath) ? parseInfo(readFileSync(infoPath, 'utf8')) : parseInfo('');
    return new Dictionary(readFileSync(path), info);
  }

  /** Exact, case-sensitive lookup; one reading per (lemma, tag). */
  lookup(form: string): Reading[] {
    const n = this.encodeForm(form);
    if (n <= 0) return [];
    const arcs = this.arcs;
    const sep = this.sep;
    const fb = this.formBuf;
    if (fb[0] === sep) return [];
    const first = this.rootArcs[fb[0]];
    if (first < 0) return [];
    let node = this.target(first);
    for (let i = 1; i <= n && node !== 0; i++) {
      const b = i < n ? fb[i] : sep;
      if (i < n && b === sep) return [];
      let arc = this.firstArc(node);
      for (;;) {
        const idx = arcs[arc] & LABEL_INDEX_MASK;
        if ((idx !== 0 ? this.labels[idx] : arcs[arc + 1]) === b) break;
        if ((arcs[arc] & BIT_LAST_ARC) !== 0) return [];
        arc = this.skipArc(arc);
      }
      node = this.target(arc);
    }
    if (node === 0) return [];
    // Every path below the separator is one `encodedLemma SEP tags` sequence.
    const out: Reading[] = [];
    let stack = this.stack;
    let top = 0;
    stack[0] = this.firstArc(node);
    while (top >= 0) {
      const arc = stack[top];
      if (top >= this.seqBuf.length) this.growSeq();
      this.seqBuf[top] = this.label(arc);
      if ((arcs[arc] & BIT_FINAL_ARC) !== 0) this.emit(form, n, top + 1, out);
      const t = this.target(arc);
      stack[top] = (arcs[arc] & BIT_LAST_ARC) !== 0 ? -1 : this.skipArc(arc);
      if (t !== 0) {
        if (++top >= stack.length) {
          const bigger = new Int32Array(stack.length * 2);
          bigger.set(stack);
          this.stack = stack = bigger;
        }
        stack[top] = this.firstArc(t);
      } else {
        while (top >= 0 && stack[top] === -1) top--;
      }
    }
    return out;
  }

  /**
   * Every (form, lemma, tag) in the dictionary, `+`-joined tags expanded.
   * Meant for build-time processing; order is the automaton's (byte-sorted).
   * Uses its own buffers, so lookup() may be called while iterating.
   */
  *entries(): Generator<{ form: string; lemma: string; tag: string }> {
    const arcs = this.arcs;
    let seq = Buffer.allocUnsafe(512);
    let stack = new Int32Array(512);
    let top = 0;
    stack[0] = this.firstArc(this.root);
    while (top >= 0) {
      const arc = stack[top];
      if (top >= seq.length) {
        const bigger = Buffer.allocUnsafe(seq.length * 2);
        seq.copy(bigger);
        seq = bigger;
      }
      seq[top] = this.label(arc);
      if ((arcs[arc] & BIT_FINAL_ARC) !== 0) {
        const entries = this.decodeEntry(seq, top + 1);
        for (const e of entries) yield e;
      }
      const t = this.target(arc);
      stack[top] = (arcs[arc] & BIT_LAST_ARC) !== 0 ? -1 : this.skipArc(arc);
      if (t !== 0) {
        if (++top >= stack.length) {
          const bigger = new Int32Array(stack.length * 2);
          bigger.set(stack);
          stack = bigger;
        }
        stack[top] = this.firstArc(t);
      } else {
        while (top >= 0 && stack[top] === -1) top--;
      }
    }
  }

  // --- automaton primitives ---------------------------------------------

  private firstArc(node: number): number {
    return this.hasNumbers ? this.skipVInt(node) : node;
  }

  private label(arc: number): number {
    const idx = this.arcs[arc] & LABEL_INDEX_MASK;
    return idx !== 0 ? this.labels[idx] : this.arcs[arc + 1];
  }

  private skipVInt(offset: number): number {
    while (this.arcs[offset++] & 0x80);
    return offset;
  }

  private skipArc(arc: number): number {
    const flag = this.arcs[arc++];
    if ((flag & LABEL_INDEX_MASK) === 0) arc++;
    if ((flag & BIT_TARGET_NEXT) === 0) arc = this.skipVInt(arc);
    return arc;
  }

  /** Node the arc leads to; 0 when the arc ends every path through it. */
  private target(arc: number): number {
    const arcs = this.arcs;
    const flag = arcs[arc];
    if ((flag & BIT_TARGET_NEXT) !== 0) {
      // Target is serialized right after the current node's last arc.
      while ((arcs[arc] & BIT_LAST_ARC) === 0) arc = this.skipArc(arc);
      return this.skipArc(arc);
    }
    let p = arc + ((flag & LABEL_INDEX_MASK) === 0 ? 2 : 1);
    let value = 0;
    let shift = 0;
    for (;;) {
      const b = arcs[p++];
      value |= (b & 0x7f) << shift;
      if (b < 0x80) return value;
      shift += 7;
    }
  }

  private growSeq(): void {
    const bigger = Buffer.allocUnsafe(this.seqBuf.length * 2);
    this.seqBuf.copy(bigger);
    this.seqBuf = bigger;
  }

  /** UTF-8 of `form` into formBuf; returns byte length. */
  private encodeForm(form: string): number {
    if (form.length * 3 > this.formBuf.length) this.formBuf = Buffer.allocUnsafe(form.length * 3 + 16);
    const buf = this.formBuf;
    let n = 0;
    for (let i = 0; i < form.length; i++) {
      const c = form.charCodeAt(i);
      if (c < 0x80) buf[n++] = c;
      else if (c < 0x800) {
        buf[n++] = 0xc0 | (c >> 6);
        buf[n++] = 0x80 | (c & 0x3f);
      } else {
        // Rare outside the BMP; let Buffer handle surrogates correctly.
        return buf.write(form, 0, 'utf8');
      }
    }
    return n;
  }

  /**
   * Builds the lemma bytes from `src` (form bytes) and the code bytes at
   * seq[start..end) into lemmaBuf; returns length, or -1 when the lemma
   * equals the form.
   */
  private decodeLemma(src: Buffer, srcStart: number, srcLen: number, seq: Buffer, start: number, end: number): number {
    let keepFrom = 0;
    let keepTo = srcLen;
    let gapFrom = 0;
    let gapTo = 0;
    switch (this.info.encoder) {
      case 'SUFFIX': {
        let k = (seq[start] - 0x41) & 0xff;
        if (k === REMOVE_EVERYTHING) k = srcLen;
        keepTo = srcLen - k;
        break;
      }
      case 'PREFIX': {
        let p = (seq[start] - 0x41) & 0xff;
        let k = (seq[start + 1] - 0x41) & 0xff;
        if (p === REMOVE_EVERYTHING || k === REMOVE_EVERYTHING) {
          p = srcLen;
          k = 0;
        }
        keepFrom = p;
        keepTo = srcLen - k;
        break;
      }
      case 'INFIX': {
        let x = (seq[start] - 0x41) & 0xff;
        let l = (seq[start + 1] - 0x41) & 0xff;
        let k = (seq[start + 2] - 0x41) & 0xff;
        if (l === REMOVE_EVERYTHING || k === REMOVE_EVERYTHING) {
          x = 0;
          l = srcLen;
          k = 0;
        }
        gapFrom = x;
        gapTo = x + l;
        keepTo = srcLen - k;
        break;
      }
      case 'NONE':
        keepTo = 0;
        break;
    }
    const suffixStart = start + this.codeBytes;
    const suffixLen = end - suffixStart;
    if (keepFrom === 0 && keepTo === srcLen && gapFrom === gapTo && suffixLen === 0) return -1;
    const need = srcLen + suffixLen;
    if (need > this.lemmaBuf.length) this.lemmaBuf = Buffer.allocUnsafe(need * 2);
    // Plain loops: these runs are a few bytes, too short for Buffer#copy to pay off.
    const out = this.lemmaBuf;
    let n = 0;
    if (gapFrom !== gapTo) {
      for (let i = 0; i < gapFrom; i++) out[n++] = src[srcStart + i];
      for (let i = gapTo; i < keepTo; i++) out[n++] = src[srcStart + i];
    } else {
      for (let i = keepFrom; i < keepTo; i++) out[n++] = src[srcStart + i];
    }
    for (let i = suffixStart; i < end; i++) out[n++] = seq[i];
    return n;
  }

  /** Whole-tag alternatives spelled by seq[start..end), deduplicated. */
  private tagsAt(seq: Buffer, start: number, end: number): string[] {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ seq[i], 0x01000193);
    let bucket = this.tagCache.get(h);
    if (bucket !== undefined) {
      outer: for (const entry of bucket) {
        const bytes = entry.bytes;
        if (bytes.length !== end - start) continue;
        for (let i = 0; i < bytes.length; i++) if (bytes[i] !== seq[start + i]) continue outer;
        return entry.parts;
      }
    } else {
      bucket = [];
      this.tagCache.set(h, bucket);
    }
    const parts = [...new Set(seq.toString('latin1', start, end).split(String.fromCharCode(TAG_ALTERNATIVE)))];
    bucket.push({ bytes: Uint8Array.from(seq.subarray(start, end)), parts });
    return parts;
  }

  /** First `sep` in seq[from..end), or -1. */
  private findSep(seq: Buffer, from: number, end: number): number {
    for (let i = from; i < end; i++) if (seq[i] === this.sep) return i;
    return -1;
  }

  /** seqBuf[0..len) = encodedLemma SEP tags, for the looked-up form. */
  private emit(form: string, formLen: number, len: number, out: Reading[]): void {
    const seq = this.seqBuf;
    const tagSep = this.findSep(seq, this.codeBytes, len);
    if (tagSep < 0) return;
    const lemmaLen = this.decodeLemma(this.formBuf, 0, formLen, seq, 0, tagSep);
    const lemma = lemmaLen < 0 ? form : this.lemmaBuf.toString('utf8', 0, lemmaLen);
    const tags = this.tagsAt(seq, tagSep + 1, len);
    for (const tag of tags) {
      let dup = false;
      for (const r of out) {
        if (r.tag === tag && r.lemma === lemma) {
          dup = true;
          break;
        }
      }
      if (!dup) out.push({ lemma, tag });
    }
  }

  /** seq[0..len) = form SEP encodedLemma SEP tags. */
  private decodeEntry(seq: Buffer, len: number): Array<{ form: string; lemma: string; tag: string }> {
    const formEnd = this.findSep(seq, 0, len);
    if (formEnd < 0) return [];
    const tagSep = this.findSep(seq, formEnd + 1 + this.codeBytes, len);
    if (tagSep < 0) return [];
    const form = seq.toString('utf8', 0, formEnd);
    const lemmaLen = this.decodeLemma(seq, 0, formEnd, seq, formEnd + 1, tagSep);
    const lemma = lemmaLen < 0 ? form : this.lemmaBuf.toString('utf8', 0, lemmaLen);
    return this.tagsAt(seq, tagSep + 1, len).map((tag) => ({ form, lemma, tag }));
  }
}

/** Folder holding package.json, from src/lang/pl (tests) or dist/lang/pl (built). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${dirname(fileURLToPath(import.meta.url))}`);
    dir = up;
  }
}

/** Path the default dictionary is read from (RAPORTY_DICT when it names a .dict). */
export function defaultDictionaryPath(): string {
  const env = process.env.RAPORTY_DICT;
  if (env && env.endsWith('.dict')) return resolve(env);
  return join(projectRoot(), 'resources', 'dictionary', 'polish.dict');
}

let cached: Dictionary | undefined;

/** The Polish dictionary, loaded once per process. */
export function defaultDictionary(): Dictionary {
  if (cached === undefined) {
    const path = defaultDictionaryPath();
    if (!existsSync(path)) throw new DictionaryMissingError(path);
    cached = Dictionary.fromFile(path);
  }
  return cached;
}
