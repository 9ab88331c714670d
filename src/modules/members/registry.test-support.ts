import type { Database } from '../../db/database.ts';
import { createNetworksRepository } from '../networks/networks.repository.ts';
import { createZonesRepository } from '../zones/zones.repository.ts';
import { createContactPointsRepository } from './contact-points.repository.ts';
import { createMemberAccessRepository } from './member-access.repository.ts';
import { createMembershipsRepository } from './memberships.repository.ts';
import { createPeopleRepository } from './people.repository.ts';

/** Rows for repository tests: straight through the repositories, on any dialect. */
export const NOW = Date.UTC(2026, 0, 15, 9);

/** A zone, two networks and the repositories, on a fresh database. */
export async function seedRegistry(database: Database) {
  await createZonesRepository({ database }).insert({ id: 'zone-1', code: 'Z1', name: 'Zone 1', languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: NOW });
  const networks = createNetworksRepository({ database });
  for (const id of ['net-a', 'net-b']) await networks.insert({ id, zoneId: 'zone-1', code: id === 'net-a' ? '1' : '2', name: `Network ${id}`, kind: 'residential', description: '', status: 'active', now: NOW });
  return {
    people: createPeopleRepository({ database }),
    contacts: createContactPointsRepository({ database }),
    memberships: createMembershipsRepository({ database }),
    access: createMemberAccessRepository({ database }),
  };
}

export function personRow(id: string, overrides: Partial<Parameters<ReturnType<typeof createPeopleRepository>['insert']>[0]> = {}) {
  return {
    id,
    zoneId: 'zone-1',
    firstName: 'An',
    lastName: id,
    language: 'nl',
    redChannels: ['sms' as const],
    greenChannels: ['email' as const],
    quietFrom: null,
    quietUntil: null,
    pauseFrom: null,
    pauseUntil: null,
    consentVersion: 1,
    consentAt: NOW,
    source: 'self' as const,
    invitedAt: null,
    erasedAt: null,
    now: NOW,
    ...overrides,
  };
}
