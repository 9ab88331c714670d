import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { createGreenMessagesRepository } from '../alerts/green-messages.repository.ts';
import { FIELDS } from '../alerts/alerts.test-support.ts';
import { createZonesRepository } from '../zones/zones.repository.ts';
import { DEFAULT_ALERT_SETTINGS, createAlertSettingsRepository } from './alert-settings.repository.ts';

const NOW = Date.UTC(2026, 0, 15, 9, 0);

describe.each(TEST_DIALECTS)('alert settings, templates and green message requests on %s', (dialect) => {
  let database: TestDatabase;
  const settings = () => createAlertSettingsRepository({ database });
  const requests = () => createGreenMessagesRepository({ database });

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    const zones = createZonesRepository({ database });
    for (const id of ['zone-1', 'zone-2']) await zones.insert({ id, code: id, name: id, languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: NOW });
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('given a zone that never saved settings, it has the defaults; saving twice keeps one row with the last values', async () => {
    expect(await settings().findSettings('zone-1')).toEqual({ zoneId: 'zone-1', ...DEFAULT_ALERT_SETTINGS });
    await settings().saveSettings({ zoneId: 'zone-1', escalation: { channel: 'voice', afterMinutes: 5 }, coordinatorsMaySendGreen: true, greenNeedsApproval: false }, NOW);
    await settings().saveSettings({ zoneId: 'zone-1', escalation: { channel: 'sms', afterMinutes: 120 }, coordinatorsMaySendGreen: true, greenNeedsApproval: true }, NOW + 1);
    expect(await settings().findSettings('zone-1')).toEqual({ zoneId: 'zone-1', escalation: { channel: 'sms', afterMinutes: 120 }, coordinatorsMaySendGreen: true, greenNeedsApproval: true, smsSender: null, updatedAt: NOW + 1 });
    await settings().saveSettings({ zoneId: 'zone-1', escalation: null, coordinatorsMaySendGreen: false, greenNeedsApproval: false }, NOW + 2);
    expect((await settings().findSettings('zone-1')).escalation).toBeNull();
    expect(await database.db.selectFrom('zone_alert_settings').select('zone_id').execute()).toHaveLength(1);
    expect(await settings().findSettings('zone-2')).toMatchObject({ escalation: null, updatedAt: null });
  });

  it('given templates of two zones, each zone lists its own by name; a second template of the same name in a zone is refused by the database', async () => {
    await settings().insertTemplate({ id: 't-2', zoneId: 'zone-1', name: 'Verdacht voertuig', severity: 'red', fields: FIELDS }, NOW);
    await settings().insertTemplate({ id: 't-1', zoneId: 'zone-1', name: 'Inbraak bezig', severity: 'red', fields: FIELDS }, NOW);
    await settings().insertTemplate({ id: 't-3', zoneId: 'zone-2', name: 'Inbraak bezig', severity: 'green', fields: FIELDS }, NOW);
    expect((await settings().listTemplates(['zone-1'])).map((t) => t.name)).toEqual(['Inbraak bezig', 'Verdacht voertuig']);
    expect(await settings().findTemplate('t-3')).toMatchObject({ zoneId: 'zone-2', severity: 'green', fields: FIELDS, createdAt: NOW });
    await expect(settings().insertTemplate({ id: 't-4', zoneId: 'zone-1', name: 'Inbraak bezig', severity: 'red', fields: FIELDS }, NOW)).rejects.toThrow();
    await settings().updateTemplate('t-1', { name: 'Inbraak', severity: 'green', fields: { ...FIELDS, what: 'Anders' } }, NOW + 5);
    expect(await settings().findTemplateByName('zone-1', 'Inbraak')).toMatchObject({ id: 't-1', severity: 'green', updatedAt: NOW + 5, fields: { what: 'Anders' } });
    expect(await settings().deleteTemplate('t-1')).toBe(true);
    expect(await settings().deleteTemplate('t-1')).toBe(false);
    expect(await settings().listTemplates([])).toEqual([]);
  });

  it('given a held green message, only the first decision counts and each list shows what it should', async () => {
    const base = { zoneId: 'zone-1', networkIds: ['net-a'], fields: FIELDS, exercise: false, requestedBy: 'coord-1', requestedByName: 'Jan', alertId: null };
    await requests().insert({ ...base, id: 'r-1', requestKey: 'key-1', status: 'awaiting', requestedAt: NOW });
    await requests().insert({ ...base, id: 'r-2', requestKey: 'key-2', status: 'awaiting', requestedAt: NOW + 1 });
    await requests().insert({ ...base, id: 'r-3', zoneId: 'zone-2', requestKey: 'key-3', status: 'awaiting', requestedAt: NOW + 2 });
    expect((await requests().listAwaiting(['zone-1'], 10)).map((r) => r.id)).toEqual(['r-1', 'r-2']);
    expect(await requests().decide('r-1', { status: 'rejected', by: 'officer', byName: 'An', at: NOW + 10, reason: 'Te vaag', alertId: null })).toBe(true);
    expect(await requests().decide('r-1', { status: 'sent', by: 'officer', byName: 'An', at: NOW + 11, reason: null, alertId: null })).toBe(false);
    expect(await requests().findByRequestKey('key-1')).toMatchObject({ status: 'rejected', reason: 'Te vaag', decidedAt: NOW + 10, decidedByName: 'An' });
    expect((await requests().listAwaiting('all', 10)).map((r) => r.id)).toEqual(['r-2', 'r-3']);
    expect((await requests().listByRequester('coord-1', 2)).map((r) => r.id)).toEqual(['r-3', 'r-2']);
    await expect(requests().insert({ ...base, id: 'r-4', requestKey: 'key-1', status: 'awaiting', requestedAt: NOW })).rejects.toThrow();
  });
});
