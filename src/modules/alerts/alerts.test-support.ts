import type { App } from '../../app.ts';
import type { ContactKind, GreenChannel, RedChannel } from '../members/members.models.ts';
import { actorWith } from '../networks/networks.test-support.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import { planPendingAlerts } from './alert-planning-job.usecases.ts';
import { createPlanningJobsRepository } from './planning-jobs.repository.ts';
import { type PublishInput, type PublishResult, publishAlert, publishFollowUp } from './alert-planning.usecases.ts';
import type { AlertFields } from './alerts.models.ts';

/** 15 January 2026, 10:00 in Brussels: daytime, a weekday. */
export const DAYTIME = Date.UTC(2026, 0, 15, 9, 0);
export const ZONE = 'zone-alerts';

/** A zone (Dutch by default, four languages) with two active networks, `net-a` and `net-b`. */
export async function seedAlertZone(app: App, now = DAYTIME): Promise<void> {
  await app.zones.insert({ id: ZONE, code: 'ZA', name: 'PZ Zaventem', languages: ['nl', 'fr', 'de', 'en'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now });
  for (const [id, code, name] of [['net-a', '1', 'BIN Kerkstraat'], ['net-b', '2', 'BIN Stationsstraat']] as const) {
    await app.networks.insert({ id, zoneId: ZONE, code, name, kind: 'residential', description: '', status: 'active', now });
  }
}

export type MemberSeed = {
  id: string;
  networks?: string[];
  language?: string;
  red?: RedChannel[];
  green?: GreenChannel[];
  contacts?: { kind: ContactKind; value: string; verified?: boolean }[];
  consent?: boolean;
  quiet?: { from: number; until: number };
  pause?: { from: number; until: number };
  home?: { lat: number; lon: number };
  membershipStatus?: 'active' | 'pending' | 'left';
};

/** A person with contact points, memberships and optionally a located home address. */
export async function addMember(app: App, seed: MemberSeed, now = DAYTIME): Promise<void> {
  await app.people.insert({
    id: seed.id,
    zoneId: ZONE,
    firstName: 'Lid',
    lastName: seed.id,
    language: seed.language ?? 'nl',
    redChannels: seed.red ?? ['sms'],
    greenChannels: seed.green ?? ['email'],
    quietFrom: seed.quiet?.from ?? null,
    quietUntil: seed.quiet?.until ?? null,
    pauseFrom: seed.pause?.from ?? null,
    pauseUntil: seed.pause?.until ?? null,
    consentVersion: seed.consent === false ? null : 1,
    consentAt: seed.consent === false ? null : now,
    source: 'self',
    invitedAt: null,
    erasedAt: null,
    now,
  });
  const contacts = seed.contacts ?? [
    { kind: 'mobile', value: `+3247${seed.id.replace(/\D/g, '').padStart(7, '0')}` },
    { kind: 'email', value: `${seed.id}@example.test` },
  ];
  for (const [i, contact] of contacts.entries()) {
    await app.contactPoints.insert({ id: `${seed.id}-cp${i}`, personId: seed.id, kind: contact.kind, value: contact.value, verifiedAt: contact.verified === false ? null : now, now: now + i });
  }
  for (const networkId of seed.networks ?? ['net-a']) {
    await app.memberships.insert({ id: `${seed.id}-${networkId}`, changeId: `${seed.id}-${networkId}-c`, personId: seed.id, networkId, status: seed.membershipStatus ?? 'active', byKind: 'system', actorId: null, now });
  }
  if (seed.home) {
    await app.people.insertAddress({ id: `${seed.id}-home`, personId: seed.id, kind: 'home', addressId: null, street: 'Kerkstraat', houseNumber: '1', box: null, postcode: '1930', municipality: 'Zaventem', lat: seed.home.lat, lon: seed.home.lon });
  }
}

export const DISPATCHER: AuditActor = { actor: actorWith('dispatcher-1', 'police_dispatcher', { zoneId: ZONE }) };

export const FIELDS: AlertFields = {
  what: 'Inbraak bezig',
  where: 'Kerkstraat',
  when: 'nu',
  persons: 'twee mannen in donkere kledij',
  vehicle: 'witte bestelwagen',
  direction: 'E40',
  advice: 'Doe de buitenverlichting aan.',
};

let requests = 0;

export function publishInput(overrides: Partial<PublishInput> = {}): PublishInput {
  return {
    requestKey: `request-${++requests}`,
    zoneId: ZONE,
    severity: 'green',
    exercise: false,
    fields: FIELDS,
    checklist: null,
    ...overrides,
  };
}

/** Runs the planning jobs to their end, as the planner role does in the background after the 303. */
export async function planAlerts(app: Parameters<typeof planPendingAlerts>[0]['app']): Promise<void> {
  await planPendingAlerts({ app });
}

/**
 * Waits until the alert's planning job is done, whoever runs it (a platform's own planner in the
 * background, say): planAlerts returns at once when another planner holds the job.
 */
export async function untilPlanned(app: Parameters<typeof planPendingAlerts>[0]['app'], alertId: string, timeoutMs = 20_000): Promise<void> {
  const jobs = createPlanningJobsRepository({ database: app.database });
  const until = Date.now() + timeoutMs;
  for (;;) {
    await planPendingAlerts({ app });
    if ((await jobs.find(alertId))?.status !== 'planning') return;
    if (Date.now() > until) throw new Error(`alert ${alertId} still planning after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** publishAlert, then its planning job to its end: for tests about the plan. */
export async function publishAndPlan(args: Parameters<typeof publishAlert>[0]): Promise<PublishResult> {
  const result = await publishAlert(args);
  await planAlerts(args.app);
  return result;
}

/** publishFollowUp, then its planning job to its end. */
export async function publishFollowUpAndPlan(args: Parameters<typeof publishFollowUp>[0]): Promise<PublishResult> {
  const result = await publishFollowUp(args);
  await planAlerts(args.app);
  return result;
}
