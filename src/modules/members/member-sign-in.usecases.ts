import type { App } from '../../app.ts';
import { sha256Hex } from '../../shared/crypto.ts';
import { windowStart } from '../accounts/rate-limits.repository.ts';
import { ADDRESS_WINDOW_MS, type Client, withinAddressLimit } from '../accounts/sign-in.usecases.ts';
import type { MemberSession } from './member-access.repository.ts';
import { CODE_TTL_MS, SIGN_IN_LINK_TTL_MS, checkCode, codeFromToken, cooldownLeftMs, hashCode, normaliseCode, spokenDigits } from './member-codes.models.ts';
import { sendTranslated } from './member-messages.usecases.ts';
import type { ContactKind, Person } from './members.models.ts';
import type { MemberDeps } from './verification.usecases.ts';
import { memberActor } from './verification.usecases.ts';

/** A member session ends after 30 idle minutes, and 12 hours after sign-in whatever happens. */
export const MEMBER_SESSION_IDLE_MS = 30 * 60_000;
export const MEMBER_SESSION_ABSOLUTE_MS = 12 * 3_600_000;
/** Sign-in requests per contact point per 15 minutes (a flood of e-mails or SMS to one person stops here). */
export const SIGN_IN_REQUESTS_PER_CONTACT = 5;

/** Opens a member session; returns the cookie token (only its hash is stored). */
export async function openMemberSession(app: Pick<App, 'memberAccess' | 'ids' | 'clock'>, personId: string): Promise<string> {
  const token = app.ids.token();
  const now = app.clock.now();
  await app.memberAccess.insertSession({ id: sha256Hex(token), personId, createdAt: now, lastSeenAt: now, expiresAt: now + MEMBER_SESSION_ABSOLUTE_MS });
  return token;
}

/** The session and person behind a member cookie, while the session is alive; expired sessions are removed. */
export async function loadMemberSession(app: Pick<App, 'memberAccess' | 'people' | 'clock'>, token: string | undefined): Promise<{ session: MemberSession; person: Person } | null> {
  if (!token) return null;
  const session = await app.memberAccess.findSession(sha256Hex(token));
  if (!session) return null;
  const now = app.clock.now();
  const person = await app.people.findById(session.personId);
  if (!person || person.erasedAt !== null || session.expiresAt <= now || session.lastSeenAt + MEMBER_SESSION_IDLE_MS <= now) {
    await app.memberAccess.deleteSession(session.id);
    return null;
  }
  // Touch at most once a minute: enough for the idle timeout, cheap for the database.
  if (now - session.lastSeenAt > 60_000) await app.memberAccess.touchSession(session.id, now);
  return { session, person };
}

/** What the person typed to sign in: an e-mail address or a phone number, as stored. */
export type SignInContact = { kind: ContactKind; value: string };

export type SignInRequestOutcome = { kind: 'sent' } | { kind: 'rate_limited' };

/** Counts a request for one contact point; the key holds a hash, never the number or address itself. */
async function withinContactLimit(app: Pick<App, 'rateLimits' | 'clock'>, scope: string, contact: SignInContact): Promise<boolean> {
  const count = await app.rateLimits.hit(`${scope}:${sha256Hex(`${contact.kind}:${contact.value}`)}`, windowStart(app.clock.now(), ADDRESS_WINDOW_MS));
  return count <= SIGN_IN_REQUESTS_PER_CONTACT;
}

/**
 * Passwordless sign-in, first step: a single-use link (15 minutes) to a verified e-mail address, a
 * 6-digit code by SMS to a verified mobile, or a spoken code by a call to a verified landline. The
 * answer is the same whether or not the contact point is known, so the form tells nobody who is a
 * member; only the rate limits (per client address and per contact point) can refuse.
 */
export async function requestMemberSignIn({ app, contact, client }: { app: MemberDeps; contact: SignInContact; client: Client }): Promise<SignInRequestOutcome> {
  if (!(await withinAddressLimit(app, 'member_sign_in', client))) return { kind: 'rate_limited' };
  if (!(await withinContactLimit(app, 'member_sign_in', contact))) return { kind: 'rate_limited' };
  // Whether the contact point is known decides the rest: it runs after the response, so that the
  // answer takes the same time either way (finding 4 of the security review).
  await app.jobs.enqueue(MEMBER_SIGN_IN_JOB, { kind: contact.kind, value: contact.value });
  return { kind: 'sent' };
}

/** The deferred job that sends a sign-in link or code (see registerMemberSignInJob). */
export const MEMBER_SIGN_IN_JOB = 'members.sign_in';

/** The deferred part of a sign-in request: the link, SMS code or spoken code, when the contact point is a verified one. */
export async function sendMemberSignIn({ app, contact }: { app: MemberDeps; contact: SignInContact }): Promise<void> {
  const found = await app.contactPoints.findVerified(contact.kind, contact.value);
  if (!found) return;
  const person = (await app.people.findById(found.personId))!;
  const now = app.clock.now();
  if (found.kind === 'email') {
    const token = app.ids.token();
    await app.memberAccess.revokeTokens(found.id, 'sign_in', now);
    await app.memberAccess.issueToken({ token, purpose: 'sign_in', personId: person.id, contactPointId: found.id, now, ttlMs: SIGN_IN_LINK_TTL_MS });
    const link = `${app.config.server.publicUrl}/me/sign-in/${token}`;
    await sendTranslated(app, { channel: 'email', to: found.value, language: person.language, subject: 'members.signInEmail.subject', body: 'members.signInEmail.body', values: { link, minutes: SIGN_IN_LINK_TTL_MS / 60_000 } });
    return;
  }
  // A code still fresh is not replaced: asking again within a minute sends nothing new.
  const sentAt = found.codeExpiresAt === null ? null : found.codeExpiresAt - CODE_TTL_MS;
  if (cooldownLeftMs(sentAt, now) > 0) return;
  const code = codeFromToken(app.ids.token());
  await app.contactPoints.setCode(found.id, { hash: hashCode(app.config.security.sessionSecret, found.id, code), expiresAt: now + CODE_TTL_MS });
  if (found.kind === 'mobile') {
    await sendTranslated(app, { channel: 'sms', to: found.value, language: person.language, body: 'members.sms.signInCode', values: { code, minutes: CODE_TTL_MS / 60_000 } });
  } else {
    await sendTranslated(app, { channel: 'voice', to: found.value, language: person.language, body: 'members.voice.code', values: { digits: spokenDigits(code) } });
  }
}

/** Lets the deferred jobs send member sign-in links and codes (called where the routes are registered). */
export function registerMemberSignInJob(app: MemberDeps): void {
  app.jobs.handle(MEMBER_SIGN_IN_JOB, (payload) => sendMemberSignIn({ app, contact: { kind: payload.kind as ContactKind, value: String(payload.value) } }));
}

export type SignInCodeOutcome = { kind: 'signed_in'; token: string } | { kind: 'wrong' } | { kind: 'rate_limited' };

/**
 * Second step for a phone: the code. Wrong, expired and used-up codes and unknown numbers all get
 * the same `wrong`; five wrong codes use the code up.
 */
export async function verifyMemberSignInCode({ app, contact, code, client }: { app: MemberDeps; contact: SignInContact; code: string; client: Client }): Promise<SignInCodeOutcome> {
  if (!(await withinAddressLimit(app, 'member_sign_in', client))) return { kind: 'rate_limited' };
  const found = contact.kind === 'email' ? undefined : await app.contactPoints.findVerified(contact.kind, contact.value);
  if (!found) return { kind: 'wrong' };
  const check = checkCode(found, hashCode(app.config.security.sessionSecret, found.id, normaliseCode(code)), app.clock.now());
  if (check === 'wrong') await app.contactPoints.recordWrongCode(found.id);
  if (check !== 'accepted') return { kind: 'wrong' };
  await app.contactPoints.clearCode(found.id);
  const person = (await app.people.findById(found.personId))!;
  await app.auditLog.record(memberActor(client.ip), { action: 'members.signed_in', objectType: 'person', objectId: person.id, zoneId: person.zoneId, details: { by: found.kind } });
  return { kind: 'signed_in', token: await openMemberSession(app, person.id) };
}

/** Whether a sign-in link is still usable; reading it does not use it (mail scanners open links). */
export async function checkSignInLink({ app, token }: { app: MemberDeps; token: string }): Promise<boolean> {
  return (await app.memberAccess.peekToken(token, 'sign_in', app.clock.now())) !== undefined;
}

/** Uses a sign-in link (once) and opens a session; undefined when the link is not usable. */
export async function useSignInLink({ app, token, client }: { app: MemberDeps; token: string; client: Client }): Promise<string | undefined> {
  const now = app.clock.now();
  const record = await app.memberAccess.peekToken(token, 'sign_in', now);
  if (!record || !(await app.memberAccess.consumeToken(token, 'sign_in', now))) return undefined;
  const person = await app.people.findById(record.personId);
  if (!person || person.erasedAt !== null) return undefined;
  await app.auditLog.record(memberActor(client.ip), { action: 'members.signed_in', objectType: 'person', objectId: person.id, zoneId: person.zoneId, details: { by: 'email' } });
  return openMemberSession(app, person.id);
}

/** Ends the member's session. */
export async function signOutMember({ app, session }: { app: Pick<App, 'memberAccess'>; session: MemberSession }): Promise<void> {
  await app.memberAccess.deleteSession(session.id);
}
