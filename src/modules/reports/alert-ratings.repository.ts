import type { Database } from '../../db/database.ts';

/** "Was this message useful?": one per person and alert. */
export type AlertRating = { alertId: string; personId: string; zoneId: string; useful: boolean; comment: string | null; createdAt: number; updatedAt: number };

/** The ratings members give to alerts from their alert page. */
export function createAlertRatingsRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    /**
     * Stores a person's rating of an alert; a second one replaces the first (keeping when the first
     * was given). One statement on both dialects, so two posts at once leave one row.
     */
    async save(rating: { alertId: string; personId: string; zoneId: string; useful: boolean; comment: string | null; now: number }): Promise<void> {
      await db
        .insertInto('alert_ratings')
        .values({ alert_id: rating.alertId, person_id: rating.personId, zone_id: rating.zoneId, useful: rating.useful ? 1 : 0, comment: rating.comment, created_at: rating.now, updated_at: rating.now })
        .onConflict((oc) => oc.columns(['alert_id', 'person_id']).doUpdateSet({ useful: rating.useful ? 1 : 0, comment: rating.comment, updated_at: rating.now }))
        .execute();
    },

    /** Erasure: the person's ratings stay as figures; their free-text comments go. */
    async forgetComments(personId: string): Promise<number> {
      const result = await db.updateTable('alert_ratings').set({ comment: null }).where('person_id', '=', personId).where('comment', 'is not', null).executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async find(alertId: string, personId: string): Promise<AlertRating | undefined> {
      const row = await db.selectFrom('alert_ratings').selectAll().where('alert_id', '=', alertId).where('person_id', '=', personId).executeTakeFirst();
      return row && { alertId: row.alert_id, personId: row.person_id, zoneId: row.zone_id, useful: Number(row.useful) === 1, comment: row.comment, createdAt: Number(row.created_at), updatedAt: Number(row.updated_at) };
    },
  };
}

export type AlertRatingsRepository = ReturnType<typeof createAlertRatingsRepository>;
