import type { App } from '../../app.ts';
import { AppError } from '../../shared/errors.ts';
import { assertCan } from '../accounts/authorization.models.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import type { Network } from '../networks/networks.models.ts';
import type { ContactPointWithCode } from './contact-points.repository.ts';
import { sendTranslated } from './member-messages.usecases.ts';
import { type PersonAddress, assertMembershipTransition } from './members.models.ts';
import type { Application } from './memberships.repository.ts';
import { withMembersTransaction } from './members.transaction.ts';

type ApplicationsDeps = Pick<App, 'database' | 'clock' | 'ids' | 'config' | 'email' | 'sms' | 'voice' | 'logger' | 'networks' | 'people' | 'contactPoints' | 'memberships' | 'auditLog'>;

/** An application the coordinators have not heard about yet. */
export type ApplicationNotice = { networkId: string; networkName: string; zoneId: string };

export type ApplicationView = Application & { addresses: PersonAddress[]; contacts: ContactPointWithCode[] };

const networkNotFound = () => new AppError({ code: 'networks.not_found', kind: 'not_found', messageKey: 'errors.not_found' });

async function loadNetwork(app: ApplicationsDeps, networkId: string): Promise<Network> {
  const network = await app.networks.findById(networkId);
  if (!network) throw networkNotFound();
  return network;
}

/**
 * E-mails each network's coordinators (or, without any, the zone's administrators) that an
 * application is waiting, in their own language. The e-mail names no applicant: the list is behind
 * sign-in, where reading it is audited.
 */
export async function notifyApplications(app: Pick<App, 'memberships' | 'email' | 'sms' | 'voice' | 'config' | 'logger'>, notices: readonly ApplicationNotice[]): Promise<void> {
  for (const notice of notices) {
    const link = `${app.config.server.publicUrl}/networks/${notice.networkId}/applications`;
    for (const recipient of await app.memberships.listApplicationRecipients(notice.networkId, notice.zoneId)) {
      await sendTranslated(app, {
        channel: 'email',
        to: recipient.email,
        language: recipient.locale ?? app.config.locale.default,
        subject: 'members.applicationEmail.subject',
        body: 'members.applicationEmail.body',
        values: { name: recipient.name, network: notice.networkName, link },
      });
    }
  }
}

/**
 * The pending applications of a network, for its coordinators and the zone's administrators
 * (`members.manage`). Reading them is recorded in the audit log (`members.read`).
 */
export async function listApplications({ app, by, networkId }: { app: ApplicationsDeps; by: AuditActor; networkId: string }): Promise<{ network: Network; applications: ApplicationView[] }> {
  const network = await loadNetwork(app, networkId);
  assertCan(by.actor, 'members.manage', { networkId, zoneId: network.zoneId });
  const applications = await app.memberships.listApplications(networkId);
  const views: ApplicationView[] = [];
  for (const application of applications) {
    views.push({ ...application, addresses: await app.people.listAddresses(application.personId), contacts: await app.contactPoints.listForPerson(application.personId) });
  }
  await app.auditLog.record(by, { action: 'members.read', objectType: 'network', objectId: networkId, zoneId: network.zoneId, details: { view: 'applications', networkId, people: views.length } });
  return { network, applications: views };
}

export const APPLICATION_DECISIONS = ['approve', 'refuse'] as const;
export type ApplicationDecision = (typeof APPLICATION_DECISIONS)[number];

/**
 * A coordinator of the network or a zone administrator approves an application (pending → active)
 * or refuses it with a reason (pending → removed). An approved member with a verified e-mail
 * address is welcomed in their language.
 */
export async function decideApplication({ app, by, networkId, membershipId, decision, reason }: { app: ApplicationsDeps; by: AuditActor; networkId: string; membershipId: string; decision: ApplicationDecision; reason: string | null }): Promise<void> {
  const network = await loadNetwork(app, networkId);
  assertCan(by.actor, 'members.manage', { networkId, zoneId: network.zoneId });
  if (decision === 'refuse' && !reason) throw new AppError({ code: 'members.reason_required', kind: 'invalid', messageKey: 'members.reasonRequired' });
  const personId = await withMembersTransaction(app, async ({ memberships, audit }) => {
    const membership = await memberships.findById(membershipId);
    if (!membership || membership.networkId !== networkId) throw new AppError({ code: 'members.application_not_found', kind: 'not_found', messageKey: 'errors.not_found' });
    if (membership.status !== 'pending') throw new AppError({ code: 'members.not_pending', kind: 'conflict', messageKey: 'members.notPending' });
    const to = decision === 'approve' ? 'active' : 'removed';
    assertMembershipTransition(membership.status, to);
    await memberships.changeStatus({ id: membership.id, changeId: app.ids.id(), from: membership.status, to, reason: decision === 'refuse' ? reason : null, byKind: 'staff', actorId: by.actor?.accountId ?? null, now: app.clock.now() });
    await audit.record(by, { action: decision === 'approve' ? 'members.approved' : 'members.refused', objectType: 'membership', objectId: membership.id, zoneId: network.zoneId, details: { networkId, personId: membership.personId } });
    return membership.personId;
  });
  if (decision !== 'approve') return;
  const person = await app.people.findById(personId);
  if (!person) return;
  for (const contact of await app.contactPoints.listForPerson(personId)) {
    if (contact.kind !== 'email' || contact.verifiedAt === null) continue;
    await sendTranslated(app, {
      channel: 'email',
      to: contact.value,
      language: person.language,
      subject: 'members.welcomeEmail.subject',
      body: 'members.welcomeEmail.body',
      values: { name: person.firstName, network: network.name, link: `${app.config.server.publicUrl}/me` },
    });
  }
}
