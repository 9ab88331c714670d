import type { Actor, Role } from './authorization.models.ts';

// Whoever holds several roles lands where the most urgent work is: the console first (a dispatcher
// at 3 a.m. must not look for it), then the zone, then a network.
const HOME_ORDER: readonly Role[] = ['police_dispatcher', 'central_dispatcher', 'zone_admin', 'coordinator', 'platform_admin'];

/**
 * Where a staff account lands after signing in (unless it asked for a page): the dispatcher at the
 * console, the BIN officer (zone admin) at the zone's administration with its networks, approvals
 * and evaluation, a coordinator at their network, the platform admin at the administration.
 */
export function homeOf(actor: Actor | null): string {
  if (!actor) return '/';
  for (const role of HOME_ORDER) {
    const grant = actor.grants.find((g) => g.role === role);
    if (!grant) continue;
    switch (role) {
      case 'police_dispatcher':
      case 'central_dispatcher':
        return '/console';
      case 'coordinator':
        return grant.networkId ? `/networks/${encodeURIComponent(grant.networkId)}` : '/networks';
      case 'zone_admin':
      case 'platform_admin':
        return '/admin';
    }
  }
  return '/';
}
