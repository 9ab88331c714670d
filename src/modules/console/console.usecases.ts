import type { PlanningJobsRepository } from '../alerts/planning-jobs.repository.ts';
import { type Database, inTransaction } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import { type Actor, assertCan, zonesFor } from '../accounts/authorization.models.ts';
import type { SightingSummary, SightingsRepository } from '../alerts/sightings.repository.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { type AuditActor, type AuditLog, createAuditLog } from '../audit/audit.usecases.ts';
import type { DeliveriesRepository } from '../deliveries/deliveries.repository.ts';
import type { NetworksRepository } from '../networks/networks.repository.ts';
import { type CurvePoint, MINUTE_MS, channelTable, curveMinutes, curvePoints, needsResultReminder } from './console.models.ts';
import { type ConsoleAlert, type ConsoleIncident, type ConsoleRepository, type IncidentNote, type Reach, type UnreachedPerson, createConsoleRepository } from './console.repository.ts';
import type { IncidentNoteInput } from './console.schemas.ts';

const INCIDENTS_SHOWN = 50;
/** The not-reached list shows this many people; the page says how many more there are. */
export const UNREACHED_SHOWN = 200;

const notFound = (what: 'alerts' | 'incidents' | 'networks') => new AppError({ code: `${what}.not_found`, kind: 'not_found', messageKey: 'errors.not_found' });
const noReach: Reach = { total: 0, reached: 0, acknowledged: 0, shared: 0 };

export type ConsoleAlertRow = ConsoleAlert & { reach: Reach };
export type ConsoleIncidentRow = ConsoleIncident & { alerts: ConsoleAlertRow[]; resultReminder: boolean };

async function withReach(consoleRepository: ConsoleRepository, alerts: readonly ConsoleAlert[]): Promise<ConsoleAlertRow[]> {
  const reach = await consoleRepository.reachOf(alerts.map((alert) => alert.id));
  return alerts.map((alert) => ({ ...alert, reach: reach.get(alert.id) ?? noReach }));
}

/** The incidents of the zones where the actor may read alerts, newest first, with their alerts and reach. */
export async function listConsoleIncidents({ actor, consoleRepository, locale, now }: { actor: Actor; consoleRepository: ConsoleRepository; locale: string; now: number }): Promise<ConsoleIncidentRow[]> {
  assertCan(actor, 'alerts.read');
  const incidents = await consoleRepository.listIncidents(zonesFor(actor, 'alerts.read'), INCIDENTS_SHOWN);
  const alerts = await withReach(consoleRepository, await consoleRepository.alertsOfIncidents(incidents.map((incident) => incident.id), locale));
  return incidents.map((incident) => {
    const own = alerts.filter((alert) => alert.incidentId === incident.id);
    return { ...incident, alerts: own, resultReminder: needsResultReminder(own, now) };
  });
}

/** An alert the actor may read in its zone (404 when it does not exist, 403 outside their zones). */
export async function getReadableAlert({ actor, consoleRepository, alertId, locale }: { actor: Actor; consoleRepository: ConsoleRepository; alertId: string; locale: string }): Promise<ConsoleAlert> {
  assertCan(actor, 'alerts.read');
  const alert = await consoleRepository.findAlert(alertId, locale);
  if (!alert) throw notFound('alerts');
  assertCan(actor, 'alerts.read', { zoneId: alert.zoneId });
  return alert;
}

/** While the alert's planning job runs: people planned so far of the people its target names. */
export type PlanningProgress = { planned: number; total: number | null };
export type AlertProgress = { reach: Reach; channels: ReturnType<typeof channelTable>; curve: CurvePoint[] | null; planning: PlanningProgress | null };

/** Counts per channel, the reach and the time-to-reach curve (per minute since sending) of one alert. */
export async function alertProgress({ alert, consoleRepository, deliveries, planningJobs, now }: { alert: ConsoleAlert; consoleRepository: ConsoleRepository; deliveries: DeliveriesRepository; planningJobs: PlanningJobsRepository; now: number }): Promise<AlertProgress> {
  const reach = (await consoleRepository.reachOf([alert.id])).get(alert.id) ?? noReach;
  const channels = channelTable(await deliveries.countsForAlert(alert.id), { acknowledgedPeople: reach.acknowledged });
  const sentAt = alert.sentAt ?? (alert.status === 'draft' ? null : alert.sendAt);
  const curve = sentAt === null ? null : curvePoints(sentAt, await deliveries.reachOverTime(alert.id, { from: sentAt, bucketMs: MINUTE_MS, buckets: curveMinutes(sentAt, now) }));
  const [job] = await planningJobs.openJobs([alert.id]);
  return { reach, channels, curve, planning: job ? { planned: job.plannedPeople, total: job.candidates } : null };
}


type UnreachedDeps = { by: AuditActor; consoleRepository: ConsoleRepository; auditLog: AuditLog; locale: string };

/**
 * The people of an alert not reached yet, for staff who may read alerts in its zone. Personal
 * data: every read writes an audit entry.
 */
export async function listUnreached({ by, consoleRepository, auditLog, alertId, locale }: UnreachedDeps & { alertId: string }): Promise<{ alert: ConsoleAlert; people: UnreachedPerson[]; total: number }> {
  assertCan(by.actor, 'alerts.read');
  const alert = await getReadableAlert({ actor: by.actor, consoleRepository, alertId, locale });
  const { people, total } = await consoleRepository.unreached(alert.id, { limit: UNREACHED_SHOWN });
  await auditLog.record(by, { action: 'alert.unreached_viewed', objectType: 'alert', objectId: alert.id, zoneId: alert.zoneId, details: { shown: people.length, total } });
  return { alert, people, total };
}

/**
 * The people of one network not reached by an alert, for door-to-door follow-up by its
 * coordinator (who holds `members.read` on the network, not `alerts.read`). Audited like the
 * staff list.
 */
export async function listUnreachedInNetwork({
  by,
  consoleRepository,
  networks,
  auditLog,
  networkId,
  alertId,
  locale,
}: UnreachedDeps & { networks: NetworksRepository; networkId: string; alertId: string }): Promise<{ alert: ConsoleAlert; networkName: string; people: UnreachedPerson[]; total: number }> {
  assertCan(by.actor, 'members.read');
  const network = await networks.findById(networkId);
  if (!network) throw notFound('networks');
  assertCan(by.actor, 'members.read', { networkId: network.id, zoneId: network.zoneId });
  const alert = await consoleRepository.findAlert(alertId, locale);
  // An alert of another zone is no business of this network: as if it did not exist.
  if (!alert || alert.zoneId !== network.zoneId) throw notFound('alerts');
  const { people, total } = await consoleRepository.unreached(alert.id, { networkId: network.id, limit: UNREACHED_SHOWN });
  await auditLog.record(by, { action: 'alert.unreached_viewed', objectType: 'alert', objectId: alert.id, zoneId: alert.zoneId, details: { networkId: network.id, shown: people.length, total } });
  return { alert, networkName: network.name, people, total };
}

/** The alerts that reached members of a network, for its coordinator's follow-up page. */
export async function listNetworkAlerts({ actor, consoleRepository, networks, networkId, locale }: { actor: Actor; consoleRepository: ConsoleRepository; networks: NetworksRepository; networkId: string; locale: string }) {
  assertCan(actor, 'members.read');
  const network = await networks.findById(networkId);
  if (!network) throw notFound('networks');
  assertCan(actor, 'members.read', { networkId: network.id, zoneId: network.zoneId });
  const alerts = await consoleRepository.alertsReachingNetwork(network.id, locale, INCIDENTS_SHOWN);
  return { network, alerts: alerts.filter((alert) => alert.zoneId === network.zoneId) };
}

export type IncidentTimeline = { incident: ConsoleIncident; alerts: ConsoleAlertRow[]; notes: IncidentNote[]; sightings: SightingSummary[]; acknowledged: number; resultReminder: boolean };

/** An incident's first alert, updates, result message, acknowledgements, members' sightings and police notes. */
export async function getIncidentTimeline({
  actor,
  consoleRepository,
  sightingsRepository,
  incidentId,
  locale,
  now,
}: {
  actor: Actor;
  consoleRepository: ConsoleRepository;
  sightingsRepository: SightingsRepository;
  incidentId: string;
  locale: string;
  now: number;
}): Promise<IncidentTimeline> {
  assertCan(actor, 'alerts.read');
  const incident = await consoleRepository.findIncident(incidentId);
  if (!incident) throw notFound('incidents');
  assertCan(actor, 'alerts.read', { zoneId: incident.zoneId });
  const alerts = await withReach(consoleRepository, await consoleRepository.alertsOfIncidents([incident.id], locale));
  const notes = await consoleRepository.notesOf(incident.id);
  const sightings = await sightingsRepository.listByIncident(incident.id);
  const acknowledged = alerts.reduce((sum, alert) => sum + alert.reach.acknowledged, 0);
  return { incident, alerts, notes, sightings, acknowledged, resultReminder: needsResultReminder(alerts, now) };
}

/** A police user adds a note to an incident's timeline; the note and its audit entry are written together. */
export async function addIncidentNote({ by, database, clock, ids, incidentId, input }: { by: AuditActor; database: Database; clock: Clock; ids: IdGenerator; incidentId: string; input: IncidentNoteInput }): Promise<IncidentNote> {
  assertCan(by.actor, 'alerts.publish');
  const actor = by.actor;
  return inTransaction(database, async (trx) => {
    const consoleRepository = createConsoleRepository({ database: trx });
    const incident = await consoleRepository.findIncident(incidentId);
    if (!incident) throw notFound('incidents');
    assertCan(actor, 'alerts.publish', { zoneId: incident.zoneId });
    const note = { id: ids.id(), incidentId: incident.id, body: input.body, authorId: actor.accountId, authorName: actor.name, now: clock.now() };
    await consoleRepository.insertNote(note);
    await createAuditLog({ audit: createAuditRepository({ database: trx }), clock }).record(by, {
      action: 'incident.note_added',
      objectType: 'incident',
      objectId: incident.id,
      zoneId: incident.zoneId,
      details: { noteId: note.id, length: input.body.length },
    });
    return { id: note.id, incidentId: note.incidentId, body: note.body, authorName: note.authorName, createdAt: note.now };
  });
}
