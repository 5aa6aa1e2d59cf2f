// Output of `raporty query`: JSON by default, ndjson, CSV, or an aligned table for a terminal
// (the options sqlite-utils gives: --nl, --csv, --table).

export type OutputFormat = 'table' | 'json' | 'csv' | 'ndjson';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv', 'ndjson'];

export interface FormatOptions {
  /** Table width to fit; defaults to the terminal's (`out.columns`), else unbounded. */
  width?: number;
  /** Longer table cells are cut with "…". */
  maxCellWidth?: number;
}

const MAX_CELL_WIDTH = 60;
/** A column is not shrunk below this to fit the terminal, so it stays readable. */
const MIN_COLUMN_WIDTH = 8;
const COLUMN_GAP = '  ';
/** Output is written in pieces of about this many characters rather than per row. */
const CHUNK = 64 * 1024;

export function formatRows(rows: readonly object[], format: OutputFormat, out: NodeJS.WritableStream,
  options: FormatOptions = {}): void {
  const writer = chunkedWriter(out);
  switch (format) {
    case 'json':
      // One row per line, so the array still reads (and greps) line by line.
      writer.write('[');
      rows.forEach((row, i) => writer.write(`${i === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`));
      writer.write(rows.length > 0 ? '\n]\n' : ']\n');
      break;
    case 'ndjson':
      for (const row of rows) writer.write(`${JSON.stringify(row)}\n`);
      break;
    case 'csv': {
      const columns = columnsOf(rows);
      if (columns.length === 0) break;
      // RFC 4180: CRLF line ends, fields quoted when they hold a quote, comma or line break.
      writer.write(`${columns.map(csvField).join(',')}\r\n`);
      for (const row of rows) {
        writer.write(`${columns.map((c) => csvField(cellText(valueOf(row, c)))).join(',')}\r\n`);
      }
      break;
    }
    case 'table':
      for (const line of tableLines(rows, options.width ?? terminalWidth(out), options.maxCellWidth ?? MAX_CELL_WIDTH)) {
        writer.write(`${line}\n`);
      }
      break;
    default:
      throw new Error(`unknown output format "${String(format)}": use one of ${OUTPUT_FORMATS.join(', ')}`);
  }
  writer.flush();
}

/** Aligned columns: numbers to the right, text to the left, cut to fit `width`. */
export function tableLines(rows: readonly object[], width = Infinity, maxCellWidth = MAX_CELL_WIDTH): string[] {
  const columns = columnsOf(rows);
  if (columns.length === 0) return [];
  const cells = rows.map((row) => columns.map((c) => oneLine(cellText(valueOf(row, c)))));
  const numeric = columns.map((c) => rows.every((row) => {
    const v = valueOf(row, c);
    return v === null || v === undefined || typeof v === 'number' || typeof v === 'bigint';
  }));
  const widths = columns.map((c, i) => Math.min(maxCellWidth,
    cells.reduce((w, r) => Math.max(w, displayWidth(r[i])), displayWidth(c))));
  fitWidths(widths, width - COLUMN_GAP.length * (columns.length - 1));

  const line = (values: string[], rightAlign: boolean[]): string => values
    .map((v, i) => pad(truncate(v, widths[i]), widths[i], rightAlign[i]))
    .join(COLUMN_GAP).trimEnd();
  return [
    line(columns, numeric),
    widths.map((w) => '-'.repeat(w)).join(COLUMN_GAP),
    ...cells.map((r) => line(r, numeric)),
  ];
}

// Columns a terminal shows: a grapheme cluster is one column ("ą" may be "a" + a combining
// ogonek, two UTF-16 units), East Asian wide characters and emoji are two.
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const { segment } of graphemes.segment(text)) width += graphemeWidth(segment);
  return width;
}

/** Cuts `text` to `width` columns, ending with "…" when anything was cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = graphemeWidth(segment);
    if (used + w > width - 1) break;
    kept += segment;
    used += w;
  }
  return `${kept}…`;
}

function graphemeWidth(grapheme: string): number {
  const cp = grapheme.codePointAt(0) ?? 0;
  return isWide(cp) ? 2 : 1;
}

function isWide(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3)
    || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60)
    || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd);
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

/** Narrows the widest columns, one column at a time, until they fit. */
function fitWidths(widths: number[], available: number): void {
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > available) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest] <= MIN_COLUMN_WIDTH) return;
    widths[widest] -= 1;
    total -= 1;
  }
}

function terminalWidth(out: NodeJS.WritableStream): number {
  const columns = (out as { columns?: unknown }).columns;
  return typeof columns === 'number' && columns > 0 ? columns : Infinity;
}

/** Keys in order of first appearance, so rows of different shapes still share a header. */
function columnsOf(rows: readonly object[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

function valueOf(row: object, column: string): unknown {
  return (row as Record<string, unknown>)[column];
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Line breaks and tabs in a paragraph would break the table's rows. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function chunkedWriter(out: NodeJS.WritableStream) {
  let buffer = '';
  return {
    write(text: string): void {
      buffer += text;
      if (buffer.length >= CHUNK) this.flush();
    },
    flush(): void {
      if (buffer.length > 0) out.write(buffer);
      buffer = '';
    },
  };
}
