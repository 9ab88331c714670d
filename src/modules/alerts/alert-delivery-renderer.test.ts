import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { APP_TEST_DIALECT } from '../../../test/support/databases.ts';
import { createManualClock } from '../../shared/clock.ts';
import { createAlertDeliveryRenderer } from './alert-delivery-renderer.ts';
import { createAlertShortLinksRepository } from './alert-short-links.repository.ts';
import { alertLinkPath, alertLinkToken, verifyAlertLinkToken } from './alert-links.models.ts';
import { DAYTIME, DISPATCHER, addMember, publishAndPlan, publishInput, seedAlertZone } from './alerts.test-support.ts';

const RED_CHECKLIST = { happeningNow: true, concreteDescription: true, noDangerToResidents: true, inTheAct: true, nightReason: '' };

describe('the alerts delivery renderer', () => {
  let app: TestApp;

  beforeEach(async () => {
    app = await createTestApp({ dialect: APP_TEST_DIALECT, clock: createManualClock(DAYTIME) });
    await seedAlertZone(app);
    await addMember(app, { id: 'p1', language: 'fr', red: ['sms', 'voice'] });
    await addMember(app, { id: 'p2', language: 'nl', red: ['voice'] });
    // A language the platform has no texts in: the zone's default (Dutch) is used.
    await addMember(app, { id: 'p3', language: 'es' });
  });
  afterEach(async () => {
    await app.database.destroy();
  });

  async function send(severity: 'red' | 'green', exercise = false) {
    const { alert } = await publishAndPlan({ app, by: DISPATCHER, input: publishInput({ severity, exercise, checklist: RED_CHECKLIST }), target: { kind: 'networks', networkIds: ['net-a'] } });
    return { alert, deliveries: await app.deliveries.listByAlert(alert.id) };
  }

  it('given a green exercise, each e-mail is in the person\'s language with the marker, a signed link and List-Unsubscribe', async () => {
    const { alert, deliveries } = await send('green', true);
    const render = createAlertDeliveryRenderer(app);
    const [fr, nl, fallback] = await Promise.all(deliveries.map((d) => render.email!(d)));
    expect(fr!.subject).toBe('EXERCICE – INFO Message PLP : Inbraak bezig');
    expect(fr!.headers).toMatchObject({ 'Content-Language': 'fr', 'List-Unsubscribe': `<${app.config.server.publicUrl}/me>` });
    expect(fr!.text).toContain("J'ai lu ce message / je reste vigilant");
    expect(fr!.text).toContain(`${app.config.server.publicUrl}${alertLinkPath(app.config.security.sessionSecret, alert.id, 'p1')}`);
    expect(nl!.subject).toBe('OEFENING – INFO BIN-bericht: Inbraak bezig');
    expect(nl!.text).toContain('BIN Kerkstraat');
    expect(fallback!.headers).toMatchObject({ 'Content-Language': 'nl' });
    expect(fallback!.to).toBe('p3@example.test');
  });

  it('given a red alert, SMS is the sender, the short text and the link, and the call speaks the introduction and the keypad prompt', async () => {
    const { alert, deliveries } = await send('red');
    const render = createAlertDeliveryRenderer(app);
    const sms = deliveries.find((d) => d.personId === 'p1' && d.channel === 'sms')!;
    const frCall = deliveries.find((d) => d.personId === 'p1' && d.channel === 'voice')!;
    const nlCall = deliveries.find((d) => d.personId === 'p2' && d.channel === 'voice')!;
    const text = (await render.sms!(sms)).text;
    // The sender first, so that members can tell the alert from a scam.
    expect(text.startsWith('BIN Kerkstraat: Inbraak bezig. Kerkstraat, nu.')).toBe(true);
    expect(text).toContain('Appelez le 101.');
    // The link is a short code that stands for the member's signed link; rendering again gives the same.
    const code = /\/s\/([0-9A-Za-z]{10})$/.exec(text)![1]!;
    expect((await render.sms!(sms)).text).toBe(text);
    expect(await createAlertShortLinksRepository({ database: app.database }).resolve(code)).toEqual({ alertId: alert.id, personId: 'p1' });
    expect(text.length).toBeLessThan('BIN Kerkstraat: '.length + 300 + app.config.server.publicUrl.length + 15);
    const call = await render.voice!(frCall);
    expect(call.language).toBe('fr');
    expect(call.text.startsWith('Message du partenariat local de prévention BIN Kerkstraat, zone de police PZ Zaventem.')).toBe(true);
    expect(call.text.endsWith('Appuyez sur 1 pour confirmer, sur 2 pour réécouter le message.')).toBe(true);
    // The parts the SIP driver plays one by one (key 2 repeats the body and the prompt only).
    expect(call.intro).toBe('Message du partenariat local de prévention BIN Kerkstraat, zone de police PZ Zaventem.');
    expect(call.prompt).toBe('Appuyez sur 1 pour confirmer, sur 2 pour réécouter le message.');
    expect(call.body).toContain('Appelez le 101.');
    expect(call.text).toBe(`${call.intro} ${call.body} ${call.prompt}`);
    expect((await render.voice!(nlCall)).text.startsWith('Bericht van het buurtinformatienetwerk BIN Kerkstraat, politiezone PZ Zaventem.')).toBe(true);
    const email = deliveries.find((d) => d.channel === 'email');
    expect(email).toBeUndefined();
  });

  it('a link token is bound to its alert and person', () => {
    const secret = app.config.security.sessionSecret;
    const token = alertLinkToken(secret, 'alert-1', 'p1');
    expect(verifyAlertLinkToken(secret, 'alert-1', 'p1', token)).toBe(true);
    expect(verifyAlertLinkToken(secret, 'alert-1', 'p2', token)).toBe(false);
    expect(verifyAlertLinkToken(secret, 'alert-2', 'p1', token)).toBe(false);
    expect(verifyAlertLinkToken('another-secret-another-secret-0123', 'alert-1', 'p1', token)).toBe(false);
    expect(verifyAlertLinkToken(secret, 'alert-1', 'p1', `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
  });
});
