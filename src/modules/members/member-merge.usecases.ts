import type { App } from '../../app.ts';
import { AppError, ValidationError } from '../../shared/errors.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import type { Network } from '../networks/networks.models.ts';
import type { ContactPointWithCode } from './contact-points.repository.ts';
import { type MergeKeptFields, mergeDuplicate } from './dedupe.usecases.ts';
import { networkFor } from './member-list.usecases.ts';
import type { Person, PersonAddress } from './members.models.ts';
import { withMembersTransaction } from './members.transaction.ts';

/** The fields a coordinator picks, one by one, from either record when merging two. */
export const MERGE_FIELDS = ['name', 'language', 'redChannels', 'greenChannels'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];
export type MergeSide = 'kept' | 'merged';

export type MergeRecord = { person: Person; addresses: PersonAddress[]; contacts: ContactPointWithCode[] };
export type MergePair = { network: Network; kept: MergeRecord; merged: MergeRecord };

type MergeDeps = Pick<App, 'database' | 'clock' | 'ids' | 'networks' | 'people' | 'contactPoints' | 'memberships'>;

const notFound = () => new AppError({ code: 'members.not_found', kind: 'not_found', messageKey: 'errors.not_found' });

/** A member of the network (any status), not erased; anyone else is not found, whoever asks. */
async function memberRecord(app: MergeDeps, network: Network, personId: string): Promise<MergeRecord> {
  const person = await app.people.findById(personId);
  if (!person || person.erasedAt !== null || person.zoneId !== network.zoneId) throw notFound();
  if (!(await app.memberships.findByPersonAndNetwork(personId, network.id))) throw notFound();
  return { person, addresses: await app.people.listAddresses(personId), contacts: await app.contactPoints.listForPerson(personId) };
}

/**
 * Two records of the network side by side, for a coordinator (`members.manage` on the network)
 * who believes they are one person. Nothing is merged by looking.
 */
export async function loadMergePair({ app, by, networkId, keptId, mergedId }: { app: MergeDeps; by: AuditActor; networkId: string; keptId: string; mergedId: string }): Promise<MergePair> {
  const network = await networkFor(app, by.actor, networkId, 'members.manage');
  if (keptId === mergedId) throw new ValidationError([{ field: 'merged', messageKey: 'households.merge.samePerson' }]);
  return { network, kept: await memberRecord(app, network, keptId), merged: await memberRecord(app, network, mergedId) };
}

/**
 * A coordinator's explicit merge: the second record goes into the first (memberships, addresses
 * and contact points move, see `mergeDuplicate`); for each field the coordinator picked "merged",
 * the first record takes the second one's value. One audit entry says who merged, and which
 * fields came from the merged record (names of fields, not their values).
 */
export async function mergeMembers({ app, by, networkId, keptId, mergedId, picks }: { app: MergeDeps; by: AuditActor; networkId: string; keptId: string; mergedId: string; picks: Partial<Record<MergeField, MergeSide>> }): Promise<void> {
  const { merged } = await loadMergePair({ app, by, networkId, keptId, mergedId });
  const from = merged.person;
  const keep: MergeKeptFields = {
    ...(picks.name === 'merged' ? { firstName: from.firstName, lastName: from.lastName } : {}),
    ...(picks.language === 'merged' ? { language: from.language } : {}),
    ...(picks.redChannels === 'merged' ? { redChannels: from.redChannels } : {}),
    ...(picks.greenChannels === 'merged' ? { greenChannels: from.greenChannels } : {}),
  };
  await withMembersTransaction(app, (repos) => mergeDuplicate(app, repos, { duplicateId: mergedId, survivorId: keptId, reason: 'coordinator', by: { actor: by, kind: 'coordinator' }, keep }));
}
