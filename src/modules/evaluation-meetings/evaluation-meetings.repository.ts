import type { Selectable } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { EvaluationMeetingsTable } from '../../db/schema.ts';
import type { Locale } from '../../web/i18n/locales.ts';
import { type Meeting, type MeetingStatus, type RsvpResponse, REMINDER_LEAD_MS, SURVEY_SCORES, type SurveyScore } from './evaluation-meetings.models.ts';

/** An invited coordinator with what the pages and e-mails need of their account. */
export type Invitee = {
  id: string;
  meetingId: string;
  accountId: string;
  name: string;
  email: string;
  locale: Locale | null;
  networkIds: string[];
  response: RsvpResponse | null;
  respondedAt: number | null;
  mailedSequence: number | null;
  reminderSentAt: number | null;
};

export type AgendaPoint = { id: string; inviteeId: string; author: string; text: string; createdAt: number };

export type SurveyAnswer = { inviteeId: string; author: string; answeredAt: number; improvements: string } & Record<SurveyScore, number | null>;

/** Someone who runs a network and is invited for it: a coordinator or a deputy. */
export type NetworkCoordinator = { accountId: string; networkId: string };

const num = (value: number | null) => (value === null ? null : Number(value));

function toMeeting(row: Selectable<EvaluationMeetingsTable>, networkIds: string[]): Meeting {
  return {
    id: row.id,
    zoneId: row.zone_id,
    startsAt: Number(row.starts_at),
    endsAt: Number(row.ends_at),
    place: row.place,
    agenda: row.agenda,
    status: row.status as MeetingStatus,
    sequence: Number(row.sequence),
    organizer: { id: row.organizer_id, name: row.organizer_name, email: row.organizer_email },
    minutes: row.minutes,
    decisions: row.decisions,
    minutesFile: row.minutes_file,
    minutesSize: num(row.minutes_size),
    minutesAt: num(row.minutes_at),
    networkIds,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function createEvaluationMeetingsRepository({ database }: { database: Database }) {
  const { db } = database;

  const inviteeQuery = () =>
    db
      .selectFrom('evaluation_meeting_invitees as i')
      .innerJoin('accounts as a', 'a.id', 'i.account_id')
      .select(['i.id', 'i.meeting_id', 'i.account_id', 'i.network_ids', 'i.response', 'i.responded_at', 'i.mailed_sequence', 'i.reminder_sent_at', 'a.name', 'a.email', 'a.locale']);
  type InviteeRow = Awaited<ReturnType<ReturnType<typeof inviteeQuery>['execute']>>[number];
  const toInvitee = (r: InviteeRow): Invitee => ({
    id: r.id,
    meetingId: r.meeting_id,
    accountId: r.account_id,
    name: r.name,
    email: r.email,
    locale: r.locale as Locale | null,
    networkIds: JSON.parse(r.network_ids) as string[],
    response: r.response as RsvpResponse | null,
    respondedAt: num(r.responded_at),
    mailedSequence: num(r.mailed_sequence),
    reminderSentAt: num(r.reminder_sent_at),
  });

  return {
    async insertMeeting(meeting: Omit<Meeting, 'sequence' | 'minutes' | 'decisions' | 'minutesFile' | 'minutesSize' | 'minutesAt' | 'updatedAt' | 'status'>): Promise<void> {
      await db
        .insertInto('evaluation_meetings')
        .values({
          id: meeting.id,
          zone_id: meeting.zoneId,
          starts_at: meeting.startsAt,
          ends_at: meeting.endsAt,
          place: meeting.place,
          agenda: meeting.agenda,
          status: 'scheduled',
          sequence: 0,
          organizer_id: meeting.organizer.id,
          organizer_name: meeting.organizer.name,
          organizer_email: meeting.organizer.email,
          minutes: null,
          decisions: null,
          minutes_file: null,
          minutes_size: null,
          minutes_at: null,
          created_at: meeting.createdAt,
          updated_at: meeting.createdAt,
        })
        .execute();
      if (meeting.networkIds.length > 0) await db.insertInto('evaluation_meeting_networks').values(meeting.networkIds.map((networkId) => ({ meeting_id: meeting.id, network_id: networkId }))).execute();
    },

    async findById(id: string): Promise<Meeting | undefined> {
      const row = await db.selectFrom('evaluation_meetings').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const networks = await db.selectFrom('evaluation_meeting_networks').select('network_id').where('meeting_id', '=', id).execute();
      return toMeeting(row, networks.map((n) => n.network_id).sort());
    },

    /** A zone's meetings, newest first. */
    async listByZone(zoneId: string): Promise<Meeting[]> {
      const rows = await db.selectFrom('evaluation_meetings').selectAll().where('zone_id', '=', zoneId).orderBy('starts_at', 'desc').execute();
      if (rows.length === 0) return [];
      const links = await db.selectFrom('evaluation_meeting_networks').selectAll().where('meeting_id', 'in', rows.map((r) => r.id)).execute();
      return rows.map((row) => toMeeting(row, links.filter((l) => l.meeting_id === row.id).map((l) => l.network_id)));
    },

    /** A change the invitees must hear about: the next SEQUENCE. */
    async updateMeeting(id: string, change: { startsAt: number; endsAt: number; place: string; agenda: string; now: number }): Promise<boolean> {
      const result = await db
        .updateTable('evaluation_meetings')
        .set((eb) => ({ starts_at: change.startsAt, ends_at: change.endsAt, place: change.place, agenda: change.agenda, sequence: eb('sequence', '+', 1), updated_at: change.now }))
        .where('id', '=', id)
        .where('status', '=', 'scheduled')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async cancel(id: string, now: number): Promise<boolean> {
      const result = await db
        .updateTable('evaluation_meetings')
        .set((eb) => ({ status: 'cancelled', sequence: eb('sequence', '+', 1), updated_at: now }))
        .where('id', '=', id)
        .where('status', '=', 'scheduled')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async saveMinutes(id: string, minutes: { minutes: string; decisions: string; file: string | null; size: number | null; now: number }): Promise<void> {
      await db
        .updateTable('evaluation_meetings')
        .set({ minutes: minutes.minutes, decisions: minutes.decisions, minutes_file: minutes.file, minutes_size: minutes.size, minutes_at: minutes.now, updated_at: minutes.now })
        .where('id', '=', id)
        .execute();
    },

    /** Coordinators and deputies of the networks, with an account that is not disabled. */
    async coordinatorsOf(networkIds: readonly string[]): Promise<NetworkCoordinator[]> {
      if (networkIds.length === 0) return [];
      const rows = await db
        .selectFrom('network_people as p')
        .innerJoin('accounts as a', 'a.id', 'p.account_id')
        .select(['p.account_id', 'p.network_id'])
        .where('p.network_id', 'in', [...networkIds])
        .where('p.role', 'in', ['coordinator', 'deputy_coordinator'])
        .where('a.disabled_at', 'is', null)
        .orderBy('p.network_id')
        .orderBy('p.account_id')
        .execute();
      return rows.map((r) => ({ accountId: r.account_id, networkId: r.network_id }));
    },

    async insertInvitees(invitees: { id: string; meetingId: string; accountId: string; networkIds: string[]; now: number }[]): Promise<void> {
      if (invitees.length === 0) return;
      await db
        .insertInto('evaluation_meeting_invitees')
        .values(invitees.map((i) => ({ id: i.id, meeting_id: i.meetingId, account_id: i.accountId, network_ids: JSON.stringify(i.networkIds), response: null, responded_at: null, mailed_sequence: null, mailed_at: null, reminder_sent_at: null, created_at: i.now })))
        .execute();
    },

    async listInvitees(meetingId: string): Promise<Invitee[]> {
      return (await inviteeQuery().where('i.meeting_id', '=', meetingId).orderBy('a.name').execute()).map(toInvitee);
    },

    async findInvitee(id: string): Promise<Invitee | undefined> {
      const row = await inviteeQuery().where('i.id', '=', id).executeTakeFirst();
      return row && toInvitee(row);
    },

    async setResponse(inviteeId: string, response: RsvpResponse, now: number): Promise<void> {
      await db.updateTable('evaluation_meeting_invitees').set({ response, responded_at: now }).where('id', '=', inviteeId).execute();
    },

    async addAgendaPoint(point: { id: string; meetingId: string; inviteeId: string; text: string; now: number }): Promise<void> {
      await db.insertInto('evaluation_meeting_agenda_points').values({ id: point.id, meeting_id: point.meetingId, invitee_id: point.inviteeId, text: point.text, created_at: point.now }).execute();
    },

    async listAgendaPoints(meetingId: string, inviteeId?: string): Promise<AgendaPoint[]> {
      let query = db
        .selectFrom('evaluation_meeting_agenda_points as p')
        .innerJoin('evaluation_meeting_invitees as i', 'i.id', 'p.invitee_id')
        .innerJoin('accounts as a', 'a.id', 'i.account_id')
        .select(['p.id', 'p.invitee_id', 'p.text', 'p.created_at', 'a.name'])
        .where('p.meeting_id', '=', meetingId);
      if (inviteeId) query = query.where('p.invitee_id', '=', inviteeId);
      const rows = await query.orderBy('p.created_at').orderBy('p.id').execute();
      return rows.map((r) => ({ id: r.id, inviteeId: r.invitee_id, author: r.name, text: r.text, createdAt: Number(r.created_at) }));
    },

    /** One survey per invitee: answering again replaces the earlier answers. */
    async saveSurvey(survey: { inviteeId: string; meetingId: string; improvements: string; now: number } & Record<SurveyScore, number | null>): Promise<void> {
      const values = { usefulness: survey.usefulness, speed: survey.speed, clarity: survey.clarity, improvements: survey.improvements, answered_at: survey.now };
      await db
        .insertInto('evaluation_meeting_surveys')
        .values({ invitee_id: survey.inviteeId, meeting_id: survey.meetingId, ...values })
        .onConflict((oc) => oc.column('invitee_id').doUpdateSet(values))
        .execute();
    },

    async listSurveys(meetingId: string, inviteeId?: string): Promise<SurveyAnswer[]> {
      let query = db
        .selectFrom('evaluation_meeting_surveys as s')
        .innerJoin('evaluation_meeting_invitees as i', 'i.id', 's.invitee_id')
        .innerJoin('accounts as a', 'a.id', 'i.account_id')
        .select(['s.invitee_id', 's.usefulness', 's.speed', 's.clarity', 's.improvements', 's.answered_at', 'a.name'])
        .where('s.meeting_id', '=', meetingId);
      if (inviteeId) query = query.where('s.invitee_id', '=', inviteeId);
      const rows = await query.orderBy('a.name').execute();
      return rows.map((r) => ({ inviteeId: r.invitee_id, author: r.name, answeredAt: Number(r.answered_at), improvements: r.improvements, ...Object.fromEntries(SURVEY_SCORES.map((score) => [score, num(r[score])])) }) as SurveyAnswer);
    },

    /** Invitees whose last mail is older than the meeting's current version (new, changed or cancelled). */
    async pendingMail(limit: number): Promise<{ inviteeId: string; meetingId: string; sequence: number; mailedSequence: number | null }[]> {
      const rows = await db
        .selectFrom('evaluation_meeting_invitees as i')
        .innerJoin('evaluation_meetings as m', 'm.id', 'i.meeting_id')
        .select(['i.id', 'i.meeting_id', 'm.sequence', 'i.mailed_sequence'])
        .where((eb) => eb.or([eb('i.mailed_sequence', 'is', null), eb('i.mailed_sequence', '<', eb.ref('m.sequence'))]))
        .orderBy('i.created_at')
        .orderBy('i.id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ inviteeId: r.id, meetingId: r.meeting_id, sequence: Number(r.sequence), mailedSequence: num(r.mailed_sequence) }));
    },

    /**
     * Claims the mail of one version for one invitee: a conditional update that only one node (or
     * one run) can win. Returns false when someone else already claimed it.
     */
    async claimMail(inviteeId: string, sequence: number, now: number): Promise<boolean> {
      const result = await db
        .updateTable('evaluation_meeting_invitees')
        .set({ mailed_sequence: sequence, mailed_at: now })
        .where('id', '=', inviteeId)
        .where((eb) => eb.or([eb('mailed_sequence', 'is', null), eb('mailed_sequence', '<', sequence)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Gives a claimed mail back after a failed send, so that a later run tries again. */
    async releaseMail(inviteeId: string, sequence: number, previous: number | null): Promise<void> {
      await db.updateTable('evaluation_meeting_invitees').set({ mailed_sequence: previous }).where('id', '=', inviteeId).where('mailed_sequence', '=', sequence).execute();
    },

    /**
     * Invitees owed the reminder: of scheduled meetings starting within a week that were scheduled
     * more than a week ahead, already invited, not reminded, and who did not decline.
     */
    async dueReminders(now: number): Promise<{ inviteeId: string; meetingId: string }[]> {
      const rows = await db
        .selectFrom('evaluation_meeting_invitees as i')
        .innerJoin('evaluation_meetings as m', 'm.id', 'i.meeting_id')
        .select(['i.id', 'i.meeting_id'])
        .where('m.status', '=', 'scheduled')
        .where('m.starts_at', '>', now)
        .where('m.starts_at', '<=', now + REMINDER_LEAD_MS)
        .where((eb) => eb('m.created_at', '<', eb(eb.ref('m.starts_at'), '-', REMINDER_LEAD_MS)))
        .where('i.reminder_sent_at', 'is', null)
        .where('i.mailed_sequence', 'is not', null)
        .where((eb) => eb.or([eb('i.response', 'is', null), eb('i.response', '!=', 'no')]))
        .orderBy('i.id')
        .execute();
      return rows.map((r) => ({ inviteeId: r.id, meetingId: r.meeting_id }));
    },

    /** Claims one invitee's reminder (conditional update): true for exactly one caller. */
    async claimReminder(inviteeId: string, now: number): Promise<boolean> {
      const result = await db.updateTable('evaluation_meeting_invitees').set({ reminder_sent_at: now }).where('id', '=', inviteeId).where('reminder_sent_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async releaseReminder(inviteeId: string, claimedAt: number): Promise<void> {
      await db.updateTable('evaluation_meeting_invitees').set({ reminder_sent_at: null }).where('id', '=', inviteeId).where('reminder_sent_at', '=', claimedAt).execute();
    },
  };
}

export type EvaluationMeetingsRepository = ReturnType<typeof createEvaluationMeetingsRepository>;
