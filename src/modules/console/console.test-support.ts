import type { Database } from '../../db/database.ts';
import { randomIds } from '../../shared/ids.ts';
import type { DeliveryChannel } from '../deliveries/deliveries.models.ts';
import { type PlannedDelivery, createDeliveriesRepository } from '../deliveries/deliveries.repository.ts';
import { insertAudience } from '../deliveries/deliveries.test-support.ts';
import { insertMember } from '../members/coordinator.test-support.ts';
import { createNetworksRepository } from '../networks/networks.repository.ts';
import { createZonesRepository } from '../zones/zones.repository.ts';

export type ConsoleWorld = { zoneId: string; otherZoneId: string; networkA: string; networkB: string; anna: string; bert: string; carla: string };

/**
 * Two zones; in the first, network A (Anna, Bert) and network B (Carla). Written through the
 * repositories and the members' test support: these tests are about what the console shows.
 */
export async function seedConsoleWorld(database: Database, now: number): Promise<ConsoleWorld> {
  const zones = createZonesRepository({ database });
  const networks = createNetworksRepository({ database });
  const zoneId = randomIds.id();
  const otherZoneId = randomIds.id();
  await zones.insert({ id: zoneId, code: `PZ-${zoneId.slice(0, 6)}`, name: 'PZ Heidebeek', languages: ['nl', 'fr'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now });
  await zones.insert({ id: otherZoneId, code: `PZ-${otherZoneId.slice(0, 6)}`, name: 'PZ Elders', languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now });
  const networkA = randomIds.id();
  const networkB = randomIds.id();
  await networks.insert({ id: networkA, zoneId, code: '1', name: 'BIN Kerkstraat', kind: 'residential', description: '', status: 'active', now });
  await networks.insert({ id: networkB, zoneId, code: '2', name: 'BIN Stationsstraat', kind: 'residential', description: '', status: 'active', now });
  const anna = await insertMember(database, now, { networkId: networkA, zoneId, firstName: 'Anna', lastName: 'Aerts' });
  const bert = await insertMember(database, now, { networkId: networkA, zoneId, firstName: 'Bert', lastName: 'Bosmans' });
  const carla = await insertMember(database, now, { networkId: networkB, zoneId, firstName: 'Carla', lastName: 'Claes' });
  return { zoneId, otherZoneId, networkA, networkB, anna, bert, carla };
}

export type AlertSeed = { zoneId: string; incidentId?: string; kind?: 'initial' | 'update' | 'result'; severity?: 'red' | 'green'; status?: string; sentAt?: number | null; exercise?: boolean; title?: string };

/** An incident (unless given) and one alert in it, as the composer would leave them. Returns the ids. */
export async function insertAlert(database: Database, now: number, seed: AlertSeed): Promise<{ incidentId: string; alertId: string }> {
  const alertId = randomIds.id();
  const incidentId = seed.incidentId ?? randomIds.id();
  if (!seed.incidentId) {
    await database.db.insertInto('incidents').values({ id: incidentId, zone_id: seed.zoneId, title: seed.title ?? 'Inbraak Kerkstraat', status: 'open', exercise: seed.exercise ? 1 : 0, created_at: now }).execute();
  }
  const sentAt = seed.sentAt === undefined ? now : seed.sentAt;
  await database.db
    .insertInto('alerts')
    .values({
      id: alertId,
      incident_id: incidentId,
      zone_id: seed.zoneId,
      kind: seed.kind ?? 'initial',
      severity: seed.severity ?? 'red',
      status: seed.status ?? 'sending',
      exercise: seed.exercise ? 1 : 0,
      fields: '{}',
      target: '{}',
      request_key: `request-${alertId}`,
      created_at: sentAt ?? now,
      send_at: sentAt ?? now,
      sent_at: sentAt,
    })
    .execute();
  await database.db.insertInto('alert_texts').values({ alert_id: alertId, locale: 'en', subject: 'Burglary in progress', short_text: 'Burglary', full_text: 'Burglary in progress' }).execute();
  return { incidentId, alertId };
}

/** One planned step per person and channel, through the delivery engine's repository. */
export async function planSteps(database: Database, alertId: string, people: ReadonlyArray<{ personId: string; channel: DeliveryChannel }>, now: number): Promise<void> {
  await insertAudience(database, alertId, [...new Set(people.map((p) => p.personId))]);
  const steps: PlannedDelivery[] = people.map(({ personId, channel }) => ({
    id: randomIds.id(),
    alertId,
    personId,
    channel,
    contactPointId: null,
    destination: channel === 'email' ? `${personId}@example.test` : '+32470000000',
    language: 'nl',
    step: 0,
    dueAt: now,
    unlessAcknowledged: false,
    idempotencyKey: `${alertId}.${personId}.${channel}`,
  }));
  await createDeliveriesRepository({ database }).insertPlan(steps, now);
}

/** Claims the due steps of one channel and records an outcome for each, as a dispatcher would. */
export async function dispatch(database: Database, channel: DeliveryChannel, outcomes: ReadonlyArray<{ personId: string; kind: 'sent' | 'delivered' | 'failed_permanent'; reason?: string }>, now: number): Promise<void> {
  const deliveries = createDeliveriesRepository({ database });
  const claimed = await deliveries.claim({ channel, owner: 'test-dispatcher', now, leaseMs: 60_000, limit: 1000 });
  for (const step of claimed) {
    const outcome = outcomes.find((o) => o.personId === step.personId);
    if (!outcome) continue;
    await deliveries.complete(step.id, 'test-dispatcher', { kind: outcome.kind, ...(outcome.reason ? { reason: outcome.reason } : {}) }, now);
  }
}
