import type { Database } from '../../db/database.ts';
import { randomIds } from '../../shared/ids.ts';
import { insertAlert } from '../console/console.test-support.ts';
import type { DeliveryChannel, DeliveryStatus } from '../deliveries/deliveries.models.ts';
import { insertMember } from '../members/coordinator.test-support.ts';
import type { MembershipStatus } from '../members/members.models.ts';
import { createNetworksRepository } from '../networks/networks.repository.ts';
import { createZonesRepository } from '../zones/zones.repository.ts';

export const MINUTE = 60_000;

/** A step as the engine leaves it once done: its status and when it went out or arrived. */
export type StepSeed = { personId: string; channel: DeliveryChannel; status: DeliveryStatus; sentAt?: number; deliveredAt?: number; acknowledgedAt?: number };

/** An alert's audience and finished steps, written directly: these tests are about the figures. */
export async function insertFinishedSteps(database: Database, alertId: string, steps: readonly StepSeed[]): Promise<void> {
  for (const personId of new Set(steps.map((s) => s.personId))) {
    const ack = steps.find((s) => s.personId === personId && s.acknowledgedAt !== undefined)?.acknowledgedAt ?? null;
    await database.db.insertInto('alert_audience').values({ alert_id: alertId, person_id: personId, language: 'nl', acknowledged_at: ack, acknowledged_via: ack === null ? null : 'link' }).execute();
  }
  for (const [i, step] of steps.entries()) {
    const at = step.deliveredAt ?? step.sentAt ?? 0;
    await database.db
      .insertInto('deliveries')
      .values({
        id: randomIds.id(),
        alert_id: alertId,
        person_id: step.personId,
        channel: step.channel,
        contact_point_id: null,
        destination: step.channel === 'email' ? `${step.personId}@example.test` : '+32470000000',
        language: 'nl',
        step: 0,
        status: step.status,
        attempts: 1,
        due_at: at,
        unless_acknowledged: 0,
        lease_owner: null,
        lease_until: null,
        idempotency_key: `${alertId}.${step.personId}.${step.channel}.${i}`,
        provider_id: null,
        last_error: step.status === 'failed' ? 'no answer' : null,
        created_at: at,
        updated_at: step.acknowledgedAt ?? at,
        sent_at: step.sentAt ?? null,
        delivered_at: step.deliveredAt ?? null,
      })
      .execute();
  }
}

/** A member with the status history the evaluation reads: one change per (status, time), oldest first. */
export async function insertMemberWithHistory(
  database: Database,
  seed: { zoneId: string; networkId: string; firstName: string; history: ReadonlyArray<{ status: MembershipStatus; at: number; reason?: string | null }>; verified?: boolean },
): Promise<string> {
  const first = seed.history[0]!;
  const last = seed.history.at(-1)!;
  const personId = await insertMember(database, first.at, {
    zoneId: seed.zoneId,
    networkId: seed.networkId,
    firstName: seed.firstName,
    lastName: 'Test',
    status: last.status,
    contacts: seed.verified === false ? [] : [{ kind: 'email', value: `${seed.firstName.toLowerCase()}@example.test` }],
  });
  const membership = await database.db.selectFrom('memberships').select('id').where('person_id', '=', personId).executeTakeFirstOrThrow();
  let from: string | null = null;
  for (const change of seed.history) {
    await database.db
      .insertInto('membership_changes')
      .values({ id: randomIds.id(), membership_id: membership.id, from_status: from, to_status: change.status, reason: change.reason ?? null, by_kind: change.status === 'removed' ? 'staff' : 'member', actor_id: null, at: change.at })
      .execute();
    from = change.status;
  }
  return personId;
}

/** A zone with two networks; returns their ids. */
export async function insertZoneWithNetworks(database: Database, now: number): Promise<{ zoneId: string; networkA: string; networkB: string; otherZoneId: string; otherNetwork: string }> {
  const zones = createZonesRepository({ database });
  const networks = createNetworksRepository({ database });
  const [zoneId, otherZoneId, networkA, networkB, otherNetwork] = [randomIds.id(), randomIds.id(), randomIds.id(), randomIds.id(), randomIds.id()];
  await zones.insert({ id: zoneId, code: `PZ-${zoneId.slice(0, 6)}`, name: 'PZ Heidebeek', languages: ['nl', 'fr'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now });
  await zones.insert({ id: otherZoneId, code: `PZ-${otherZoneId.slice(0, 6)}`, name: 'PZ Elders', languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now });
  await networks.insert({ id: networkA, zoneId, code: '1', name: 'BIN Kerkstraat', kind: 'residential', description: '', status: 'active', now });
  await networks.insert({ id: networkB, zoneId, code: '2', name: 'BIN Stationsstraat', kind: 'residential', description: '', status: 'active', now });
  await networks.insert({ id: otherNetwork, zoneId: otherZoneId, code: '1', name: 'BIN Elders', kind: 'residential', description: '', status: 'active', now });
  return { zoneId, networkA, networkB, otherZoneId, otherNetwork };
}

/** Brussels 2026: 14:00 on 10 March (UTC+1), 08:30 on 1 July (UTC+2), 19:00 on 20 November (UTC+1). */
export const T1 = Date.UTC(2026, 2, 10, 13, 0);
export const T2 = Date.UTC(2026, 6, 1, 6, 30);
export const T3 = Date.UTC(2026, 10, 20, 18, 0);
const BEFORE = Date.UTC(2025, 5, 1);

export type EvaluationFixture = Awaited<ReturnType<typeof insertZoneWithNetworks>> & { people: string[] };

/**
 * The small year whose figures the tests compute by hand (see evaluation.usecases.test.ts):
 * network A has p1–p4 (active since 2025) and p6 (joined in February, nothing verified); p7–p10
 * left in 2026 (two with the same reason in other spacing, one other reason, one without), p11 was
 * removed; network B has p5. Alerts: red 1 (voice), red 2 (SMS and e-mail, one acknowledgement),
 * green 3 (e-mail, p5 too), an exercise, and the result of incident 1 after 75 minutes.
 */
export async function seedEvaluationFixture(database: Database): Promise<EvaluationFixture> {
  const world = await insertZoneWithNetworks(database, BEFORE);
  const { zoneId, networkA, networkB } = world;
  const active = (name: string, networkId = networkA) => insertMemberWithHistory(database, { zoneId, networkId, firstName: name, history: [{ status: 'active', at: BEFORE }] });
  const [p1, p2, p3, p4] = [await active('P1'), await active('P2'), await active('P3'), await active('P4')];
  const p5 = await active('P5', networkB);
  const p6 = await insertMemberWithHistory(database, { zoneId, networkId: networkA, firstName: 'P6', verified: false, history: [{ status: 'pending', at: Date.UTC(2026, 0, 20) }, { status: 'active', at: Date.UTC(2026, 1, 1) }] });
  const leaver = (name: string, at: number, reason: string | null, status: MembershipStatus = 'left') =>
    insertMemberWithHistory(database, { zoneId, networkId: networkA, firstName: name, history: [{ status: 'active', at: BEFORE }, { status, at, reason }] });
  await leaver('P7', Date.UTC(2026, 4, 1), 'Te veel berichten');
  await leaver('P8', Date.UTC(2026, 5, 1), ' te veel   berichten ');
  await leaver('P9', Date.UTC(2026, 6, 1), 'Verhuisd');
  await leaver('P10', Date.UTC(2026, 7, 1), null);
  await leaver('P11', Date.UTC(2026, 8, 1), 'Geen lid meer van de buurt', 'removed');

  const a1 = await insertAlert(database, T1, { zoneId, severity: 'red', kind: 'initial', sentAt: T1 });
  await insertFinishedSteps(database, a1.alertId, [
    { personId: p1, channel: 'voice', status: 'delivered', sentAt: T1 + MINUTE, deliveredAt: T1 + MINUTE },
    { personId: p2, channel: 'voice', status: 'delivered', sentAt: T1 + 2 * MINUTE, deliveredAt: T1 + 2 * MINUTE },
    { personId: p3, channel: 'voice', status: 'delivered', sentAt: T1 + 5 * MINUTE, deliveredAt: T1 + 5 * MINUTE },
    { personId: p4, channel: 'voice', status: 'failed' },
  ]);
  const a2 = await insertAlert(database, T2, { zoneId, severity: 'red', kind: 'initial', sentAt: T2 });
  await insertFinishedSteps(database, a2.alertId, [
    { personId: p1, channel: 'sms', status: 'delivered', sentAt: T2, deliveredAt: T2 + 3 * MINUTE },
    { personId: p2, channel: 'email', status: 'sent', sentAt: T2 + 4 * MINUTE },
    { personId: p3, channel: 'sms', status: 'delivered', sentAt: T2, deliveredAt: T2 + 6 * MINUTE },
    { personId: p4, channel: 'sms', status: 'acknowledged', sentAt: T2, deliveredAt: T2 + 10 * MINUTE, acknowledgedAt: T2 + 11 * MINUTE },
  ]);
  const a3 = await insertAlert(database, T3, { zoneId, severity: 'green', kind: 'initial', sentAt: T3 });
  await insertFinishedSteps(database, a3.alertId, [
    { personId: p1, channel: 'email', status: 'sent', sentAt: T3 + MINUTE },
    { personId: p2, channel: 'email', status: 'sent', sentAt: T3 + MINUTE },
    { personId: p3, channel: 'email', status: 'sent', sentAt: T3 + 2 * MINUTE },
    { personId: p4, channel: 'email', status: 'sent', sentAt: T3 + 2 * MINUTE },
    { personId: p5, channel: 'email', status: 'sent', sentAt: T3 + 30 * MINUTE },
  ]);
  const exercise = await insertAlert(database, Date.UTC(2026, 3, 2, 8, 0), { zoneId, severity: 'red', exercise: true, sentAt: Date.UTC(2026, 3, 2, 8, 0) });
  await insertFinishedSteps(database, exercise.alertId, [{ personId: p1, channel: 'voice', status: 'delivered', sentAt: Date.UTC(2026, 3, 2, 8, 1), deliveredAt: Date.UTC(2026, 3, 2, 8, 1) }]);
  const result = await insertAlert(database, T1 + 75 * MINUTE, { zoneId, incidentId: a1.incidentId, severity: 'green', kind: 'result', sentAt: T1 + 75 * MINUTE });
  await insertFinishedSteps(database, result.alertId, [{ personId: p1, channel: 'email', status: 'sent', sentAt: T1 + 76 * MINUTE }]);
  // An alert of 2025 and one of the other zone: outside every figure.
  await insertAlert(database, Date.UTC(2025, 11, 31, 22, 59), { zoneId, sentAt: Date.UTC(2025, 11, 31, 22, 59) });
  await insertAlert(database, T1, { zoneId: world.otherZoneId, sentAt: T1 });

  const rate = (alertId: string, personId: string, useful: boolean, comment: string | null, at: number) =>
    database.db.insertInto('alert_ratings').values({ alert_id: alertId, person_id: personId, zone_id: zoneId, useful: useful ? 1 : 0, comment, created_at: at, updated_at: at }).execute();
  await rate(a1.alertId, p1, true, null, T1 + 30 * MINUTE);
  await rate(a1.alertId, p2, true, 'Duidelijk bericht', T1 + 31 * MINUTE);
  await rate(a1.alertId, p3, false, 'Te laat', T1 + 32 * MINUTE);
  await rate(exercise.alertId, p1, false, 'Oefening', T1 + 33 * MINUTE);

  const sighting = (networkId: string, personId: string) =>
    database.db.insertInto('sightings').values({ id: randomIds.id(), incident_id: a1.incidentId, alert_id: a1.alertId, zone_id: zoneId, person_id: personId, network_id: networkId, text: 'Wagen', photo_path: null, photo_type: null, photo_size: null, created_at: T1 + 10 * MINUTE }).execute();
  await sighting(networkA, p1);
  await sighting(networkB, p5);

  const report = (networkId: string, personId: string, category: string, status: string) =>
    database.db
      .insertInto('reports')
      .values({ id: randomIds.id(), zone_id: zoneId, network_id: networkId, person_id: personId, category, what: 'Iets', where_text: 'Kerkstraat', lat: null, lon: null, when_text: '', photo_path: null, photo_type: null, photo_size: null, shared_with_coordinator: 1, status, created_at: T2, updated_at: T2, in_progress_at: null, closed_at: status === 'closed' ? T2 : null })
      .execute();
  await report(networkA, p1, 'suspicious_situation', 'new');
  await report(networkA, p2, 'recurring_nuisance', 'closed');
  await report(networkB, p5, 'suspicious_situation', 'closed');
  return { ...world, people: [p1, p2, p3, p4, p5, p6] };
}
