import { type Database, inTransaction } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { type AuditLog, createAuditLog } from '../audit/audit.usecases.ts';
import { type AccountsRepository, createAccountsRepository } from './accounts.repository.ts';
import { type OneTimeTokensRepository, createOneTimeTokensRepository } from './one-time-tokens.repository.ts';
import { type SessionsRepository, createSessionsRepository } from './sessions.repository.ts';

export type AccountsTransaction = { accounts: AccountsRepository; sessions: SessionsRepository; tokens: OneTimeTokensRepository; audit: AuditLog };

/**
 * Runs `work` in one transaction with the repositories an account change needs, its audit entry
 * included, so the change and its record commit together (and SQLite's single connection is never
 * asked for twice).
 */
export function withAccountsTransaction<T>(app: { database: Database; clock: Clock }, work: (repos: AccountsTransaction) => Promise<T>): Promise<T> {
  return inTransaction(app.database, (trx) =>
    work({
      accounts: createAccountsRepository({ database: trx }),
      sessions: createSessionsRepository({ database: trx }),
      tokens: createOneTimeTokensRepository({ database: trx }),
      audit: createAuditLog({ audit: createAuditRepository({ database: trx }), clock: app.clock }),
    }),
  );
}
