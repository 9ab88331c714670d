import type { Logger } from 'pino';
import type { EmailDriver } from './channels/email/email.channel.ts';
import type { Config } from './config/config.ts';
import type { Database } from './db/database.ts';
import { createAccountsRepository } from './modules/accounts/accounts.repository.ts';
import { createSessionsRepository } from './modules/accounts/sessions.repository.ts';
import { createAuditRepository } from './modules/audit/audit.repository.ts';
import { createAuditLog } from './modules/audit/audit.usecases.ts';
import { createZonesRepository } from './modules/zones/zones.repository.ts';
import type { Clock } from './shared/clock.ts';
import type { IdGenerator } from './shared/ids.ts';

export type AppDependencies = {
  config: Config & { security: { sessionSecret: string } };
  database: Database;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  email: EmailDriver;
};

/**
 * The composition of repositories and services that routes, CLI commands and roles use. Plain
 * factories; nothing global.
 */
export function createApp(deps: AppDependencies) {
  const { database, clock } = deps;
  const audit = createAuditRepository({ database });
  return {
    ...deps,
    accounts: createAccountsRepository({ database }),
    sessions: createSessionsRepository({ database }),
    audit,
    auditLog: createAuditLog({ audit, clock }),
    zones: createZonesRepository({ database }),
  };
}

export type App = ReturnType<typeof createApp>;
