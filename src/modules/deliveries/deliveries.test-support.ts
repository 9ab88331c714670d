import type { Database } from '../../db/database.ts';
import type { DeliveryChannel } from './deliveries.models.ts';
import type { PlannedDelivery } from './deliveries.repository.ts';

/**
 * The least an alert needs to own deliveries (a zone, an incident, the alert), written directly:
 * the queue's tests and benchmarks are about the queue, not about composing alerts.
 */
export async function insertBareAlert(database: Database, { alertId, now, zoneId = 'zone-deliveries' }: { alertId: string; now: number; zoneId?: string }): Promise<void> {
  const zone = await database.db.selectFrom('zones').select('id').where('id', '=', zoneId).executeTakeFirst();
  if (!zone) {
    await database.db
      .insertInto('zones')
      .values({ id: zoneId, code: zoneId, name: 'PZ Test', languages: '["nl"]', default_language: 'nl', time_zone: 'Europe/Brussels', created_at: now, updated_at: now })
      .execute();
  }
  await database.db.insertInto('incidents').values({ id: `incident-${alertId}`, zone_id: zoneId, title: 'Test', status: 'open', created_at: now }).execute();
  await database.db
    .insertInto('alerts')
    .values({
      id: alertId,
      incident_id: `incident-${alertId}`,
      zone_id: zoneId,
      kind: 'alert',
      severity: 'red',
      status: 'sending',
      fields: '{}',
      target: '{}',
      request_key: `request-${alertId}`,
      created_at: now,
      send_at: now,
    })
    .execute();
}

/** The people of an alert's audience (where acknowledgements are kept). */
export async function insertAudience(database: Database, alertId: string, personIds: readonly string[]): Promise<void> {
  if (personIds.length === 0) return;
  await database.db
    .insertInto('alert_audience')
    .values(personIds.map((personId) => ({ alert_id: alertId, person_id: personId, language: 'nl', acknowledged_at: null, acknowledged_via: null })))
    .execute();
}

/** `count` steps of one channel for people `person-1`…, one step each, due at `dueAt`. */
export function bareSteps(
  alertId: string,
  count: number,
  { channel = 'email', dueAt, step = 0, unlessAcknowledged = false, firstPerson = 1 }: { channel?: DeliveryChannel; dueAt: number; step?: number; unlessAcknowledged?: boolean; firstPerson?: number },
): PlannedDelivery[] {
  return Array.from({ length: count }, (_, i) => {
    const person = `person-${firstPerson + i}`;
    return {
      id: `${alertId}-${person}-${channel}-${step}`,
      alertId,
      personId: person,
      channel,
      contactPointId: null,
      destination: channel === 'email' ? `${person}@example.test` : `+3247${String(1000000 + firstPerson + i).slice(-7)}`,
      language: 'nl',
      step,
      dueAt,
      unlessAcknowledged,
      idempotencyKey: `${alertId}.${person}.${channel}.${step}`,
    };
  });
}
