import { z } from 'zod';
import { checkbox } from '../../web/validation.ts';
import { LOCALES, type Locale } from '../../web/i18n/locales.ts';
import { MAX_CIRCLE_RADIUS_METRES } from '../geography/area-index.models.ts';
import { ALERT_SEVERITIES, type ActivationChecklist, type AlertFields, type AlertTexts, FIELD_MAX } from './alerts.models.ts';

const optionalText = z.string().trim().max(FIELD_MAX).default('');
const list = z.preprocess((value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]), z.array(z.string().min(1).max(100)).max(200));
const emptyAsUndefined = (value: unknown) => (value === '' || value === undefined ? undefined : value);

/**
 * A drawn area arrives as GeoJSON text. The bound is far above MAX_AREA_POINTS so that an area with
 * too many points is refused by the geometry check, which says so, rather than by a size limit.
 */
export const MAX_POLYGON_TEXT = 8 * 1024 * 1024;

/** Who an alert goes to: networks, a circle around an address, or an area drawn on the map. */
const targetShape = {
  targetKind: z.enum(['networks', 'circle', 'polygon']),
  networkIds: list,
  centre: z.string().trim().max(200).default(''),
  radiusMetres: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(50, 'alerts.target.radius').max(MAX_CIRCLE_RADIUS_METRES, 'alerts.target.radius').optional()),
  polygon: z.string().trim().max(MAX_POLYGON_TEXT, 'geography.tooManyPoints').default(''),
} as const;

/** The six fields besides "what" that the composer, templates and coordinators' messages share. */
export const OPTIONAL_ALERT_FIELDS = {
  where: optionalText,
  when: optionalText,
  persons: optionalText,
  vehicle: optionalText,
  direction: optionalText,
  advice: optionalText,
} as const;

/** The composer's fields, shared by a new alert, an update and the result. */
const fieldsShape = {
  requestKey: z.string().min(8).max(100),
  severity: z.enum(ALERT_SEVERITIES),
  what: z.string().trim().min(1, 'alerts.text.whatRequired').max(FIELD_MAX),
  ...OPTIONAL_ALERT_FIELDS,
  // Texts the sender edited on the preview, per language (empty: assembled from the fields).
  ...Object.fromEntries(LOCALES.flatMap((locale) => [// The short text's limit is checked with the composed alert (alerts.models.ts textProblems), which names the language and the length.
    [`shortText_${locale}`, z.string().trim().max(10_000).default('')], [`fullText_${locale}`, z.string().trim().max(10_000).default('')]])),
} as const;

export const composeSchema = z.object({
  ...fieldsShape,
  zoneId: z.string().min(1).max(100),
  exercise: checkbox,
  happeningNow: checkbox,
  concreteDescription: checkbox,
  noDangerToResidents: checkbox,
  inTheAct: checkbox,
  nightReason: optionalText,
  ...targetShape,
});
export type ComposeInput = z.output<typeof composeSchema>;

/** The live count on the composer: who the target reaches, before any text is written. */
export const countSchema = z.object({ zoneId: z.string().min(1).max(100), severity: z.enum(ALERT_SEVERITIES), ...targetShape });
export type CountInput = z.output<typeof countSchema>;

export const followUpSchema = z.object(fieldsShape);
export type FollowUpInput = z.output<typeof followUpSchema>;

export function fieldsOf(input: FollowUpInput): AlertFields {
  return { what: input.what, where: input.where, when: input.when, persons: input.persons, vehicle: input.vehicle, direction: input.direction, advice: input.advice };
}

export function checklistOf(input: ComposeInput): ActivationChecklist {
  return { happeningNow: input.happeningNow, concreteDescription: input.concreteDescription, noDangerToResidents: input.noDangerToResidents, inTheAct: input.inTheAct, nightReason: input.nightReason };
}

/** The texts edited on the preview; a language whose short or full text is empty is assembled. */
export function editedTexts(input: FollowUpInput, subjects: Record<Locale, string>): Partial<Record<Locale, AlertTexts>> {
  const values = input as unknown as Record<string, string>;
  const edited: Partial<Record<Locale, AlertTexts>> = {};
  for (const locale of LOCALES) {
    const shortText = values[`shortText_${locale}`] ?? '';
    const fullText = values[`fullText_${locale}`] ?? '';
    if (shortText && fullText) edited[locale] = { subject: subjects[locale], shortText, fullText };
  }
  return edited;
}
