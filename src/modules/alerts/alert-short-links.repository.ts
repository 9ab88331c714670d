import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/database.ts';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 10 characters of 62: about 59 bits, far beyond guessing a live alert's code. */
export const SHORT_CODE_LENGTH = 10;
const SHORT_CODE = /^[0-9A-Za-z]{10}$/;

function newCode(): string {
  // 256 % 62 leaves a small bias; 248 = 4 × 62 removes it.
  let code = '';
  while (code.length < SHORT_CODE_LENGTH) {
    for (const byte of randomBytes(SHORT_CODE_LENGTH * 2)) {
      if (byte < 248 && code.length < SHORT_CODE_LENGTH) code += ALPHABET[byte % 62];
    }
  }
  return code;
}

/** The short codes that stand for a person's signed alert link in an SMS. */
export function createAlertShortLinksRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    /**
     * The person's code for the alert, made on first use. Two renderers at once (a retry, two
     * nodes) end with the same code: the unique pair keeps the first one written.
     */
    async codeFor(alertId: string, personId: string, now: number): Promise<string> {
      const existing = await db.selectFrom('alert_short_links').select('code').where('alert_id', '=', alertId).where('person_id', '=', personId).executeTakeFirst();
      if (existing) return existing.code;
      await db
        .insertInto('alert_short_links')
        .values({ code: newCode(), alert_id: alertId, person_id: personId, created_at: now })
        .onConflict((conflict) => conflict.columns(['alert_id', 'person_id']).doNothing())
        .execute();
      const row = await db.selectFrom('alert_short_links').select('code').where('alert_id', '=', alertId).where('person_id', '=', personId).executeTakeFirstOrThrow();
      return row.code;
    },

    async resolve(code: string): Promise<{ alertId: string; personId: string } | undefined> {
      if (!SHORT_CODE.test(code)) return undefined;
      const row = await db.selectFrom('alert_short_links').select(['alert_id', 'person_id']).where('code', '=', code).executeTakeFirst();
      return row && { alertId: row.alert_id, personId: row.person_id };
    },
  };
}
