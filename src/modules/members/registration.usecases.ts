import type { App } from '../../app.ts';
import { AppError, ValidationError } from '../../shared/errors.ts';
import { windowStart } from '../accounts/rate-limits.repository.ts';
import { type Address, localizedParts } from '../geography/addresses.models.ts';
import { assignAddress } from '../networks/network-assignment.usecases.ts';
import type { Network } from '../networks/networks.models.ts';
import type { Zone } from '../zones/zones.repository.ts';
import type { AddressInput } from './member-fields.schemas.ts';
import { pauseRange } from './member-preferences.models.ts';
import { openMemberSession, requestMemberSignIn } from './member-sign-in.usecases.ts';
import type { PersonAddress, PersonAddressKind } from './members.models.ts';
import { withMembersTransaction } from './members.transaction.ts';
import { currentPrivacyText } from './privacy.usecases.ts';
import type { RegistrationInput } from './registration.schemas.ts';
import { type MemberDeps, memberActor, sendVerification } from './verification.usecases.ts';

export type RegistrationDeps = MemberDeps & Pick<App, 'addresses' | 'networks'>;

export type RegistrationOutcome = { kind: 'registered'; personId: string; sessionToken: string } | { kind: 'signing_in' };

/** Registrations allowed from one client address per hour: each one sends codes and calls. */
export const REGISTRATIONS_PER_ADDRESS_PER_HOUR = 10;

const fieldError = (field: string, messageKey: string, values?: Record<string, string | number>) => new ValidationError([{ field, messageKey, ...(values ? { values } : {}) }]);

/**
 * Finds the typed address in the BeSt address table: same postcode, house number and street (in
 * any of its languages). The stored address takes the official names in the person's language,
 * the coordinates, and the box as typed when the table has none.
 */
export async function geocodeAddress(app: Pick<App, 'addresses'>, input: AddressInput, language: string): Promise<Omit<PersonAddress, 'id' | 'personId' | 'kind'> & { address: Address } | undefined> {
  const [address] = await app.addresses.findByParts({ postcode: input.postcode, street: input.street, houseNumber: input.houseNumber, box: input.box });
  if (!address) return undefined;
  const { street, municipality } = localizedParts(address, language);
  return { address, addressId: address.id, street, houseNumber: address.houseNumber, box: address.box ?? input.box, postcode: address.postcode, municipality, lat: address.lat, lon: address.lon };
}

/** The zone's active networks that cover the address (through the networks' area or street lists). */
export async function coveringNetworks(app: Pick<App, 'database' | 'clock'>, addressId: string, active: readonly Network[]): Promise<Network[]> {
  const ids = new Set(await assignAddress({ database: app.database, clock: app.clock, addressId }));
  return active.filter((n) => ids.has(n.id));
}

/**
 * Chooses the networks to apply to: the one asked for (it must cover one of the person's
 * addresses) or, when none was asked for, every active network of the zone that covers one.
 * An address outside every network is refused with a clear message, before anything is stored.
 */
function chooseNetworks(requested: string | null, active: readonly Network[], covering: readonly Network[]): Network[] {
  if (covering.length === 0) throw fieldError('homeStreet', 'members.outsideEveryNetwork');
  if (requested === null) return [...covering];
  const network = active.find((n) => n.id === requested);
  if (!network) throw fieldError('network', 'members.networkUnknown');
  if (!covering.some((n) => n.id === network.id)) throw fieldError('network', 'members.networkNotCovering', { network: network.name, covering: covering.map((n) => n.name).join(', ') });
  return [network];
}

/**
 * Public self-registration: stores the person, their addresses and (unverified) contact points and
 * a pending membership per chosen network, in one transaction; then sends a link or code to each
 * contact point and opens a member session so that the codes can be typed in. Returns the
 * session's cookie token.
 *
 * An e-mail address already verified for someone is that person, not a second one: nothing is
 * stored and the registration becomes their passwordless sign-in (a link to that address), after
 * which they change their data or networks on their own page.
 */
export async function registerMember({ app, zone, input, ip }: { app: RegistrationDeps; zone: Zone; input: RegistrationInput; ip: string }): Promise<RegistrationOutcome> {
  if (!zone.languages.includes(input.language)) throw fieldError('language', 'form.invalid');
  const privacy = await currentPrivacyText(app, input.language);
  if (privacy.version !== input.consentVersion) throw fieldError('consent', 'members.privacyChanged');

  const home = await geocodeAddress(app, input.home, input.language);
  const work = input.work ? await geocodeAddress(app, input.work, input.language) : undefined;
  const notFound = [...(home ? [] : [{ field: 'homeStreet', messageKey: 'members.addressNotFound' }]), ...(input.work && !work ? [{ field: 'workStreet', messageKey: 'members.addressNotFound' }] : [])];
  if (notFound.length > 0 || !home) throw new ValidationError(notFound);

  const active = await app.networks.listByZone(zone.id, { status: 'active' });
  const covering = await coveringNetworks(app, home.addressId!, active);
  for (const n of work ? await coveringNetworks(app, work.addressId!, active) : []) if (!covering.some((c) => c.id === n.id)) covering.push(n);
  const networks = chooseNetworks(input.network, active, covering);
  // Counted once the form is complete: typing mistakes do not use up the allowance.
  const hits = await app.rateLimits.hit(`member_register:${ip}`, windowStart(app.clock.now(), 3_600_000));
  if (hits > REGISTRATIONS_PER_ADDRESS_PER_HOUR) throw new AppError({ code: 'members.too_many_registrations', kind: 'rate_limited', messageKey: 'members.tooManyRegistrations' });

  for (const email of input.contacts.filter((c) => c.kind === 'email')) {
    if (!(await app.contactPoints.findVerified('email', email.value))) continue;
    await requestMemberSignIn({ app, contact: email, client: { ip, userAgent: null } });
    return { kind: 'signing_in' };
  }

  const now = app.clock.now();
  const personId = app.ids.id();
  const pause = input.pauseFrom && input.pauseUntil ? pauseRange(input.pauseFrom, input.pauseUntil, zone.timeZone) : { pauseFrom: null, pauseUntil: null };
  const sessionToken = await withMembersTransaction(app, async (repos) => {
    await repos.people.insert({
      id: personId,
      zoneId: zone.id,
      firstName: input.firstName,
      lastName: input.lastName,
      language: input.language,
      redChannels: input.red,
      greenChannels: input.green,
      quietFrom: input.quietFrom,
      quietUntil: input.quietUntil,
      ...pause,
      consentVersion: privacy.version,
      consentAt: now,
      source: 'self',
      invitedAt: null,
      erasedAt: null,
      now,
    });
    const addresses: Array<[PersonAddressKind, typeof home]> = [['home', home], ...(work ? [['work', work] as [PersonAddressKind, typeof work]] : [])];
    for (const [kind, { address: _address, ...fields }] of addresses) await repos.people.insertAddress({ id: app.ids.id(), personId, kind, ...fields });
    for (const contact of input.contacts) await repos.contacts.insert({ id: app.ids.id(), personId, kind: contact.kind, value: contact.value, verifiedAt: null, now });
    for (const network of networks) {
      await repos.memberships.insert({ id: app.ids.id(), changeId: app.ids.id(), personId, networkId: network.id, status: 'pending', byKind: 'member', actorId: null, now });
    }
    await repos.audit.record(memberActor(ip), {
      action: 'members.registered',
      objectType: 'person',
      objectId: personId,
      zoneId: zone.id,
      details: { networkIds: networks.map((n) => n.id), contactKinds: input.contacts.map((c) => c.kind), consentVersion: privacy.version },
    });
    return openMemberSession({ ...app, memberAccess: repos.access }, personId);
  });

  for (const contact of await app.contactPoints.listForPerson(personId)) await sendVerification(app, contact, { language: input.language });
  return { kind: 'registered', personId, sessionToken };
}
