import { z } from 'zod';
import { API_PREFIX, type ApiRoute, apiRoute, idParamsSchema } from '../../web/api/api.ts';
import { AppError } from '../../shared/errors.ts';
import { type AlertReach, alertReach, cancelAlertByApi, createAlertByApi, followUpByApi, listAlertsByApi, readableAlert, sightingsOfAlert } from './alerts-api.usecases.ts';
import { alertDetailSchema, alertOutputSchema, createAlertSchema, followUpBodySchema, listAlertsQuerySchema, sightingOutputSchema } from './alerts-api.schemas.ts';
import type { Alert } from './alerts.repository.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** An alert as the API shows it: its structured fields, never the texts members received. */
export function alertJson(alert: Alert) {
  const target = alert.target.kind === 'polygon' ? { kind: 'area' as const, geometry: alert.target.geometry } : alert.target;
  return {
    id: alert.id,
    incidentId: alert.incidentId,
    zoneId: alert.zoneId,
    kind: alert.kind,
    severity: alert.severity,
    status: alert.status,
    exercise: alert.exercise,
    fields: alert.fields,
    target,
    createdAt: iso(alert.createdAt)!,
    sentAt: iso(alert.sentAt),
    cancelledAt: iso(alert.cancelledAt),
  };
}

function reachJson(reach: AlertReach) {
  return { ...reach, channels: reach.channels.map((row) => ({ channel: row.channel, ...row.counts, total: row.total })) };
}

const IDEMPOTENCY_KEY = { name: 'Idempotency-Key', description: 'A unique key per intended alert (e.g. a UUID). The same key with the same body returns the same alert; with another body the answer is 409.' };

function idempotencyKeyOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers['idempotency-key'];
  if (value === undefined) return undefined;
  const key = Array.isArray(value) ? value[0] : value;
  if (!key || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) throw new AppError({ code: 'alerts.idempotency_key_invalid', kind: 'invalid', messageKey: 'alerts.api.idempotencyKeyInvalid' });
  return key;
}

export const alertsApi: readonly ApiRoute[] = [
  apiRoute({
    method: 'POST',
    path: `${API_PREFIX}/alerts`,
    operationId: 'createAlert',
    summary: 'Sends a new alert (the first of a new incident) with the composer’s checks; red alerts need the activation checklist.',
    tag: 'alerts',
    access: 'alerts.publish',
    scope: 'alerts:send',
    status: 201,
    bodyLimit: 8 * 1024 * 1024,
    headerParameters: [IDEMPOTENCY_KEY],
    body: createAlertSchema,
    response: alertOutputSchema,
    handler: async ({ app, state, body, headers }) => alertJson((await createAlertByApi({ app, by: state.by, body, idempotencyKey: idempotencyKeyOf(headers) })).alert),
  }),
  apiRoute({
    method: 'GET',
    path: `${API_PREFIX}/alerts`,
    operationId: 'listAlerts',
    summary: 'Alerts of the caller’s zones, newest first, with filters; follow `nextCursor` for the next page.',
    tag: 'alerts',
    access: 'alerts.read',
    scope: 'alerts:read',
    query: listAlertsQuerySchema,
    response: z.object({ items: z.array(alertOutputSchema), nextCursor: z.string().nullable() }),
    handler: async ({ app, state, query }) => {
      const page = await listAlertsByApi({ app, actor: state.actor, query });
      return { items: page.items.map(alertJson), nextCursor: page.nextCursor };
    },
  }),
  apiRoute({
    method: 'GET',
    path: `${API_PREFIX}/alerts/:id`,
    operationId: 'getAlert',
    summary: 'One alert with its reach per channel and the time until 50 % and 90 % of its people were reached.',
    tag: 'alerts',
    access: 'alerts.read',
    scope: 'alerts:read',
    params: idParamsSchema,
    response: alertDetailSchema,
    handler: async ({ app, state, params }) => {
      const alert = await readableAlert(app, state.actor, params.id);
      return { ...alertJson(alert), reach: reachJson(await alertReach(app, alert)) };
    },
  }),
  apiRoute({
    method: 'POST',
    path: `${API_PREFIX}/alerts/:id/cancel`,
    operationId: 'cancelAlert',
    summary: 'Cancels an alert in flight: steps not yet sent stop.',
    tag: 'alerts',
    access: 'alerts.publish',
    scope: 'alerts:send',
    params: idParamsSchema,
    response: alertOutputSchema,
    handler: async ({ app, state, params }) => alertJson(await cancelAlertByApi({ app, by: state.by, alertId: params.id })),
  }),
  ...(['update', 'result'] as const).map((kind) =>
    apiRoute({
      method: 'POST',
      path: `${API_PREFIX}/alerts/:id/${kind === 'update' ? 'updates' : 'result'}`,
      operationId: kind === 'update' ? 'sendAlertUpdate' : 'sendAlertResult',
      summary: kind === 'update' ? 'Sends an update on the alert’s incident to the people of its first alert.' : 'Sends the result message of the alert’s incident to the people of its first alert.',
      tag: 'alerts',
      access: 'alerts.publish',
      scope: 'alerts:send',
      status: 201,
      params: idParamsSchema,
      headerParameters: [IDEMPOTENCY_KEY],
      body: followUpBodySchema,
      response: alertOutputSchema,
      handler: async ({ app, state, params, body, headers }) => alertJson((await followUpByApi({ app, by: state.by, alertId: params.id, kind, body, idempotencyKey: idempotencyKeyOf(headers) })).alert),
    }),
  ),
  apiRoute({
    method: 'GET',
    path: `${API_PREFIX}/alerts/:id/sightings`,
    operationId: 'listAlertSightings',
    summary: 'What members saw on the alert’s incident, newest first (without who sent it).',
    tag: 'alerts',
    access: 'alerts.read',
    scope: 'sightings:read',
    params: idParamsSchema,
    response: z.object({ items: z.array(sightingOutputSchema) }),
    handler: async ({ app, state, params }) => ({ items: (await sightingsOfAlert({ app, actor: state.actor, alertId: params.id })).map((s) => ({ ...s, createdAt: iso(s.createdAt)! })) }),
  }),
];
