import { z } from 'zod';
import { checkbox } from '../../web/validation.ts';
import { streetRuleSchema } from '../geography/street-lists.models.ts';
import { LOCALES } from '../../web/i18n/locales.ts';
import { NETWORK_CODE_PATTERN, NETWORK_KINDS, NETWORK_ROLES, NETWORK_STATUSES } from './networks.models.ts';

const networkFields = {
  name: z.string().trim().min(1).max(120),
  kind: z.enum(NETWORK_KINDS, 'networks.kindRequired'),
  code: z.string().trim().regex(NETWORK_CODE_PATTERN, 'networks.codeFormat'),
  description: z.preprocess((v) => v ?? '', z.string().trim().max(2000)),
};

/** A new network: its fields and the zone it belongs to (one of the actor's). */
export const networkInputSchema = z.object({ ...networkFields, zoneId: z.string().min(1, 'networks.zoneRequired') });
export type NetworkInput = z.output<typeof networkInputSchema>;

/** The editable fields of an existing network; the zone never changes. */
export const networkFieldsSchema = z.object(networkFields);
export type NetworkFieldsInput = z.output<typeof networkFieldsSchema>;

/** A partial change (API PATCH). */
export const networkPatchSchema = z.object(networkFields).partial();

export const statusChangeSchema = z.object({
  status: z.enum(NETWORK_STATUSES, 'networks.statusRequired'),
  reason: z.preprocess((v) => v ?? '', z.string().trim().max(1000)),
});
export type StatusChangeInput = z.output<typeof statusChangeSchema>;

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'networks.dateFormat')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'networks.dateFormat');

/** The charter's signing date: a form's empty field means "not signed". */
export const charterDateSchema = z.object({ signedOn: z.preprocess((v) => (v === '' || v === undefined ? null : v), isoDate.nullable()) });

/**
 * Appointing someone: citizens (coordinator, deputy) by e-mail, with a name when no account
 * exists yet; police (mandated officer, deputy) by choosing their account.
 */
export const appointmentSchema = z.discriminatedUnion('role', [
  z.object({
    role: z.enum(['coordinator', 'deputy_coordinator']),
    email: z.string().trim().toLowerCase().max(320).pipe(z.email()),
    firstName: z.preprocess((v) => v ?? '', z.string().trim().max(60)),
    lastName: z.preprocess((v) => v ?? '', z.string().trim().max(60)),
    locale: z.preprocess((v) => (v === '' || v === undefined ? undefined : v), z.enum(LOCALES).optional()),
  }),
  z.object({ role: z.enum(['officer', 'deputy_officer']), accountId: z.string().min(1, 'networks.officerRequired') }),
], { error: () => 'networks.roleRequired' });
export type AppointmentInput = z.output<typeof appointmentSchema>;

export const removalSchema = z.object({ role: z.enum(NETWORK_ROLES), accountId: z.string().min(1) });


/** One street of a network's list, as the form or the API sends it. */
export const networkStreetSchema = z.intersection(streetRuleSchema, z.object({ buffer: checkbox.default(false) }));
export type NetworkStreetInput = z.output<typeof networkStreetSchema>;

/** An area as typed or pasted: GeoJSON text (validated by parseAreaCollection). */
export const areaTextSchema = z.object({ geojson: z.preprocess((v) => v ?? '', z.string()) });
