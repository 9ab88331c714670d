import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { DELIVERY_CHANNELS, type DeliveryChannel } from '../deliveries/deliveries.models.ts';

export function createMetricsRepository({ database }: { database: Database }) {
  return {
    /** Sessions still open at `now` (neither expired nor idle since `idleSince`), by stage. */
    async countOpenSessions(now: number, idleSince: number): Promise<Array<{ stage: string; count: number }>> {
      const rows = await database.db
        .selectFrom('sessions')
        .select(['stage', (eb) => eb.fn.countAll<number>().as('count')])
        .where('expires_at', '>', now)
        .where('last_seen_at', '>', idleSince)
        .groupBy('stage')
        .execute();
      return rows.map((row) => ({ stage: row.stage, count: Number(row.count) }));
    },

    /**
     * Steps due at `now` and not yet claimed, per channel, with the due time of the oldest: one
     * short walk of the partial index on pending rows per channel (its predicate repeated
     * literally, so that both databases use it), cheap enough for every scrape.
     */
    async dueSteps(now: number): Promise<Array<{ channel: DeliveryChannel; count: number; oldestDueAt: number | null }>> {
      const result: Array<{ channel: DeliveryChannel; count: number; oldestDueAt: number | null }> = [];
      for (const channel of DELIVERY_CHANNELS) {
        const row = await database.db
          .selectFrom('deliveries')
          .select([(eb) => eb.fn.countAll<number>().as('count'), (eb) => eb.fn.min('due_at').as('oldest')])
          .where('channel', '=', channel)
          .where(sql<boolean>`status in ('planned', 'retrying')`)
          .where('due_at', '<=', now)
          .executeTakeFirst();
        result.push({ channel, count: Number(row?.count ?? 0), oldestDueAt: row?.oldest === null || row?.oldest === undefined ? null : Number(row.oldest) });
      }
      return result;
    },
  };
}

export type MetricsRepository = ReturnType<typeof createMetricsRepository>;
