import { z } from 'zod';
import { DELIVERY_CHANNELS } from '../deliveries/deliveries.models.ts';
import { MAX_CIRCLE_RADIUS_METRES } from '../geography/area-index.models.ts';
import { ALERT_KINDS, ALERT_SEVERITIES, ALERT_STATUSES, FIELD_MAX } from './alerts.models.ts';

/** The API's shapes of an alert: structured JSON, where the composer has a form. */
const text = z.string().trim().max(FIELD_MAX).default('');

export const alertFieldsSchema = z.object({
  what: z.string().trim().min(1, 'alerts.text.whatRequired').max(FIELD_MAX).describe('What happened: the one required field.'),
  where: text,
  when: text,
  persons: text.describe('Description of persons (no names of suspects).'),
  vehicle: text.describe('Make, colour; no readable plate is passed to members.'),
  direction: text,
  advice: text,
});

export const checklistSchema = z
  .object({
    happeningNow: z.boolean().default(false),
    concreteDescription: z.boolean().default(false),
    noDangerToResidents: z.boolean().default(false),
    inTheAct: z.boolean().default(false),
    nightReason: text.describe('Why a red alert goes out at night although not in the act.'),
  })
  .describe('The activation checklist of a red alert, answered as on the composer.');

const geometrySchema = z
  .object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()).min(1) })
  .describe('GeoJSON (RFC 7946) Polygon or MultiPolygon in WGS 84, [lon, lat] positions.');

export const targetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('networks'), networkIds: z.array(z.string().min(1).max(100)).min(1).max(200) }),
  z.object({ kind: z.literal('area'), geometry: geometrySchema }),
  z.object({
    kind: z.literal('circle'),
    centre: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
    radiusMetres: z.number().int().min(50, 'alerts.target.radius').max(MAX_CIRCLE_RADIUS_METRES, 'alerts.target.radius'),
  }),
]);

export const createAlertSchema = z.object({
  zoneId: z.string().min(1).max(100).optional().describe('Needed when the caller may send in more than one zone.'),
  severity: z.enum(ALERT_SEVERITIES).describe('red: urgent, in-the-act (calls and SMS); green: information (e-mail).'),
  exercise: z.boolean().default(false),
  fields: alertFieldsSchema,
  checklist: checklistSchema.optional(),
  target: targetSchema,
});
export type CreateAlertBody = z.output<typeof createAlertSchema>;

export const followUpBodySchema = z.object({ severity: z.enum(ALERT_SEVERITIES), fields: alertFieldsSchema });
export type FollowUpBody = z.output<typeof followUpBodySchema>;

const instant = z.string().describe('RFC 3339 date-time, UTC.');

const targetOutput = z.union([
  z.object({ kind: z.literal('networks'), networkIds: z.array(z.string()) }),
  z.object({ kind: z.literal('area'), geometry: z.object({ type: z.string(), coordinates: z.array(z.unknown()) }) }),
  z.object({ kind: z.literal('circle'), centre: z.object({ lat: z.number(), lon: z.number() }), radiusMetres: z.number() }),
]);

export const alertOutputSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  zoneId: z.string(),
  kind: z.enum(ALERT_KINDS),
  severity: z.enum(ALERT_SEVERITIES),
  status: z.enum(ALERT_STATUSES),
  exercise: z.boolean(),
  fields: z.object({ what: z.string(), where: z.string(), when: z.string(), persons: z.string(), vehicle: z.string(), direction: z.string(), advice: z.string() }),
  target: targetOutput,
  createdAt: instant,
  sentAt: instant.nullable(),
  cancelledAt: instant.nullable(),
});

const channelReach = z.object({
  channel: z.enum(DELIVERY_CHANNELS),
  planned: z.number().int(),
  sending: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  acknowledged: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  total: z.number().int(),
});

export const alertDetailSchema = alertOutputSchema.extend({
  reach: z.object({
    people: z.number().int().describe('People the alert is for, each once.'),
    reached: z.number().int().describe('Acknowledged, or a call, SMS or push delivered, or an e-mail accepted.'),
    acknowledged: z.number().int(),
    channels: z.array(channelReach).describe('Delivery steps per channel and where they stand.'),
    secondsTo50Percent: z.number().nullable().describe('From creation until half the people were reached; null until then.'),
    secondsTo90Percent: z.number().nullable(),
  }),
});

export const listAlertsQuerySchema = z.object({
  zoneId: z.string().min(1).max(100).optional(),
  severity: z.enum(ALERT_SEVERITIES).optional(),
  kind: z.enum(ALERT_KINDS).optional(),
  status: z.enum(ALERT_STATUSES).optional(),
  exercise: z.enum(['true', 'false']).optional(),
  since: z.iso.datetime({ offset: true }).optional().describe('Created at or after (RFC 3339).'),
  until: z.iso.datetime({ offset: true }).optional().describe('Created before (RFC 3339).'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional().describe('`nextCursor` of the previous page.'),
});
export type ListAlertsQuery = z.output<typeof listAlertsQuerySchema>;

export const sightingOutputSchema = z.object({
  id: z.string(),
  alertId: z.string(),
  text: z.string().describe('What the member saw, as they wrote it.'),
  networkName: z.string().nullable(),
  hasPhoto: z.boolean(),
  createdAt: instant,
});
