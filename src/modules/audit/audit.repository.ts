import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { AuditLogTable } from '../../db/schema.ts';
import { type AuditEntry, GENESIS_HASH, hashAuditEntry } from './audit.models.ts';

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

export function createAuditRepository({ database }: { database: Database }) {
  return {
    /**
     * Appends one row to the chain. Appends are serialised: on PostgreSQL by a transaction-level
     * advisory lock (every node), on SQLite by the single writer.
     */
    async append(entry: NewAuditEntry): Promise<AuditEntry> {
      const write = async (db: Database['db']) => {
        if (database.dialect === 'postgres') await sql`select pg_advisory_xact_lock(7201)`.execute(db);
        const last = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
        const base = { ...entry, seq: (last?.seq ?? 0) + 1, prevHash: last?.hash ?? GENESIS_HASH };
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
        return full;
      };
      // Inside a caller's transaction already? Then append there, so the entry commits with the action.
      if (database.db.isTransaction) return write(database.db);
      return database.db.transaction().execute((trx) => write(trx));
    },

    /** Newest first, optionally limited to some zones; `beforeSeq` pages backwards. */
    async list({ zoneIds, beforeSeq, limit }: { zoneIds: 'all' | readonly string[]; beforeSeq?: number; limit: number }): Promise<AuditEntry[]> {
      if (zoneIds !== 'all' && zoneIds.length === 0) return [];
      let query = database.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(limit);
      if (zoneIds !== 'all') query = query.where('zone_id', 'in', [...zoneIds]);
      if (beforeSeq !== undefined) query = query.where('seq', '<', beforeSeq);
      return (await query.execute()).map(toEntry);
    },

    /** Rows in seq order from `afterSeq`, in batches, for verification of a long chain. */
    async batchAfter(afterSeq: number, limit: number): Promise<AuditEntry[]> {
      const rows = await database.db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq', 'asc').limit(limit).execute();
      return rows.map(toEntry);
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
