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
  totpPendingSecret: string | null;
  totpLastStep: number | null;
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
    totpPendingSecret: row.totp_pending_secret,
    totpLastStep: row.totp_last_step,
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

    /** The grants of an account as stored (scope ids, not resolved), oldest first. */
    async listGrants(accountId: string): Promise<RoleGrantsTable[]> {
      return db.selectFrom('role_grants').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('id').execute();
    },

    async countGrantsOfRole(role: string): Promise<number> {
      const row = await db.selectFrom('role_grants').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', role).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /**
     * Staff accounts with their grants: every account ('all'), or those holding a grant directly
     * in one of the given zones.
     */
    async listStaff(zoneIds: 'all' | readonly string[]): Promise<Array<Account & { grants: RoleGrantsTable[] }>> {
      if (zoneIds !== 'all' && zoneIds.length === 0) return [];
      let query = db.selectFrom('accounts').selectAll().orderBy('name').orderBy('email');
      if (zoneIds !== 'all') {
        query = query.where('id', 'in', db.selectFrom('role_grants').select('account_id').where('zone_id', 'in', [...zoneIds]));
      }
      const accounts = (await query.execute()).map(toAccount);
      if (accounts.length === 0) return [];
      const grants = await db.selectFrom('role_grants').selectAll().where('account_id', 'in', accounts.map((a) => a.id)).orderBy('created_at').execute();
      return accounts.map((account) => ({ ...account, grants: grants.filter((g) => g.account_id === account.id) }));
    },

    /**
     * Counts a failed sign-in; at `maxFailures` in a row the account is locked until `lockUntil`
     * and the count starts again. The increment is one statement, so nodes never lose a failure.
     */
    async recordFailedSignIn(id: string, { maxFailures, lockUntil }: { maxFailures: number; lockUntil: number }): Promise<{ locked: boolean }> {
      const row = await db
        .updateTable('accounts')
        .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) }))
        .where('id', '=', id)
        .returning('failed_sign_ins')
        .executeTakeFirst();
      if (!row || Number(row.failed_sign_ins) < maxFailures) return { locked: false };
      await db.updateTable('accounts').set({ failed_sign_ins: 0, locked_until: lockUntil }).where('id', '=', id).execute();
      return { locked: true };
    },

    async recordSuccessfulSignIn(id: string, now: number): Promise<void> {
      await db.updateTable('accounts').set({ failed_sign_ins: 0, locked_until: null, last_sign_in_at: now }).where('id', '=', id).execute();
    },

    /**
     * Accepts a TOTP time-step only when it is later than the last one accepted: true once per
     * step, even when two nodes receive the same code at the same moment.
     */
    async acceptTotpStep(id: string, step: number): Promise<boolean> {
      const result = await db
        .updateTable('accounts')
        .set({ totp_last_step: step })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Replaces every recovery code of the account (only their hashes are kept). */
    async replaceRecoveryCodes(accountId: string, codes: ReadonlyArray<{ id: string; hash: string }>, now: number): Promise<void> {
      await db.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
      if (codes.length === 0) return;
      await db
        .insertInto('recovery_codes')
        .values(codes.map((code) => ({ id: code.id, account_id: accountId, code_hash: code.hash, used_at: null, created_at: now })))
        .execute();
    },

    /** Uses a recovery code: true exactly once per code. */
    async useRecoveryCode(accountId: string, hash: string, now: number): Promise<boolean> {
      const result = await db
        .updateTable('recovery_codes')
        .set({ used_at: now })
        .where('account_id', '=', accountId)
        .where('code_hash', '=', hash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) >= 1;
    },

    async countUnusedRecoveryCodes(accountId: string): Promise<number> {
      const row = await db
        .selectFrom('recovery_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;
