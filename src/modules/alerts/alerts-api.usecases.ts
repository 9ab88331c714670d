import type { App } from '../../app.ts';
import { isUniqueViolation } from '../../db/constraint-errors.ts';
import { sha256Hex } from '../../shared/crypto.ts';
import { AppError, ValidationError } from '../../shared/errors.ts';
import { type Actor, assertCan, zonesFor } from '../accounts/authorization.models.ts';
import { escalationFor } from '../alert-settings/alert-settings.usecases.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import { channelTable } from '../console/console.models.ts';
import { createConsoleRepository } from '../console/console.repository.ts';
import { timeToShare } from '../evaluation/evaluation.models.ts';
import { parseAreaGeometry } from '../geography/geometry.models.ts';
import { type PublishResult, publishAlert, publishFollowUp } from './alert-planning.usecases.ts';
import type { AlertTarget } from './alert-target.models.ts';
import type { CreateAlertBody, FollowUpBody, ListAlertsQuery } from './alerts-api.schemas.ts';
import { createAlertsApiRepository } from './alerts-api.repository.ts';
import { EMPTY_CHECKLIST } from './alerts.models.ts';
import { type Alert, createAlertsRepository } from './alerts.repository.ts';
import { cancelAlert } from './alerts.usecases.ts';
import { createSightingsRepository } from './sightings.repository.ts';

type ApiApp = Pick<App, 'database' | 'clock' | 'ids' | 'zones' | 'networks' | 'networkAreas' | 'addresses' | 'auditLog' | 'deliveries' | 'config'>;

const notFound = () => new AppError({ code: 'alerts.not_found', kind: 'not_found', messageKey: 'alerts.notFound' });

/** The zone of a new alert: the one given, or the caller's only zone. */
function zoneOf(actor: Actor, zoneId: string | undefined): string {
  if (zoneId) return zoneId;
  const zones = zonesFor(actor, 'alerts.publish');
  if (zones !== 'all' && zones.length === 1) return zones[0]!;
  throw new ValidationError([{ field: 'zoneId', messageKey: 'alerts.api.zoneRequired' }]);
}

/** The API's target as the planner's. A GeoJSON area is checked as one drawn on the map. */
export function targetOfBody(target: CreateAlertBody['target']): AlertTarget {
  if (target.kind === 'networks') return { kind: 'networks', networkIds: [...new Set(target.networkIds)] };
  if (target.kind === 'circle') return { kind: 'circle', centre: target.centre, radiusMetres: target.radiusMetres };
  const parsed = parseAreaGeometry(target.geometry);
  if (!parsed.ok) throw new ValidationError([{ field: 'target.geometry', messageKey: parsed.errorKey }]);
  return { kind: 'polygon', geometry: parsed.geometry };
}

/** JSON with sorted keys: two bodies that mean the same hash the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

const idempotencyConflict = () => new AppError({ code: 'alerts.idempotency_conflict', kind: 'conflict', messageKey: 'alerts.api.idempotencyConflict' });

/**
 * Creates an alert through the composer's own planner (same checks, same audit entry). With an
 * `Idempotency-Key`, a repeat with the same body returns the first alert and a different body is
 * refused with a conflict: the key is remembered per API client with the hash of its body.
 */
export async function createAlertByApi({ app, by, body, idempotencyKey }: { app: ApiApp; by: AuditActor; body: CreateAlertBody; idempotencyKey: string | undefined }): Promise<PublishResult> {
  assertCan(by.actor, 'alerts.publish');
  const zoneId = zoneOf(by.actor, body.zoneId);
  const keys = createAlertsApiRepository({ database: app.database });
  const clientId = by.actor.apiClientId;
  const bodyHash = sha256Hex(canonicalJson(body));
  if (idempotencyKey && clientId) {
    const earlier = await keys.findKey(clientId, idempotencyKey);
    if (earlier && earlier.bodyHash !== bodyHash) throw idempotencyConflict();
    const alert = earlier && (await createAlertsRepository({ database: app.database }).findById(earlier.alertId));
    if (alert) return { alert, created: false };
  }
  const requestKey = idempotencyKey ? `api:${clientId ?? by.actor.accountId}:${sha256Hex(idempotencyKey)}` : `api:${app.ids.id()}`;
  const result = await publishAlert({
    app,
    by,
    target: targetOfBody(body.target),
    escalation: await escalationFor(app, zoneId, body.severity),
    input: { requestKey, zoneId, severity: body.severity, exercise: body.exercise, fields: body.fields, checklist: body.severity === 'red' ? (body.checklist ?? EMPTY_CHECKLIST) : null },
  });
  if (idempotencyKey && clientId) {
    try {
      await keys.insertKey({ clientId, key: idempotencyKey, bodyHash, alertId: result.alert.id, now: app.clock.now() });
    } catch (error) {
      // The same key at the same instant: the planner let one alert in; a different body loses.
      if (!isUniqueViolation(error)) throw error;
      if ((await keys.findKey(clientId, idempotencyKey))?.bodyHash !== bodyHash) throw idempotencyConflict();
    }
  }
  return result;
}

/** An alert the actor may read (404 when unknown, 403 in another zone). */
export async function readableAlert(app: Pick<App, 'database'>, actor: Actor | null, alertId: string): Promise<Alert> {
  assertCan(actor, 'alerts.read');
  const alert = await createAlertsRepository({ database: app.database }).findById(alertId);
  if (!alert) throw notFound();
  assertCan(actor, 'alerts.read', { zoneId: alert.zoneId });
  return alert;
}

export type AlertReach = { people: number; reached: number; acknowledged: number; channels: ReturnType<typeof channelTable>['rows']; secondsTo50Percent: number | null; secondsTo90Percent: number | null };

/** Reach of an alert as the console counts it, per channel, and the time until 50 % and 90 % were reached. */
export async function alertReach(app: Pick<App, 'database' | 'deliveries'>, alert: Alert): Promise<AlertReach> {
  const consoleRepository = createConsoleRepository({ database: app.database });
  const times = await consoleRepository.reachTimes([alert.id]);
  const reachedAt = times.flatMap((row) => (row.reachedAt === null ? [] : [row.reachedAt]));
  const seconds = (share: number) => {
    const ms = timeToShare(alert.createdAt, times.length, reachedAt, share);
    return ms === null ? null : Math.round(ms / 1000);
  };
  const reach = (await consoleRepository.reachOf([alert.id])).get(alert.id);
  return {
    people: times.length,
    reached: reach?.reached ?? 0,
    acknowledged: reach?.acknowledged ?? 0,
    channels: channelTable(await app.deliveries.countsForAlert(alert.id)).rows,
    secondsTo50Percent: seconds(0.5),
    secondsTo90Percent: seconds(0.9),
  };
}

type Cursor = { createdAt: number; id: string };
const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
function decodeCursor(text: string): Cursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof createdAt === 'number' && typeof id === 'string') return { createdAt, id };
  } catch {
    // Falls through to the refusal.
  }
  throw new ValidationError([{ field: 'cursor', messageKey: 'alerts.api.badCursor' }]);
}

/** The alerts of the zones the actor may read, newest first, a page at a time. */
export async function listAlertsByApi({ app, actor, query }: { app: Pick<App, 'database'>; actor: Actor | null; query: ListAlertsQuery }): Promise<{ items: Alert[]; nextCursor: string | null }> {
  assertCan(actor, 'alerts.read');
  if (query.zoneId) assertCan(actor, 'alerts.read', { zoneId: query.zoneId });
  const rows = await createAlertsApiRepository({ database: app.database }).list({
    zoneIds: query.zoneId ? [query.zoneId] : zonesFor(actor, 'alerts.read'),
    severity: query.severity,
    kind: query.kind,
    status: query.status,
    exercise: query.exercise === undefined ? undefined : query.exercise === 'true',
    since: query.since ? Date.parse(query.since) : undefined,
    until: query.until ? Date.parse(query.until) : undefined,
    after: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}

/** Cancels an alert in flight (the composer's use case). */
export async function cancelAlertByApi({ app, by, alertId }: { app: ApiApp; by: AuditActor; alertId: string }): Promise<Alert> {
  await readableAlert(app, by.actor, alertId);
  return (await cancelAlert({ app, by, alertId })).alert;
}

/** An update or the result message on the incident of an alert, to the audience of its first alert. */
export async function followUpByApi({ app, by, alertId, kind, body, idempotencyKey }: { app: ApiApp; by: AuditActor; alertId: string; kind: 'update' | 'result'; body: FollowUpBody; idempotencyKey: string | undefined }): Promise<PublishResult> {
  const alert = await readableAlert(app, by.actor, alertId);
  const requestKey = idempotencyKey ? `api:${by.actor!.apiClientId ?? by.actor!.accountId}:${kind}:${sha256Hex(idempotencyKey)}` : `api:${app.ids.id()}`;
  return publishFollowUp({ app, by, incidentId: alert.incidentId, kind, input: { requestKey, severity: body.severity, fields: body.fields } });
}

/** What members saw on the alert's incident, newest first (no name, no contact; photos stay on the console). */
export async function sightingsOfAlert({ app, actor, alertId }: { app: Pick<App, 'database'>; actor: Actor | null; alertId: string }) {
  await readableAlert(app, actor, alertId);
  return createSightingsRepository({ database: app.database }).newestForAlert(alertId, 200);
}
