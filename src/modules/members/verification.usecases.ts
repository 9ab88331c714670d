import type { App } from '../../app.ts';
import { AppError } from '../../shared/errors.ts';
import { windowStart } from '../accounts/rate-limits.repository.ts';
import { notifyApplications, type ApplicationNotice } from './applications.usecases.ts';
import type { ContactPointWithCode } from './contact-points.repository.ts';
import { mergeDuplicate } from './dedupe.usecases.ts';
import {
  CODE_TTL_MS,
  EMAIL_VERIFICATION_TTL_MS,
  MAX_CODE_ATTEMPTS,
  RESEND_COOLDOWN_MS,
  checkCode,
  codeFromToken,
  cooldownLeftMs,
  hashCode,
  normaliseCode,
  spokenDigits,
} from './member-codes.models.ts';
import { sendTranslated } from './member-messages.usecases.ts';
import type { Person } from './members.models.ts';
import { type MembersRepos, withMembersTransaction } from './members.transaction.ts';

export type MemberDeps = Pick<App, 'database' | 'clock' | 'ids' | 'config' | 'email' | 'sms' | 'voice' | 'logger' | 'auditLog' | 'rateLimits' | 'people' | 'contactPoints' | 'memberships' | 'memberAccess' | 'privacyTexts' | 'jobs'>;

/** The audit log's view of a member acting on their own data: no account, no name. */
export function memberActor(ip: string | null) {
  return { actor: null, label: 'member', ip };
}

const notFound = () => new AppError({ code: 'members.contact_not_found', kind: 'not_found', messageKey: 'errors.not_found' });

/**
 * Sends a fresh proof to an unverified contact point: a link by e-mail (older links die), a code
 * by SMS to a mobile, a spoken code by a call to a landline.
 */
export async function sendVerification(app: MemberDeps, contact: ContactPointWithCode, person: Pick<Person, 'language'>): Promise<void> {
  const now = app.clock.now();
  if (contact.kind === 'email') {
    const token = app.ids.token();
    await app.memberAccess.revokeTokens(contact.id, 'verify_email', now);
    await app.memberAccess.issueToken({ token, purpose: 'verify_email', personId: contact.personId, contactPointId: contact.id, now, ttlMs: EMAIL_VERIFICATION_TTL_MS });
    const link = `${app.config.server.publicUrl}/me/verify-email/${token}`;
    await sendTranslated(app, { channel: 'email', to: contact.value, language: person.language, subject: 'members.verifyEmail.subject', body: 'members.verifyEmail.body', values: { link, hours: EMAIL_VERIFICATION_TTL_MS / 3_600_000 } });
    return;
  }
  const code = codeFromToken(app.ids.token());
  await app.contactPoints.setCode(contact.id, { hash: hashCode(app.config.security.sessionSecret, contact.id, code), expiresAt: now + CODE_TTL_MS });
  if (contact.kind === 'mobile') {
    await sendTranslated(app, { channel: 'sms', to: contact.value, language: person.language, body: 'members.sms.verifyCode', values: { code, minutes: CODE_TTL_MS / 60_000 } });
  } else {
    await sendTranslated(app, { channel: 'voice', to: contact.value, language: person.language, body: 'members.voice.code', values: { digits: spokenDigits(code) } });
  }
}

/** When the latest code or link went to the contact point. */
async function lastSentAt(app: MemberDeps, contact: ContactPointWithCode): Promise<number | null> {
  if (contact.kind === 'email') return app.memberAccess.lastTokenSentAt(contact.id, 'verify_email');
  return contact.codeExpiresAt === null ? null : contact.codeExpiresAt - CODE_TTL_MS;
}

export type ResendOutcome = { kind: 'sent' } | { kind: 'cooldown'; seconds: number } | { kind: 'already_verified' };

/** New codes or links a member may ask for per contact point per hour (besides the first). */
export const RESENDS_PER_HOUR = 5;

/** "Send again": a new code or link, at most once a minute and five times an hour per contact point. */
export async function resendVerification({ app, personId, contactId }: { app: MemberDeps; personId: string; contactId: string }): Promise<ResendOutcome> {
  const contact = await app.contactPoints.findById(contactId);
  const person = await app.people.findById(personId);
  if (!contact || !person || contact.personId !== personId) throw notFound();
  if (contact.verifiedAt !== null) return { kind: 'already_verified' };
  const now = app.clock.now();
  const left = cooldownLeftMs(await lastSentAt(app, contact), now);
  if (left > 0) return { kind: 'cooldown', seconds: Math.ceil(left / 1000) };
  // At most a few codes or links an hour per contact point: nobody gets flooded with calls or SMS.
  const hour = windowStart(now, 3_600_000);
  if ((await app.rateLimits.hit(`member_resend:${contact.id}`, hour)) > RESENDS_PER_HOUR) return { kind: 'cooldown', seconds: Math.ceil((hour + 3_600_000 - now) / 1000) };
  await sendVerification(app, contact, person);
  return { kind: 'sent' };
}

/**
 * Marks a contact point verified, inside the caller's transaction. An e-mail address is one
 * person's: when it is already verified for someone else, this record is theirs and is merged into
 * the older one. A phone number is not a person: a landline or mobile another person already
 * verified is linked to both (a household), nobody is merged, each keeps their own record. Returns
 * the person who remains and the applications the coordinators must now hear about (sent after
 * the commit).
 */
export async function confirmContactWithin(app: Pick<MemberDeps, 'clock' | 'ids'>, repos: MembersRepos, contact: ContactPointWithCode, ip: string | null): Promise<{ personId: string; sharedWith: number; notices: ApplicationNotice[] }> {
  const now = app.clock.now();
  await repos.contacts.markVerified(contact.id, now);
  const person = (await repos.people.findById(contact.personId))!;
  const sharedWith = contact.kind === 'email' ? 0 : (await repos.contacts.listVerifiedHolders(contact.kind, contact.value, { exceptPersonId: person.id })).length;
  await repos.audit.record(memberActor(ip), {
    action: 'members.contact_verified',
    objectType: 'person',
    objectId: person.id,
    zoneId: person.zoneId,
    // The count only: who else holds the number is the coordinators' to see, not the audit reader's.
    details: { contactPointId: contact.id, kind: contact.kind, ...(sharedWith > 0 ? { sharedWith } : {}) },
  });
  let personId = person.id;
  const existing = contact.kind === 'email' ? await repos.contacts.findVerified(contact.kind, contact.value, { exceptPersonId: person.id }) : undefined;
  if (existing) {
    await mergeDuplicate(app, repos, { duplicateId: person.id, survivorId: existing.personId, reason: contact.kind });
    personId = existing.personId;
  }
  // Applications are announced once the applicant proved one way to reach them.
  const memberships = await repos.memberships.listForPerson(personId);
  const unannounced = memberships.filter((m) => m.status === 'pending' && m.notifiedAt === null);
  await repos.memberships.markNotified(unannounced.map((m) => m.id), now);
  return { personId, sharedWith, notices: unannounced.map((m) => ({ networkId: m.networkId, networkName: m.networkName, zoneId: m.zoneId })) };
}

/** `sharedWith`: how many other people already hold the number just proved (a household). */
export type CodeOutcome = { kind: 'verified'; personId: string; sharedWith: number } | { kind: 'wrong'; attemptsLeft: number } | { kind: 'locked' } | { kind: 'expired' } | { kind: 'no_code' };

/** Checks a code typed for a phone number: 5 wrong tries use the code up; a new one must be asked for. */
export async function verifyContactCode({ app, personId, contactId, code, ip }: { app: MemberDeps; personId: string; contactId: string; code: string; ip: string | null }): Promise<CodeOutcome> {
  const result = await withMembersTransaction(app, async (repos): Promise<{ outcome: CodeOutcome; notices: ApplicationNotice[] }> => {
    const contact = await repos.contacts.findById(contactId);
    if (!contact || contact.personId !== personId || contact.kind === 'email') throw notFound();
    if (contact.verifiedAt !== null) return { outcome: { kind: 'verified', personId, sharedWith: 0 }, notices: [] };
    const check = checkCode(contact, hashCode(app.config.security.sessionSecret, contact.id, normaliseCode(code)), app.clock.now());
    switch (check) {
      case 'accepted': {
        const confirmed = await confirmContactWithin(app, repos, contact, ip);
        return { outcome: { kind: 'verified', personId: confirmed.personId, sharedWith: confirmed.sharedWith }, notices: confirmed.notices };
      }
      case 'wrong': {
        const attempts = await repos.contacts.recordWrongCode(contact.id);
        return { outcome: attempts >= MAX_CODE_ATTEMPTS ? { kind: 'locked' } : { kind: 'wrong', attemptsLeft: MAX_CODE_ATTEMPTS - attempts }, notices: [] };
      }
      case 'locked':
        return { outcome: { kind: 'locked' }, notices: [] };
      case 'expired':
        return { outcome: { kind: 'expired' }, notices: [] };
      case 'none':
        return { outcome: { kind: 'no_code' }, notices: [] };
    }
  });
  await notifyApplications(app, result.notices);
  return result.outcome;
}

/** The unverified e-mail contact point a verification link is for, while the link is usable; reading does not use it. */
export async function checkEmailLink({ app, token }: { app: MemberDeps; token: string }): Promise<ContactPointWithCode | undefined> {
  const record = await app.memberAccess.peekToken(token, 'verify_email', app.clock.now());
  if (!record?.contactPointId) return undefined;
  return app.contactPoints.findById(record.contactPointId);
}

/** Uses a verification link (once): the e-mail address is verified. False when the link is not usable. */
export async function confirmEmailLink({ app, token, ip }: { app: MemberDeps; token: string; ip: string | null }): Promise<boolean> {
  const result = await withMembersTransaction(app, async (repos) => {
    const now = app.clock.now();
    const record = await repos.access.peekToken(token, 'verify_email', now);
    if (!record?.contactPointId || !(await repos.access.consumeToken(token, 'verify_email', now))) return undefined;
    const contact = await repos.contacts.findById(record.contactPointId);
    if (!contact) return undefined;
    if (contact.verifiedAt !== null) return { notices: [] };
    return confirmContactWithin(app, repos, contact, ip);
  });
  if (!result) return false;
  await notifyApplications(app, result.notices);
  return true;
}

/** Whole seconds a member waits before asking again; the view says so. */
export const RESEND_COOLDOWN_SECONDS = RESEND_COOLDOWN_MS / 1000;
