import { z } from 'zod';
import { checkbox } from '../../web/validation.ts';
import { OPTIONAL_ALERT_FIELDS } from '../alerts/alerts.schemas.ts';
import { ALERT_SEVERITIES, type AlertFields, FIELD_MAX } from '../alerts/alerts.models.ts';

// An unticked checkbox is not submitted at all.
const emptyAsUndefined = (value: unknown) => (value === '' || value === undefined ? undefined : value);

export const ESCALATION_CHOICES = ['off', 'voice', 'sms'] as const;

/**
 * An SMS sender as SMPP 3.4 §5.2.5–6 and the networks allow it: a name of 1 to 11 letters, digits,
 * spaces, dots and hyphens with at least one letter (TON 5), or an international number (TON 1).
 */
export const SMS_SENDER_PATTERN = /^(\+[1-9]\d{6,14}|(?=.*[A-Za-z])[A-Za-z0-9 .-]{1,11})$/;
export const ESCALATION_MINUTES = { min: 1, max: 120 } as const;

/** The zone's alert settings form; the minutes are required only when an escalation is chosen. */
export const alertSettingsSchema = z
  .object({
    escalation: z.enum(ESCALATION_CHOICES, 'alertSettings.escalationChoice'),
    escalationAfterMinutes: z.preprocess(
      emptyAsUndefined,
      z.coerce.number('alertSettings.minutesRange').int('alertSettings.minutesRange').min(ESCALATION_MINUTES.min, 'alertSettings.minutesRange').max(ESCALATION_MINUTES.max, 'alertSettings.minutesRange').optional(),
    ),
    coordinatorsMaySendGreen: checkbox,
    greenNeedsApproval: checkbox,
    // Empty: the platform's default sender.
    smsSender: z.preprocess((value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null), z.string().regex(SMS_SENDER_PATTERN, 'alertSettings.smsSenderInvalid').nullable()),
  })
  .refine((input) => input.escalation === 'off' || input.escalationAfterMinutes !== undefined, { path: ['escalationAfterMinutes'], message: 'alertSettings.minutesRange' });
export type AlertSettingsInput = z.output<typeof alertSettingsSchema>;

/** A template: a name, the message type and the composer's seven fields ("what" required). */
export const alertTemplateSchema = z.object({
  name: z.string().trim().min(1, 'alertTemplates.nameRequired').max(80, 'alertTemplates.nameTooLong'),
  severity: z.enum(ALERT_SEVERITIES, 'alertTemplates.severityRequired'),
  what: z.string().trim().min(1, 'alertTemplates.whatRequired').max(FIELD_MAX),
  ...OPTIONAL_ALERT_FIELDS,
});
export type AlertTemplateInput = z.output<typeof alertTemplateSchema>;

export function templateFields(input: AlertTemplateInput): AlertFields {
  return { what: input.what, where: input.where, when: input.when, persons: input.persons, vehicle: input.vehicle, direction: input.direction, advice: input.advice };
}
