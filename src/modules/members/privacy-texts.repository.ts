import type { Database } from '../../db/database.ts';

export type PrivacyText = { version: number; locale: string; body: string; publishedAt: number };

/** The privacy texts members consent to, one row per version and language. */
export function createPrivacyTextsRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    /** The newest version in a language. */
    async latest(locale: string): Promise<PrivacyText | undefined> {
      const row = await db.selectFrom('privacy_texts').selectAll().where('locale', '=', locale).orderBy('version', 'desc').limit(1).executeTakeFirst();
      return row && { version: Number(row.version), locale: row.locale, body: row.body, publishedAt: Number(row.published_at) };
    },

    async find(version: number, locale: string): Promise<PrivacyText | undefined> {
      const row = await db.selectFrom('privacy_texts').selectAll().where('version', '=', version).where('locale', '=', locale).executeTakeFirst();
      return row && { version: Number(row.version), locale: row.locale, body: row.body, publishedAt: Number(row.published_at) };
    },

    /** Inserts the texts not stored yet (a published version never changes); returns how many were new. */
    async publishMissing(texts: ReadonlyArray<{ version: number; locale: string; body: string }>, now: number): Promise<number> {
      if (texts.length === 0) return 0;
      const result = await db
        .insertInto('privacy_texts')
        .values(texts.map((t) => ({ version: t.version, locale: t.locale, body: t.body, published_at: now })))
        .onConflict((oc) => oc.columns(['version', 'locale']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0);
    },
  };
}

export type PrivacyTextsRepository = ReturnType<typeof createPrivacyTextsRepository>;
