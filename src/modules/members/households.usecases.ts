import { AppError } from '../../shared/errors.ts';
import { CODE_TTL_MS } from './member-codes.models.ts';
import { mergeDuplicate } from './dedupe.usecases.ts';
import { withMembersTransaction } from './members.transaction.ts';
import { type MemberDeps, memberActor } from './verification.usecases.ts';

/** Another record behind a number the member just proved, as the "is this you?" question shows it. */
export type SharedNumberHolder = { personId: string; firstName: string; initial: string };

const notFound = () => new AppError({ code: 'members.shared_number_not_found', kind: 'not_found', messageKey: 'errors.not_found' });

/**
 * The other records behind a phone number the member proved by its code a moment ago (within the
 * code's lifetime), for "is one of these you?". A first name and an initial are enough to choose
 * and say little: whoever answers that phone lives with these people. Anything else is not found.
 */
export async function sharedNumberHolders({ app, personId, contactId }: { app: Pick<MemberDeps, 'contactPoints' | 'people' | 'clock'>; personId: string; contactId: string }): Promise<SharedNumberHolder[]> {
  const contact = await app.contactPoints.findById(contactId);
  if (!contact || contact.personId !== personId || contact.kind === 'email' || contact.verifiedAt === null) throw notFound();
  if (app.clock.now() - contact.verifiedAt > CODE_TTL_MS) throw notFound();
  const holders = await app.contactPoints.listVerifiedHolders(contact.kind, contact.value, { exceptPersonId: personId });
  const people = await Promise.all(holders.map((h) => app.people.findById(h.personId)));
  return people.filter((p) => p !== undefined).map((p) => ({ personId: p.id, firstName: p.firstName, initial: p.lastName.slice(0, 1) }));
}

/**
 * "This is me": the member, having just proved the shared number, says one of the other records
 * is theirs. Their new record is merged into that one (memberships, addresses and contact points
 * move; the older record keeps its name, language and channels), the session follows, and the
 * audit entry says the member chose it. Returns the person who remains.
 */
export async function claimSharedNumberRecord({ app, personId, contactId, survivorId, ip }: { app: MemberDeps; personId: string; contactId: string; survivorId: string; ip: string | null }): Promise<string> {
  const holders = await sharedNumberHolders({ app, personId, contactId });
  if (!holders.some((h) => h.personId === survivorId)) throw notFound();
  const contact = (await app.contactPoints.findById(contactId))!;
  await withMembersTransaction(app, (repos) => mergeDuplicate(app, repos, { duplicateId: personId, survivorId, reason: contact.kind, by: { actor: memberActor(ip), kind: 'member' } }));
  return survivorId;
}
