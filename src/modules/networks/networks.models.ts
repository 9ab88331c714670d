import { AppError } from '../../shared/errors.ts';

export const NETWORK_KINDS = ['residential', 'business', 'rural', 'school', 'other'] as const;
export type NetworkKind = (typeof NETWORK_KINDS)[number];

export const NETWORK_STATUSES = ['proposed', 'active', 'suspended', 'dissolved'] as const;
export type NetworkStatus = (typeof NETWORK_STATUSES)[number];

/**
 * The one transition guard of a network's life: proposed → active → suspended ⇄ active, and any
 * state but dissolved → dissolved. Dissolved is final (a new network is founded instead).
 */
const NETWORK_TRANSITIONS: Record<NetworkStatus, readonly NetworkStatus[]> = {
  proposed: ['active', 'dissolved'],
  active: ['suspended', 'dissolved'],
  suspended: ['active', 'dissolved'],
  dissolved: [],
};

export function allowedNetworkTransitions(from: NetworkStatus): readonly NetworkStatus[] {
  return NETWORK_TRANSITIONS[from];
}

export function assertNetworkTransition(from: NetworkStatus, to: NetworkStatus): void {
  if (!NETWORK_TRANSITIONS[from].includes(to)) {
    throw new AppError({ code: 'networks.invalid_transition', kind: 'invalid', messageKey: 'networks.invalidTransition' });
  }
}

/** Suspending or dissolving a network needs a reason, recorded with the change. */
export function transitionNeedsReason(to: NetworkStatus): boolean {
  return to === 'suspended' || to === 'dissolved';
}

export const NETWORK_ROLES = ['coordinator', 'deputy_coordinator', 'officer', 'deputy_officer'] as const;
export type NetworkRole = (typeof NETWORK_ROLES)[number];

/** Network codes are short and numeric: they are typed on a telephone keypad. */
export const NETWORK_CODE_PATTERN = /^[0-9]{1,6}$/;

export type Network = {
  id: string;
  zoneId: string;
  code: string;
  name: string;
  kind: NetworkKind;
  status: NetworkStatus;
  statusChangedAt: number;
  description: string;
  charterSignedOn: string | null;
  charterFile: string | null;
  charterSize: number | null;
  createdAt: number;
  updatedAt: number;
};

/** Coordinators and their deputies are citizens; each holds a `coordinator` grant on the network. */
export const CITIZEN_ROLES: readonly NetworkRole[] = ['coordinator', 'deputy_coordinator'];
/** The mandated officer and deputy are police staff of the network's zone. */
export const OFFICER_ROLES: readonly NetworkRole[] = ['officer', 'deputy_officer'];

export function isCitizenRole(role: NetworkRole): boolean {
  return CITIZEN_ROLES.includes(role);
}

/**
 * The first name shown on the public join page: the first word of the account's name. Never the
 * full name, e-mail or phone (the join page is public).
 */
export function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

/** A charter is a signed PDF scan: at most 5 MB. */
export const MAX_CHARTER_BYTES = 5 * 1024 * 1024;

/** Every PDF starts with this header (ISO 32000-1 §7.5.2), whatever name or type the browser gave. */
export function looksLikePdf(data: Uint8Array): boolean {
  return data.length >= 5 && data[0] === 0x25 && data[1] === 0x50 && data[2] === 0x44 && data[3] === 0x46 && data[4] === 0x2d;
}

export const NETWORK_ADDRESS_SOURCES = ['area', 'street', 'buffer'] as const;
export type NetworkAddressSource = (typeof NETWORK_ADDRESS_SOURCES)[number];
