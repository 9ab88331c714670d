import type { App } from '../app.ts';
import { type Database, inTransaction } from '../db/database.ts';
import type { Insertable } from 'kysely';
import type { DeliveriesTable } from '../db/schema.ts';
import { createAuditRepository } from '../modules/audit/audit.repository.ts';
import { type AuditActor, createAuditLog } from '../modules/audit/audit.usecases.ts';
import { REPORT_CATEGORIES } from '../modules/reports/reports.models.ts';
import type { DemoStepResult } from './demo.ts';

/**
 * A year of activity in PZ Demo for the evaluation report (issue 8): about 150 alerts over the
 * last twelve months, red ones at any hour and green ones in the daytime, each sent to one demo
 * network's reachable members with steps that went out, arrived, failed or were acknowledged;
 * result messages after most red incidents, two exercises, sightings, reports, ratings, and members
 * who joined or left with their reasons. Drawn from a fixed seed with fixed ids: a second run adds
 * nothing. Written straight into the tables, as the engine would have left them.
 */
const DEMO_BY: AuditActor = { actor: null, label: 'waakzaam demo' };

/** One summary entry, whatever was added. */
export const DEMO_ACTIVITY_AUDIT_ENTRIES = 1;
export const DEMO_ALERT_COUNT = 150;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const RED_SUBJECTS = ['Inbraak bezig', 'Verdacht voertuig', 'Diefstal uit auto', 'Verdachte personen aan woningen', 'Vluchtende daders'];
const GREEN_SUBJECTS = ['Preventietip: sluit ramen en deuren', 'Terugkoppeling vorige melding', 'Let op oplichters aan de deur', 'Vakantietoezicht aanvragen'];
const LEAVE_REASONS = ['Te veel berichten', 'Verhuisd', 'Te veel berichten', 'Berichten te laat op de avond', 'Verhuisd naar een andere gemeente', null, 'Ik krijg de berichten al via de buren'];
const COMMENTS = ['Duidelijk bericht, dank u.', 'Kwam te laat binnen.', 'Goed dat we dit weten.', null, null, 'Beschrijving van de wagen was handig.', null];

/** A small deterministic generator (mulberry32): the same demo year on every run and machine. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!, between: (low: number, high: number) => low + Math.floor(next() * (high - low + 1)) };
}

type Reachable = { personId: string; networkId: string; voice: string | null; sms: string | null; email: string | null };

/** The active demo members with a verified contact point in use, and where to reach them. */
async function reachableMembers(db: Database['db'], zoneId: string): Promise<Reachable[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .innerJoin('contact_points as c', 'c.person_id', 'p.id')
    .select(['m.person_id', 'm.network_id', 'c.kind', 'c.value'])
    .where('p.zone_id', '=', zoneId)
    .where('m.status', '=', 'active')
    .where('c.verified_at', 'is not', null)
    .where('c.stopped_at', 'is', null)
    .orderBy('m.person_id')
    .orderBy('m.network_id')
    .execute();
  const byKey = new Map<string, Reachable>();
  for (const row of rows) {
    const key = `${row.person_id}/${row.network_id}`;
    const entry = byKey.get(key) ?? { personId: row.person_id, networkId: row.network_id, voice: null, sms: null, email: null };
    if (row.kind === 'mobile') entry.sms = row.value;
    if (row.kind === 'mobile' || row.kind === 'landline') entry.voice ??= row.value;
    if (row.kind === 'email') entry.email = row.value;
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

/** Adds the demo year of PZ Demo unless it is there; runs after the members step. */
export async function loadDemoActivity(app: App): Promise<DemoStepResult> {
  const zone = await app.zones.findByCode('DEMO');
  if (!zone) return { created: 0, note: 'skipped: the demo zone does not exist' };
  if (await app.database.db.selectFrom('alerts').select('id').where('id', '=', 'demo-alert-001').executeTakeFirst()) return { created: 0 };
  const members = await reachableMembers(app.database.db, zone.id);
  const networkIds = [...new Set(members.map((m) => m.networkId))].sort();
  if (networkIds.length === 0) return { created: 0, note: 'skipped: no demo members yet' };
  const random = seeded(20260801);
  const now = app.clock.now();
  const start = now - 365 * DAY;

  return inTransaction(app.database, async (trx) => {
    const { db } = trx;
    // The demo members were there before the year began: their joining moves back accordingly.
    const demoMemberships = db.selectFrom('memberships').select('id').where('person_id', 'like', 'demo-member-%');
    await db.updateTable('membership_changes').set({ at: start - 30 * DAY }).where('membership_id', 'in', demoMemberships).where('from_status', 'is', null).execute();

    let created = 0;
    const steps: Array<Insertable<DeliveriesTable>> = [];
    const audience: Array<{ alert_id: string; person_id: string; language: string; acknowledged_at: number | null; acknowledged_via: string | null }> = [];
    for (let i = 1; i <= DEMO_ALERT_COUNT; i++) {
      const red = random.next() < 0.45;
      const exercise = i === 40 || i === 110;
      // Red: any hour, more in the evening and night; green: office hours.
      const hour = red ? random.pick([0, 1, 2, 3, 9, 12, 15, 17, 18, 19, 20, 21, 21, 22, 22, 23]) : random.between(9, 16);
      const day = Math.floor(((i - 0.5) / DEMO_ALERT_COUNT) * 360);
      const createdAt = Math.min(now - DAY, start + day * DAY + hour * 60 * MINUTE + random.between(0, 59) * MINUTE);
      const networkId = random.pick(networkIds);
      const incidentId = `demo-incident-${String(i).padStart(3, '0')}`;
      const alertId = `demo-alert-${String(i).padStart(3, '0')}`;
      const subject = red ? random.pick(RED_SUBJECTS) : random.pick(GREEN_SUBJECTS);
      await db.insertInto('incidents').values({ id: incidentId, zone_id: zone.id, title: subject, status: 'closed', exercise: exercise ? 1 : 0, created_by: null, created_at: createdAt, closed_at: createdAt + 3 * 60 * MINUTE }).execute();
      const alerts = [{ id: alertId, kind: 'initial', severity: red ? 'red' : 'green', at: createdAt, subject }];
      if (red && !exercise && random.next() < 0.75) alerts.push({ id: `${alertId}-result`, kind: 'result', severity: 'green', at: createdAt + random.between(25, 140) * MINUTE, subject: `Afloop: ${subject}` });
      for (const alert of alerts) {
        await db
          .insertInto('alerts')
          .values({ id: alert.id, incident_id: incidentId, zone_id: zone.id, kind: alert.kind, severity: alert.severity, status: 'sent', exercise: exercise ? 1 : 0, fields: '{}', checklist: null, target: JSON.stringify({ kind: 'networks', networkIds: [networkId] }), audio_file: null, request_key: `demo-${alert.id}`, created_by: null, created_at: alert.at, send_at: alert.at, sent_at: alert.at + 20 * MINUTE, cancelled_at: null })
          .execute();
        await db.insertInto('alert_texts').values({ alert_id: alert.id, locale: 'nl', subject: alert.subject, short_text: alert.subject, full_text: alert.subject }).execute();
        const urgent = alert.severity === 'red';
        for (const member of members.filter((m) => m.networkId === networkId)) {
          const channel = urgent ? (member.sms && random.next() < 0.6 ? 'sms' : member.voice ? 'voice' : 'email') : member.email ? 'email' : member.sms ? 'sms' : 'voice';
          const destination = channel === 'email' ? member.email : channel === 'sms' ? member.sms : member.voice;
          if (!destination) continue;
          // Most arrive within minutes; a few late ones and failures.
          const roll = random.next();
          const delay = (roll < 0.6 ? random.between(10, 120) : roll < 0.9 ? random.between(120, 600) : random.between(600, 2400)) * 1000;
          const failed = random.next() < 0.06;
          const acknowledged = urgent && !failed && random.next() < 0.45;
          const sentAt = alert.at + Math.floor(delay / 2);
          const arrived = alert.at + delay;
          const status = failed ? 'failed' : acknowledged ? 'acknowledged' : channel === 'email' ? 'sent' : 'delivered';
          steps.push({
            id: `${alert.id}-${member.personId}`,
            alert_id: alert.id,
            person_id: member.personId,
            channel,
            contact_point_id: null,
            destination,
            language: 'nl',
            step: 0,
            status,
            attempts: failed ? 3 : 1,
            due_at: alert.at,
            unless_acknowledged: 0,
            lease_owner: null,
            lease_until: null,
            idempotency_key: `demo.${alert.id}.${member.personId}`,
            provider_id: null,
            last_error: failed ? 'no answer' : null,
            created_at: alert.at,
            updated_at: acknowledged ? arrived + 2 * MINUTE : arrived,
            sent_at: failed ? null : sentAt,
            delivered_at: failed || channel === 'email' ? null : arrived,
          });
          audience.push({ alert_id: alert.id, person_id: member.personId, language: 'nl', acknowledged_at: acknowledged ? arrived + 2 * MINUTE : null, acknowledged_via: acknowledged ? (channel === 'voice' ? 'dtmf' : 'link') : null });
          if (!exercise && alert.kind === 'initial' && random.next() < 0.12) {
            const comment = random.pick(COMMENTS);
            await db.insertInto('alert_ratings').values({ alert_id: alert.id, person_id: member.personId, zone_id: zone.id, useful: random.next() < 0.8 ? 1 : 0, comment, created_at: arrived + 10 * MINUTE, updated_at: arrived + 10 * MINUTE }).execute();
          }
          if (urgent && !exercise && random.next() < 0.04) {
            await db.insertInto('sightings').values({ id: `demo-sighting-${alert.id}-${member.personId}`, incident_id: incidentId, alert_id: alert.id, zone_id: zone.id, person_id: member.personId, network_id: networkId, text: 'Donkere wagen reed richting station.', photo_path: null, photo_type: null, photo_size: null, created_at: arrived + 5 * MINUTE }).execute();
          }
        }
        created += 1;
      }
    }
    for (let i = 0; i < audience.length; i += 400) await db.insertInto('alert_audience').values(audience.slice(i, i + 400)).execute();
    for (let i = 0; i < steps.length; i += 400) await db.insertInto('deliveries').values(steps.slice(i, i + 400)).execute();

    // Reports of members over the year, most already handled.
    for (let i = 1; i <= 30; i++) {
      const member = members[(i * 13) % members.length]!;
      const at = start + Math.floor((i / 31) * 360) * DAY + 10 * 60 * MINUTE;
      const status = at < now - 30 * DAY ? 'closed' : random.pick(['new', 'in_progress', 'closed']);
      await db
        .insertInto('reports')
        .values({ id: `demo-report-${String(i).padStart(2, '0')}`, zone_id: zone.id, network_id: member.networkId, person_id: member.personId, category: random.pick(REPORT_CATEGORIES), what: 'Melding uit de demo.', where_text: '', lat: null, lon: null, when_text: '', photo_path: null, photo_type: null, photo_size: null, shared_with_coordinator: random.next() < 0.5 ? 1 : 0, status, created_at: at, updated_at: at, in_progress_at: status === 'new' ? null : at + DAY, closed_at: status === 'closed' ? at + 3 * DAY : null })
        .execute();
    }

    // Members who leave during the year, with the reasons they gave.
    const leavers = members.filter((_, i) => i % 9 === 4).slice(0, 18);
    for (const [i, leaver] of leavers.entries()) {
      const membership = await db.selectFrom('memberships').select(['id', 'status']).where('person_id', '=', leaver.personId).where('network_id', '=', leaver.networkId).executeTakeFirst();
      if (!membership || membership.status !== 'active') continue;
      const at = start + (20 + i * 19) * DAY;
      const reason = LEAVE_REASONS[i % LEAVE_REASONS.length] ?? null;
      await db.updateTable('memberships').set({ status: 'left', reason, updated_at: at }).where('id', '=', membership.id).execute();
      await db.insertInto('membership_changes').values({ id: `demo-leave-${membership.id}`, membership_id: membership.id, from_status: 'active', to_status: 'left', reason, by_kind: 'member', actor_id: null, at }).execute();
    }
    // Newer members: the pending ones joined during the year.
    const pending = await db.selectFrom('memberships').select('id').where('person_id', 'like', 'demo-member-%').where('status', '=', 'pending').orderBy('id').limit(12).execute();
    for (const [i, membership] of pending.entries()) {
      const at = start + (15 + i * 27) * DAY;
      await db.updateTable('membership_changes').set({ at: at - 3 * DAY }).where('membership_id', '=', membership.id).execute();
      await db.updateTable('memberships').set({ status: 'active', updated_at: at }).where('id', '=', membership.id).execute();
      await db.insertInto('membership_changes').values({ id: `demo-join-${membership.id}`, membership_id: membership.id, from_status: 'pending', to_status: 'active', reason: null, by_kind: 'staff', actor_id: null, at }).execute();
    }

    await createAuditLog({ audit: createAuditRepository({ database: trx }), clock: app.clock }).record(DEMO_BY, { action: 'evaluation.demo_loaded', zoneId: zone.id, details: { alerts: created, steps: steps.length } });
    return { created };
  });
}
