import type { App } from '../../app.ts';
import { isLocale } from '../../web/i18n/locales.ts';
import { createTranslator } from '../../web/i18n/translator.ts';
import type { Account } from './accounts.repository.ts';
import { withAccountsTransaction } from './accounts.transaction.ts';
import { hashPassword } from './passwords.ts';
import { type AuthDeps, type Client, auditActorFor, withinAddressLimit } from './sign-in.usecases.ts';

export type PasswordDeps = AuthDeps & Pick<App, 'oneTimeTokens' | 'email' | 'database' | 'logger' | 'jobs'>;

/** An invitation to a new staff member stays valid a week; a link printed by the CLI a day. */
export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;
export const CLI_LINK_TTL_MS = 24 * 3_600_000;

/**
 * Issues a single-use link to (re)set the account's password (purpose `password_reset`); returns
 * the full link. Only the token's hash is stored.
 */
export async function issuePasswordLink(app: Pick<App, 'oneTimeTokens' | 'ids' | 'clock' | 'config'>, accountId: string, ttlMs: number): Promise<string> {
  const token = app.ids.token();
  await app.oneTimeTokens.issue({ token, purpose: 'password_reset', accountId, now: app.clock.now(), ttlMs });
  return `${app.config.server.publicUrl}/password/reset/${token}`;
}

/** Sends the link by e-mail in the account's language: a reset, or an invitation to a new account. */
export async function sendPasswordLinkEmail(app: Pick<App, 'email' | 'config'>, account: Pick<Account, 'email' | 'name' | 'locale'>, kind: 'reset' | 'invitation', link: string): Promise<void> {
  const { t } = createTranslator(isLocale(account.locale) ? account.locale : app.config.locale.default, app.config.locale.timeZone);
  const subject = kind === 'reset' ? t('password.resetEmail.subject') : t('staff.inviteEmail.subject');
  const text =
    kind === 'reset'
      ? t('password.resetEmail.body', { name: account.name, link, minutes: app.config.security.passwordResetMinutes })
      : t('staff.inviteEmail.body', { name: account.name, link, days: INVITATION_TTL_MS / 86_400_000 });
  await app.email.send({ to: account.email, from: app.config.email.from, subject, text });
}

/** The deferred job that sends a reset link (see registerPasswordResetJob). */
export const PASSWORD_RESET_JOB = 'accounts.password_reset';

/**
 * "Forgot password", the part in the request: counts the client's attempt and queues the rest.
 * Unknown and known addresses do the same work here (finding 4 of the security review: the e-mail
 * was sent before the response, so its time told which addresses have an account).
 */
export async function requestPasswordReset({ app, email, client }: { app: Pick<PasswordDeps, 'rateLimits' | 'auditLog' | 'clock' | 'config' | 'jobs'>; email: string; client: Client }): Promise<void> {
  if (!(await withinAddressLimit(app, 'password_reset', client))) return;
  await app.jobs.enqueue(PASSWORD_RESET_JOB, { email, ip: client.ip });
}

/**
 * "Forgot password", the deferred part: e-mails a reset link when the address belongs to an
 * active account. The caller showed the same answer whatever happens here.
 */
export async function sendPasswordReset({ app, email, ip }: { app: PasswordDeps; email: string; ip: string }): Promise<void> {
  const account = email.length <= 320 ? await app.accounts.findByEmail(email) : undefined;
  if (!account || account.disabledAt !== null) return;
  const link = await issuePasswordLink(app, account.id, app.config.security.passwordResetMinutes * 60_000);
  await app.auditLog.record(auditActorFor(account, ip), { action: 'password.reset_requested', objectType: 'account', objectId: account.id });
  try {
    await sendPasswordLinkEmail(app, account, 'reset', link);
  } catch (error) {
    app.logger.error({ err: error, accountId: account.id }, 'password reset e-mail failed');
  }
}

/** Lets the deferred jobs run password resets (called where the routes are registered). */
export function registerPasswordResetJob(app: PasswordDeps & Pick<App, 'jobs'>): void {
  app.jobs.handle(PASSWORD_RESET_JOB, (payload) => sendPasswordReset({ app, email: String(payload.email), ip: String(payload.ip) }));
}

/** The account a reset link is for, while the link is usable; reading it does not use it. */
export async function checkPasswordLink({ app, token }: { app: PasswordDeps; token: string }): Promise<Account | undefined> {
  const record = await app.oneTimeTokens.peek(token, 'password_reset', app.clock.now());
  if (!record?.accountId) return undefined;
  const account = await app.accounts.findById(record.accountId);
  return account && account.disabledAt === null ? account : undefined;
}

/**
 * Sets a new password through a reset or invitation link: uses the link (once), lifts a lockout,
 * kills the account's other links and signs out every session. False when the link is not usable.
 */
export async function completePasswordReset({ app, token, password, client }: { app: PasswordDeps; token: string; password: string; client: Client }): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  return withAccountsTransaction(app, async ({ accounts, sessions, tokens, audit }) => {
    const now = app.clock.now();
    const record = await tokens.peek(token, 'password_reset', now);
    if (!record?.accountId || !(await tokens.consume(token, 'password_reset', now))) return false;
    const account = await accounts.findById(record.accountId);
    if (!account || account.disabledAt !== null) return false;
    await accounts.update(account.id, { password_hash: passwordHash, failed_sign_ins: 0, locked_until: null, updated_at: now });
    await tokens.revokeForAccount(account.id, 'password_reset', now);
    const ended = await sessions.deleteForAccount(account.id);
    await audit.record(auditActorFor(account, client.ip), { action: 'password.reset', objectType: 'account', objectId: account.id, details: { sessionsEnded: ended } });
    return true;
  });
}
