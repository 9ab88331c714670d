import type { App } from '../../app.ts';
import { inTransaction } from '../../db/database.ts';
import type { Locale } from '../../web/i18n/locales.ts';
import type { Actor } from '../accounts/authorization.models.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import { type Network, firstNameOf } from '../networks/networks.models.ts';
import { notifyApplications } from './applications.usecases.ts';
import { eraseMember } from './member-data.usecases.ts';
import { type InvitationOrigin, createMemberInvitationsRepository } from './member-invitations.repository.ts';
import { networkFor } from './member-list.usecases.ts';
import { sendTranslated, translatorFor } from './member-messages.usecases.ts';
import type { Person } from './members.models.ts';
import { withMembersTransaction } from './members.transaction.ts';
import type { PrivacyText } from './privacy-texts.repository.ts';
import { currentPrivacyText } from './privacy.usecases.ts';
import { type MemberDeps, confirmContactWithin, memberActor, sendVerification } from './verification.usecases.ts';

/** An invitation link lives 30 days: long enough for someone who reads their mail once a month. */
export const INVITATION_TTL_MS = 30 * 86_400_000;

type InviteDeps = Pick<App, 'database' | 'clock' | 'ids' | 'config' | 'email' | 'sms' | 'voice' | 'logger'>;

/**
 * Invites imported people (those of `personIds` who have an e-mail address and have not consented):
 * each gets, in their own language, an e-mail naming the network and the coordinator's first
 * name, with a single-use link valid 30 days. The links (hashed) and `invited_at` are stored in one
 * transaction, the e-mails sent after it. Returns how many were invited.
 */
export async function inviteImportedPeople({ app, network, inviter, personIds }: { app: InviteDeps; network: Network; inviter: Actor | null; personIds: readonly string[] }): Promise<number> {
  if (personIds.length === 0) return 0;
  const invitees = await createMemberInvitationsRepository({ database: app.database }).invitees(personIds);
  // In the order given (the file's): the coordinator's list, top to bottom.
  const position = new Map(personIds.map((id, i) => [id, i]));
  invitees.sort((a, b) => position.get(a.personId)! - position.get(b.personId)!);
  const links = invitees.map((invitee) => ({ ...invitee, token: app.ids.token() }));
  await inTransaction(app.database, (trx) => createMemberInvitationsRepository({ database: trx }).issue(links, { now: app.clock.now(), ttlMs: INVITATION_TTL_MS }));
  const coordinator = inviter ? firstNameOf(inviter.name) : '';
  for (const link of links) {
    await sendTranslated(app, {
      channel: 'email',
      to: link.email,
      language: link.language,
      subject: 'invitation.email.subject',
      body: 'invitation.email.body',
      values: { firstName: link.firstName, network: network.name, coordinator, link: `${app.config.server.publicUrl}/invitation/${link.token}`, days: INVITATION_TTL_MS / 86_400_000 },
    });
  }
  return links.length;
}

/**
 * Sends the invitations an import could not send (the e-mail step stopped half-way), for those who
 * manage the network's members. Audited with the count.
 */
export async function sendPendingInvitations({ app, by, networkId }: { app: InviteDeps & Pick<App, 'networks' | 'auditLog'>; by: AuditActor; networkId: string }): Promise<number> {
  const network = await networkFor(app, by.actor, networkId, 'members.manage');
  const personIds = await createMemberInvitationsRepository({ database: app.database }).uninvited(network.id);
  const invited = await inviteImportedPeople({ app, network, inviter: by.actor, personIds });
  await app.auditLog.record(by, { action: 'members.invitations_sent', objectType: 'network', objectId: network.id, zoneId: network.zoneId, details: { invited } });
  return invited;
}

export type Invitation = { person: Person; origin: InvitationOrigin | undefined; coordinatorFirstName: string; privacy: PrivacyText };

/**
 * What an invitation page shows: who invited the person (network, coordinator's first name only)
 * and the privacy text in the page's language. Reading does not use the link (mail scanners open
 * links); undefined when the link is unknown, used or expired.
 */
export async function readInvitation({ app, token, locale }: { app: MemberDeps; token: string; locale: Locale }): Promise<Invitation | undefined> {
  const repository = createMemberInvitationsRepository({ database: app.database });
  const invite = await repository.find(token, app.clock.now());
  if (!invite) return undefined;
  const person = await app.people.findById(invite.personId);
  if (!person || person.erasedAt !== null) return undefined;
  const [origin] = await repository.origins(person.id);
  const privacy = await currentPrivacyText(app, locale);
  return { person, origin, coordinatorFirstName: origin?.inviterName ? firstNameOf(origin.inviterName) : '', privacy };
}

export type AcceptOutcome = { personId: string; phonesToVerify: number };

/**
 * "I agree": records the consent (the privacy text's version and the time), verifies the e-mail
 * address the invitation went to (the click proves it; a person already known by that address is
 * merged into), and sends a code to each phone number still unverified. Uses the link once;
 * undefined when it is not usable.
 */
export async function acceptInvitation({ app, token, ip }: { app: MemberDeps; token: string; ip: string | null }): Promise<AcceptOutcome | undefined> {
  const now = app.clock.now();
  const invite = await createMemberInvitationsRepository({ database: app.database }).find(token, now);
  const invited = invite && (await app.people.findById(invite.personId));
  if (!invite || !invited || invited.erasedAt !== null) return undefined;
  // Read (and on a fresh installation publish) the text before the transaction: SQLite has one connection.
  const privacy = await currentPrivacyText(app, translatorFor(app, invited.language).locale);
  const result = await withMembersTransaction(app, async (repos) => {
    if (!(await createMemberInvitationsRepository({ database: repos.trx }).consume(token, now))) return undefined;
    await repos.people.update(invited.id, { consentVersion: privacy.version, consentAt: now, now });
    await repos.audit.record(memberActor(ip), { action: 'members.invitation_accepted', objectType: 'person', objectId: invited.id, zoneId: invited.zoneId, details: { consentVersion: privacy.version } });
    const contact = invite.contactPointId ? await repos.contacts.findById(invite.contactPointId) : undefined;
    if (!contact || contact.verifiedAt !== null) return { personId: invited.id, notices: [] };
    return confirmContactWithin(app, repos, contact, ip);
  });
  if (!result) return undefined;
  await notifyApplications(app, result.notices);
  const person = (await app.people.findById(result.personId))!;
  const phones = (await app.contactPoints.listForPerson(person.id)).filter((c) => c.kind !== 'email' && c.verifiedAt === null && c.stoppedAt === null);
  for (const phone of phones) await sendVerification(app, phone, person);
  return { personId: person.id, phonesToVerify: phones.length };
}

/**
 * "No thanks, remove me": uses the link and erases the person (as a member erasing their own
 * data: names replaced, addresses and contact points deleted, memberships left). False when the
 * link is not usable.
 */
export async function refuseInvitation({ app, token, ip }: { app: MemberDeps; token: string; ip: string | null }): Promise<boolean> {
  const now = app.clock.now();
  const repository = createMemberInvitationsRepository({ database: app.database });
  const invite = await repository.find(token, now);
  const person = invite && (await app.people.findById(invite.personId));
  if (!invite || !person || person.erasedAt !== null || !(await repository.consume(token, now))) return false;
  await app.auditLog.record(memberActor(ip), { action: 'members.invitation_refused', objectType: 'person', objectId: person.id, zoneId: person.zoneId });
  await eraseMember({ app, person });
  return true;
}
