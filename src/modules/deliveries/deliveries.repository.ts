import { CompiledQuery, type Expression, type SqlBool, sql } from 'kysely';
import type { SendOutcome } from '../../channels/channel.ts';
import type { Database } from '../../db/database.ts';
import { type DeliveryChannel, type DeliveryStatus, assertDeliveryTransition, householdKey, statusesThatMayBecome } from './deliveries.models.ts';
import { type Delivery, type PlannedDelivery, PLAN_BATCH_SIZE, planInsertSql, planParameters, toDelivery, toDeliveryRow } from './delivery-rows.ts';
import { changesOf, rowsOf } from './sqlite-statements.ts';

export type { Delivery, PlannedDelivery } from './delivery-rows.ts';
export { PLAN_BATCH_SIZE, PLAN_COLUMNS, planInsertSql, toDeliveryRow } from './delivery-rows.ts';

export type DeliveryCount = { channel: DeliveryChannel; status: DeliveryStatus; count: number };
export type ReachPoint = { at: number; sent: number; delivered: number; acknowledged: number };

// Longer provider texts (an SMTP reply with a whole transcript) are cut: the console shows a line.
const MAX_REASON_LENGTH = 500;

const reason = (text: string | undefined) => (text === undefined ? null : text.slice(0, MAX_REASON_LENGTH));

/** The delivered row's final status for a driver's outcome (a retryable one is final only here). */
function finalStatus(outcome: SendOutcome): DeliveryStatus {
  if (outcome.kind === 'sent') return 'sent';
  if (outcome.kind === 'delivered') return 'delivered';
  if (outcome.kind === 'acknowledged') return 'acknowledged';
  return 'failed';
}

export function createDeliveriesRepository({ database }: { database: Database }) {
  const { db, dialect } = database;

  // An escalation step whose person acknowledged the alert: evaluated on the row being claimed.
  const acknowledgedEscalation = sql<SqlBool>`(deliveries.unless_acknowledged = 1 and exists (
    select 1 from alert_audience a
    where a.alert_id = deliveries.alert_id and a.person_id = deliveries.person_id and a.acknowledged_at is not null))`;

  /**
   * Leases the rows `candidates` selects (at most `limit`, in due order) in one atomic statement.
   * PostgreSQL: the subquery locks its rows with SKIP LOCKED, so concurrent dispatchers on any node
   * pass over each other's rows instead of waiting or double-claiming. SQLite: one writer at a
   * time, so the single `update … returning` is atomic by itself.
   * Acknowledged escalation steps become `skipped` in the same statement instead of `sending`.
   */
  async function leaseWhere(candidates: Expression<SqlBool>, orderColumn: 'd.due_at' | 'd.lease_until', limit: number, owner: string, now: number, leaseUntil: number) {
    const rows = await rowsOf(
      database,
      db
        .updateTable('deliveries')
        .set({
          status: sql`case when ${acknowledgedEscalation} then 'skipped' else 'sending' end`,
          lease_owner: sql`case when ${acknowledgedEscalation} then null else cast(${owner} as text) end`,
          lease_until: sql`case when ${acknowledgedEscalation} then null else cast(${leaseUntil} as bigint) end`,
          attempts: sql`case when ${acknowledgedEscalation} then attempts else attempts + 1 end`,
          updated_at: now,
        })
        .where('id', 'in', (eb) => {
          const query = eb.selectFrom('deliveries as d').select('d.id').where(candidates).orderBy(orderColumn).limit(limit);
          return dialect === 'postgres' ? query.forUpdate().skipLocked() : query;
        })
        .returningAll(),
    );
    return rows.map(toDelivery);
  }

  /**
   * Steps per channel × status of several alerts together (the console's count for the yearly
   * evaluation); with `networkId`, the steps of people who are or were members of that network.
   */
  async function countsForAlerts(alertIds: readonly string[], { networkId }: { networkId?: string | undefined } = {}): Promise<DeliveryCount[]> {
    if (alertIds.length === 0) return [];
    let query = db
      .selectFrom('deliveries')
      .select(['channel', 'status', (eb) => eb.fn.countAll<number>().as('count')])
      .where('alert_id', 'in', [...alertIds]);
    if (networkId) query = query.where('person_id', 'in', (eb) => eb.selectFrom('memberships').select('memberships.person_id').where('memberships.network_id', '=', networkId));
    const rows = await query
      .groupBy(['channel', 'status'])
      .orderBy('channel')
      .orderBy('status')
      .execute();
    return rows.map((row) => ({ channel: row.channel as DeliveryChannel, status: row.status as DeliveryStatus, count: Number(row.count) }));
  }

  return {
    /**
     * Writes a plan inside the caller's transaction, in multi-row inserts of PLAN_BATCH_SIZE rows.
     * Call `notifyPlanned` after the commit so that idle dispatchers wake up at once.
     */
    async insertPlan(steps: readonly PlannedDelivery[], now: number): Promise<void> {
      const { sqlite } = database;
      if (sqlite && !db.isTransaction) {
        // SQLite commits to disk once per transaction: all the batches in one.
        await db.transaction().execute((trx) => createDeliveriesRepository({ database: { ...database, db: trx } }).insertPlan(steps, now));
        return;
      }
      for (let start = 0; start < steps.length; start += PLAN_BATCH_SIZE) {
        const batch = steps.slice(start, start + PLAN_BATCH_SIZE);
        const parameters = planParameters(batch, now);
        await db.executeQuery(CompiledQuery.raw(planInsertSql(dialect, batch.length), parameters));
      }
    },

    /** Households: the other people each shared call or SMS speaks for (written with the plan). */
    async insertHousehold(alertId: string, links: ReadonlyArray<{ deliveryId: string; personId: string }>): Promise<void> {
      for (let start = 0; start < links.length; start += PLAN_BATCH_SIZE) {
        const batch = links.slice(start, start + PLAN_BATCH_SIZE);
        await db.insertInto('delivery_household').values(batch.map((l) => ({ delivery_id: l.deliveryId, alert_id: alertId, person_id: l.personId }))).execute();
      }
    },

    /**
     * The calls and SMS already planned for this alert to these numbers, by household key
     * (channel, number, first step or escalation) → step id: where a later chunk's person joins.
     */
    async householdStepsOf(alertId: string, destinations: readonly string[]): Promise<Map<string, string>> {
      const found = new Map<string, string>();
      const unique = [...new Set(destinations)];
      for (let start = 0; start < unique.length; start += PLAN_BATCH_SIZE) {
        const rows = await db
          .selectFrom('deliveries')
          .select(['id', 'channel', 'destination', 'unless_acknowledged'])
          .where('alert_id', '=', alertId)
          .where('destination', 'in', unique.slice(start, start + PLAN_BATCH_SIZE))
          .where('channel', 'in', ['voice', 'sms'])
          .orderBy('id')
          .execute();
        for (const row of rows) {
          const key = householdKey({ channel: row.channel, destination: row.destination, unlessAcknowledged: Boolean(Number(row.unless_acknowledged)) });
          if (!found.has(key)) found.set(key, row.id);
        }
      }
      return found;
    },

    /** The other people a step speaks for (a shared number); none for most steps. */
    async householdOf(deliveryId: string): Promise<string[]> {
      const rows = await db.selectFrom('delivery_household').select('person_id').where('delivery_id', '=', deliveryId).orderBy('person_id').execute();
      return rows.map((r) => r.person_id);
    },

    /**
     * A step planned on its own (a failover), once: a second one with the same idempotency key
     * (another node failed the same person over to the same channel) is not written.
     */
    async insertStepOnce(step: PlannedDelivery, now: number): Promise<boolean> {
      const inserted = await db
        .insertInto('deliveries')
        .values(toDeliveryRow(step, now))
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    /**
     * Claims up to `limit` due steps of one channel for `owner` until `now + leaseMs`: first the
     * steps whose lease expired (a crashed or stalled dispatcher), then the pending ones in due
     * order. Returned rows in status `skipped` were acknowledged escalations: nothing to send.
     * `redOnly`: steps of red alerts only (a channel that is down: the others wait).
     */
    async claim({
      channel,
      owner,
      now,
      leaseMs,
      limit,
      reclaimExpired = true,
      redOnly = false,
    }: {
      channel: DeliveryChannel;
      owner: string;
      now: number;
      leaseMs: number;
      limit: number;
      /** Look for expired leases too (a dispatcher may look less often: they are rare). */
      reclaimExpired?: boolean;
      redOnly?: boolean;
    }): Promise<Delivery[]> {
      if (limit <= 0) return [];
      const leaseUntil = now + leaseMs;
      const red = redOnly ? sql<SqlBool>` and exists (select 1 from alerts a where a.id = d.alert_id and a.severity = 'red')` : sql<SqlBool>``;
      // Both predicates repeat the partial indexes' conditions literally (see 0006-alerts).
      const expired = sql<SqlBool>`d.channel = ${channel} and d.status = 'sending' and d.lease_until < ${now}${red}`;
      const reclaimed = reclaimExpired ? await leaseWhere(expired, 'd.lease_until', limit, owner, now, leaseUntil) : [];
      const pending = sql<SqlBool>`d.channel = ${channel} and d.status in ('planned', 'retrying') and d.due_at <= ${now}${red}`;
      const claimed = reclaimed.length < limit ? await leaseWhere(pending, 'd.due_at', limit - reclaimed.length, owner, now, leaseUntil) : [];
      return [...reclaimed, ...claimed].sort((a, b) => a.dueAt - b.dueAt);
    },

    /** Extends the leases `owner` still holds; returns the ids it still holds. */
    async renewLeases(ids: readonly string[], owner: string, leaseUntil: number, now: number): Promise<string[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .updateTable('deliveries')
        .set({ lease_until: leaseUntil, updated_at: now })
        .where('id', 'in', [...ids])
        .where('lease_owner', '=', owner)
        .where('status', '=', 'sending')
        .returning('id')
        .execute();
      return rows.map((row) => row.id);
    },

    /**
     * Records a driver's final outcome, only while `owner` still holds the lease: a dispatcher whose
     * lease was taken over (it stalled, another one resent) must not overwrite the new owner's
     * result. A retryable outcome here means "no more attempts": the step fails with its reason.
     */
    async complete(id: string, owner: string, outcome: SendOutcome, now: number): Promise<boolean> {
      const status = finalStatus(outcome);
      assertDeliveryTransition('sending', status);
      const changed = await changesOf(
        database,
        db
          .updateTable('deliveries')
          .set({
            status,
            lease_owner: null,
            lease_until: null,
            provider_id: outcome.providerId ?? null,
            last_error: status === 'failed' ? reason(outcome.reason ?? outcome.kind) : null,
            sent_at: status === 'failed' ? null : now,
            // An acknowledged step reached the person: it counts as delivered on the curve too.
            delivered_at: status === 'delivered' || status === 'acknowledged' ? now : null,
            updated_at: now,
          })
          .where('id', '=', id)
          .where('lease_owner', '=', owner)
          .where('status', '=', 'sending'),
      );
      return changed === 1;
    },

    /** A retryable failure: the step waits until `dueAt`, its lease released, the reason kept. */
    async reschedule(id: string, owner: string, { dueAt, reason: why, now }: { dueAt: number; reason: string; now: number }): Promise<boolean> {
      assertDeliveryTransition('sending', 'retrying');
      const changed = await changesOf(
        database,
        db
          .updateTable('deliveries')
          .set({ status: 'retrying', due_at: dueAt, lease_owner: null, lease_until: null, last_error: reason(why), updated_at: now })
          .where('id', '=', id)
          .where('lease_owner', '=', owner)
          .where('status', '=', 'sending'),
      );
      return changed === 1;
    },

    /**
     * Stops an alert's steps that have not gone out: pending ones, and those whose lease expired
     * (their dispatcher died). Steps being sent right now finish; completed ones stay as they are.
     */
    async cancelPending(alertId: string, now: number): Promise<number> {
      const from = statusesThatMayBecome('cancelled');
      const result = await db
        .updateTable('deliveries')
        .set({ status: 'cancelled', lease_owner: null, lease_until: null, updated_at: now })
        .where('alert_id', '=', alertId)
        .where('status', 'in', from)
        .where((eb) => eb.or([eb('status', 'in', ['planned', 'retrying']), eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)])]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    /**
     * Stops a person's steps that have not gone out, across alerts (they left every network, or
     * erased their data): pending ones and those whose lease expired. A send in flight finishes.
     */
    async cancelPendingForPerson(personId: string, now: number): Promise<number> {
      const result = await db
        .updateTable('deliveries')
        .set({ status: 'cancelled', lease_owner: null, lease_until: null, updated_at: now })
        .where('person_id', '=', personId)
        .where((eb) => eb.or([eb('status', 'in', ['planned', 'retrying']), eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)])]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    /** Erasure: the person's steps keep their outcome for the statistics, not the address or number. */
    async forgetDestinations(personId: string): Promise<void> {
      await db.updateTable('deliveries').set({ destination: '' }).where('person_id', '=', personId).execute();
    },

    /**
     * Marks the person as having acknowledged the alert (the first acknowledgement counts), skips
     * their escalation steps that are still pending and marks the steps that reached them as
     * acknowledged. The statements need no transaction: should the later ones not happen, the claim
     * skips those steps all the same and the person counts as acknowledged on the console.
     */
    async acknowledge({ alertId, personId, via, now }: { alertId: string; personId: string; via: string; now: number }): Promise<{ acknowledged: boolean; skipped: number }> {
      const marked = await db
        .updateTable('alert_audience')
        .set({ acknowledged_at: now, acknowledged_via: via })
        .where('alert_id', '=', alertId)
        .where('person_id', '=', personId)
        .where('acknowledged_at', 'is', null)
        .executeTakeFirst();
      const skipped = await db
        .updateTable('deliveries')
        .set({ status: 'skipped', updated_at: now })
        .where('alert_id', '=', alertId)
        .where('person_id', '=', personId)
        .where('unless_acknowledged', '=', 1)
        .where('status', 'in', ['planned', 'retrying'])
        .executeTakeFirst();
      // The messages that reached them are acknowledged too: the console counts them per channel.
      await db
        .updateTable('deliveries')
        .set({ status: 'acknowledged', updated_at: now })
        .where('alert_id', '=', alertId)
        .where('person_id', '=', personId)
        .where('status', 'in', statusesThatMayBecome('acknowledged').filter((status) => status !== 'sending'))
        .execute();
      return { acknowledged: Number(marked.numUpdatedRows) === 1, skipped: Number(skipped.numUpdatedRows) };
    },

    /**
     * A status report that arrives after the send (an SMPP delivery receipt, a bounce), found by the
     * provider's message id. Applies only where the guard allows it; returns the rows changed (0
     * when the id is unknown or the step already moved on).
     */
    async applyReceipt({ channel, providerId, result, reason: why, now }: { channel: DeliveryChannel; providerId: string; result: 'delivered' | 'failed'; reason?: string; now: number }): Promise<number> {
      // A leased step is its dispatcher's to finish; receipts apply to steps that went out.
      const from = statusesThatMayBecome(result).filter((status) => status !== 'sending');
      if (from.length === 0) return 0;
      const changed = await db
        .updateTable('deliveries')
        .set(result === 'delivered' ? { status: 'delivered', delivered_at: now, updated_at: now } : { status: 'failed', last_error: reason(why ?? 'failed'), updated_at: now })
        .where('channel', '=', channel)
        .where('provider_id', '=', providerId)
        .where('status', 'in', from)
        .executeTakeFirst();
      return Number(changed.numUpdatedRows);
    },

    async findById(id: string): Promise<Delivery | undefined> {
      const row = await db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toDelivery(row);
    },

    async listByAlert(alertId: string): Promise<Delivery[]> {
      const rows = await db.selectFrom('deliveries').selectAll().where('alert_id', '=', alertId).orderBy('person_id').orderBy('step').execute();
      return rows.map(toDelivery);
    },

    /** When a step of `channel` becomes claimable next: the earliest pending due time and lease expiry. */
    async nextDueAt(channel: DeliveryChannel): Promise<{ pendingAt?: number; leaseExpiresAt?: number }> {
      const [pending] = await rowsOf(
        database,
        db
          .selectFrom('deliveries as d')
          .select((eb) => eb.fn.min('d.due_at').as('at'))
          .where(sql<SqlBool>`d.channel = ${channel} and d.status in ('planned', 'retrying')`),
      );
      const [leased] = await rowsOf(
        database,
        db
          .selectFrom('deliveries as d')
          .select((eb) => eb.fn.min('d.lease_until').as('at'))
          .where(sql<SqlBool>`d.channel = ${channel} and d.status = 'sending'`),
      );
      const time = (at: unknown) => (at === null || at === undefined ? undefined : Number(at));
      return { pendingAt: time(pending?.at), leaseExpiresAt: time(leased?.at) };
    },

    /** Steps per channel × status of one alert, for the console. */
    countsForAlert: (alertId: string): Promise<DeliveryCount[]> => countsForAlerts([alertId]),

    countsForAlerts,

    /**
     * The time-to-reach curve of one alert: for each bucket of `bucketMs` from `from`, how many
     * steps were sent and delivered, and how many people acknowledged, up to the bucket's end.
     */
    async reachOverTime(alertId: string, { from, bucketMs, buckets }: { from: number; bucketMs: number; buckets: number }): Promise<ReachPoint[]> {
      const perBucket = async (table: 'deliveries' | 'alert_audience', column: 'sent_at' | 'delivered_at' | 'acknowledged_at') => {
        const bucket = sql<number>`cast((${sql.ref(column)} - ${from}) / ${bucketMs} as bigint)`;
        const rows = await db
          .selectFrom(table)
          .select([bucket.as('bucket'), (eb) => eb.fn.countAll<number>().as('count')])
          .where('alert_id', '=', alertId)
          .where(sql.ref(column), '>=', from)
          // By the output name: the expression repeated would bind its values again, and
          // PostgreSQL does not see two differently numbered parameters as the same expression.
          .groupBy(sql`bucket`)
          .execute();
        const counts = new Array<number>(buckets).fill(0);
        for (const row of rows) {
          const index = Number(row.bucket);
          if (index < buckets) counts[index] = (counts[index] ?? 0) + Number(row.count);
        }
        let total = 0;
        return counts.map((count) => (total += count));
      };
      const [sent, delivered, acknowledged] = [await perBucket('deliveries', 'sent_at'), await perBucket('deliveries', 'delivered_at'), await perBucket('alert_audience', 'acknowledged_at')];
      return sent.map((count, i) => ({ at: from + (i + 1) * bucketMs, sent: count, delivered: delivered[i]!, acknowledged: acknowledged[i]! }));
    },
  };
}

export type DeliveriesRepository = ReturnType<typeof createDeliveriesRepository>;
