// A page's stamp: the short line beside its headline that says when and where it was published
// ("Powiat Raciborski | Aktualności | 28.06.2018", "27.03.2026, 14:20 · Radom i region",
// "wtorek, 11 października 2016 | Region", "Dodał: admin, 29 listopada 2011", a newsletter's
// "Nr 3 (listopad 2010)"). Its date is the page's own, never one the report speaks of: the loader
// takes it as a text file's publication date, and date extraction leaves it out.
import { parseDate } from './html/dates.js';
import { alternation, DATE_PATTERN, TIME_AFTER, YEAR_MARK_AFTER } from './html/patterns.js';
import { dates } from './html/rules.js';

/** A stamp is a short line; running text is longer. */
const MAX_STAMP_CHARS = 120;
/** A stamp stands among a page's first lines: its kicker, headline, lead and byline. */
export const STAMP_LINE_WINDOW = 8;

// Fields are set apart by a bar, a middle dot or a bullet ("19.03.2013, 07:30 · Region"). A
// comma sets apart only the parts of a labelled field ("Dodał: admin, 29 listopada 2011"): a
// dateline ("Kłodzko, 15 maja 2013 r.") dates a press release and is one of its dates.
const FIELD_SEPARATOR = /\s*[|·•]\s*/u;
const PART_SEPARATOR = /,\s+/u;
// "Data: 11.12.2023": a field's label and its colon.
const FIELD_LABEL = /^(\p{L}[\p{L} .]{0,30}?)\s*:\s*/u;
const STAMP_LABELS = new Set([...dates.stampLabels, ...Object.values(dates.labels).flat().map((l) => l.toLowerCase())]);
// A date alone, after its weekday, with "r." and a time after it: "wtorek, 11 października 2016",
// "28.11.2016r.", "27.03.2026, 14:20", "14 listopada 2014 11:20".
const DATE_FIELD = new RegExp(`^(?:(?:${alternation(dates.weekdays)})\\.?,?\\s{1,3})?${DATE_PATTERN}${YEAR_MARK_AFTER}${TIME_AFTER}$`, 'iu');
// A press release's dateline: "Kłodzko, 15 maja 2013 r.", "Gniewkowo, dnia 14 grudnia 2012 r.".
const DATELINE = new RegExp(`^\\p{Lu}[\\p{L} .-]{1,40},\\s{1,3}(?:dnia\\s{1,3})?${DATE_PATTERN}${YEAR_MARK_AFTER}$`, 'u');
const MONTHS = alternation(Object.keys(dates.months));
// A newsletter's issue: "MARZEC 2025" as a field, "(grudzień 2012)" closing the line.
const ISSUE_MONTH = new RegExp(`^(?:${MONTHS})\\s{1,3}\\d{4}$`, 'iu');
const ISSUE_MONTH_CLOSING = new RegExp(`\\((?:${MONTHS})\\s{1,3}\\d{4}\\)$`, 'iu');

export interface Stamp {
  /** The day it gives, yyyy-mm-dd; null for an issue's month. */
  date: string | null;
}

/**
 * The stamp a line is, or null when it is anything else. A field counts as the stamp's date when
 * it holds nothing but a date under no label or a stamp label: "Termin: 12 maja 2023" is an
 * event's date, not the page's.
 */
export function readStamp(line: string): Stamp | null {
  const text = line.trim();
  if (!text || text.length > MAX_STAMP_CHARS || text.includes('\n')) return null;
  if (ISSUE_MONTH_CLOSING.test(text)) return { date: null };
  for (const field of text.split(FIELD_SEPARATOR)) {
    const label = FIELD_LABEL.exec(field);
    if (label && !STAMP_LABELS.has(label[1].toLowerCase())) continue;
    const value = label ? field.slice(label[0].length).trim() : field.trim();
    for (const part of label ? [value, ...value.split(PART_SEPARATOR)] : [value]) {
      if (ISSUE_MONTH.test(part)) return { date: null };
      const m = DATE_FIELD.exec(part);
      const date = m ? parseDate(m[1]) : null;
      if (date) return { date };
    }
  }
  return null;
}

/** The day a press release's dateline gives ("Kłodzko, 15 maja 2013 r."), or null. */
export function readDateline(line: string): string | null {
  const m = DATELINE.exec(line.trim());
  return m ? parseDate(m[1]) : null;
}

/** The day the first stamp or dateline among a text's first lines with text gives, or null. */
export function stampDateOf(text: string): string | null {
  let seen = 0;
  for (let from = 0; from < text.length && seen < STAMP_LINE_WINDOW;) {
    const end = text.indexOf('\n', from);
    const line = text.slice(from, end < 0 ? text.length : end);
    if (line.trim()) {
      seen++;
      const date = readStamp(line)?.date ?? readDateline(line);
      if (date) return date;
    }
    if (end < 0) break;
    from = end + 1;
  }
  return null;
}
