import { z } from 'zod';
import { checkbox } from '../../web/validation.ts';
import { OPTIONAL_ALERT_FIELDS } from './alerts.schemas.ts';
import { type AlertFields, FIELD_MAX } from './alerts.models.ts';

const list = z.preprocess((value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]), z.array(z.string().min(1).max(100)).max(50));

/** A coordinator's green message: their networks and the composer's fields (no checklist: green only). */
export const greenMessageSchema = z.object({
  requestKey: z.string().min(8).max(100),
  networkIds: list.pipe(z.array(z.string()).min(1, 'greenMessages.networksRequired')),
  exercise: checkbox,
  what: z.string().trim().min(1, 'alerts.text.whatRequired').max(FIELD_MAX),
  ...OPTIONAL_ALERT_FIELDS,
});
export type GreenMessageInput = z.output<typeof greenMessageSchema>;

export const rejectionSchema = z.object({ reason: z.string().trim().min(1, 'greenMessages.reasonRequired').max(1000) });

export function greenFields(input: GreenMessageInput): AlertFields {
  return { what: input.what, where: input.where, when: input.when, persons: input.persons, vehicle: input.vehicle, direction: input.direction, advice: input.advice };
}
