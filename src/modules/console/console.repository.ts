import { type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { REACHED_STEP_STATUSES } from './console.models.ts';

export type ConsoleIncident = { id: string; zoneId: string; title: string; status: string; exercise: boolean; createdAt: number; closedAt: number | null };

export type ConsoleAlert = {
  id: string;
  incidentId: string;
  zoneId: string;
  kind: string;
  severity: string;
  status: string;
  exercise: boolean;
  subject: string | null;
  createdAt: number;
  sendAt: number;
  sentAt: number | null;
  cancelledAt: number | null;
};

/** How many people an alert was for, how many were reached and how many acknowledged. */
/** `shared`: people reached through a call or SMS to a number they share with others of the audience. */
export type Reach = { total: number; reached: number; acknowledged: number; shared: number };

/** One step tried for a person who is not reached yet: the channel, where it stands and why it failed. */
export type TriedStep = { channel: string; status: string; lastError: string | null };
export type UnreachedPerson = { personId: string; firstName: string; lastName: string; networks: string[]; tried: TriedStep[] };

export type IncidentNote = { id: string; incidentId: string; body: string; authorName: string; createdAt: number };

const toIncident = (row: { id: string; zone_id: string; title: string; status: string; exercise: number; created_at: number; closed_at: number | null }): ConsoleIncident => ({
  id: row.id,
  zoneId: row.zone_id,
  title: row.title,
  status: row.status,
  exercise: Number(row.exercise) === 1,
  createdAt: Number(row.created_at),
  closedAt: row.closed_at === null ? null : Number(row.closed_at),
});

/** The console's reads (and the incident notes): joins across incidents, alerts, the audience and the deliveries. */
export function createConsoleRepository({ database }: { database: Database }) {
  const { db } = database;

  // A person counts as reached when they acknowledged or one of their steps reached them (per
  // channel, see REACHED_STEP_STATUSES).
  const reachedStep = sql.join(
    Object.entries(REACHED_STEP_STATUSES).map(([channel, statuses]) => sql`(d.channel = ${channel} and d.status in (${sql.join(statuses.map((status) => sql`${status}`))}))`),
    sql` or `,
  );
  // Households: a person the step to a shared number speaks for is reached when that step is.
  const reachedThroughShared = sql<SqlBool>`exists (
    select 1 from delivery_household h inner join deliveries d on d.id = h.delivery_id
    where h.alert_id = aa.alert_id and h.person_id = aa.person_id and (${reachedStep}))`;
  const reachedPerson = sql<SqlBool>`(aa.acknowledged_at is not null or exists (
    select 1 from deliveries d where d.alert_id = aa.alert_id and d.person_id = aa.person_id and (${reachedStep})) or ${reachedThroughShared})`;

  // A person of the audience who is (or was) a member of the network: the evaluation's network scope.
  const inNetwork = (networkId: string) => sql<SqlBool>`aa.person_id in (select m.person_id from memberships m where m.network_id = ${networkId})`;

  function alertsQuery(locale: string) {
    return db
      .selectFrom('alerts')
      .leftJoin('alert_texts', (join) => join.onRef('alert_texts.alert_id', '=', 'alerts.id').on('alert_texts.locale', '=', locale))
      .select(['alerts.id', 'alerts.incident_id', 'alerts.zone_id', 'alerts.kind', 'alerts.severity', 'alerts.status', 'alerts.exercise', 'alert_texts.subject', 'alerts.created_at', 'alerts.send_at', 'alerts.sent_at', 'alerts.cancelled_at']);
  }
  type AlertRow = Awaited<ReturnType<ReturnType<typeof alertsQuery>['execute']>>[number];
  const toAlert = (row: AlertRow): ConsoleAlert => ({
    id: row.id,
    incidentId: row.incident_id,
    zoneId: row.zone_id,
    kind: row.kind,
    severity: row.severity,
    status: row.status,
    exercise: Number(row.exercise) === 1,
    subject: row.subject ?? null,
    createdAt: Number(row.created_at),
    sendAt: Number(row.send_at),
    sentAt: row.sent_at === null ? null : Number(row.sent_at),
    cancelledAt: row.cancelled_at === null ? null : Number(row.cancelled_at),
  });

  return {
    /** The newest incidents of the given zones. */
    async listIncidents(zoneIds: 'all' | readonly string[], limit: number): Promise<ConsoleIncident[]> {
      if (zoneIds !== 'all' && zoneIds.length === 0) return [];
      let query = db.selectFrom('incidents').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit);
      if (zoneIds !== 'all') query = query.where('zone_id', 'in', [...zoneIds]);
      return (await query.execute()).map(toIncident);
    },

    async findIncident(id: string): Promise<ConsoleIncident | undefined> {
      const row = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toIncident(row);
    },

    /** The alerts of these incidents, oldest first, with their subject in `locale` when there is one. */
    async alertsOfIncidents(incidentIds: readonly string[], locale: string): Promise<ConsoleAlert[]> {
      if (incidentIds.length === 0) return [];
      const rows = await alertsQuery(locale).where('alerts.incident_id', 'in', [...incidentIds]).orderBy('alerts.created_at').orderBy('alerts.id').execute();
      return rows.map(toAlert);
    },

    async findAlert(id: string, locale: string): Promise<ConsoleAlert | undefined> {
      const row = await alertsQuery(locale).where('alerts.id', '=', id).executeTakeFirst();
      return row && toAlert(row);
    },

    /** Alerts whose audience holds an active member of the network, newest first. */
    async alertsReachingNetwork(networkId: string, locale: string, limit: number): Promise<ConsoleAlert[]> {
      const rows = await alertsQuery(locale)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('alert_audience as aa')
              .innerJoin('memberships as m', 'm.person_id', 'aa.person_id')
              .select('aa.person_id')
              .whereRef('aa.alert_id', '=', 'alerts.id')
              .where('m.network_id', '=', networkId)
              .where('m.status', '=', 'active'),
          ),
        )
        .orderBy('alerts.created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toAlert);
    },

    /**
     * The alerts of a period for the evaluation (src/modules/evaluation/): those of a zone, or those
     * whose audience held a member of the network (in any status today: who left since counted
     * then), created in [from, to), drafts left out; oldest first.
     */
    async alertsInPeriod(scope: { zoneId: string } | { networkId: string }, period: { from: number; to: number }, locale: string): Promise<ConsoleAlert[]> {
      let query = alertsQuery(locale).where('alerts.created_at', '>=', period.from).where('alerts.created_at', '<', period.to).where('alerts.status', '!=', 'draft');
      if ('zoneId' in scope) query = query.where('alerts.zone_id', '=', scope.zoneId);
      else query = query.where(({ exists, selectFrom }) => exists(selectFrom('alert_audience as aa').select('aa.person_id').whereRef('aa.alert_id', '=', 'alerts.id').where(inNetwork(scope.networkId))));
      return (await query.orderBy('alerts.created_at').orderBy('alerts.id').execute()).map(toAlert);
    },

    /**
     * When each person of the alerts' audience (with `networkId`, its members only) was reached:
     * their acknowledgement or their first step that reached them (as `reachOf` counts them), null
     * when not reached.
     */
    async reachTimes(alertIds: readonly string[], { networkId }: { networkId?: string | undefined } = {}): Promise<Array<{ alertId: string; personId: string; reachedAt: number | null }>> {
      if (alertIds.length === 0) return [];
      let query = db
        .selectFrom('alert_audience as aa')
        .select([
          'aa.alert_id',
          'aa.person_id',
          'aa.acknowledged_at',
          sql<number | null>`(select min(coalesce(d.delivered_at, d.sent_at, d.updated_at)) from deliveries d where d.alert_id = aa.alert_id and d.person_id = aa.person_id and (${reachedStep}))`.as('step_at'),
        ])
        .where('aa.alert_id', 'in', [...alertIds]);
      if (networkId) query = query.where(inNetwork(networkId));
      const rows = await query.execute();
      return rows.map((row) => {
        const times = [row.acknowledged_at, row.step_at].filter((at) => at !== null && at !== undefined).map(Number);
        return { alertId: row.alert_id, personId: row.person_id, reachedAt: times.length > 0 ? Math.min(...times) : null };
      });
    },

    /** Reach per alert, for the given alerts in one query; with `networkId`, over that network's members of the audience. */
    async reachOf(alertIds: readonly string[], { networkId }: { networkId?: string | undefined } = {}): Promise<Map<string, Reach>> {
      const result = new Map<string, Reach>();
      if (alertIds.length === 0) return result;
      let query = db
        .selectFrom('alert_audience as aa')
        .select([
          'aa.alert_id',
          (eb) => eb.fn.countAll<number>().as('total'),
          sql<number>`sum(case when ${reachedPerson} then 1 else 0 end)`.as('reached'),
          sql<number>`sum(case when aa.acknowledged_at is not null then 1 else 0 end)`.as('acknowledged'),
          sql<number>`sum(case when ${reachedThroughShared} then 1 else 0 end)`.as('shared'),
        ])
        .where('aa.alert_id', 'in', [...alertIds])
        .groupBy('aa.alert_id');
      if (networkId) query = query.where(inNetwork(networkId));
      const rows = await query.execute();
      for (const row of rows) result.set(row.alert_id, { total: Number(row.total), reached: Number(row.reached ?? 0), acknowledged: Number(row.acknowledged ?? 0), shared: Number(row.shared ?? 0) });
      return result;
    },

    /**
     * The people of an alert's audience not reached yet, by name, at most `limit`; with
     * `networkId`, only active members of that network. `total` counts them all.
     */
    async unreached(alertId: string, { networkId, limit }: { networkId?: string; limit: number }): Promise<{ people: UnreachedPerson[]; total: number }> {
      let base = db
        .selectFrom('alert_audience as aa')
        .innerJoin('people as p', 'p.id', 'aa.person_id')
        .where('aa.alert_id', '=', alertId)
        .where(sql<SqlBool>`not ${reachedPerson}`);
      if (networkId) {
        base = base.where(({ exists, selectFrom }) =>
          exists(selectFrom('memberships as m').select('m.id').whereRef('m.person_id', '=', 'aa.person_id').where('m.network_id', '=', networkId).where('m.status', '=', 'active')),
        );
      }
      const counted = await base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirst();
      const rows = await base.select(['p.id', 'p.first_name', 'p.last_name']).orderBy('p.last_name').orderBy('p.first_name').orderBy('p.id').limit(limit).execute();
      const ids = rows.map((row) => row.id);
      const networks = new Map<string, string[]>();
      const tried = new Map<string, TriedStep[]>();
      if (ids.length > 0) {
        const memberships = await db
          .selectFrom('memberships as m')
          .innerJoin('networks as n', 'n.id', 'm.network_id')
          .select(['m.person_id', 'n.name'])
          .where('m.person_id', 'in', ids)
          .where('m.status', '=', 'active')
          .orderBy('n.name')
          .execute();
        for (const row of memberships) networks.set(row.person_id, [...(networks.get(row.person_id) ?? []), row.name]);
        const steps = await db.selectFrom('deliveries').select(['person_id', 'channel', 'status', 'last_error']).where('alert_id', '=', alertId).where('person_id', 'in', ids).orderBy('step').execute();
        for (const row of steps) tried.set(row.person_id, [...(tried.get(row.person_id) ?? []), { channel: row.channel, status: row.status, lastError: row.last_error }]);
      }
      const people = rows.map((row) => ({
        personId: row.id,
        firstName: row.first_name,
        lastName: row.last_name,
        networks: networks.get(row.id) ?? [],
        tried: tried.get(row.id) ?? [],
      }));
      return { people, total: Number(counted?.count ?? 0) };
    },

    /** A fingerprint of an alert's progress: it changes whenever a step or an acknowledgement does. */
    async changeMark(alertId: string): Promise<string> {
      const steps = await db
        .selectFrom('deliveries')
        .select([(eb) => eb.fn.max('updated_at').as('at'), (eb) => eb.fn.countAll<number>().as('count')])
        .where('alert_id', '=', alertId)
        .executeTakeFirst();
      const acks = await db
        .selectFrom('alert_audience')
        .select([(eb) => eb.fn.max('acknowledged_at').as('at'), (eb) => eb.fn.count('acknowledged_at').as('count')])
        .where('alert_id', '=', alertId)
        .executeTakeFirst();
      return [steps?.at, steps?.count, acks?.at, acks?.count].map((value) => String(value ?? '')).join('/');
    },

    /** The steps of an alert that changed most recently (no personal data: channel, status, time). */
    async recentChanges(alertId: string, limit: number): Promise<Array<{ channel: string; status: string; at: number }>> {
      const rows = await db.selectFrom('deliveries').select(['channel', 'status', 'updated_at']).where('alert_id', '=', alertId).orderBy('updated_at', 'desc').orderBy('id').limit(limit).execute();
      return rows.map((row) => ({ channel: row.channel, status: row.status, at: Number(row.updated_at) }));
    },

    async notesOf(incidentId: string): Promise<IncidentNote[]> {
      const rows = await db.selectFrom('incident_notes').selectAll().where('incident_id', '=', incidentId).orderBy('created_at').orderBy('id').execute();
      return rows.map((row) => ({ id: row.id, incidentId: row.incident_id, body: row.body, authorName: row.author_name, createdAt: Number(row.created_at) }));
    },

    async insertNote(note: { id: string; incidentId: string; body: string; authorId: string | null; authorName: string; now: number }): Promise<void> {
      await db.insertInto('incident_notes').values({ id: note.id, incident_id: note.incidentId, body: note.body, author_id: note.authorId, author_name: note.authorName, created_at: note.now }).execute();
    },
  };
}

export type ConsoleRepository = ReturnType<typeof createConsoleRepository>;
