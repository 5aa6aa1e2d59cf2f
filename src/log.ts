// What the CLI tells the operator on stderr: JSON lines for machines (cron, systemd's journal, or
// `--log-format json`), short text lines and a progress bar for a person at a terminal.
import type { LogEvent, Progress } from './pipeline.js';

export const LOG_FORMATS = ['auto', 'json', 'text'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

const BAR_WIDTH = 24;
/** Redraws at most this often: a bar redrawn per document would cost more than the documents. */
const REDRAW_MS = 100;

export interface Logger {
  log(event: LogEvent): void;
  progress(p: Progress): void;
  /** Clears the bar; call before the last line. */
  done(): void;
}

export function createLogger(format: LogFormat, stream: NodeJS.WriteStream = process.stderr): Logger {
  const json = format === 'json' || (format === 'auto' && !stream.isTTY);
  if (json) {
    return {
      log: (event) => { if (event.level !== 'debug') stream.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`); },
      progress: () => {},
      done: () => {},
    };
  }
  const bar = stream.isTTY ? new ProgressBar(stream) : null;
  return {
    log(event) {
      // At a terminal the bar shows the routine per-document events; warnings and errors print.
      if (event.level === 'debug' || (bar && event.level === 'info' && isPerDocument(event.event))) return;
      bar?.clear();
      stream.write(`${textLine(event)}\n`);
      bar?.redraw();
    },
    progress: (p) => bar?.update(p),
    done: () => bar?.clear(),
  };
}

const PER_DOCUMENT = new Set(['stored', 'replaced', 'unchanged', 'not-modified', 'reprocessed', 'source-started']);
const isPerDocument = (event: string): boolean => PER_DOCUMENT.has(event);

export function textLine(event: LogEvent): string {
  const { level, event: what, source, reason, ...rest } = event;
  const prefix = level === 'error' || level === 'warn' ? `${level}: ` : '';
  const detail = reason !== undefined
    ? `: ${String(reason)}`
    : Object.keys(rest).length ? ` ${Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' ')}` : '';
  return `${prefix}${what} ${String(source ?? '')}${detail}`;
}

class ProgressBar {
  #last: Progress | null = null;
  #drawnAt = 0;
  #visible = false;
  readonly #started = Date.now();

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(p: Progress): void {
    this.#last = p;
    if (Date.now() - this.#drawnAt >= REDRAW_MS || p.done === p.discovered) this.redraw();
  }

  redraw(): void {
    const p = this.#last;
    if (!p) return;
    this.#drawnAt = Date.now();
    const total = Math.max(p.discovered, p.done, 1);
    const filled = Math.round((p.done / total) * BAR_WIDTH);
    const rate = p.done / Math.max((Date.now() - this.#started) / 1000, 0.001);
    const columns = this.stream.columns || 100;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${p.done}/${p.discovered} ` +
      `stored ${p.stored} · unchanged ${p.unchanged} · failed ${p.failed} · ${rate.toFixed(1)}/s ${p.current}`;
    this.stream.write(`\r\x1b[2K${line.slice(0, columns - 1)}`);
    this.#visible = true;
  }

  clear(): void {
    if (this.#visible) this.stream.write('\r\x1b[2K');
    this.#visible = false;
  }
}
