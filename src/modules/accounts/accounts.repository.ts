import type { Selectable, Updateable } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { AccountsTable, RoleGrantsTable } from '../../db/schema.ts';
import { type ResolvedGrant, isRole } from './authorization.models.ts';

export type Account = {
  id: string;
  email: string;
  name: string;
  locale: string | null;
  passwordHash: string | null;
  totpSecret: string | null;
  totpEnabledAt: number | null;
  disabledAt: number | null;
  failedSignIns: number;
  lockedUntil: number | null;
  lastSignInAt: number | null;
  createdAt: number;
};

function toAccount(row: Selectable<AccountsTable>): Account {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    locale: row.locale,
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    totpEnabledAt: row.totp_enabled_at,
    disabledAt: row.disabled_at,
    failedSignIns: row.failed_sign_ins,
    lockedUntil: row.locked_until,
    lastSignInAt: row.last_sign_in_at,
    createdAt: row.created_at,
  };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function createAccountsRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    async findById(id: string): Promise<Account | undefined> {
      const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toAccount(row);
    },

    async findByEmail(email: string): Promise<Account | undefined> {
      const row = await db.selectFrom('accounts').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
      return row && toAccount(row);
    },

    async count(): Promise<number> {
      const row = await db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async list(): Promise<Account[]> {
      return (await db.selectFrom('accounts').selectAll().orderBy('name').execute()).map(toAccount);
    },

    async insert(account: { id: string; email: string; name: string; locale?: string | null; passwordHash?: string | null; now: number }): Promise<void> {
      await db
        .insertInto('accounts')
        .values({
          id: account.id,
          email: normaliseEmail(account.email),
          name: account.name,
          locale: account.locale ?? null,
          password_hash: account.passwordHash ?? null,
          created_at: account.now,
          updated_at: account.now,
        })
        .execute();
    },

    async update(id: string, changes: Omit<Updateable<AccountsTable>, 'id' | 'created_at'>): Promise<void> {
      await db.updateTable('accounts').set(changes).where('id', '=', id).execute();
    },

    /** Grants of an account with their scope resolved to zones (dispatch centres expanded). */
    async resolvedGrants(accountId: string): Promise<ResolvedGrant[]> {
      const grants = await db.selectFrom('role_grants').selectAll().where('account_id', '=', accountId).orderBy('created_at').execute();
      const centreIds = grants.map((g) => g.dispatch_centre_id).filter((id): id is string => id !== null);
      const centreZones = centreIds.length
        ? await db.selectFrom('dispatch_centre_zones').selectAll().where('dispatch_centre_id', 'in', centreIds).execute()
        : [];
      return grants.filter((g): g is RoleGrantsTable & { role: ResolvedGrant['role'] } => isRole(g.role)).map((g) => ({
        id: g.id,
        role: g.role,
        zoneId: g.zone_id,
        dispatchCentreId: g.dispatch_centre_id,
        networkId: g.network_id,
        zoneIds:
          g.role === 'platform_admin'
            ? 'all'
            : g.dispatch_centre_id
              ? centreZones.filter((z) => z.dispatch_centre_id === g.dispatch_centre_id).map((z) => z.zone_id)
              : g.zone_id
                ? [g.zone_id]
                : [],
        networkIds: g.network_id ? [g.network_id] : [],
      }));
    },

    async insertGrant(grant: Omit<RoleGrantsTable, 'created_at'> & { now: number }): Promise<void> {
      const { now, ...values } = grant;
      await db.insertInto('role_grants').values({ ...values, created_at: now }).execute();
    },

    async findGrant(id: string): Promise<RoleGrantsTable | undefined> {
      return db.selectFrom('role_grants').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async deleteGrant(id: string): Promise<void> {
      await db.deleteFrom('role_grants').where('id', '=', id).execute();
    },
  };
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;
