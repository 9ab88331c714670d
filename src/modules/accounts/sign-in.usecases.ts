import type { App } from '../../app.ts';
import { sha256Hex } from '../../shared/crypto.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import type { Account } from './accounts.repository.ts';
import { requiresSecondFactor } from './authorization.models.ts';
import { verifyPassword } from './passwords.ts';
import { windowStart } from './rate-limits.repository.ts';
import type { Session, SessionStage } from './sessions.repository.ts';
import { hashRecoveryCode, looksLikeTotpCode, matchTotpStep } from './totp.models.ts';

export type AuthDeps = Pick<App, 'accounts' | 'sessions' | 'rateLimits' | 'authFailures' | 'auditLog' | 'clock' | 'ids' | 'config'>;

/** Where a request comes from, as sessions and the audit log record it. */
export type Client = { ip: string; userAgent: string | null };

/** The per-address limit counts attempts in fixed windows of 15 minutes. */
export const ADDRESS_WINDOW_MS = 15 * 60_000;
/** The second factor must follow the password within this time, or sign-in starts again. */
export const SECOND_FACTOR_WINDOW_MS = 10 * 60_000;

/** The audit log's view of an account acting on itself (sign-in, its own settings). */
export function auditActorFor(account: Pick<Account, 'id' | 'name' | 'email'>, ip: string | null): AuditActor {
  return { actor: { accountId: account.id, name: account.name, email: account.email, grants: [] }, ip };
}

/** Opens a session at the given stage; returns the cookie token (only its hash is stored). */
export async function openSession(app: Pick<AuthDeps, 'sessions' | 'clock' | 'ids' | 'config'>, accountId: string, stage: SessionStage, client: Client): Promise<string> {
  const token = app.ids.token();
  const now = app.clock.now();
  await app.sessions.insert({
    id: sha256Hex(token),
    accountId,
    stage,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + app.config.security.sessionAbsoluteHours * 3_600_000,
    ip: client.ip,
    userAgent: client.userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

/** Moves a session to its next stage under a new token; the old token stops working. */
export async function advanceSession(app: Pick<AuthDeps, 'sessions' | 'clock' | 'ids'>, session: Session, stage: SessionStage): Promise<string> {
  const token = app.ids.token();
  await app.sessions.rotate(session.id, sha256Hex(token), stage, app.clock.now());
  return token;
}

/**
 * Counts one attempt from the client's address in the shared table; false once the address is
 * over its limit. Only the first refusal of a window is audited, so a flood cannot flood the log.
 */
export async function withinAddressLimit(app: Pick<AuthDeps, 'rateLimits' | 'auditLog' | 'clock' | 'config'>, scope: string, client: Client): Promise<boolean> {
  const limit = app.config.security.signInAttemptsPerAddress;
  const count = await app.rateLimits.hit(`${scope}:${client.ip}`, windowStart(app.clock.now(), ADDRESS_WINDOW_MS));
  if (count === limit + 1) await app.auditLog.record({ actor: null, label: 'anonymous', ip: client.ip }, { action: 'auth.sign_in_failed', details: { reason: 'address_rate_limited', scope } });
  return count <= limit;
}

/** The keys a failed sign-in counts against: the client's address and the e-mail address typed (known or not). */
function failureKeys(client: Client, email: string): string[] {
  return [`source:${client.ip}`, `identifier:${sha256Hex(email.trim().toLowerCase())}`];
}

/**
 * Sliding windows over failures only (successes are never counted): at most
 * `signInAttemptsPerAddress` failures from one client address in any 15 minutes, and
 * `signInMaxFailures` for one e-mail address in any `signInLockoutMinutes`. The second holds for
 * addresses without an account too, so the pause tells nobody which addresses exist. Returns when
 * the next attempt is allowed, or null when it is now.
 */
async function failureLimitReachedUntil(app: AuthDeps, client: Client, email: string): Promise<number | null> {
  const now = app.clock.now();
  const { signInAttemptsPerAddress, signInMaxFailures, signInLockoutMinutes } = app.config.security;
  const [sourceKey, identifierKey] = failureKeys(client, email);
  const windows = [
    { key: sourceKey!, limit: signInAttemptsPerAddress, windowMs: ADDRESS_WINDOW_MS },
    { key: identifierKey!, limit: signInMaxFailures, windowMs: signInLockoutMinutes * 60_000 },
  ];
  let until: number | null = null;
  for (const { key, limit, windowMs } of windows) {
    const { count, oldest } = await app.authFailures.since(key, now - windowMs);
    if (count >= limit && oldest !== null) until = Math.max(until ?? 0, oldest + windowMs);
  }
  return until;
}

async function countFailure(app: AuthDeps, client: Client, email: string): Promise<void> {
  const now = app.clock.now();
  await app.authFailures.record(failureKeys(client, email), now, app.ids.id);
  // Housekeeping in passing: nothing older than the longest window matters.
  if (Math.random() < 0.05) await app.authFailures.pruneBefore(now - Math.max(ADDRESS_WINDOW_MS, app.config.security.signInLockoutMinutes * 60_000));
}

/** Counts a failure against the account, locking it at the limit; true when it is now locked. */
async function recordFailure(app: AuthDeps, account: Account, reason: string, client: Client): Promise<boolean> {
  const { signInMaxFailures, signInLockoutMinutes } = app.config.security;
  const lockUntil = app.clock.now() + signInLockoutMinutes * 60_000;
  const { locked } = await app.accounts.recordFailedSignIn(account.id, { maxFailures: signInMaxFailures, lockUntil });
  const by = auditActorFor(account, client.ip);
  await app.auditLog.record(by, { action: 'auth.sign_in_failed', objectType: 'account', objectId: account.id, details: { reason } });
  if (locked) await app.auditLog.record(by, { action: 'auth.locked', objectType: 'account', objectId: account.id, details: { until: lockUntil, afterFailures: signInMaxFailures } });
  return locked;
}

export type SignInOutcome = { kind: 'refused' } | { kind: 'rate_limited'; retryAt: number } | { kind: 'session'; token: string; stage: SessionStage };

/**
 * First step of sign-in: e-mail and password. An unknown address, a wrong password, a disabled or
 * locked account all give the same `refused` (and cost the same argon2 check), so the answer never
 * tells whether an account exists. The session opens at stage `password` when a TOTP code is still
 * owed, `enrol` when a police account must first set up TOTP, else `complete`.
 */
export async function signInWithPassword({ app, email, password, client }: { app: AuthDeps; email: string; password: string; client: Client }): Promise<SignInOutcome> {
  const retryAt = await failureLimitReachedUntil(app, client, email);
  if (retryAt !== null) {
    await app.auditLog.record({ actor: null, label: 'anonymous', ip: client.ip }, { action: 'auth.sign_in_failed', details: { reason: 'failure_limit', until: retryAt } });
    return { kind: 'rate_limited', retryAt };
  }
  const account = email.length <= 320 ? await app.accounts.findByEmail(email) : undefined;
  const passwordMatches = await verifyPassword(account?.passwordHash, password);
  const now = app.clock.now();
  if (!account) {
    await countFailure(app, client, email);
    // The typed address is not logged: people sometimes type their password in that field.
    await app.auditLog.record({ actor: null, label: 'anonymous', ip: client.ip }, { action: 'auth.sign_in_failed', details: { reason: 'unknown_account' } });
    return { kind: 'refused' };
  }
  const by = auditActorFor(account, client.ip);
  if (account.disabledAt !== null || (account.lockedUntil !== null && account.lockedUntil > now)) {
    await countFailure(app, client, email);
    const reason = account.disabledAt !== null ? 'disabled' : 'locked';
    await app.auditLog.record(by, { action: 'auth.sign_in_failed', objectType: 'account', objectId: account.id, details: { reason } });
    return { kind: 'refused' };
  }
  if (!passwordMatches) {
    await countFailure(app, client, email);
    await recordFailure(app, account, account.passwordHash ? 'wrong_password' : 'no_password', client);
    return { kind: 'refused' };
  }
  const grants = await app.accounts.resolvedGrants(account.id);
  const stage: SessionStage = account.totpEnabledAt !== null && account.totpSecret ? 'password' : requiresSecondFactor({ grants }) ? 'enrol' : 'complete';
  // With a second factor owed, the failure count stays: a known password must not reset the
  // count of wrong codes.
  if (stage !== 'password') await app.accounts.recordSuccessfulSignIn(account.id, now);
  if (stage === 'complete') await app.auditLog.record(by, { action: 'auth.sign_in', objectType: 'account', objectId: account.id, details: { secondFactor: 'none' } });
  if (stage === 'enrol') await app.auditLog.record(by, { action: 'auth.sign_in', objectType: 'account', objectId: account.id, details: { secondFactor: 'enrolment_required' } });
  return { kind: 'session', token: await openSession(app, account.id, stage, client), stage };
}

export type SecondFactorOutcome = { kind: 'restart' } | { kind: 'rate_limited'; retryAt: number } | { kind: 'wrong_code' } | { kind: 'signed_in'; token: string };

/**
 * Second step: a TOTP code (each time-step accepted once) or an unused recovery code. Wrong codes
 * count towards the lockout like wrong passwords; a locked, disabled or stale half-session is
 * ended and sign-in starts again.
 */
export async function verifySecondFactor({ app, session, code, client }: { app: AuthDeps; session: Session; code: string; client: Client }): Promise<SecondFactorOutcome> {
  const now = app.clock.now();
  if (session.stage !== 'password') return { kind: 'restart' };
  if (now - session.createdAt > SECOND_FACTOR_WINDOW_MS) {
    await app.sessions.delete(session.id);
    return { kind: 'restart' };
  }
  const account = await app.accounts.findById(session.accountId);
  const retryAt = account ? await failureLimitReachedUntil(app, client, account.email) : null;
  if (retryAt !== null) return { kind: 'rate_limited', retryAt };
  if (!account || account.disabledAt !== null || !account.totpSecret || (account.lockedUntil !== null && account.lockedUntil > now)) {
    if (account) await app.auditLog.record(auditActorFor(account, client.ip), { action: 'auth.sign_in_failed', objectType: 'account', objectId: account.id, details: { reason: account.disabledAt !== null ? 'disabled' : 'locked' } });
    await app.sessions.delete(session.id);
    return { kind: 'restart' };
  }
  let method: 'totp' | 'recovery_code';
  let accepted: boolean;
  let reason = 'wrong_code';
  if (looksLikeTotpCode(code)) {
    method = 'totp';
    const step = matchTotpStep(account.totpSecret, code, now);
    accepted = step !== null && (await app.accounts.acceptTotpStep(account.id, step));
    if (step !== null && !accepted) reason = 'reused_code';
  } else {
    method = 'recovery_code';
    accepted = code.trim().length > 0 && (await app.accounts.useRecoveryCode(account.id, hashRecoveryCode(code), now));
    if (!accepted) reason = 'wrong_recovery_code';
  }
  if (!accepted) {
    await countFailure(app, client, account.email);
    if (await recordFailure(app, account, reason, client)) {
      await app.sessions.delete(session.id);
      return { kind: 'restart' };
    }
    return { kind: 'wrong_code' };
  }
  await app.accounts.recordSuccessfulSignIn(account.id, now);
  const token = await advanceSession(app, session, 'complete');
  const remaining = method === 'recovery_code' ? await app.accounts.countUnusedRecoveryCodes(account.id) : undefined;
  await app.auditLog.record(auditActorFor(account, client.ip), { action: 'auth.sign_in', objectType: 'account', objectId: account.id, details: { secondFactor: method, ...(remaining !== undefined ? { recoveryCodesLeft: remaining } : {}) } });
  return { kind: 'signed_in', token };
}

/** Ends the current session (whatever its stage). */
export async function signOut({ app, session, client }: { app: AuthDeps; session: Session; client: Client }): Promise<void> {
  await app.sessions.delete(session.id);
  const account = await app.accounts.findById(session.accountId);
  if (account) await app.auditLog.record(auditActorFor(account, client.ip), { action: 'auth.sign_out', objectType: 'account', objectId: account.id });
}
