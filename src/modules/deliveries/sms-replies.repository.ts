import type { Database } from '../../db/database.ts';

/** A verified mobile number of a person who was not erased: who a reply by SMS comes from. */
export type ReplyingContact = { contactPointId: string; personId: string; zoneId: string; language: string; smsStoppedAt: number | null };

/** The queries of SMS replies: who sent it, their latest alert, and the "STOP" flag. */
export function createSmsRepliesRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    async verifiedMobiles(number: string): Promise<ReplyingContact[]> {
      const rows = await db
        .selectFrom('contact_points as c')
        .innerJoin('people as p', 'p.id', 'c.person_id')
        .select(['c.id', 'c.person_id', 'c.sms_stopped_at', 'p.zone_id', 'p.language'])
        .where('c.kind', '=', 'mobile')
        .where('c.value', '=', number)
        .where('c.verified_at', 'is not', null)
        .where('p.erased_at', 'is', null)
        .orderBy('c.id')
        .execute();
      return rows.map((row) => ({ contactPointId: row.id, personId: row.person_id, zoneId: row.zone_id, language: row.language, smsStoppedAt: row.sms_stopped_at === null ? null : Number(row.sms_stopped_at) }));
    },

    /** The person's most recent alert created at or after `since`, if any. */
    async latestAlertOf(personId: string, since: number): Promise<{ alertId: string } | undefined> {
      const row = await db
        .selectFrom('alert_audience as a')
        .innerJoin('alerts as al', 'al.id', 'a.alert_id')
        .select('a.alert_id')
        .where('a.person_id', '=', personId)
        .where('al.created_at', '>=', since)
        .orderBy('al.created_at', 'desc')
        .orderBy('al.id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && { alertId: row.alert_id };
    },

    /** Stops SMS to the contact point; returns whether it was still receiving them. */
    async stopSms(contactPointId: string, now: number): Promise<boolean> {
      const result = await db.updateTable('contact_points').set({ sms_stopped_at: now }).where('id', '=', contactPointId).where('sms_stopped_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
