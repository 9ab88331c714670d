import type { Database } from '../../db/database.ts';
import { type Alert, createAlertsRepository } from './alerts.repository.ts';

export type AlertListFilter = {
  zoneIds: 'all' | readonly string[];
  severity?: string | undefined;
  kind?: string | undefined;
  status?: string | undefined;
  exercise?: boolean | undefined;
  since?: number | undefined;
  until?: number | undefined;
  /** Keyset paging: rows strictly after this one in (created_at desc, id desc). */
  after?: { createdAt: number; id: string } | undefined;
  limit: number;
};

/** The API's own queries on alerts: the list with filters, and the idempotency keys of API clients. */
export function createAlertsApiRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    async list(filter: AlertListFilter): Promise<Alert[]> {
      if (filter.zoneIds !== 'all' && filter.zoneIds.length === 0) return [];
      let query = db.selectFrom('alerts').select('id');
      if (filter.zoneIds !== 'all') query = query.where('zone_id', 'in', [...filter.zoneIds]);
      if (filter.severity) query = query.where('severity', '=', filter.severity);
      if (filter.kind) query = query.where('kind', '=', filter.kind);
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.exercise !== undefined) query = query.where('exercise', '=', filter.exercise ? 1 : 0);
      if (filter.since !== undefined) query = query.where('created_at', '>=', filter.since);
      if (filter.until !== undefined) query = query.where('created_at', '<', filter.until);
      const after = filter.after;
      if (after) query = query.where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]));
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
      const alerts = createAlertsRepository({ database });
      const found = await Promise.all(rows.map((row) => alerts.findById(row.id)));
      return found.filter((alert): alert is Alert => alert !== undefined);
    },

    async findKey(clientId: string, key: string): Promise<{ bodyHash: string; alertId: string } | undefined> {
      const row = await db.selectFrom('api_idempotency_keys').select(['body_hash', 'alert_id']).where('client_id', '=', clientId).where('key', '=', key).executeTakeFirst();
      return row && { bodyHash: row.body_hash, alertId: row.alert_id };
    },

    async insertKey({ clientId, key, bodyHash, alertId, now }: { clientId: string; key: string; bodyHash: string; alertId: string; now: number }): Promise<void> {
      await db.insertInto('api_idempotency_keys').values({ client_id: clientId, key, body_hash: bodyHash, alert_id: alertId, created_at: now }).execute();
    },
  };
}
