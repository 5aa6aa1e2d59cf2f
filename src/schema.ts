// The record contract (see README, "Record"), defined once. Every stage's input and output is one
// of these types; `validate` in the pipeline parses each record with RecordSchema before storing.
import { z } from 'zod';

export const LEGAL_FORMS = [
  'spoldzielnia_socjalna', 'spoldzielnia', 'fundacja', 'stowarzyszenie', 'zwiazek_stowarzyszen',
  'spolka_zoo', 'spolka_akcyjna', 'spolka_inna', 'wtz', 'zaz', 'cis', 'kis', 'zpchr', 'kgw', 'osp',
  'koscielna_osoba_prawna', 'jst', 'jednostka_pomocy_spolecznej', 'owes', 'uczelnia', 'inna',
] as const;
export const LegalFormSchema = z.enum(LEGAL_FORMS);
export type LegalForm = z.infer<typeof LegalFormSchema>;

export const PLACE_KINDS = ['locality', 'district', 'gmina', 'powiat', 'voivodeship', 'country'] as const;
export const PlaceKindSchema = z.enum(PLACE_KINDS);
export type PlaceKind = z.infer<typeof PlaceKindSchema>;

export const VOIVODESHIPS = [
  'dolnośląskie', 'kujawsko-pomorskie', 'lubelskie', 'lubuskie', 'łódzkie', 'małopolskie',
  'mazowieckie', 'opolskie', 'podkarpackie', 'podlaskie', 'pomorskie', 'śląskie',
  'świętokrzyskie', 'warmińsko-mazurskie', 'wielkopolskie', 'zachodniopomorskie',
] as const;
export const VoivodeshipSchema = z.union([z.enum(VOIVODESHIPS), z.literal('')]);
export type Voivodeship = z.infer<typeof VoivodeshipSchema>;

/** A stretch of the document text: `text === document.slice(start, end)`. */
export const MentionSchema = z.object({
  text: z.string().min(1),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  paragraph: z.number().int().nonnegative(),
  /** Id of the rule that produced the mention, so that a wrong record leads to its rule. */
  rule: z.string().optional(),
}).refine((m) => m.end > m.start, { message: 'mention end must be after start' });
export type Mention = z.infer<typeof MentionSchema>;

export const DocumentSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{64}$/),
  source: z.string().min(1),
  title: z.string(),
  publishedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  chars: z.number().int().nonnegative(),
});
export type DocumentMeta = z.infer<typeof DocumentSchema>;

export const ParagraphSchema = z.object({
  index: z.number().int().nonnegative(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string(),
});
export type Paragraph = z.infer<typeof ParagraphSchema>;

export const OrganizationSchema = z.object({
  name: z.string().min(1),
  core: z.string(),
  legalForm: LegalFormSchema,
  place: z.string(),
  mentions: z.array(MentionSchema),
});
export type Organization = z.infer<typeof OrganizationSchema>;

export const PlaceSchema = z.object({
  name: z.string().min(1),
  kind: PlaceKindSchema,
  voivodeship: VoivodeshipSchema,
  /** True when the nominative was guessed from word endings, not found in a dictionary. */
  guessed: z.boolean().optional(),
  mentions: z.array(MentionSchema),
});
export type Place = z.infer<typeof PlaceSchema>;

export const DatePrecisionSchema = z.enum(['day', 'month', 'year']);
export type DatePrecision = z.infer<typeof DatePrecisionSchema>;
const isoAtPrecision = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/);

export const DateSchema = z.object({
  start: isoAtPrecision,
  end: isoAtPrecision,
  precision: DatePrecisionSchema,
  text: z.string().min(1),
  /** What happens on that date when the sentence says so ("wizyta studyjna"), lower case. */
  event: z.string().optional(),
  mentions: z.array(MentionSchema),
});
export type DateRecord = z.infer<typeof DateSchema>;

export const PersonSchema = z.object({
  name: z.string().min(1),
  role: z.string(),
  /** Name of the organisation the role is held in, as in `organizations[].name`; absent when the text does not say. */
  organization: z.string().optional(),
  guessed: z.boolean().optional(),
  mentions: z.array(MentionSchema),
});
export type Person = z.infer<typeof PersonSchema>;

export const IDENTIFIER_TYPES = ['krs', 'nip', 'regon', 'email', 'phone', 'www'] as const;
export const IdentifierTypeSchema = z.enum(IDENTIFIER_TYPES);
export type IdentifierType = z.infer<typeof IdentifierTypeSchema>;

/** An identifier as printed, normalised: KRS/NIP/REGON digits only, e-mail lower case, phone "+48…" digits, www without scheme. Bank account numbers are never identifiers. */
export const IdentifierSchema = z.object({
  type: IdentifierTypeSchema,
  value: z.string().min(1),
  /** NIP and REGON checksums (and KRS's 10 digits) hold; always true for the others. */
  valid: z.boolean(),
  /** The organisation it belongs to (its `name`), or "" when the text does not say. */
  organization: z.string(),
  mentions: z.array(MentionSchema),
});
export type Identifier = z.infer<typeof IdentifierSchema>;

export const RELATION_TYPES = ['run_by', 'founded_by', 'patronage', 'member_of', 'located_at', 'partner_of'] as const;
export const RelationTypeSchema = z.enum(RELATION_TYPES);
export type RelationType = z.infer<typeof RelationTypeSchema>;

/**
 * `subject` —type→ `object`: "WTZ w Marianowie" run_by "Fundacja X"; "Fundacja X" located_at
 * "ul. Piotrkowska 17, Łódź". Subject and object are names as in `organizations[].name`, or an
 * address / venue name as written in the nominative.
 */
export const RelationSchema = z.object({
  type: RelationTypeSchema,
  subject: z.string().min(1),
  object: z.string().min(1),
  /** The sentence that states the relation. */
  evidence: MentionSchema,
});
export type Relation = z.infer<typeof RelationSchema>;

export const EVENT_TYPES = [
  'wizyta_studyjna', 'warsztaty', 'szkolenie', 'konferencja', 'targi', 'konkurs', 'otwarcie',
  'porozumienie', 'zakonczenie', 'spotkanie', 'inne',
] as const;
export const EventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventTypeSchema>;

/** The event a report describes, when it describes one. Names refer to the record's own entries. */
export const EventSchema = z.object({
  type: EventTypeSchema,
  /** Its own name when it has one ("Targi Ekonomii Społecznej"), else "". */
  name: z.string(),
  start: isoAtPrecision.nullable(),
  end: isoAtPrecision.nullable(),
  organizers: z.array(z.string()),
  places: z.array(z.string()),
  voivodeships: z.array(z.string()),
  /** Organisations visited (study visits) or taking part. */
  participants: z.array(z.string()),
  /** The words that name the event type, first occurrence. */
  mention: MentionSchema.nullable(),
});
export type EventRecord = z.infer<typeof EventSchema>;

export const RecordSchema = z.object({
  document: DocumentSchema,
  paragraphs: z.array(ParagraphSchema),
  organizations: z.array(OrganizationSchema),
  places: z.array(PlaceSchema),
  dates: z.array(DateSchema),
  people: z.array(PersonSchema),
  identifiers: z.array(IdentifierSchema).default([]),
  relations: z.array(RelationSchema).default([]),
  event: EventSchema.nullable().default(null),
});
export type ReportRecord = z.infer<typeof RecordSchema>;

/** What the load stage hands to segmentation: the normalised text of one document. */
export interface LoadedDocument {
  /** File path (absolute) or URL. */
  source: string;
  title: string;
  publishedAt: string | null;
  /** UTF-8 text, NFC, LF line endings, paragraphs separated by newlines. */
  text: string;
  /** How the bytes were decoded, for the run log. */
  encoding: string;
  format: 'text' | 'html';
  /** The bytes it was decoded from, for the archive; absent when built from stored text. */
  raw?: Buffer;
}

/** A document that could not be loaded: reported by name with the reason, then skipped. */
export interface LoadFailure {
  source: string;
  reason: string;
}

export interface Sentence { start: number; end: number; paragraph: number }
export interface Token {
  text: string;
  start: number;
  end: number;
  /** Word, number or punctuation: decided from the characters alone. */
  kind: 'word' | 'number' | 'punct';
}
export interface SegmentedDocument {
  doc: LoadedDocument;
  paragraphs: Paragraph[];
  sentences: Sentence[];
}
