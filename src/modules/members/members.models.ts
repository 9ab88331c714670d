import { AppError } from '../../shared/errors.ts';

/** How a red (urgent) message may reach a person, and a green (information) one. */
export const RED_CHANNELS = ['voice', 'sms', 'push'] as const;
export type RedChannel = (typeof RED_CHANNELS)[number];
export const GREEN_CHANNELS = ['email', 'push', 'sms'] as const;
export type GreenChannel = (typeof GREEN_CHANNELS)[number];

export const CONTACT_KINDS = ['mobile', 'landline', 'email'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const ADDRESS_KINDS = ['home', 'work'] as const;
export type PersonAddressKind = (typeof ADDRESS_KINDS)[number];

export const PERSON_SOURCES = ['self', 'import'] as const;
export type PersonSource = (typeof PERSON_SOURCES)[number];

export const MEMBERSHIP_STATUSES = ['pending', 'active', 'left', 'removed'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/**
 * The one transition guard of a membership: pending → active (approved) or removed (refused);
 * active → left (by the member) or removed (by a coordinator or the zone). A person who left may
 * apply again: left/removed → pending.
 */
const MEMBERSHIP_TRANSITIONS: Record<MembershipStatus, readonly MembershipStatus[]> = {
  pending: ['active', 'removed', 'left'],
  active: ['left', 'removed'],
  left: ['pending'],
  removed: ['pending'],
};

export function assertMembershipTransition(from: MembershipStatus, to: MembershipStatus): void {
  if (!MEMBERSHIP_TRANSITIONS[from].includes(to)) {
    throw new AppError({ code: 'members.invalid_transition', kind: 'invalid', messageKey: 'members.invalidTransition' });
  }
}

/**
 * Which channels a contact kind can serve: a landline only takes voice calls. Push is on no contact
 * kind: it reaches the devices where the member enabled notifications (src/modules/push/).
 */
export const CHANNELS_BY_CONTACT_KIND: Record<ContactKind, readonly (RedChannel | GreenChannel)[]> = {
  mobile: ['voice', 'sms'],
  landline: ['voice'],
  email: ['email'],
};

export type Person = {
  id: string;
  zoneId: string;
  firstName: string;
  lastName: string;
  language: string;
  redChannels: RedChannel[];
  greenChannels: GreenChannel[];
  quietFrom: number | null;
  quietUntil: number | null;
  pauseFrom: number | null;
  pauseUntil: number | null;
  consentVersion: number | null;
  consentAt: number | null;
  source: PersonSource;
  invitedAt: number | null;
  erasedAt: number | null;
  createdAt: number;
  updatedAt: number;
};

export type ContactPoint = {
  id: string;
  personId: string;
  kind: ContactKind;
  /** E.164 for phones, lower-case for e-mail. */
  value: string;
  verifiedAt: number | null;
  stoppedAt: number | null;
  createdAt: number;
};

export type PersonAddress = {
  id: string;
  personId: string;
  kind: PersonAddressKind;
  addressId: string | null;
  street: string;
  houseNumber: string;
  box: string | null;
  postcode: string;
  municipality: string;
  lat: number | null;
  lon: number | null;
};

export type Membership = {
  id: string;
  personId: string;
  networkId: string;
  status: MembershipStatus;
  reason: string | null;
  decidedBy: string | null;
  createdAt: number;
  updatedAt: number;
};

/**
 * A person may receive alerts only once they consented to the privacy text and verified at least
 * one contact point: imported people stay silent until they have done both.
 */
export function isReachable(person: Pick<Person, 'consentAt' | 'erasedAt'>, contacts: readonly Pick<ContactPoint, 'verifiedAt' | 'stoppedAt'>[]): boolean {
  return person.erasedAt === null && person.consentAt !== null && contacts.some((c) => c.verifiedAt !== null && c.stoppedAt === null);
}
