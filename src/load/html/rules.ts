// Rule tables of the HTML loader (src/load/rules/*.json), checked by zod when the module loads.
import * as cheerio from 'cheerio';
import { z } from 'zod';
import boilerplateJson from '../rules/boilerplate.json' with { type: 'json' };
import contentJson from '../rules/content.json' with { type: 'json' };
import datesJson from '../rules/dates.json' with { type: 'json' };
import linesJson from '../rules/lines.json' with { type: 'json' };

export const ZONES = [
  'navigation', 'chrome', 'header', 'footer', 'sidebar', 'form', 'embed', 'hidden', 'popup', 'cookies',
  'share', 'print', 'gallery', 'comments', 'related', 'taxonomy', 'meta', 'pagination',
] as const;
const ZoneSchema = z.enum(ZONES);
export type Zone = z.infer<typeof ZoneSchema>;

function rejectDuplicates(list: string[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  for (const entry of list) {
    if (seen.has(entry)) ctx.addIssue({ code: 'custom', message: `unexpected duplicate entry "${entry}"` });
    seen.add(entry);
  }
}
const isSelector = (selector: string) => {
  try {
    cheerio.load('')(selector);
    return true;
  } catch {
    return false;
  }
};
const LowerPhrase = z.string().min(1).refine((s) => s === s.toLowerCase() && s === s.trim(), 'lower case, no surrounding spaces');
const Phrases = z.array(LowerPhrase).superRefine(rejectDuplicates);
const Selectors = z.array(z.string().refine(isSelector, 'not a valid CSS selector')).superRefine(rejectDuplicates);
const Marker = z.string().regex(/^[a-z0-9_-]+\$?$/, 'lower-case class or id prefix, "$" at the end for a whole name');

const BoilerplateSchema = z.object({
  _source: z.string(),
  droppedTags: z.record(z.string().regex(/^[a-z0-9]+$/), ZoneSchema),
  pageWrapperTags: z.array(z.string().regex(/^[a-z0-9]+$/)),
  droppedRoles: z.record(z.string().regex(/^[a-z]+$/), ZoneSchema),
  markers: z.partialRecord(ZoneSchema, z.array(Marker)),
  sectionHeadings: z.partialRecord(ZoneSchema, Phrases),
  undatedZones: z.array(ZoneSchema),
  untitledZones: z.array(ZoneSchema),
}).superRefine((data, ctx) => {
  rejectDuplicates(Object.values(data.markers).flat(), ctx);
  rejectDuplicates(Object.values(data.sectionHeadings).flat(), ctx);
});
const ContentSchema = z.object({
  _source: z.string(),
  contentSelectors: Selectors,
  headlineSelectors: Selectors,
});
const DatesSchema = z.object({
  _source: z.string(),
  metaSelectors: Selectors,
  labels: z.object({ published: z.array(z.string().min(1)), created: z.array(z.string().min(1)), modified: z.array(z.string().min(1)) }),
  modifiedTimeMarkers: z.array(Marker),
  stampLabels: Phrases,
  weekdays: Phrases,
  months: z.record(LowerPhrase, z.number().int().min(1).max(12)),
});
const LinesSchema = z.object({
  _source: z.string(),
  maxLineChars: z.number().int().positive(),
  maxCookieLineChars: z.number().int().positive(),
  wholeLines: Phrases,
  metaLabels: Phrases,
  metaPhrases: Phrases,
  actionWords: Phrases,
  actionFunctionWords: Phrases,
  breadcrumbStarts: Phrases,
  breadcrumbLabels: Phrases,
  breadcrumbSeparators: z.array(z.string().length(1)),
  cookiePhrases: Phrases,
});

export const boilerplate = BoilerplateSchema.parse(boilerplateJson);
export const content = ContentSchema.parse(contentJson);
export const dates = DatesSchema.parse(datesJson);
export const lineRules = LinesSchema.parse(linesJson);
