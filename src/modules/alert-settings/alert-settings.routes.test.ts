import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { TEST_DIALECTS } from '../../../test/support/databases.ts';
import { createManualClock } from '../../shared/clock.ts';
import { DAYTIME, FIELDS, ZONE, addMember, planAlerts, seedAlertZone } from '../alerts/alerts.test-support.ts';
import { createAlertSettingsRepository } from './alert-settings.repository.ts';

/** The compose form of a red alert to network A, as a dispatcher sends it. */
function redForm(requestKey: string, severity: 'red' | 'green' = 'red'): Record<string, string | string[]> {
  return { requestKey, zoneId: ZONE, severity, ...FIELDS, happeningNow: 'on', concreteDescription: 'on', noDangerToResidents: 'on', inTheAct: 'on', nightReason: '', targetKind: 'networks', networkIds: ['net-a'], centre: '', radiusMetres: '500' };
}

const templateForm = (overrides: Record<string, string> = {}) => ({ name: 'Inbraak bezig', severity: 'red', what: 'Inbraak bezig in een woning', where: '', when: 'Nu', persons: '', vehicle: '', direction: '', advice: 'Doe de buitenverlichting aan.', ...overrides });

describe.each(TEST_DIALECTS)('zone alert settings and templates on %s', (dialect) => {
  let app: TestApp;
  let server: FastifyInstance;
  let zoneAdmin: TestUser;
  let dispatcher: TestUser;

  beforeEach(async () => {
    app = await createTestApp({ dialect, clock: createManualClock(DAYTIME) });
    await seedAlertZone(app);
    await app.zones.insert({ id: 'zone-other', code: 'ZO', name: 'PZ Anders', languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: DAYTIME });
    await addMember(app, { id: 'p1', red: ['sms'], green: ['email'] });
    server = await createTestServer(app);
    zoneAdmin = await signedInAs(app, 'zone_admin', { zoneId: ZONE });
    dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  const get = (url: string, user: TestUser) => server.inject({ method: 'GET', url, headers: { cookie: user.cookie } });
  const deliveriesOf = (alertId: string) => app.database.db.selectFrom('deliveries').select(['channel', 'step', 'due_at', 'unless_acknowledged']).where('alert_id', '=', alertId).orderBy('step').execute();
  const alertIdOf = (location: unknown) => String(location).replace('/alerts/', '');

  it('given a zone admin, saving an escalation stores it and writes an audit entry with the values before and after', async () => {
    expect((await get(`/zones/${ZONE}/alert-settings`, zoneAdmin)).body).toContain('name="escalationAfterMinutes"');
    const response = await postForm(server, zoneAdmin, `/zones/${ZONE}/alert-settings`, { escalation: 'voice', escalationAfterMinutes: '10', coordinatorsMaySendGreen: 'on' });
    expect(response.statusCode).toBe(303);
    expect(await createAlertSettingsRepository({ database: app.database }).findSettings(ZONE)).toMatchObject({ escalation: { channel: 'voice', afterMinutes: 10 }, coordinatorsMaySendGreen: true, greenNeedsApproval: false });
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1 });
    expect(entry).toMatchObject({ action: 'zone.alert_settings_updated', objectId: ZONE, actorId: zoneAdmin.accountId });
    expect(JSON.parse(String(entry!.details))).toMatchObject({ before: { escalation: null }, after: { escalation: { channel: 'voice', afterMinutes: 10 } } });
  });

  it('given an escalation without minutes or beyond 120, the form comes back with a translated error and nothing is saved', async () => {
    for (const minutes of ['', '121', '0', 'tien']) {
      const response = await postForm(server, zoneAdmin, `/zones/${ZONE}/alert-settings`, { escalation: 'sms', escalationAfterMinutes: minutes });
      expect(response.statusCode, minutes).toBe(400);
      expect(response.body).toContain('Geef een aantal minuten tussen 1 en 120.');
    }
    expect((await createAlertSettingsRepository({ database: app.database }).findSettings(ZONE)).updatedAt).toBeNull();
  });

  it('given a dispatcher or the admin of another zone, the settings are refused', async () => {
    const otherAdmin = await signedInAs(app, 'zone_admin', { zoneId: 'zone-other' });
    expect((await get(`/zones/${ZONE}/alert-settings`, dispatcher)).statusCode).toBe(403);
    expect((await postForm(server, otherAdmin, `/zones/${ZONE}/alert-settings`, { escalation: 'voice', escalationAfterMinutes: '5' })).statusCode).toBe(403);
    expect((await createAlertSettingsRepository({ database: app.database }).findSettings(ZONE)).updatedAt).toBeNull();
  });

  it('given a zone with a call after 7 minutes, a red alert plans the call unless acknowledged and a green one does not', async () => {
    await postForm(server, zoneAdmin, `/zones/${ZONE}/alert-settings`, { escalation: 'voice', escalationAfterMinutes: '7' });
    const red = await postForm(server, dispatcher, '/alerts', redForm('request-red-0001'));
    expect(red.statusCode).toBe(303);
    await planAlerts(app);
    expect((await deliveriesOf(alertIdOf(red.headers.location))).map((d) => ({ ...d, due_at: Number(d.due_at), unless_acknowledged: Number(d.unless_acknowledged) }))).toEqual([
      { channel: 'sms', step: 0, due_at: DAYTIME, unless_acknowledged: 0 },
      { channel: 'voice', step: 1, due_at: DAYTIME + 7 * 60_000, unless_acknowledged: 1 },
    ]);
    const green = await postForm(server, dispatcher, '/alerts', redForm('request-green-001', 'green'));
    await planAlerts(app);
    expect((await deliveriesOf(alertIdOf(green.headers.location))).map((d) => d.channel)).toEqual(['email']);
  });

  it('given no escalation in the zone, a red alert plans only the member’s own channels', async () => {
    const red = await postForm(server, dispatcher, '/alerts', redForm('request-red-0002'));
    await planAlerts(app);
    expect((await deliveriesOf(alertIdOf(red.headers.location))).map((d) => d.channel)).toEqual(['sms']);
  });

  it('given a zone admin, a template is created, edited and deleted, each audited; a dispatcher reads the list but cannot write', async () => {
    expect((await postForm(server, zoneAdmin, `/zones/${ZONE}/alert-templates`, templateForm())).statusCode).toBe(303);
    const [template] = await createAlertSettingsRepository({ database: app.database }).listTemplates([ZONE]);
    expect(template).toMatchObject({ name: 'Inbraak bezig', severity: 'red', fields: { what: 'Inbraak bezig in een woning', when: 'Nu' } });
    expect((await postForm(server, zoneAdmin, `/zones/${ZONE}/alert-templates/${template!.id}`, templateForm({ name: 'Inbraak', severity: 'green' }))).statusCode).toBe(303);
    const list = await get(`/zones/${ZONE}/alert-templates`, dispatcher);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Inbraak');
    expect(list.body).not.toContain('/delete');
    expect((await postForm(server, dispatcher, `/zones/${ZONE}/alert-templates`, templateForm({ name: 'Ander' }))).statusCode).toBe(403);
    expect((await postForm(server, zoneAdmin, `/zones/${ZONE}/alert-templates/${template!.id}/delete`, {})).statusCode).toBe(303);
    expect(await createAlertSettingsRepository({ database: app.database }).listTemplates([ZONE])).toEqual([]);
    const actions = (await app.audit.list({ zoneIds: 'all', limit: 10 })).map((entry) => entry.action);
    expect(actions.filter((action) => action.startsWith('alert_template.')).sort()).toEqual(['alert_template.created', 'alert_template.deleted', 'alert_template.updated']);
  });

  it('given a template without name or what, or with a name the zone already has, the form comes back with translated errors', async () => {
    const empty = await postForm(server, zoneAdmin, `/zones/${ZONE}/alert-templates`, templateForm({ name: '', what: '' }));
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Geef het sjabloon een naam.');
    expect(empty.body).toContain('Vul in wat er gebeurd is.');
    await postForm(server, zoneAdmin, `/zones/${ZONE}/alert-templates`, templateForm());
    const twice = await postForm(server, zoneAdmin, `/zones/${ZONE}/alert-templates`, templateForm());
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('Deze zone heeft al een sjabloon met die naam.');
    const french = await server.inject({ method: 'POST', url: `/zones/${ZONE}/alert-templates`, headers: { cookie: `${zoneAdmin.cookie}; wz_locale=fr`, 'accept-language': 'fr', 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...templateForm({ name: '' }), _csrf: zoneAdmin.csrf }).toString() });
    expect(french.body).toContain('Donnez un nom au modèle.');
  });

  it('given the same new template saved twice at once (a double click), one is stored and the other gets the translated name error, never a server error', async () => {
    const both = await Promise.all([1, 2].map(() => postForm(server, zoneAdmin, `/zones/${ZONE}/alert-templates`, templateForm())));
    expect(both.map((response) => response.statusCode).sort()).toEqual([303, 409]);
    expect(both.find((response) => response.statusCode === 409)!.body).toContain('Deze zone heeft al een sjabloon met die naam.');
    expect((await createAlertSettingsRepository({ database: app.database }).listTemplates([ZONE])).map((template) => template.name)).toEqual(['Inbraak bezig']);
  });

  it('given a template, the composer offers it and ?template= fills in its fields; a template of another zone is refused', async () => {
    await postForm(server, zoneAdmin, `/zones/${ZONE}/alert-templates`, templateForm());
    const [template] = await createAlertSettingsRepository({ database: app.database }).listTemplates([ZONE]);
    const composer = await get('/alerts/new', dispatcher);
    expect(composer.body).toContain(`<option value="${template!.id}">Inbraak bezig</option>`);
    const filled = await get(`/alerts/new?template=${template!.id}`, dispatcher);
    expect(filled.statusCode).toBe(200);
    expect(filled.body).toContain('Inbraak bezig in een woning</textarea>');
    expect(filled.body).toContain('Doe de buitenverlichting aan.</textarea>');
    expect(filled.body).toMatch(/id="severity-red" name="severity" value="red" checked/);
    const otherAdmin = await signedInAs(app, 'zone_admin', { zoneId: 'zone-other' });
    const otherDispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: 'zone-other' });
    expect((await get(`/alerts/new?template=${template!.id}`, otherDispatcher)).statusCode).toBe(403);
    expect((await get(`/zones/zone-other/alert-templates/${template!.id}`, otherAdmin)).statusCode).toBe(404);
    expect((await postForm(server, otherAdmin, `/zones/zone-other/alert-templates/${template!.id}/delete`, {})).statusCode).toBe(404);
  });
});
