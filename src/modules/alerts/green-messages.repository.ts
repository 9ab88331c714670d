import type { Database } from '../../db/database.ts';
import type { GreenMessageRequestsTable } from '../../db/schema.ts';
import type { AlertFields } from './alerts.models.ts';
import type { GreenRequestStatus } from './green-messages.models.ts';

/** A coordinator's green message, from submission to its outcome. */
export type GreenRequest = {
  id: string;
  zoneId: string;
  networkIds: string[];
  fields: AlertFields;
  exercise: boolean;
  requestKey: string;
  status: GreenRequestStatus;
  requestedBy: string | null;
  requestedByName: string;
  requestedAt: number;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: number | null;
  reason: string | null;
  alertId: string | null;
};

const num = (value: number | null) => (value === null ? null : Number(value));

function toRequest(row: GreenMessageRequestsTable): GreenRequest {
  return {
    id: row.id,
    zoneId: row.zone_id,
    networkIds: JSON.parse(row.network_ids) as string[],
    fields: JSON.parse(row.fields_json) as AlertFields,
    exercise: Number(row.exercise) === 1,
    requestKey: row.request_key,
    status: row.status as GreenRequestStatus,
    requestedBy: row.requested_by,
    requestedByName: row.requested_by_name,
    requestedAt: Number(row.requested_at),
    decidedBy: row.decided_by,
    decidedByName: row.decided_by_name,
    decidedAt: num(row.decided_at),
    reason: row.reason,
    alertId: row.alert_id,
  };
}

export function createGreenMessagesRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    async insert(request: Omit<GreenRequest, 'decidedBy' | 'decidedByName' | 'decidedAt' | 'reason'>): Promise<void> {
      await db
        .insertInto('green_message_requests')
        .values({
          id: request.id,
          zone_id: request.zoneId,
          network_ids: JSON.stringify(request.networkIds),
          fields_json: JSON.stringify(request.fields),
          exercise: request.exercise ? 1 : 0,
          request_key: request.requestKey,
          status: request.status,
          requested_by: request.requestedBy,
          requested_by_name: request.requestedByName,
          requested_at: request.requestedAt,
          decided_by: null,
          decided_by_name: null,
          decided_at: null,
          reason: null,
          alert_id: request.alertId,
        })
        .execute();
    },

    async findById(id: string): Promise<GreenRequest | undefined> {
      const row = await db.selectFrom('green_message_requests').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRequest(row);
    },

    async findByRequestKey(requestKey: string): Promise<GreenRequest | undefined> {
      const row = await db.selectFrom('green_message_requests').selectAll().where('request_key', '=', requestKey).executeTakeFirst();
      return row && toRequest(row);
    },

    /** Held messages of some zones, oldest first (the first waiting is the first to decide). */
    async listAwaiting(zoneIds: 'all' | readonly string[], limit: number): Promise<GreenRequest[]> {
      if (zoneIds !== 'all' && zoneIds.length === 0) return [];
      let query = db.selectFrom('green_message_requests').selectAll().where('status', '=', 'awaiting');
      if (zoneIds !== 'all') query = query.where('zone_id', 'in', [...zoneIds]);
      return (await query.orderBy('requested_at').orderBy('id').limit(limit).execute()).map(toRequest);
    },

    /** A coordinator's own messages, newest first, with their outcome. */
    async listByRequester(accountId: string, limit: number): Promise<GreenRequest[]> {
      const rows = await db.selectFrom('green_message_requests').selectAll().where('requested_by', '=', accountId).orderBy('requested_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toRequest);
    },

    /** Records the decision, only from `awaiting` (the guard, repeated in the `where`): of two officers deciding at once, one does. */
    async decide(id: string, decision: { status: Exclude<GreenRequestStatus, 'awaiting'>; by: string | null; byName: string; at: number; reason: string | null; alertId: string | null }): Promise<boolean> {
      const result = await db
        .updateTable('green_message_requests')
        .set({ status: decision.status, decided_by: decision.by, decided_by_name: decision.byName, decided_at: decision.at, reason: decision.reason, alert_id: decision.alertId })
        .where('id', '=', id)
        .where('status', '=', 'awaiting')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** The accounts named mandated officer or deputy of any of the networks. */
    async officersOf(networkIds: readonly string[]): Promise<string[]> {
      if (networkIds.length === 0) return [];
      const rows = await db.selectFrom('network_people').select('account_id').where('network_id', 'in', [...networkIds]).where('role', 'in', ['officer', 'deputy_officer']).execute();
      return [...new Set(rows.map((row) => row.account_id))];
    },
  };
}

export type GreenMessagesRepository = ReturnType<typeof createGreenMessagesRepository>;
