import type { App } from '../../app.ts';
import { AppError } from '../../shared/errors.ts';
import type { Locale } from '../../web/i18n/locales.ts';
import { normaliseEmail } from './accounts.repository.ts';
import { withAccountsTransaction } from './accounts.transaction.ts';
import { hashPassword } from './passwords.ts';
import { type AuthDeps, type Client, auditActorFor, openSession } from './sign-in.usecases.ts';

export const SETUP_LINK_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * On a platform without any account, issues a one-time link that creates the first platform
 * administrator, and prints it. Each start issues a fresh link (the old ones stay valid until
 * they expire), since only the hash of a link is kept.
 */
export async function announceFirstRun(app: App, out: (line: string) => void): Promise<string | undefined> {
  if ((await app.accounts.count()) > 0) return undefined;
  const token = app.ids.token();
  await app.oneTimeTokens.issue({ token, purpose: 'setup', accountId: null, now: app.clock.now(), ttlMs: SETUP_LINK_TTL_MS });
  const link = `${app.config.server.publicUrl}/setup/${token}`;
  out(`First start: create the first administrator within 24 hours at ${link}`);
  return link;
}

export type SetupInput = { name: string; email: string; password: string; locale: Locale };

const setupRefused = () => new AppError({ code: 'setup.unavailable', kind: 'conflict', messageKey: 'setup.unavailable' });

/** True while the platform has no account and the link is usable: the setup form may be shown. */
export async function canUseSetupLink({ app, token }: { app: Pick<App, 'accounts' | 'oneTimeTokens' | 'clock'>; token: string }): Promise<boolean> {
  if ((await app.accounts.count()) > 0) return false;
  return (await app.oneTimeTokens.peek(token, 'setup', app.clock.now())) !== undefined;
}

/**
 * First-run setup: creates the first account with the `platform_admin` grant and uses the link, in
 * one transaction; refused once any account exists. The new administrator is signed in at stage
 * `enrol`: TOTP is mandatory before anything else. Returns the session's cookie token.
 */
export async function completeSetup({ app, token, input, client }: { app: AuthDeps & Pick<App, 'database'>; token: string; input: SetupInput; client: Client }): Promise<string> {
  const passwordHash = await hashPassword(input.password);
  const accountId = await withAccountsTransaction(app, async ({ accounts, tokens, audit }) => {
    const now = app.clock.now();
    if ((await accounts.count()) > 0) throw setupRefused();
    if (!(await tokens.consume(token, 'setup', now))) throw setupRefused();
    const id = app.ids.id();
    await accounts.insert({ id, email: input.email, name: input.name, locale: input.locale, passwordHash, now });
    await accounts.insertGrant({ id: app.ids.id(), account_id: id, role: 'platform_admin', zone_id: null, dispatch_centre_id: null, network_id: null, granted_by: null, now });
    await audit.record(auditActorFor({ id, name: input.name, email: normaliseEmail(input.email) }, client.ip), { action: 'setup.completed', objectType: 'account', objectId: id, details: { role: 'platform_admin' } });
    return id;
  });
  return openSession(app, accountId, 'enrol', client);
}
