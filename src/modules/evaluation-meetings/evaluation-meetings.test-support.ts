import type { App } from '../../app.ts';
import type { NetworkRole } from '../networks/networks.models.ts';
import type { Actor } from '../accounts/authorization.models.ts';
import { rsvpPath } from './evaluation-meetings.models.ts';
import { meetingsRepository, scheduleMeeting } from './evaluation-meetings.usecases.ts';

export const MEETING_ZONE = 'zone-meet-a';
export const OTHER_ZONE = 'zone-meet-b';

/** Coordinators of zone A (one in two networks, with a French account) and one of zone B. */
export const COORDINATORS = [
  { id: 'acc-anna', name: 'Anna Peeters', email: 'anna@example.test', locale: 'nl', networks: [['net-meet-a1', 'coordinator']] },
  { id: 'acc-benoit', name: 'Benoît Lambert', email: 'benoit@example.test', locale: 'fr', networks: [['net-meet-a1', 'deputy_coordinator'], ['net-meet-a2', 'coordinator']] },
  { id: 'acc-dora', name: 'Dora Schmitz', email: 'dora@example.test', locale: 'de', networks: [['net-meet-a2', 'deputy_coordinator']] },
  { id: 'acc-zoe', name: 'Zoë Janssens', email: 'zoe@example.test', locale: 'en', networks: [['net-meet-b1', 'coordinator']] },
] as const satisfies ReadonlyArray<{ id: string; name: string; email: string; locale: string; networks: ReadonlyArray<readonly [string, NetworkRole]> }>;

/** Two zones, three networks, their coordinators and deputies (with accounts and grants). */
export async function seedMeetingWorld(app: Pick<App, 'zones' | 'networks' | 'accounts'>, now: number): Promise<void> {
  for (const [id, code, name] of [
    [MEETING_ZONE, 'PZ-MEET-A', 'PZ Heidebeek'],
    [OTHER_ZONE, 'PZ-MEET-B', 'PZ Elders'],
  ] as const) {
    await app.zones.insert({ id, code, name, languages: ['nl', 'fr', 'de', 'en'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now });
  }
  for (const [id, zoneId, code, name] of [
    ['net-meet-a1', MEETING_ZONE, '101', 'BIN Kerkstraat'],
    ['net-meet-a2', MEETING_ZONE, '102', 'BIN Molenwijk'],
    ['net-meet-b1', OTHER_ZONE, '201', 'BIN Elders'],
  ] as const) {
    await app.networks.insert({ id, zoneId, code, name, kind: 'residential', description: '', status: 'active', now });
  }
  for (const person of COORDINATORS) {
    await app.accounts.insert({ id: person.id, email: person.email, name: person.name, locale: person.locale, now });
    for (const [networkId, role] of person.networks) {
      await app.networks.addPerson({ networkId, accountId: person.id, role, now });
      await app.accounts.insertGrant({ id: `grant-${person.id}-${networkId}`, account_id: person.id, role: 'coordinator', zone_id: null, dispatch_centre_id: null, network_id: networkId, granted_by: null, now });
    }
  }
}

/** The zone A officer as the web layer resolves them. */
export function officerOf(zoneId: string, accountId = `officer-${zoneId}`): Actor {
  return {
    accountId,
    name: 'Inspecteur Wouters',
    email: `${accountId}@police.example.test`,
    grants: [{ id: `grant-${accountId}`, role: 'zone_admin', zoneId, dispatchCentreId: null, networkId: null, zoneIds: [zoneId], networkIds: [] }],
  };
}

/** A meeting next March in zone A, scheduled and mailed, for the page tests: its page and one invitee's link. */
export async function seedScheduledMeeting(app: App, now: number): Promise<{ zoneId: string; meetingId: string; rsvpPath: string }> {
  await seedMeetingWorld(app, now);
  const year = new Date(now).getUTCFullYear() + 1;
  const input = { date: `${year}-03-12`, startTime: '19:30', endTime: '21:30', place: 'Politiehuis, Stationsstraat 1', agenda: 'Cijfers van het jaar\nWat kan beter?', networkIds: ['net-meet-a1', 'net-meet-a2'] };
  const meeting = await scheduleMeeting({ app, by: { actor: officerOf(MEETING_ZONE) }, zoneId: MEETING_ZONE, input });
  const anna = (await meetingsRepository(app).listInvitees(meeting.id)).find((i) => i.accountId === 'acc-anna')!;
  return { zoneId: MEETING_ZONE, meetingId: meeting.id, rsvpPath: rsvpPath(app.config.security.sessionSecret, anna.id) };
}
