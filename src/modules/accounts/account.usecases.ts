import { AppError } from '../../shared/errors.ts';
import type { Locale } from '../../web/i18n/locales.ts';
import type { Account } from './accounts.repository.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { Session } from './sessions.repository.ts';
import { type AuthDeps, type Client, advanceSession, auditActorFor } from './sign-in.usecases.ts';
import { hashRecoveryCode, matchTotpStep, newRecoveryCodes, newTotpSecret } from './totp.models.ts';

const accountGone = () => new AppError({ code: 'auth.unauthenticated', kind: 'unauthenticated', messageKey: 'errors.unauthenticated' });
const wrongPassword = () => new AppError({ code: 'account.wrong_password', kind: 'invalid', messageKey: 'account.wrongPassword' });

async function loadAccount(app: Pick<AuthDeps, 'accounts'>, accountId: string): Promise<Account> {
  const account = await app.accounts.findById(accountId);
  if (!account || account.disabledAt !== null) throw accountGone();
  return account;
}

/**
 * The secret to show on the enrolment page. It stays pending (the active secret, if any, keeps
 * working) until a code made from it is confirmed, and the same pending secret is shown again when
 * the page is reloaded, so a scanned QR code stays valid.
 */
export async function prepareTotpEnrolment({ app, accountId }: { app: Pick<AuthDeps, 'accounts' | 'clock'>; accountId: string }): Promise<{ account: Account; secret: string }> {
  const account = await loadAccount(app, accountId);
  if (account.totpPendingSecret) return { account, secret: account.totpPendingSecret };
  const secret = newTotpSecret();
  await app.accounts.update(account.id, { totp_pending_secret: secret, updated_at: app.clock.now() });
  return { account, secret };
}

export type EnrolmentOutcome = { kind: 'wrong_code' } | { kind: 'enrolled'; recoveryCodes: string[]; token: string | undefined };

/**
 * Confirms TOTP enrolment with a code from the pending secret, then issues ten fresh recovery codes
 * (shown once, only hashes stored). Replacing a working second factor asks the current password.
 * A session at stage `enrol` becomes complete under a new token.
 */
export async function confirmTotpEnrolment({ app, session, code, currentPassword, client }: { app: AuthDeps; session: Session; code: string; currentPassword: string; client: Client }): Promise<EnrolmentOutcome> {
  const account = await loadAccount(app, session.accountId);
  const replacing = account.totpEnabledAt !== null;
  if (replacing && !(await verifyPassword(account.passwordHash, currentPassword))) throw wrongPassword();
  const now = app.clock.now();
  const step = account.totpPendingSecret ? matchTotpStep(account.totpPendingSecret, code, now) : null;
  if (step === null) return { kind: 'wrong_code' };
  await app.accounts.update(account.id, { totp_secret: account.totpPendingSecret, totp_pending_secret: null, totp_enabled_at: now, totp_last_step: step, updated_at: now });
  const recoveryCodes = await replaceRecoveryCodes(app, account.id);
  let token: string | undefined;
  if (session.stage === 'enrol') {
    token = await advanceSession(app, session, 'complete');
    await app.accounts.recordSuccessfulSignIn(account.id, now);
  }
  await app.auditLog.record(auditActorFor(account, client.ip), { action: replacing ? 'account.totp_replaced' : 'account.totp_enabled', objectType: 'account', objectId: account.id });
  return { kind: 'enrolled', recoveryCodes, token };
}

async function replaceRecoveryCodes(app: Pick<AuthDeps, 'accounts' | 'clock' | 'ids'>, accountId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await app.accounts.replaceRecoveryCodes(accountId, codes.map((code) => ({ id: app.ids.id(), hash: hashRecoveryCode(code) })), app.clock.now());
  return codes;
}

/** New recovery codes replace all the old ones (after the current password). */
export async function regenerateRecoveryCodes({ app, accountId, currentPassword, client }: { app: AuthDeps; accountId: string; currentPassword: string; client: Client }): Promise<string[]> {
  const account = await loadAccount(app, accountId);
  if (!(await verifyPassword(account.passwordHash, currentPassword))) throw wrongPassword();
  if (account.totpEnabledAt === null) throw new AppError({ code: 'account.totp_not_enabled', kind: 'invalid', messageKey: 'account.totpNotEnabled' });
  const codes = await replaceRecoveryCodes(app, account.id);
  await app.auditLog.record(auditActorFor(account, client.ip), { action: 'account.recovery_codes_replaced', objectType: 'account', objectId: account.id });
  return codes;
}

/** Changes one's own name and language. */
export async function updateProfile({ app, accountId, input, client }: { app: AuthDeps; accountId: string; input: { name: string; locale: Locale }; client: Client }): Promise<void> {
  const account = await loadAccount(app, accountId);
  await app.accounts.update(account.id, { name: input.name, locale: input.locale, updated_at: app.clock.now() });
  const changed = [...(input.name !== account.name ? ['name'] : []), ...(input.locale !== account.locale ? ['locale'] : [])];
  await app.auditLog.record(auditActorFor(account, client.ip), { action: 'account.profile_updated', objectType: 'account', objectId: account.id, details: { changed } });
}

/** Changes one's own password after checking the current one; every other session ends. */
export async function changePassword({ app, session, currentPassword, newPassword, client }: { app: AuthDeps; session: Session; currentPassword: string; newPassword: string; client: Client }): Promise<void> {
  const account = await loadAccount(app, session.accountId);
  if (!(await verifyPassword(account.passwordHash, currentPassword))) throw wrongPassword();
  await app.accounts.update(account.id, { password_hash: await hashPassword(newPassword), updated_at: app.clock.now() });
  const ended = await app.sessions.deleteForAccount(account.id, session.id);
  await app.auditLog.record(auditActorFor(account, client.ip), { action: 'account.password_changed', objectType: 'account', objectId: account.id, details: { otherSessionsEnded: ended } });
}

/** Ends one of one's own sessions (another browser, a lost phone). */
export async function revokeSession({ app, accountId, sessionId, client }: { app: AuthDeps; accountId: string; sessionId: string; client: Client }): Promise<void> {
  const account = await loadAccount(app, accountId);
  if (!(await app.sessions.deleteOfAccount(account.id, sessionId))) throw new AppError({ code: 'account.session_not_found', kind: 'not_found', messageKey: 'errors.not_found' });
  await app.auditLog.record(auditActorFor(account, client.ip), { action: 'auth.session_revoked', objectType: 'account', objectId: account.id });
}

/** Ends every session of the account, this one included. */
export async function signOutEverywhere({ app, accountId, client }: { app: AuthDeps; accountId: string; client: Client }): Promise<number> {
  const account = await loadAccount(app, accountId);
  const ended = await app.sessions.deleteForAccount(account.id);
  await app.auditLog.record(auditActorFor(account, client.ip), { action: 'auth.signed_out_everywhere', objectType: 'account', objectId: account.id, details: { sessionsEnded: ended } });
  return ended;
}
