import type { Page, Response } from 'playwright-core';
import { insertAlert, planSteps, seedConsoleWorld } from '../../../src/modules/console/console.test-support.ts';
import { seedAlertSettingsWorld } from '../../../src/modules/alert-settings/alert-settings.test-support.ts';
import { createReportsRepository } from '../../../src/modules/reports/reports.repository.ts';
import { reportRow } from '../../../src/modules/reports/reports.test-support.ts';
import { seedScheduledMeeting } from '../../../src/modules/evaluation-meetings/evaluation-meetings.test-support.ts';
import type { Zone } from '../../../src/modules/zones/zones.repository.ts';
import type { TestApp } from '../../support/app.ts';
import { type Scope, type Visitor, navigation } from './browser.ts';

/** Rows the pages need (a zone to show, …), made once per test file through the repositories. */
export type PageFixtures = { zone: Zone; console: { zoneId: string; incidentId: string; alertId: string; networkId: string; areaChangeId: string }; meeting: { zoneId: string; meetingId: string; rsvpPath: string } };

/** The id of the report the triage pages show. */
export const E2E_REPORT = 'e2e-report';

export async function seedPageFixtures(app: TestApp): Promise<PageFixtures> {
  const now = app.clock.now();
  const zone = { id: app.ids.id(), code: 'PZ-E2E', name: 'PZ Waakzaam-Test', languages: ['nl', 'fr'] as Zone['languages'], defaultLanguage: 'nl' as const, timeZone: 'Europe/Brussels' };
  await app.zones.insert({ ...zone, now });
  // The police console: a red alert sent an hour ago, one member reached and two not.
  const world = await seedConsoleWorld(app.database, now);
  const alert = await insertAlert(app.database, now, { zoneId: world.zoneId, sentAt: now - 3_600_000, exercise: true });
  await planSteps(app.database, alert.alertId, [world.anna, world.bert, world.carla].map((personId) => ({ personId, channel: 'email' as const })), now - 3_600_000);
  await app.database.db.updateTable('deliveries').set({ status: 'sent', sent_at: now - 3_000_000 }).where('person_id', '=', world.anna).execute();
  await app.database.db.updateTable('deliveries').set({ status: 'failed', last_error: '550 mailbox unknown' }).where('person_id', '=', world.bert).execute();
  // A member's sighting on the incident (with a photo link), so the timeline and the live view show one.
  await app.database.db
    .insertInto('sightings')
    .values({ id: app.ids.id(), incident_id: alert.incidentId, alert_id: alert.alertId, zone_id: world.zoneId, person_id: world.anna, network_id: world.networkA, text: 'Witte bestelwagen richting E40', photo_path: 'fixture.jpg', photo_type: 'image/jpeg', photo_size: 1, created_at: now - 1_800_000 })
    .execute();
  // An area change of the network: who entered (Anna's address) and who left (none).
  const areaChangeId = app.ids.id();
  const annaAddress = await app.database.db.selectFrom('person_addresses').select('address_id').where('person_id', '=', world.anna).executeTakeFirstOrThrow();
  await app.database.db.insertInto('network_area_changes').values({ id: areaChangeId, network_id: world.networkA, entered: JSON.stringify([annaAddress.address_id].filter(Boolean)), left: '[]', actor_id: null, at: now }).execute();
  // Alert settings of the console's zone: templates, coordinators' green messages (one awaiting approval).
  await seedAlertSettingsWorld(app.database, { zoneId: world.zoneId, networkId: world.networkA, now });
  // A member's report to the zone, shared with the coordinator of network A (triage and coordinator pages).
  await createReportsRepository({ database: app.database }).insert(reportRow({ id: E2E_REPORT, zoneId: world.zoneId, personId: world.anna, networkId: world.networkA, sharedWithCoordinator: true, lat: 50.8833, lon: 4.4736, createdAt: now, updatedAt: now }));
  // An evaluation meeting next year in a zone of its own, with its coordinators invited.
  const meeting = await seedScheduledMeeting(app, now);
  return { zone: (await app.zones.findById(zone.id))!, console: { zoneId: world.zoneId, networkId: world.networkA, areaChangeId, ...alert }, meeting };
}

/**
 * One page of the platform as a visitor sees it. The accessibility, keyboard and CSP tests run
 * over every row: a new page is covered by adding its row here.
 */
export type PageCase = {
  /** Short name used in test names. */
  name: string;
  as: Visitor;
  scope?: (fixtures: PageFixtures) => Scope;
  path: string | ((fixtures: PageFixtures) => string);
  /** HTTP status of the page finally shown (default 200). */
  status?: number;
  /** What the visitor does after opening the page, when the page to check comes after it (e.g. a form submitted empty). */
  then?: (page: Page) => Promise<Response>;
};

/** Submits the first form in `main` as it is (the platform's forms have novalidate: the server answers). */
export async function submitMainForm(page: Page): Promise<Response> {
  return navigation(page, () => page.locator('main form button[type="submit"]').first().click());
}

export const PAGES: readonly PageCase[] = [
  { name: 'home', as: 'anonymous', path: '/' },
  { name: 'missing page', as: 'anonymous', path: '/no-such-page', status: 404 },
  { name: 'administration', as: 'platform_admin', path: '/admin' },
  { name: 'zones', as: 'platform_admin', path: '/admin/zones' },
  { name: 'new zone', as: 'platform_admin', path: '/admin/zones/new' },
  { name: 'new zone, submitted empty', as: 'platform_admin', path: '/admin/zones/new', status: 400, then: submitMainForm },
  { name: 'zone', as: 'platform_admin', path: (f) => `/admin/zones/${f.zone.id}` },
  { name: 'zone, read-only for a dispatcher', as: 'police_dispatcher', scope: (f) => ({ zoneId: f.zone.id }), path: (f) => `/admin/zones/${f.zone.id}` },
  { name: 'dispatch centres', as: 'platform_admin', path: '/admin/dispatch-centres' },
  { name: 'new dispatch centre', as: 'platform_admin', path: '/admin/dispatch-centres/new' },
  { name: 'sign-in', as: 'anonymous', path: '/sign-in' },
  { name: 'offline page of the member app', as: 'anonymous', path: '/offline' },
  { name: 'sign-in, submitted empty', as: 'anonymous', path: '/sign-in', status: 400, then: submitMainForm },
  { name: 'account', as: 'coordinator', path: '/account' },
  { name: 'staff', as: 'platform_admin', path: '/admin/staff' },
  { name: 'audit log', as: 'platform_admin', path: '/admin/audit' },
  { name: 'networks', as: 'platform_admin', path: '/networks' },
  { name: 'new network', as: 'platform_admin', path: '/networks/new' },
  { name: 'new network, submitted empty', as: 'platform_admin', path: '/networks/new', status: 400, then: submitMainForm },
  { name: 'join page of a zone', as: 'anonymous', path: (f) => `/join/${f.zone.code}` },
  { name: 'network with its members', as: 'zone_admin', scope: (f) => ({ zoneId: f.console.zoneId }), path: (f) => `/networks/${f.console.networkId}` },
  { name: 'member list of a network', as: 'coordinator', scope: (f) => ({ networkId: f.console.networkId }), path: (f) => `/networks/${f.console.networkId}/members` },
  { name: 'unreachable members', as: 'coordinator', scope: (f) => ({ networkId: f.console.networkId }), path: (f) => `/networks/${f.console.networkId}/unreachable` },
  { name: 'member list import', as: 'coordinator', scope: (f) => ({ networkId: f.console.networkId }), path: (f) => `/networks/${f.console.networkId}/import` },
  { name: 'applications', as: 'coordinator', scope: (f) => ({ networkId: f.console.networkId }), path: (f) => `/networks/${f.console.networkId}/applications` },
  { name: 'alerts to a network', as: 'coordinator', scope: (f) => ({ networkId: f.console.networkId }), path: (f) => `/networks/${f.console.networkId}/alerts` },
  { name: 'people of an area change', as: 'coordinator', scope: (f) => ({ networkId: f.console.networkId }), path: (f) => `/networks/${f.console.networkId}/area-changes/${f.console.areaChangeId}` },
  { name: 'alert composer', as: 'police_dispatcher', scope: (f) => ({ zoneId: f.console.zoneId }), path: '/alerts/new' },
  { name: 'police console', as: 'police_dispatcher', scope: (f) => ({ zoneId: f.console.zoneId }), path: '/console' },
  { name: 'live view of an alert', as: 'police_dispatcher', scope: (f) => ({ zoneId: f.console.zoneId }), path: (f) => `/alerts/${f.console.alertId}` },
  { name: 'incident timeline', as: 'police_dispatcher', scope: (f) => ({ zoneId: f.console.zoneId }), path: (f) => `/incidents/${f.console.incidentId}` },
  { name: 'incident note, submitted empty', as: 'police_dispatcher', scope: (f) => ({ zoneId: f.console.zoneId }), path: (f) => `/incidents/${f.console.incidentId}`, status: 400, then: submitMainForm },
  { name: 'API clients of a zone', as: 'zone_admin', scope: (f) => ({ zoneId: f.console.zoneId }), path: (f) => `/zones/${f.console.zoneId}/api-clients` },
  {
    name: 'API clients, a new client submitted empty',
    as: 'zone_admin',
    scope: (f) => ({ zoneId: f.console.zoneId }),
    path: (f) => `/zones/${f.console.zoneId}/api-clients`,
    status: 400,
    then: async (page) => {
      await page.locator('#scope-alerts-read').uncheck();
      return navigation(page, () => page.locator('form[aria-labelledby="new"] button[type="submit"]').click());
    },
  },
  { name: 'alert settings of a zone', as: 'zone_admin', scope: (f) => ({ zoneId: f.console.zoneId }), path: (f) => `/zones/${f.console.zoneId}/alert-settings` },
  {
    name: 'alert settings, an escalation without minutes',
    as: 'zone_admin',
    scope: (f) => ({ zoneId: f.console.zoneId }),
    path: (f) => `/zones/${f.console.zoneId}/alert-settings`,
    status: 400,
    then: async (page) => {
      await page.locator('#escalation-sms').check();
      await page.locator('#field-escalationAfterMinutes').fill('');
      return submitMainForm(page);
    },
  },
  { name: 'message templates of a zone', as: 'zone_admin', scope: (f) => ({ zoneId: f.console.zoneId }), path: (f) => `/zones/${f.console.zoneId}/alert-templates` },
  { name: 'new message template, submitted empty', as: 'zone_admin', scope: (f) => ({ zoneId: f.console.zoneId }), path: (f) => `/zones/${f.console.zoneId}/alert-templates/new`, status: 400, then: submitMainForm },
  { name: 'alert composer from a template', as: 'police_dispatcher', scope: (f) => ({ zoneId: f.console.zoneId }), path: (f) => `/alerts/new?template=${f.console.zoneId}-template-red` },
  { name: 'green message of a coordinator', as: 'coordinator', scope: (f) => ({ networkId: f.console.networkId }), path: '/alerts/green/new' },
  { name: 'green message of a coordinator, submitted empty', as: 'coordinator', scope: (f) => ({ networkId: f.console.networkId }), path: '/alerts/green/new', status: 400, then: submitMainForm },
  { name: 'green messages of a coordinator', as: 'coordinator', scope: (f) => ({ networkId: f.console.networkId }), path: '/alerts/green' },
  { name: 'messages awaiting approval', as: 'zone_admin', scope: (f) => ({ zoneId: f.console.zoneId }), path: '/alerts/approvals' },
  {
    name: 'messages awaiting approval, rejected without a reason',
    as: 'zone_admin',
    scope: (f) => ({ zoneId: f.console.zoneId }),
    path: '/alerts/approvals',
    status: 400,
    then: (page) => navigation(page, () => page.locator('main form button.secondary').first().click()),
  },
  { name: 'evaluation meetings of a zone', as: 'zone_admin', scope: (f) => ({ zoneId: f.meeting.zoneId }), path: (f) => `/zones/${f.meeting.zoneId}/meetings` },
  { name: 'new evaluation meeting, submitted empty', as: 'zone_admin', scope: (f) => ({ zoneId: f.meeting.zoneId }), path: (f) => `/zones/${f.meeting.zoneId}/meetings/new`, status: 400, then: submitMainForm },
  { name: 'evaluation meeting', as: 'zone_admin', scope: (f) => ({ zoneId: f.meeting.zoneId }), path: (f) => `/meetings/${f.meeting.meetingId}` },
  { name: 'evaluation meeting invitation of a coordinator', as: 'anonymous', path: (f) => f.meeting.rsvpPath },
  { name: 'reports triage queue', as: 'police_dispatcher', scope: (f) => ({ zoneId: f.console.zoneId }), path: '/reports' },
  { name: 'report of a member', as: 'zone_admin', scope: (f) => ({ zoneId: f.console.zoneId }), path: `/reports/${E2E_REPORT}` },
  { name: 'report answer, submitted empty', as: 'zone_admin', scope: (f) => ({ zoneId: f.console.zoneId }), path: `/reports/${E2E_REPORT}`, status: 400, then: (page) => navigation(page, () => page.locator('main form[action$="/answer"] button[type="submit"]').click()) },
  { name: 'alert composer from a report', as: 'police_dispatcher', scope: (f) => ({ zoneId: f.console.zoneId }), path: `/alerts/new?report=${E2E_REPORT}` },
  { name: 'reports shared with a coordinator', as: 'coordinator', scope: (f) => ({ networkId: f.console.networkId }), path: (f) => `/networks/${f.console.networkId}/reports` },
  { name: 'yearly evaluation of a zone', as: 'zone_admin', scope: (f) => ({ zoneId: f.console.zoneId }), path: (f) => `/zones/${f.console.zoneId}/evaluation` },
  { name: 'yearly evaluation of a network', as: 'coordinator', scope: (f) => ({ networkId: f.console.networkId }), path: (f) => `/networks/${f.console.networkId}/evaluation` },
  { name: 'phone access (dial-in PIN)', as: 'police_dispatcher', scope: (f) => ({ zoneId: f.console.zoneId }), path: '/account/phone-access' },
  { name: 'phone access, submitted empty', as: 'police_dispatcher', scope: (f) => ({ zoneId: f.console.zoneId }), path: '/account/phone-access', status: 400, then: submitMainForm },
  { name: 'callers allowed to dial in', as: 'zone_admin', scope: (f) => ({ zoneId: f.console.zoneId }), path: (f) => `/admin/zones/${f.console.zoneId}/dial-in` },
  { name: 'update with a recorded message', as: 'police_dispatcher', scope: (f) => ({ zoneId: f.console.zoneId }), path: (f) => `/incidents/${f.console.incidentId}/recorded-update` },
  { name: 'update with a recorded message, submitted empty', as: 'police_dispatcher', scope: (f) => ({ zoneId: f.console.zoneId }), path: (f) => `/incidents/${f.console.incidentId}/recorded-update`, status: 400, then: submitMainForm },
];

/** The path of a row, with its fixtures filled in. */
export function pathOf(pageCase: PageCase, fixtures: PageFixtures): string {
  return typeof pageCase.path === 'function' ? pageCase.path(fixtures) : pageCase.path;
}

/** Opens a row's page in `page` (and does its `then`); returns the response of the document shown. */
export async function openPageCase(page: Page, pageCase: PageCase, fixtures: PageFixtures): Promise<Response> {
  const response = await page.goto(pathOf(pageCase, fixtures));
  if (!response) throw new Error(`no response for ${pathOf(pageCase, fixtures)}`);
  return pageCase.then ? pageCase.then(page) : response;
}
