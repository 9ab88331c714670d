import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpEmailDriver } from '../../src/channels/email/smtp.email-driver.ts';
import { createAlertDeliveryRenderer } from '../../src/modules/alerts/alert-delivery-renderer.ts';
import { ZONE, addMember, seedAlertZone } from '../../src/modules/alerts/alerts.test-support.ts';
import { settleSentAlerts } from '../../src/modules/alerts/alerts.usecases.ts';
import { type Dispatcher, createDispatcher } from '../../src/modules/deliveries/dispatcher.ts';
import type { AreaGeometry } from '../../src/modules/geography/geometry.models.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { navigation, useBrowserHarness } from './support/browser.ts';

const KERKSTRAAT: AreaGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [4.46, 50.87],
      [4.48, 50.87],
      [4.48, 50.89],
      [4.46, 50.89],
      [4.46, 50.87],
    ],
  ],
};
const MEMBERS = [
  { id: 'anna', language: 'nl' },
  { id: 'benoit', language: 'fr' },
  { id: 'claire', language: 'en' },
] as const;

/**
 * What a dispatcher does on a weekday: sign in, open the composer, click the network on the map,
 * read the live count, preview, send through the countdown; the members' e-mails arrive at a real
 * SMTP server through the delivery engine, each in its own language; one member acknowledges from
 * the link and the console shows it without a reload; the outcome follows on the same incident.
 */
describe('an alert from the composer to the members and back', () => {
  const harness = useBrowserHarness();
  let sink: SmtpSink;
  let dispatcher: Dispatcher;

  beforeAll(async () => {
    const app = harness.platform.app;
    await seedAlertZone(app, app.clock.now());
    await app.networkAreas.replaceAreas('net-a', [{ id: 'area-kerkstraat', geometry: KERKSTRAAT }], app.clock.now());
    for (const member of MEMBERS) await addMember(app, { id: member.id, language: member.language, green: ['email'], networks: ['net-a'] }, app.clock.now());
    await addMember(app, { id: 'dirk', green: ['email'], networks: ['net-b'] }, app.clock.now());
    sink = await startSmtpSink();
    dispatcher = createDispatcher({
      database: app.database,
      clock: app.clock,
      logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      render: createAlertDeliveryRenderer(app),
      channels: { email: { driver: createSmtpEmailDriver({ url: sink.url, requireTls: false, from: { name: 'PZ Zaventem', address: 'bin@pz.example.test' }, poolSize: 2 }), concurrency: 2 } },
      options: { pollMs: 200 },
    });
    dispatcher.start();
  });
  afterAll(async () => {
    await dispatcher?.stop();
    await sink?.stop();
  });

  const mailsTo = async (count: number): Promise<ParsedMail[]> => {
    await expect.poll(() => sink.messages.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(count);
    return Promise.all(sink.messages.slice(0, count).map((message) => sink.parse(message)));
  };

  it('given a dispatcher at the composer, the alert reaches each member in their language, an acknowledgement shows live and the outcome follows', async () => {
    const page = await harness.newPage({ as: 'police_dispatcher', scope: { zoneId: ZONE }, locale: 'nl-BE' });
    await page.goto('/alerts/new');
    await page.getByLabel('Informatie (groen)', { exact: false }).check();
    await page.getByLabel('Wat', { exact: true }).fill('Verdachte personen bellen aan in de Kerkstraat');
    await page.getByLabel('Advies', { exact: true }).fill('Open niet voor onbekenden.');

    // The network is chosen by clicking its area on the map; its checkbox follows, then the count.
    await page.locator('.area-map path.leaflet-interactive').first().click();
    await expect.poll(() => page.getByLabel('BIN Kerkstraat').isChecked()).toBe(true);
    await expect.poll(() => page.locator('#alert-live-count').textContent(), { timeout: 10_000 }).toContain('Bereik nu: 3 personen — e-mail 3, sms 0, oproep 0, pushbericht 0');

    await navigation(page, () => page.getByRole('button', { name: 'Voorbeeld bekijken' }).click());
    expect(await page.locator('main').textContent()).toContain('3 personen ontvangen dit bericht.');
    // The countdown runs five seconds, then the form goes out by itself, once.
    await navigation(page, () => page.getByRole('button', { name: 'Nu verzenden' }).click());
    expect(page.url()).toMatch(/\/alerts\/[^/]+$/);
    const alertId = page.url().split('/').pop()!;

    const mails = await mailsTo(3);
    const byRecipient = new Map(mails.map((mail) => [String((mail.to as { value: Array<{ address: string }> }).value[0]!.address), mail]));
    expect([...byRecipient.keys()].sort()).toEqual(['anna@example.test', 'benoit@example.test', 'claire@example.test']);
    expect(byRecipient.get('anna@example.test')!.headers.get('content-language')).toBe('nl');
    expect(byRecipient.get('benoit@example.test')!.headers.get('content-language')).toBe('fr');
    expect(byRecipient.get('claire@example.test')!.headers.get('content-language')).toBe('en');
    expect(byRecipient.get('benoit@example.test')!.text).toContain("J'ai lu ce message");
    expect(byRecipient.get('benoit@example.test')!.from!.value[0]!.name).toBe('PLP PZ Zaventem');
    expect(byRecipient.get('anna@example.test')!.from!.value[0]!.name).toBe('BIN PZ Zaventem');
    expect(byRecipient.get('anna@example.test')!.headers.get('list')).toMatchObject({ unsubscribe: { url: expect.stringContaining('/me') } });
    expect(byRecipient.get('anna@example.test')!.text).toContain('Verdachte personen bellen aan in de Kerkstraat');

    // Bert, a member elsewhere, got nothing; Benoît acknowledges from his e-mail.
    const link = /(http:\/\/127\.0\.0\.1:\d+\/a\/[^\s)\]]+)/.exec(byRecipient.get('benoit@example.test')!.text ?? '')![1]!;
    const member = await harness.newPage({ locale: 'fr-BE' });
    await member.goto(link);
    // The area of the alert is on the page: the network's shape, drawn without any map tiles.
    await expect.poll(() => member.locator('[data-alert-area] path.leaflet-interactive').count()).toBe(1);
    await navigation(member, () => member.getByRole('button', { name: "J'ai lu ce message / je reste vigilant" }).click());
    expect(await member.locator('main').textContent()).toContain('Merci. La police sait que vous avez lu le message.');

    await expect.poll(() => page.locator('#alert-live-summary').textContent(), { timeout: 10_000 }).toContain('1 bevestigd');
    expect(await page.locator('[data-cell="email:acknowledged"]').textContent()).toBe('1');

    // Every step is final: the alert is sent; the outcome goes to the same people on the same incident.
    expect(await settleSentAlerts({ app: harness.platform.app })).toEqual([alertId]);
    await navigation(page, () => page.getByRole('link', { name: 'Tijdlijn van het incident' }).click());
    await navigation(page, () => page.getByRole('link', { name: 'Afloop versturen' }).click());
    await page.getByLabel('Wat', { exact: true }).fill('De verdachten werden aangehouden. Dank voor uw waakzaamheid.');
    await navigation(page, () => page.getByRole('button', { name: 'Versturen' }).click());
    const all = await mailsTo(6);
    const outcomes = all.slice(3);
    expect(outcomes.map((mail) => String((mail.to as { value: Array<{ address: string }> }).value[0]!.address)).sort()).toEqual(['anna@example.test', 'benoit@example.test', 'claire@example.test']);
    const incidentId = (await harness.platform.app.database.db.selectFrom('alerts').select('incident_id').where('id', '=', alertId).executeTakeFirstOrThrow()).incident_id;
    const onIncident = await harness.platform.app.database.db.selectFrom('alerts').select(['kind']).where('incident_id', '=', incidentId).orderBy('created_at').execute();
    expect(onIncident.map((row) => row.kind)).toEqual(['initial', 'result']);
  });
});
