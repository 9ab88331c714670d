import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, signedInAs } from '../../../test/support/app.ts';
import { TEST_DIALECTS } from '../../../test/support/databases.ts';
import { type Smsc, startSmsc } from '../../../test/support/smsc.ts';
import { createSmppSmsDriver } from '../../channels/sms/smpp.sms-driver.ts';
import { createManualClock } from '../../shared/clock.ts';
import { createAlertDeliveryRenderer } from '../alerts/alert-delivery-renderer.ts';
import { DAYTIME, DISPATCHER, ZONE, addMember, publishAndPlan, publishInput, seedAlertZone } from '../alerts/alerts.test-support.ts';
import { createAlertSettingsRepository } from './alert-settings.repository.ts';

const RED_CHECKLIST = { happeningNow: true, concreteDescription: true, noDangerToResidents: true, inTheAct: true, nightReason: '' };

describe.each(TEST_DIALECTS)('the SMS sender of a zone on %s', (dialect) => {
  let app: TestApp;
  let server: FastifyInstance;
  let zoneAdmin: TestUser;
  let smsc: Smsc | undefined;

  beforeEach(async () => {
    app = await createTestApp({ dialect, clock: createManualClock(DAYTIME), env: { WAAKZAAM_SMS_SENDER: 'Waakzaam' } });
    await seedAlertZone(app);
    await addMember(app, { id: 'p1', red: ['sms'] });
    server = await createTestServer(app);
    zoneAdmin = await signedInAs(app, 'zone_admin', { zoneId: ZONE });
  });
  afterEach(async () => {
    await server.close();
    await smsc?.stop();
    smsc = undefined;
    await app.database.destroy();
  });

  const settings = () => createAlertSettingsRepository({ database: app.database }).findSettings(ZONE);
  const save = (smsSender: string, locale = 'nl') =>
    server.inject({
      method: 'POST',
      url: `/zones/${ZONE}/alert-settings`,
      headers: { cookie: `${zoneAdmin.cookie}; wz_locale=${locale}`, 'accept-language': locale, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ escalation: 'off', smsSender, _csrf: zoneAdmin.csrf }).toString(),
    });

  /** A red alert to network A, its SMS step rendered by the alerts renderer. */
  async function renderedSms(requestKey: string) {
    const { alert } = await publishAndPlan({ app, by: DISPATCHER, input: publishInput({ requestKey, severity: 'red', checklist: RED_CHECKLIST }), target: { kind: 'networks', networkIds: ['net-a'] } });
    const step = (await app.deliveries.listByAlert(alert.id)).find((delivery) => delivery.channel === 'sms')!;
    return { step, message: await createAlertDeliveryRenderer(app).sms!(step) };
  }

  it('given a zone admin, a sender name is saved, audited and shown again; an empty one means the default sender', async () => {
    const page = await server.inject({ method: 'GET', url: `/zones/${ZONE}/alert-settings`, headers: { cookie: zoneAdmin.cookie } });
    expect(page.body).toContain('<label for="field-smsSender">Afzender van de sms-berichten van deze zone</label>');
    expect(page.body).toContain('Leeg: “Waakzaam”.');
    expect((await save(' BIN Zaventm ')).statusCode).toBe(303);
    expect(await settings()).toMatchObject({ smsSender: 'BIN Zaventm' });
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1 });
    expect(JSON.parse(String(entry!.details))).toMatchObject({ before: { smsSender: null }, after: { smsSender: 'BIN Zaventm' } });
    expect((await server.inject({ method: 'GET', url: `/zones/${ZONE}/alert-settings`, headers: { cookie: zoneAdmin.cookie } })).body).toContain('value="BIN Zaventm"');
    expect((await save('')).statusCode).toBe(303);
    expect(await settings()).toMatchObject({ smsSender: null });
  });

  it('given a sender longer than 11 characters, without a letter or a malformed number, the form comes back with a translated error', async () => {
    for (const sender of ['BIN Zaventem-Noord', '12345', '+32 470 12 34 56', 'BIN_Zaventm']) {
      const response = await save(sender);
      expect(response.statusCode, sender).toBe(400);
      expect(response.body).toContain('Geef een naam van hoogstens 11 letters en cijfers (met minstens één letter), of een nummer zoals +32470123456.');
    }
    expect((await save('BIN Zaventem-Noord', 'fr')).body).toContain('Indiquez un nom d’au plus 11 lettres et chiffres (dont au moins une lettre), ou un numéro comme +32470123456.');
    expect((await settings()).updatedAt).toBeNull();
  });

  it('given a zone sender, the rendered SMS comes from it, and the SMSC gets it as an alphanumeric (TON 5) or international (TON 1) source address', async () => {
    const byDefault = await renderedSms('request-sender-0');
    expect(byDefault.message.from).toBe('Waakzaam');

    smsc = await startSmsc();
    const driver = createSmppSmsDriver({ url: smsc.url(), window: 5, ratePerSecond: 0, enquireLinkSeconds: 30, defaultSender: 'Waakzaam' });
    try {
      for (const [i, sender] of ['BIN Zaventm', '+32470999888'].entries()) {
        expect((await save(sender)).statusCode).toBe(303);
        const { message } = await renderedSms(`request-sender-${i + 1}`);
        expect(message.from).toBe(sender);
        expect(await driver.send(message)).toMatchObject({ kind: 'sent' });
      }
    } finally {
      await driver.close?.();
    }
    // Each SMS is the short text and the link: two parts, both from the zone's sender.
    expect(smsc.messages().map((message) => [message.from, message.to, message.parts])).toEqual([
      ['BIN Zaventm', '32470000001', 2],
      ['32470999888', '32470000001', 2],
    ]);
    expect(smsc.accepted.map((part) => `${part.from}/${part.sourceTon}`)).toEqual(['BIN Zaventm/5', 'BIN Zaventm/5', '32470999888/1', '32470999888/1']);
  });
});
