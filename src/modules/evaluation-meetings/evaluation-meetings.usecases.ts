import type { App } from '../../app.ts';
import { type Database, inTransaction } from '../../db/database.ts';
import { AppError } from '../../shared/errors.ts';
import { type Actor, assertCan } from '../accounts/authorization.models.ts';
import { type BlobStore, createBlobStore } from '../blobs/blobs.repository.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { type AuditActor, createAuditLog } from '../audit/audit.usecases.ts';
import type { Network } from '../networks/networks.models.ts';
import type { Zone } from '../zones/zones.repository.ts';
import { type Meeting, instantOf } from './evaluation-meetings.models.ts';
import { type AgendaPoint, type EvaluationMeetingsRepository, type Invitee, type SurveyAnswer, createEvaluationMeetingsRepository } from './evaluation-meetings.repository.ts';
import type { MeetingChangeInput, MeetingInput } from './evaluation-meetings.schemas.ts';

export type MeetingsApp = Pick<App, 'database' | 'clock' | 'ids' | 'zones' | 'networks' | 'config'>;

const notFound = (what: string) => new AppError({ code: `${what}.not_found`, kind: 'not_found', messageKey: 'errors.not_found' });
const invalid = (code: string, messageKey: string) => new AppError({ code: `meetings.${code}`, kind: 'invalid', messageKey });
const cancelled = () => new AppError({ code: 'meetings.cancelled', kind: 'conflict', messageKey: 'meetings.isCancelled' });

/** The repository on the app's database. */
export function meetingsRepository(app: Pick<App, 'database'>): EvaluationMeetingsRepository {
  return createEvaluationMeetingsRepository({ database: app.database });
}

/** Writes inside one transaction with its audit entry. */
export function withAudit<T>(app: MeetingsApp, work: (repos: { meetings: EvaluationMeetingsRepository; audit: ReturnType<typeof createAuditLog>; blobs: BlobStore }) => Promise<T>): Promise<T> {
  return inTransaction(app.database, (trx: Database) => work({ meetings: createEvaluationMeetingsRepository({ database: trx }), audit: createAuditLog({ audit: createAuditRepository({ database: trx }), clock: app.clock }), blobs: createBlobStore({ database: trx }) }));
}

async function zoneOrFail(app: MeetingsApp, zoneId: string): Promise<Zone> {
  const zone = await app.zones.findById(zoneId);
  if (!zone) throw notFound('zones');
  return zone;
}

function timesOf(app: MeetingsApp, input: MeetingChangeInput): { startsAt: number; endsAt: number } {
  const startsAt = instantOf(input.date, input.startTime);
  const endsAt = instantOf(input.date, input.endTime);
  if (startsAt <= app.clock.now()) throw invalid('in_past', 'meetings.inPast');
  return { startsAt, endsAt };
}

/** The meeting, refused unless the actor is the BIN officer (zone admin) of its zone. */
export async function managedMeeting(app: MeetingsApp, actor: Actor | null, meetingId: string): Promise<Meeting> {
  const meeting = await meetingsRepository(app).findById(meetingId);
  // Unknown and not-yours look alike from outside.
  if (!meeting) {
    assertCan(actor, 'meetings.manage');
    throw notFound('meetings');
  }
  assertCan(actor, 'meetings.manage', { zoneId: meeting.zoneId });
  return meeting;
}

/** The zone's meetings (upcoming and past) and its networks, for the BIN officer of the zone. */
export async function listMeetings({ app, actor, zoneId }: { app: MeetingsApp; actor: Actor; zoneId: string }): Promise<{ zone: Zone; meetings: Meeting[]; networks: Network[] }> {
  assertCan(actor, 'meetings.manage', { zoneId });
  const zone = await zoneOrFail(app, zoneId);
  const [meetings, networks] = await Promise.all([meetingsRepository(app).listByZone(zone.id), app.networks.listByZone(zone.id)]);
  return { zone, meetings, networks };
}

/**
 * The BIN officer schedules the yearly evaluation meeting of their zone and invites the
 * coordinators and deputies of the chosen networks (each person once, whatever the number of their
 * networks). Only networks of the zone can be chosen. The invitations go out with
 * `sendPendingMeetingMail` once the meeting is stored.
 */
export async function scheduleMeeting({ app, by, zoneId, input }: { app: MeetingsApp; by: AuditActor; zoneId: string; input: MeetingInput }): Promise<Meeting> {
  assertCan(by.actor, 'meetings.manage', { zoneId });
  const zone = await zoneOrFail(app, zoneId);
  const networkIds = [...new Set(input.networkIds)];
  for (const networkId of networkIds) {
    const network = await app.networks.findById(networkId);
    if (!network || network.zoneId !== zone.id) throw invalid('network_not_in_zone', 'meetings.networkNotInZone');
  }
  const { startsAt, endsAt } = timesOf(app, input);
  const now = app.clock.now();
  const id = app.ids.id();
  const organizer = by.actor!;
  return withAudit(app, async ({ meetings, audit }) => {
    await meetings.insertMeeting({ id, zoneId: zone.id, startsAt, endsAt, place: input.place, agenda: input.agenda, organizer: { id: organizer.accountId, name: organizer.name, email: organizer.email }, networkIds, createdAt: now });
    const invited = await inviteCoordinators(app, meetings, { id, networkIds }, now);
    await audit.record(by, { action: 'meeting.scheduled', objectType: 'evaluation_meeting', objectId: id, zoneId: zone.id, details: { startsAt, networkIds, invitees: invited } });
    return (await meetings.findById(id))!;
  });
}

/**
 * Invites the coordinators and deputies of the meeting's networks who are not invited yet (each
 * person once, whatever the number of their networks); returns how many. Their invitation goes
 * out with the next `sendPendingMeetingMail`.
 */
async function inviteCoordinators(app: MeetingsApp, meetings: EvaluationMeetingsRepository, meeting: Pick<Meeting, 'id' | 'networkIds'>, now: number): Promise<number> {
  const invited = new Set((await meetings.listInvitees(meeting.id)).map((invitee) => invitee.accountId));
  const byAccount = new Map<string, string[]>();
  for (const c of await meetings.coordinatorsOf(meeting.networkIds)) {
    if (!invited.has(c.accountId)) byAccount.set(c.accountId, [...(byAccount.get(c.accountId) ?? []), c.networkId]);
  }
  await meetings.insertInvitees([...byAccount].map(([accountId, networkIds]) => ({ id: app.ids.id(), meetingId: meeting.id, accountId, networkIds, now })));
  return byAccount.size;
}

/**
 * A change of date, time, place or agenda: a new SEQUENCE, so every invitee gets an update, and
 * coordinators appointed to the meeting's networks since it was scheduled get their invitation.
 */
export async function changeMeeting({ app, by, meetingId, input }: { app: MeetingsApp; by: AuditActor; meetingId: string; input: MeetingChangeInput }): Promise<Meeting> {
  const meeting = await managedMeeting(app, by.actor, meetingId);
  if (meeting.status !== 'scheduled') throw cancelled();
  const { startsAt, endsAt } = timesOf(app, input);
  return withAudit(app, async ({ meetings, audit }) => {
    if (!(await meetings.updateMeeting(meeting.id, { startsAt, endsAt, place: input.place, agenda: input.agenda, now: app.clock.now() }))) throw cancelled();
    const newlyInvited = await inviteCoordinators(app, meetings, meeting, app.clock.now());
    await audit.record(by, { action: 'meeting.changed', objectType: 'evaluation_meeting', objectId: meeting.id, zoneId: meeting.zoneId, details: { before: { startsAt: meeting.startsAt, place: meeting.place }, after: { startsAt, place: input.place }, newlyInvited } });
    return (await meetings.findById(meeting.id))!;
  });
}

/** Cancels a meeting: a new SEQUENCE with METHOD:CANCEL for everyone already invited. */
export async function cancelMeeting({ app, by, meetingId }: { app: MeetingsApp; by: AuditActor; meetingId: string }): Promise<Meeting> {
  const meeting = await managedMeeting(app, by.actor, meetingId);
  return withAudit(app, async ({ meetings, audit }) => {
    if (!(await meetings.cancel(meeting.id, app.clock.now()))) throw cancelled();
    await audit.record(by, { action: 'meeting.cancelled', objectType: 'evaluation_meeting', objectId: meeting.id, zoneId: meeting.zoneId, details: { startsAt: meeting.startsAt } });
    return (await meetings.findById(meeting.id))!;
  });
}

export type MeetingOverview = { meeting: Meeting; zone: Zone; networks: Network[]; invitees: Invitee[]; agendaPoints: AgendaPoint[]; surveys: SurveyAnswer[] };

/** Everything the officer's meeting page shows: answers, agenda points, survey answers, minutes. */
export async function getMeetingOverview({ app, actor, meetingId }: { app: MeetingsApp; actor: Actor | null; meetingId: string }): Promise<MeetingOverview> {
  const meeting = await managedMeeting(app, actor, meetingId);
  const repo = meetingsRepository(app);
  const [zone, networks, invitees, agendaPoints, surveys] = await Promise.all([
    zoneOrFail(app, meeting.zoneId),
    app.networks.list({ zoneIds: [meeting.zoneId] }),
    repo.listInvitees(meeting.id),
    repo.listAgendaPoints(meeting.id),
    repo.listSurveys(meeting.id),
  ]);
  return { meeting, zone, networks: networks.filter((n) => meeting.networkIds.includes(n.id)), invitees, agendaPoints, surveys };
}

