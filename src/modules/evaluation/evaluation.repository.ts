import type { Database } from '../../db/database.ts';
import type { Period } from './evaluation.models.ts';

/**
 * The evaluation's own reads: what the live console does not show (sightings, reports, ratings,
 * membership history). Alerts, reach and deliveries come from the console's and the delivery
 * engine's repositories, so that the report and the console count alike.
 */

/** A zone, or one network. */
export type EvaluationScope = { zoneId: string; networkId?: undefined } | { zoneId: string; networkId: string };

export type RatingRow = { alertId: string; useful: boolean; comment: string | null; createdAt: number };
export type MembershipChangeRow = { membershipId: string; networkId: string; fromStatus: string | null; toStatus: string; reason: string | null; at: number };

export function createEvaluationRepository({ database }: { database: Database }) {
  const { db } = database;

  return {
    /** Sightings members sent in the period (the zone's, or those sent under the network). */
    async countSightings(scope: EvaluationScope, period: Period): Promise<number> {
      let query = db.selectFrom('sightings').select((eb) => eb.fn.countAll<number>().as('n')).where('created_at', '>=', period.from).where('created_at', '<', period.to);
      query = scope.networkId ? query.where('network_id', '=', scope.networkId) : query.where('zone_id', '=', scope.zoneId);
      return Number((await query.executeTakeFirst())?.n ?? 0);
    },

    /** Members' reports of the period per category × status as they stand now. */
    async reportCounts(scope: EvaluationScope, period: Period): Promise<Array<{ category: string; status: string; count: number }>> {
      let query = db
        .selectFrom('reports')
        .select(['category', 'status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('created_at', '>=', period.from)
        .where('created_at', '<', period.to);
      query = scope.networkId ? query.where('network_id', '=', scope.networkId) : query.where('zone_id', '=', scope.zoneId);
      const rows = await query.groupBy(['category', 'status']).orderBy('category').orderBy('status').execute();
      return rows.map((row) => ({ category: row.category, status: row.status, count: Number(row.n) }));
    },

    /** The ratings of these alerts (with `networkId`, by people who are or were its members), oldest first. */
    async ratings(alertIds: readonly string[], networkId?: string): Promise<RatingRow[]> {
      const result: RatingRow[] = [];
      for (let i = 0; i < alertIds.length; i += 500) {
        let query = db
          .selectFrom('alert_ratings')
          .select(['alert_id', 'useful', 'comment', 'created_at'])
          .where('alert_id', 'in', alertIds.slice(i, i + 500))
          .orderBy('created_at')
          .orderBy('alert_id')
          .orderBy('person_id');
        if (networkId) query = query.where('person_id', 'in', (eb) => eb.selectFrom('memberships').select('memberships.person_id').where('memberships.network_id', '=', networkId));
        const rows = await query.execute();
        result.push(...rows.map((row) => ({ alertId: row.alert_id, useful: Number(row.useful) === 1, comment: row.comment, createdAt: Number(row.created_at) })));
      }
      return result.sort((a, b) => a.createdAt - b.createdAt);
    },

    /** Every status change before `before` of the memberships of these networks, oldest first. */
    async membershipChanges(networkIds: readonly string[], before: number): Promise<MembershipChangeRow[]> {
      if (networkIds.length === 0) return [];
      const rows = await db
        .selectFrom('membership_changes as c')
        .innerJoin('memberships as m', 'm.id', 'c.membership_id')
        .select(['c.membership_id', 'm.network_id', 'c.from_status', 'c.to_status', 'c.reason', 'c.at'])
        .where('m.network_id', 'in', [...networkIds])
        .where('c.at', '<', before)
        .orderBy('c.at')
        .orderBy('c.id')
        .execute();
      return rows.map((row) => ({ membershipId: row.membership_id, networkId: row.network_id, fromStatus: row.from_status, toStatus: row.to_status, reason: row.reason, at: Number(row.at) }));
    },
  };
}

export type EvaluationRepository = ReturnType<typeof createEvaluationRepository>;
