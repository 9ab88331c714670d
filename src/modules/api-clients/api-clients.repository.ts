import type { Database } from '../../db/database.ts';
import type { ApiClientsTable } from '../../db/schema.ts';
import { type ApiClient, type ApiClientOwner, type ApiScope, isApiScope } from './api-clients.models.ts';

function toClient(row: ApiClientsTable): ApiClient {
  const owner: ApiClientOwner = row.zone_id ? { zoneId: row.zone_id, dispatchCentreId: null } : { zoneId: null, dispatchCentreId: row.dispatch_centre_id! };
  const scopes = (JSON.parse(row.scopes) as unknown[]).filter(isApiScope);
  return {
    id: row.id,
    owner,
    name: row.name,
    scopes,
    rateLimitPerMinute: Number(row.rate_limit_per_minute),
    expiresAt: Number(row.expires_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
    lastUsedIp: row.last_used_ip,
    previousSecretExpiresAt: row.previous_secret_expires_at === null ? null : Number(row.previous_secret_expires_at),
    createdAt: Number(row.created_at),
  };
}

export type NewApiClient = { id: string; owner: ApiClientOwner; name: string; scopes: readonly ApiScope[]; rateLimitPerMinute: number; expiresAt: number; secretHash: string; createdBy: string | null; now: number };

/** API clients and their token hashes; the only SQL of the module. */
export function createApiClientsRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    async insert(client: NewApiClient): Promise<void> {
      await db
        .insertInto('api_clients')
        .values({
          id: client.id,
          zone_id: client.owner.zoneId,
          dispatch_centre_id: client.owner.dispatchCentreId,
          name: client.name,
          scopes: JSON.stringify(client.scopes),
          secret_hash: client.secretHash,
          previous_secret_hash: null,
          previous_secret_expires_at: null,
          rate_limit_per_minute: client.rateLimitPerMinute,
          expires_at: client.expiresAt,
          revoked_at: null,
          last_used_at: null,
          last_used_ip: null,
          created_by: client.createdBy,
          created_at: client.now,
          updated_at: client.now,
        })
        .execute();
    },

    async findById(id: string): Promise<ApiClient | undefined> {
      const row = await db.selectFrom('api_clients').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toClient(row) : undefined;
    },

    async listByOwner(owner: ApiClientOwner): Promise<ApiClient[]> {
      let query = db.selectFrom('api_clients').selectAll();
      query = owner.zoneId ? query.where('zone_id', '=', owner.zoneId) : query.where('dispatch_centre_id', '=', owner.dispatchCentreId);
      return (await query.orderBy('created_at', 'desc').orderBy('id').execute()).map(toClient);
    },

    /** The client holding this token hash: its current token, or the previous one within its overlap. */
    async findByTokenHash(hash: string, now: number): Promise<ApiClient | undefined> {
      const row = await db
        .selectFrom('api_clients')
        .selectAll()
        .where((eb) => eb.or([eb('secret_hash', '=', hash), eb.and([eb('previous_secret_hash', '=', hash), eb('previous_secret_expires_at', '>', now)])]))
        .executeTakeFirst();
      return row ? toClient(row) : undefined;
    },

    /** A new token; the current one becomes the previous one until `previousUntil`. */
    async rotate(id: string, { secretHash, previousUntil, now }: { secretHash: string; previousUntil: number; now: number }): Promise<boolean> {
      const current = await db.selectFrom('api_clients').select('secret_hash').where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      if (!current) return false;
      const result = await db
        .updateTable('api_clients')
        .set({ previous_secret_hash: previousUntil > now ? current.secret_hash : null, previous_secret_expires_at: previousUntil > now ? previousUntil : null, secret_hash: secretHash, updated_at: now })
        .where('id', '=', id)
        .where('secret_hash', '=', current.secret_hash)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async revoke(id: string, now: number): Promise<boolean> {
      const result = await db.updateTable('api_clients').set({ revoked_at: now, previous_secret_hash: null, previous_secret_expires_at: null, updated_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async touch(id: string, { now, ip }: { now: number; ip: string | null }): Promise<void> {
      await db.updateTable('api_clients').set({ last_used_at: now, last_used_ip: ip }).where('id', '=', id).execute();
    },
  };
}

export type ApiClientsRepository = ReturnType<typeof createApiClientsRepository>;
