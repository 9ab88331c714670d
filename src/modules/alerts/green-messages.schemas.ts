import { z } from 'zod';
import { type AlertFields, FIELD_MAX } from './alerts.models.ts';

const checkbox = z.preprocess((value) => value === 'on' || value === '1' || value === 'true', z.boolean());
const optionalText = z.string().trim().max(FIELD_MAX).default('');
const list = z.preprocess((value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]), z.array(z.string().min(1).max(100)).max(50));

/** A coordinator's green message: their networks and the composer's fields (no checklist: green only). */
export const greenMessageSchema = z.object({
  requestKey: z.string().min(8).max(100),
  networkIds: list.pipe(z.array(z.string()).min(1, 'greenMessages.networksRequired')),
  exercise: checkbox,
  what: z.string().trim().min(1, 'alerts.text.whatRequired').max(FIELD_MAX),
  where: optionalText,
  when: optionalText,
  persons: optionalText,
  vehicle: optionalText,
  direction: optionalText,
  advice: optionalText,
});
export type GreenMessageInput = z.output<typeof greenMessageSchema>;

export const rejectionSchema = z.object({ reason: z.string().trim().min(1, 'greenMessages.reasonRequired').max(1000) });

export function greenFields(input: GreenMessageInput): AlertFields {
  return { what: input.what, where: input.where, when: input.when, persons: input.persons, vehicle: input.vehicle, direction: input.direction, advice: input.advice };
}
