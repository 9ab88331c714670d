import { AppError } from '../../shared/errors.ts';

/**
 * Roles and permissions are data: a role is a list of permissions, a grant gives one role in one
 * scope. Use cases ask `can(actor, permission, target)`; anything not granted is refused.
 */
export const ROLES = ['platform_admin', 'zone_admin', 'police_dispatcher', 'central_dispatcher', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'platform.manage',
  'zones.read',
  'zones.update',
  'dispatch_centres.read',
  'staff.read',
  'staff.manage',
  'audit.read',
  'alerts.read',
  'alerts.publish',
  // Green messages by a coordinator to their own networks, where the zone allows it (alert settings).
  'alerts.publishGreen',
  // Approving or rejecting coordinators' green messages held for approval (BIN officers also may: see green-messages.models.ts).
  'alerts.approveGreen',
  'networks.read',
  'networks.manage',
  'members.read',
  'members.manage',
  // Members' non-urgent reports: the police triage queue of the zone, and what a coordinator sees of
  // their networks' reports when the reporter agreed (src/modules/reports/).
  'reports.triage',
  'reports.readShared',
  // Scheduling the zone's yearly evaluation meeting with the coordinators (the BIN officer).
  'meetings.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const POLICE_OPERATIONS: Permission[] = ['zones.read', 'alerts.read', 'alerts.publish', 'networks.read', 'members.read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  platform_admin: PERMISSIONS,
  zone_admin: [...POLICE_OPERATIONS, 'zones.update', 'staff.read', 'staff.manage', 'audit.read', 'networks.manage', 'members.manage', 'alerts.approveGreen', 'reports.triage', 'meetings.manage'],
  police_dispatcher: [...POLICE_OPERATIONS, 'reports.triage'],
  central_dispatcher: [...POLICE_OPERATIONS, 'dispatch_centres.read'],
  coordinator: ['networks.read', 'members.read', 'members.manage', 'alerts.publishGreen', 'reports.readShared'],
};

/** Which scope a role is granted in. */
export const ROLE_SCOPES: Record<Role, 'platform' | 'zone' | 'dispatch_centre' | 'network'> = {
  platform_admin: 'platform',
  zone_admin: 'zone',
  police_dispatcher: 'zone',
  central_dispatcher: 'dispatch_centre',
  coordinator: 'network',
};

/** Roles whose holders must sign in with a second factor. */
export const POLICE_ROLES: readonly Role[] = ['platform_admin', 'zone_admin', 'police_dispatcher', 'central_dispatcher'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** A grant with its scope resolved to the zones (and networks) it covers. */
export type ResolvedGrant = {
  id: string;
  role: Role;
  zoneId: string | null;
  dispatchCentreId: string | null;
  networkId: string | null;
  /** 'all' for the platform admin; the zone itself; every zone of a dispatch centre. */
  zoneIds: 'all' | readonly string[];
  networkIds: readonly string[];
  /** Narrower than the role's (an API client's scopes, src/modules/api-clients/); absent: the role's. */
  permissions?: readonly Permission[];
};

/** The permissions a grant holds. */
export function grantPermissions(grant: ResolvedGrant): readonly Permission[] {
  return grant.permissions ?? ROLE_PERMISSIONS[grant.role];
}

export type Actor = {
  accountId: string;
  name: string;
  email: string;
  grants: readonly ResolvedGrant[];
  /** Set when the actor is an API client calling with its bearer token, not a person. */
  apiClientId?: string;
};

export type Target = { zoneId?: string | null; networkId?: string | null };

function grantCovers(grant: ResolvedGrant, target: Target | undefined): boolean {
  if (!target) return true;
  if (grant.zoneIds === 'all') return true;
  if (target.networkId && grant.networkIds.includes(target.networkId)) return true;
  if (target.zoneId && grant.zoneIds.includes(target.zoneId)) return true;
  return false;
}

/**
 * True when one of the actor's grants holds the permission in a scope that covers the target.
 * Without a target the question is "anywhere at all?" (for menus and list pages, which then
 * filter by `zonesFor`).
 */
export function can(actor: Actor | null | undefined, permission: Permission, target?: Target): boolean {
  if (!actor) return false;
  return actor.grants.some((grant) => grantPermissions(grant).includes(permission) && grantCovers(grant, target));
}

/** The zones in which the actor holds a permission: 'all' or a list (possibly empty). */
export function zonesFor(actor: Actor, permission: Permission): 'all' | string[] {
  const zones = new Set<string>();
  for (const grant of actor.grants) {
    if (!grantPermissions(grant).includes(permission)) continue;
    if (grant.zoneIds === 'all') return 'all';
    for (const zone of grant.zoneIds) zones.add(zone);
  }
  return [...zones];
}

export function requiresSecondFactor(actor: Pick<Actor, 'grants'>): boolean {
  return actor.grants.some((grant) => POLICE_ROLES.includes(grant.role));
}

/** Refuses with `auth.forbidden` unless the actor holds the permission for the target. */
export function assertCan(actor: Actor | null | undefined, permission: Permission, target?: Target): asserts actor is Actor {
  if (!actor) throw new AppError({ code: 'auth.unauthenticated', kind: 'unauthenticated', messageKey: 'errors.unauthenticated' });
  if (!can(actor, permission, target)) throw new AppError({ code: 'auth.forbidden', kind: 'forbidden', messageKey: 'errors.forbidden' });
}
