import { z } from 'zod';
import { LOCALES } from '../../web/i18n/locales.ts';

/** A form's checkbox group arrives as a string (one ticked) or an array (several). */
const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));

const timeZones = new Set(Intl.supportedValuesOf('timeZone'));

const zoneFields = {
  name: z.string().trim().min(1).max(120),
  code: z.string().trim().regex(/^[A-Za-z0-9-]{2,20}$/, 'zones.codeFormat'),
  languages: list(z.enum(LOCALES)).pipe(z.array(z.enum(LOCALES)).min(1, 'zones.languagesRequired')),
  defaultLanguage: z.enum(LOCALES),
  timeZone: z.string().trim().refine((tz) => timeZones.has(tz), 'zones.timeZoneUnknown'),
};

export const zoneInputSchema = z
  .object({ ...zoneFields, timeZone: zoneFields.timeZone.default('Europe/Brussels') })
  .refine((zone) => zone.languages.includes(zone.defaultLanguage), { path: ['defaultLanguage'], message: 'zones.defaultNotInLanguages' });

export type ZoneInput = z.output<typeof zoneInputSchema>;

/**
 * A partial change (API PATCH): any editable field, the code never. The merged zone is validated
 * again with zoneInputSchema, so the rule between languages and default language still holds.
 */
export const zonePatchSchema = z.object(zoneFields).omit({ code: true }).partial();

export const dispatchCentreInputSchema = z.object({
  name: z.string().trim().min(1).max(120),
  code: z.string().trim().regex(/^[A-Za-z0-9-]{2,20}$/, 'zones.codeFormat'),
  zoneIds: list(z.string().min(1)),
});

export type DispatchCentreInput = z.output<typeof dispatchCentreInputSchema>;

/** A partial change of a dispatch centre (API PATCH): its name or the zones it covers. */
export const dispatchCentrePatchSchema = dispatchCentreInputSchema.omit({ code: true }).partial();
