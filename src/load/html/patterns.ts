// Regular-expression pieces built from the rule tables, shared by the date search (dates.ts) and
// the boilerplate-line filter (lines.ts), which drops metadata lines that hold a date.
import { dates } from './rules.js';

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const alternation = (list: string[]) => [...list].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');

const MONTH_NAMES = alternation(Object.keys(dates.months));
export const DATE_PATTERN = `(\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[./-]\\d{1,2}[./-]\\d{4}|\\d{4}[./]\\d{1,2}[./]\\d{1,2}|\\d{1,2}\\s{1,3}(?:${MONTH_NAMES})\\s{1,3}\\d{4})`;
// "12.05.2023 r.", "12 maja 2023 roku": the year's mark after a date.
export const YEAR_MARK_AFTER = '(?:\\s{0,2}r\\.?|\\s{1,2}roku)?';
// "…, 14:20", "godz. 10.15": the time after a date in a page's date line.
export const TIME_AFTER = '(?:,?\\s{1,3}(?:godz\\.?\\s{0,2})?\\d{1,2}[:.]\\d{2})?';
// "środa, 12 maja 2023", "pon., 06.03.2023": a weekday before a date, ending in a comma.
export const WEEKDAY = '(?:\\p{L}{2,12}\\.?,[ \\t]{0,3})?';
