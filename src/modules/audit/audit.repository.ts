import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { AuditLogTable } from '../../db/schema.ts';
import { type AuditEntry, type ChainHead, GENESIS_HASH, hashAuditEntry } from './audit.models.ts';

export type NewAuditEntry = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

function toEntry(row: AuditLogTable): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    zoneId: row.zone_id,
    ip: row.ip,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

const HEAD_ID = 1;

export function createAuditRepository({ database }: { database: Database }) {
  /** Moves the head one seq forward and returns the new seq with the previous row's hash. */
  async function advanceHead(db: Database['db']): Promise<ChainHead> {
    // Updating the head row first serialises appends: a row lock on PostgreSQL (every node waits
    // here), the write lock on SQLite. Under READ COMMITTED the waiting update sees the new head.
    const moved = await db.updateTable('audit_head').set((eb) => ({ seq: eb('seq', '+', 1) })).where('id', '=', HEAD_ID).executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0) {
      // The head row is gone (a hand-made restore, or tampering that `audit verify` reports): put
      // it back on the newest row so that staff actions keep working, then move it.
      const last = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      await db
        .insertInto('audit_head')
        .values({ id: HEAD_ID, seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      return advanceHead(db);
    }
    return db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', HEAD_ID).executeTakeFirstOrThrow();
  }

  return {
    /**
     * Appends one row to the chain and moves the head to it, in one transaction (the caller's when
     * there is one, so the entry commits with the action it records).
     */
    async append(entry: NewAuditEntry): Promise<AuditEntry> {
      const write = async (db: Database['db']) => {
        const head = await advanceHead(db);
        const base = { ...entry, seq: head.seq, prevHash: head.hash };
        const full: AuditEntry = { ...base, hash: hashAuditEntry(base) };
        await db
          .insertInto('audit_log')
          .values({
            seq: full.seq,
            at: full.at,
            actor_id: full.actorId,
            actor_label: full.actorLabel,
            action: full.action,
            object_type: full.objectType,
            object_id: full.objectId,
            zone_id: full.zoneId,
            ip: full.ip,
            details: full.details,
            prev_hash: full.prevHash,
            hash: full.hash,
          })
          .execute();
        await db.updateTable('audit_head').set({ hash: full.hash }).where('id', '=', HEAD_ID).execute();
        return full;
      };
      if (database.db.isTransaction) return write(database.db);
      return database.db.transaction().execute((trx) => write(trx));
    },

    /**
     * Newest first, optionally limited to some zones and to actions starting with a prefix
     * (`zone.` or `account.sign_in`); `beforeSeq` pages backwards.
     */
    async list({ zoneIds, beforeSeq, limit, actionPrefix }: { zoneIds: 'all' | readonly string[]; beforeSeq?: number | undefined; limit: number; actionPrefix?: string | undefined }): Promise<AuditEntry[]> {
      if (zoneIds !== 'all' && zoneIds.length === 0) return [];
      let query = database.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(limit);
      if (zoneIds !== 'all') query = query.where('zone_id', 'in', [...zoneIds]);
      if (beforeSeq !== undefined) query = query.where('seq', '<', beforeSeq);
      // substr rather than LIKE: no wildcard in the prefix to escape, same SQL on both dialects.
      if (actionPrefix) query = query.where(sql<string>`substr(action, 1, ${sql.lit(actionPrefix.length)})`, '=', actionPrefix);
      return (await query.execute()).map(toEntry);
    },

    /** Rows in seq order from `afterSeq`, in batches, for verification of a long chain. */
    async batchAfter(afterSeq: number, limit: number): Promise<AuditEntry[]> {
      const rows = await database.db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq', 'asc').limit(limit).execute();
      return rows.map(toEntry);
    },

    /** The stored head of the chain; undefined when its row is missing. */
    async head(): Promise<ChainHead | undefined> {
      return database.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', HEAD_ID).executeTakeFirst();
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
