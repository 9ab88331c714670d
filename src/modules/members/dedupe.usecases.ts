import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import type { ContactKind, MembershipStatus, Person } from './members.models.ts';
import type { MembersRepos } from './members.transaction.ts';

/** The person's own fields a merge may take from the merged record instead of the survivor's. */
export type MergeKeptFields = Partial<Pick<Person, 'firstName' | 'lastName' | 'language' | 'redChannels' | 'greenChannels'>>;

/** Which of two memberships of the same network a merge keeps: the one that reaches further. */
const STATUS_STRENGTH: Record<MembershipStatus, number> = { active: 3, pending: 2, left: 1, removed: 0 };

/**
 * One person however many networks: merges a duplicate record into the person who already holds
 * the same verified e-mail address (inside the caller's transaction). A shared phone number never
 * leads here: several people behind one number are a household, not one person.
 *
 * - Memberships move; when both have the same network, the one that reaches further is kept
 *   (active > pending > left > removed), so memberships stay unique per person × network.
 * - Addresses move (the same address twice is kept once); contact points move, a value the
 *   survivor already has is kept once (verified if either was).
 * - The survivor keeps their name, language and preferences; a newer consent is taken over.
 * - Open sessions and links follow; the duplicate is deleted; the audit entry names both ids only.
 *
 * Who decided: the system for a shared e-mail address; the member ("this is me", after proving a
 * shared number by its code) or a coordinator (side by side, keeping the fields they picked).
 */
export async function mergeDuplicate(
  app: { clock: Clock; ids: IdGenerator },
  repos: MembersRepos,
  { duplicateId, survivorId, reason, by, keep = {} }: { duplicateId: string; survivorId: string; reason: ContactKind | 'coordinator'; by?: { actor: AuditActor; kind: 'member' | 'coordinator' }; keep?: MergeKeptFields },
): Promise<void> {
  const now = app.clock.now();
  const duplicate = (await repos.people.findById(duplicateId))!;
  const survivor = (await repos.people.findById(survivorId))!;

  for (const membership of await repos.memberships.listForPerson(duplicateId)) {
    const existing = await repos.memberships.findByPersonAndNetwork(survivorId, membership.networkId);
    if (!existing) {
      await repos.memberships.moveToPerson(membership.id, survivorId);
    } else if (STATUS_STRENGTH[membership.status] > STATUS_STRENGTH[existing.status]) {
      await repos.memberships.delete(existing.id);
      await repos.memberships.moveToPerson(membership.id, survivorId);
    } else {
      await repos.memberships.delete(membership.id);
    }
  }

  await repos.people.moveAddresses(duplicateId, survivorId);

  const kept = await repos.contacts.listForPerson(survivorId);
  for (const contact of await repos.contacts.listForPerson(duplicateId)) {
    const same = kept.find((k) => k.kind === contact.kind && k.value === contact.value);
    if (!same) {
      await repos.contacts.moveToPerson(contact.id, survivorId);
      continue;
    }
    if (contact.verifiedAt !== null && same.verifiedAt === null) await repos.contacts.markVerified(same.id, contact.verifiedAt);
    await repos.contacts.delete(contact.id);
  }

  const newerConsent = duplicate.consentAt !== null && (survivor.consentAt === null || duplicate.consentAt > survivor.consentAt);
  await repos.people.update(survivorId, { ...keep, ...(newerConsent ? { consentVersion: duplicate.consentVersion, consentAt: duplicate.consentAt } : {}), now });
  await repos.access.movePerson(duplicateId, survivorId);
  await repos.people.delete(duplicateId);
  await repos.audit.record(by?.actor ?? { actor: null, label: 'system' }, {
    action: 'members.merged',
    objectType: 'person',
    objectId: survivorId,
    zoneId: survivor.zoneId,
    // Field names only, never their values: the log holds no personal data.
    details: by ? { mergedPersonId: duplicateId, chosenBy: by.kind, ...(reason === 'coordinator' ? {} : { sameVerified: reason }), keptFromMerged: Object.keys(keep).sort() } : { mergedPersonId: duplicateId, sameVerified: reason },
  });
}
