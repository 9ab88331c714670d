import type { Actor, Permission, ResolvedGrant } from '../accounts/authorization.models.ts';

/**
 * What an API client may do. A scope opens API routes that declare it; the permissions it brings
 * are what the shared use cases check (`assertCan`), always within the client's own zone or the
 * zones of its dispatch centre.
 */
export const API_SCOPES = ['alerts:send', 'alerts:read', 'sightings:read', 'reports:read'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export function isApiScope(value: unknown): value is ApiScope {
  return typeof value === 'string' && (API_SCOPES as readonly string[]).includes(value);
}

const SCOPE_PERMISSIONS: Record<ApiScope, readonly Permission[]> = {
  'alerts:send': ['zones.read', 'networks.read', 'alerts.read', 'alerts.publish'],
  'alerts:read': ['zones.read', 'alerts.read'],
  'sightings:read': ['zones.read', 'alerts.read'],
  'reports:read': ['zones.read', 'reports.triage'],
};

/** Tokens start with this prefix so that secret scanners and people recognise them. */
export const TOKEN_PREFIX = 'wzk_';

/** After a rotation the previous token keeps working this long unless the admin chose otherwise. */
export const DEFAULT_ROTATION_OVERLAP_HOURS = 24;
export const MAX_ROTATION_OVERLAP_HOURS = 24 * 7;
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 120;
export const MAX_CLIENT_DAYS = 730;

export type ApiClientOwner = { zoneId: string; dispatchCentreId: null } | { zoneId: null; dispatchCentreId: string };

export type ApiClient = {
  id: string;
  owner: ApiClientOwner;
  name: string;
  scopes: ApiScope[];
  rateLimitPerMinute: number;
  expiresAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
  lastUsedIp: string | null;
  previousSecretExpiresAt: number | null;
  createdAt: number;
};

export const API_CLIENT_STATES = ['active', 'expired', 'revoked'] as const;
export type ApiClientState = (typeof API_CLIENT_STATES)[number];

export function apiClientState(client: Pick<ApiClient, 'expiresAt' | 'revokedAt'>, now: number): ApiClientState {
  if (client.revokedAt !== null) return 'revoked';
  return client.expiresAt <= now ? 'expired' : 'active';
}

/** The client as the request sees it: who it is, its scopes and the zones it covers. */
export type ApiClientIdentity = { id: string; name: string; scopes: readonly ApiScope[]; zoneIds: readonly string[] };

/**
 * The client as an actor of the shared use cases: one grant over its zones holding exactly the
 * permissions of its scopes. The audit log names it by `apiClientId`.
 */
export function apiClientActor(identity: ApiClientIdentity, owner: ApiClientOwner): Actor {
  const permissions = [...new Set(identity.scopes.flatMap((scope) => SCOPE_PERMISSIONS[scope]))];
  const grant: ResolvedGrant = {
    id: identity.id,
    role: owner.zoneId ? 'police_dispatcher' : 'central_dispatcher',
    zoneId: owner.zoneId,
    dispatchCentreId: owner.dispatchCentreId,
    networkId: null,
    zoneIds: identity.zoneIds,
    networkIds: [],
    permissions,
  };
  return { accountId: identity.id, name: identity.name, email: '', grants: [grant], apiClientId: identity.id };
}
