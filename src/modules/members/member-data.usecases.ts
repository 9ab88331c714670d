import { blobKey } from '../blobs/blobs.models.ts';
import { createBlobStore } from '../blobs/blobs.repository.ts';
import type { App } from '../../app.ts';
import { AppError } from '../../shared/errors.ts';
import { createDeliveriesRepository } from '../deliveries/deliveries.repository.ts';
import { createPushSubscriptionsRepository } from '../push/push-subscriptions.repository.ts';
import { isReportPhotoFileName } from '../reports/reports.models.ts';
import { createAlertRatingsRepository } from '../reports/alert-ratings.repository.ts';
import { createReportsRepository } from '../reports/reports.repository.ts';
import { type ContactPoint, type Person, type PersonAddress, assertMembershipTransition } from './members.models.ts';
import type { MembershipChange, MembershipWithNetwork } from './memberships.repository.ts';
import { withMembersTransaction } from './members.transaction.ts';
import type { ContactPointWithCode } from './contact-points.repository.ts';
import type { MemberDeps } from './verification.usecases.ts';
import { memberActor } from './verification.usecases.ts';

/** What an erased person's names become: the row stays (other rows point at it), the names go. */
export const ERASED_NAME = '—';

export type MemberOverview = { person: Person; addresses: PersonAddress[]; contacts: ContactPointWithCode[]; memberships: MembershipWithNetwork[] };

/** Everything the signed-in member sees on their own page: their record only. */
export async function memberOverview({ app, person }: { app: Pick<App, 'people' | 'contactPoints' | 'memberships'>; person: Person }): Promise<MemberOverview> {
  return {
    person,
    addresses: await app.people.listAddresses(person.id),
    contacts: await app.contactPoints.listForPerson(person.id),
    memberships: await app.memberships.listForPerson(person.id),
  };
}

/** Leaves a network (pending or active → left); the optional reason is kept for the annual evaluation. */
export async function leaveNetwork({ app, person, membershipId, reason, ip }: { app: MemberDeps; person: Person; membershipId: string; reason: string; ip: string | null }): Promise<void> {
  await withMembersTransaction(app, async ({ trx, memberships, audit }) => {
    const membership = await memberships.findById(membershipId);
    if (!membership || membership.personId !== person.id) throw new AppError({ code: 'members.not_found', kind: 'not_found', messageKey: 'errors.not_found' });
    assertMembershipTransition(membership.status, 'left');
    const now = app.clock.now();
    await memberships.changeStatus({ id: membership.id, changeId: app.ids.id(), from: membership.status, to: 'left', reason: reason === '' ? null : reason, byKind: 'member', actorId: null, now });
    // Someone who is in no network any more gets no more messages, not even those already planned.
    const stillMember = (await memberships.listForPerson(person.id)).some((m) => m.status === 'active' || m.status === 'pending');
    const cancelledSteps = stillMember ? 0 : await createDeliveriesRepository({ database: trx }).cancelPendingForPerson(person.id, now);
    await audit.record(memberActor(ip), { action: 'members.left', objectType: 'membership', objectId: membership.id, zoneId: person.zoneId, details: { networkId: membership.networkId, reasonGiven: reason !== '', cancelledSteps } });
  });
}

type ExportedContact = Pick<ContactPoint, 'kind' | 'value' | 'verifiedAt' | 'createdAt'>;

/** The member's download: their own record, nothing about anyone else (staff who decided are not named). */
export type MemberExport = {
  exportedAt: string;
  person: { firstName: string; lastName: string; language: string; redChannels: string[]; greenChannels: string[]; quietHours: { from: number; until: number } | null; pause: { from: string; until: string } | null; createdAt: string; updatedAt: string; source: string };
  addresses: Array<Omit<PersonAddress, 'id' | 'personId' | 'addressId'>>;
  contactPoints: Array<Omit<ExportedContact, 'verifiedAt' | 'createdAt'> & { verifiedAt: string | null; addedAt: string }>;
  memberships: Array<{ network: string; status: string; reason: string | null; since: string; history: Array<{ from: string | null; to: string; by: MembershipChange['byKind']; reason: string | null; at: string }> }>;
  consents: Array<{ privacyTextVersion: number; at: string }>;
  /** Devices with notifications enabled: how many (their push keys are no data about the member). */
  pushDevices: number;
  /** Their reports to the police as typed, with the answers; photos are not in the download. */
  reports: Array<{
    network: string | null;
    category: string;
    what: string;
    where: string;
    when: string;
    point: { lat: number; lon: number } | null;
    withPhoto: boolean;
    sharedWithCoordinator: boolean;
    status: string;
    sentAt: string;
    closedAt: string | null;
    answers: Array<{ text: string; at: string }>;
  }>;
};

const iso = (ms: number) => new Date(ms).toISOString();

/** Builds the member's data download (GDPR art. 15 and 20); the download itself is audited. */
export async function exportMemberData({ app, person, ip }: { app: MemberDeps; person: Person; ip: string | null }): Promise<MemberExport> {
  const { addresses, contacts, memberships } = await memberOverview({ app, person });
  const changes = await app.memberships.listChanges(memberships.map((m) => m.id));
  const reportsRepository = createReportsRepository({ database: app.database });
  const reports = await reportsRepository.listAllForPerson(person.id);
  const answers = await reportsRepository.listAnswers(reports.map((r) => r.id));
  await app.auditLog.record(memberActor(ip), { action: 'members.exported', objectType: 'person', objectId: person.id, zoneId: person.zoneId });
  return {
    exportedAt: iso(app.clock.now()),
    person: {
      firstName: person.firstName,
      lastName: person.lastName,
      language: person.language,
      redChannels: person.redChannels,
      greenChannels: person.greenChannels,
      quietHours: person.quietFrom !== null && person.quietUntil !== null ? { from: person.quietFrom, until: person.quietUntil } : null,
      pause: person.pauseFrom !== null && person.pauseUntil !== null ? { from: iso(person.pauseFrom), until: iso(person.pauseUntil) } : null,
      createdAt: iso(person.createdAt),
      updatedAt: iso(person.updatedAt),
      source: person.source,
    },
    addresses: addresses.map(({ kind, street, houseNumber, box, postcode, municipality, lat, lon }) => ({ kind, street, houseNumber, box, postcode, municipality, lat, lon })),
    contactPoints: contacts.map((c) => ({ kind: c.kind, value: c.value, verifiedAt: c.verifiedAt === null ? null : iso(c.verifiedAt), addedAt: iso(c.createdAt) })),
    memberships: memberships.map((m) => ({
      network: m.networkName,
      status: m.status,
      reason: m.reason,
      since: iso(m.createdAt),
      history: changes.filter((c) => c.membershipId === m.id).map((c) => ({ from: c.fromStatus, to: c.toStatus, by: c.byKind, reason: c.reason, at: iso(c.at) })),
    })),
    consents: person.consentVersion !== null && person.consentAt !== null ? [{ privacyTextVersion: person.consentVersion, at: iso(person.consentAt) }] : [],
    pushDevices: await createPushSubscriptionsRepository({ database: app.database }).countForPerson(person.id),
    reports: reports.map((r) => ({
      network: memberships.find((m) => m.networkId === r.networkId)?.networkName ?? null,
      category: r.category,
      what: r.what,
      where: r.whereText,
      when: r.whenText,
      point: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : null,
      withPhoto: r.photoPath !== null,
      sharedWithCoordinator: r.sharedWithCoordinator,
      status: r.status,
      sentAt: iso(r.createdAt),
      closedAt: r.closedAt === null ? null : iso(r.closedAt),
      // The answer's text is theirs to keep; who wrote it is not (staff are not named).
      answers: answers.filter((a) => a.reportId === r.id).map((a) => ({ text: a.text, at: iso(a.createdAt) })),
    })),
  };
}

/**
 * Erases a member at their request (GDPR art. 17): names replaced, addresses and contact points
 * deleted, preferences and free-text reasons cleared, every membership set to left, sessions and
 * links ended, push on every device stopped, planned deliveries cancelled and their addresses forgotten,
 * their reports (with the police's answers) and the reports' photos deleted at once, the comments of their
 * ratings removed. The person row stays
 * with `erased_at` (memberships and deliveries point at it by id only). The audit entry holds
 * counts, no personal data, not even the client address.
 */
export async function eraseMember({ app, person }: { app: MemberDeps; person: Person }): Promise<void> {
  await withMembersTransaction(app, async ({ trx, people, contacts, memberships, access, audit }) => {
    const now = app.clock.now();
    let left = 0;
    for (const membership of await memberships.listForPerson(person.id)) {
      if (membership.status === 'left' || membership.status === 'removed') continue;
      assertMembershipTransition(membership.status, 'left');
      await memberships.changeStatus({ id: membership.id, changeId: app.ids.id(), from: membership.status, to: 'left', reason: null, byKind: 'member', actorId: null, now });
      left += 1;
    }
    await memberships.clearReasons(person.id);
    const addresses = await people.deleteAddresses(person.id);
    const contactPoints = await contacts.deleteForPerson(person.id);
    await access.deleteSessionsOf(person.id);
    const deliveries = createDeliveriesRepository({ database: trx });
    const cancelledSteps = await deliveries.cancelPendingForPerson(person.id, now);
    await deliveries.forgetDestinations(person.id);
    const pushDevices = await createPushSubscriptionsRepository({ database: trx }).deleteAllForPerson(person.id);
    const reports = await createReportsRepository({ database: trx }).deleteForPerson(person.id);
    // The photos go with their reports, in the same transaction.
    await createBlobStore({ database: trx }).remove(reports.photoPaths.filter(isReportPhotoFileName).map((name) => blobKey('reports', name)));
    const ratingComments = await createAlertRatingsRepository({ database: trx }).forgetComments(person.id);
    await people.update(person.id, {
      firstName: ERASED_NAME,
      lastName: ERASED_NAME,
      redChannels: [],
      greenChannels: [],
      quietFrom: null,
      quietUntil: null,
      pauseFrom: null,
      pauseUntil: null,
      erasedAt: now,
      now,
    });
    await audit.record({ actor: null, label: 'member' }, { action: 'members.erased', objectType: 'person', objectId: person.id, zoneId: person.zoneId, details: { membershipsLeft: left, addresses, contactPoints, cancelledSteps, pushDevices, reports: reports.removed, reportPhotos: reports.photoPaths.length, ratingComments } });
  });
}
