import { AppError, ValidationError } from '../../shared/errors.ts';
import type { AddressInput, Preferences } from './member-fields.schemas.ts';
import { MAX_CONTACTS_PER_KIND } from './member-fields.schemas.ts';
import { channelProblems, pauseRange } from './member-preferences.models.ts';
import type { ContactKind, Person } from './members.models.ts';
import { withMembersTransaction } from './members.transaction.ts';
import { type RegistrationDeps, geocodeAddress } from './registration.usecases.ts';
import { memberActor, sendVerification } from './verification.usecases.ts';

/**
 * A member's own changes to their data, after sign-in. Every function acts on the signed-in
 * person only (`personId` comes from the session, never from the form).
 */
type Self = { app: RegistrationDeps; person: Person; ip: string | null };

const notFound = () => new AppError({ code: 'members.not_found', kind: 'not_found', messageKey: 'errors.not_found' });

/** Name and language. */
export async function updateProfile({ app, person, input }: Self & { input: { firstName: string; lastName: string; language: string } }): Promise<void> {
  await app.people.update(person.id, { firstName: input.firstName, lastName: input.lastName, language: input.language, now: app.clock.now() });
}

/** Replaces the home or work address (found in the address table, like at registration), or removes the work address. */
export async function updateAddress({ app, person, kind, address }: Self & { kind: 'home' | 'work'; address: AddressInput | null }): Promise<void> {
  if (address === null) {
    if (kind === 'home') throw new ValidationError([{ field: 'addressStreet', messageKey: 'form.required' }]);
    await app.people.replaceAddress(person.id, 'work', null);
    return;
  }
  const found = await geocodeAddress(app, address, person.language);
  if (!found) throw new ValidationError([{ field: 'addressStreet', messageKey: 'members.addressNotFound' }]);
  const { address: _address, ...fields } = found;
  await withMembersTransaction(app, async ({ people }) => {
    await people.replaceAddress(person.id, kind, { id: app.ids.id(), personId: person.id, kind, ...fields });
    await people.update(person.id, { now: app.clock.now() });
  });
}

/** Adds a phone number or e-mail address; it is used for messages only once verified (a code or link is sent now). */
export async function addContact({ app, person, input, ip }: Self & { input: { kind: ContactKind; value: string } }): Promise<void> {
  const contacts = await app.contactPoints.listForPerson(person.id);
  if (contacts.some((c) => c.kind === input.kind && c.value === input.value)) throw new AppError({ code: 'members.contact_exists', kind: 'conflict', messageKey: 'members.contactExists' });
  if (contacts.filter((c) => c.kind === input.kind).length >= MAX_CONTACTS_PER_KIND) throw new AppError({ code: 'members.too_many_contacts', kind: 'invalid', messageKey: 'members.tooManyContacts', values: { max: MAX_CONTACTS_PER_KIND } });
  const id = app.ids.id();
  await withMembersTransaction(app, async ({ contacts: repo, audit }) => {
    await repo.insert({ id, personId: person.id, kind: input.kind, value: input.value, verifiedAt: null, now: app.clock.now() });
    await audit.record(memberActor(ip), { action: 'members.contact_added', objectType: 'person', objectId: person.id, zoneId: person.zoneId, details: { contactPointId: id, kind: input.kind } });
  });
  await sendVerification(app, (await app.contactPoints.findById(id))!, person);
}

/**
 * Removes a phone number or e-mail address. Refused while a chosen channel would be left without
 * a contact point that can carry it (the member changes the channels first).
 */
export async function removeContact({ app, person, contactId, ip }: Self & { contactId: string }): Promise<void> {
  const contacts = await app.contactPoints.listForPerson(person.id);
  const contact = contacts.find((c) => c.id === contactId);
  if (!contact) throw notFound();
  const remaining = new Set(contacts.filter((c) => c.id !== contactId).map((c) => c.kind));
  if (channelProblems({ red: person.redChannels, green: person.greenChannels }, remaining).length > 0) {
    throw new AppError({ code: 'members.contact_needed', kind: 'invalid', messageKey: 'members.contactNeededForChannel' });
  }
  await withMembersTransaction(app, async ({ contacts: repo, audit }) => {
    await repo.delete(contact.id);
    await audit.record(memberActor(ip), { action: 'members.contact_removed', objectType: 'person', objectId: person.id, zoneId: person.zoneId, details: { contactPointId: contact.id, kind: contact.kind } });
  });
}

/** Channels per message type, quiet hours for green messages and the holiday pause. */
export async function updatePreferences({ app, person, input, timeZone }: Self & { input: Preferences; timeZone: string }): Promise<void> {
  const pause = input.pauseFrom && input.pauseUntil ? pauseRange(input.pauseFrom, input.pauseUntil, timeZone) : { pauseFrom: null, pauseUntil: null };
  await app.people.update(person.id, { redChannels: input.red, greenChannels: input.green, quietFrom: input.quietFrom, quietUntil: input.quietUntil, ...pause, now: app.clock.now() });
}

/** "Pause green messages until": from now to the end of the given day; red messages keep coming. */
export async function pauseGreenMessages({ app, person, until, timeZone }: Self & { until: string; timeZone: string }): Promise<void> {
  const now = app.clock.now();
  const { pauseUntil } = pauseRange(until, until, timeZone);
  if (pauseUntil <= now) throw new ValidationError([{ field: 'until', messageKey: 'members.pauseInPast' }]);
  await app.people.update(person.id, { pauseFrom: now, pauseUntil, now });
}

/** Ends a pause (holiday or "until") at once. */
export async function resumeGreenMessages({ app, person }: Self): Promise<void> {
  await app.people.update(person.id, { pauseFrom: null, pauseUntil: null, now: app.clock.now() });
}
