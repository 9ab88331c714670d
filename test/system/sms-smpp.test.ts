import { afterEach, describe, expect, it } from 'vitest';
import type { SmsMessage } from '../../src/channels/sms/sms.channel.ts';
import { type RunningPlatform, createSmsDriver, startPlatform } from '../../src/main.ts';
import { resolveAudience } from '../../src/modules/alerts/alert-planning.usecases.ts';
import { planPersonSteps } from '../../src/modules/alerts/alert-planning.models.ts';
import { ZONE, addMember, seedAlertZone } from '../../src/modules/alerts/alerts.test-support.ts';
import { createDeliveriesRepository } from '../../src/modules/deliveries/deliveries.repository.ts';
import { bareSteps, insertAudience, insertBareAlert } from '../../src/modules/deliveries/deliveries.test-support.ts';
import type { Delivery } from '../../src/modules/deliveries/deliveries.repository.ts';
import { registerDeliveryRenderer } from '../../src/modules/deliveries/delivery-renderer.ts';
import { smsRepliesMessages } from '../../src/modules/deliveries/sms-replies.messages.ts';
import { type TestApp, createTestApp } from '../support/app.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { type Smsc, startSmsc } from '../support/smsc.ts';

const STEPS = 200;
const ALERT = 'alert-sms';

/** Each step's own text, every seventh one long enough for three parts. */
function textFor(delivery: Delivery): string {
  const short = `DRINGEND BIN-bericht voor ${delivery.personId}: witte bestelwagen in de Kerkstraat, richting E40. Bel 101.`;
  return Number(delivery.personId.replace(/\D/g, '')) % 7 === 0 ? `${short} ${'Doe de buitenverlichting aan en sluit ramen en deuren. '.repeat(6)}`.slice(0, 400) : short;
}

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.each(TEST_DIALECTS)('SMS over SMPP through the delivery engine on %s', (dialect) => {
  let smsc: Smsc | undefined;
  let app: TestApp | undefined;
  let platform: RunningPlatform | undefined;

  afterEach(async () => {
    // The platform's own stop would close the database that the test database still removes.
    await platform?.dispatcher?.stop();
    await platform?.server.close();
    await app?.sms.close?.();
    await smsc?.stop();
    await app?.database.destroy();
  });

  it(
    `given ${STEPS} SMS steps and an SMSC that throttles and drops the connection midway, each is accepted once and delivered; "1" acknowledges and "STOP" is confirmed and honoured`,
    async () => {
      smsc = await startSmsc();
      const base = await createTestApp({
        dialect,
        env: { WAAKZAAM_PORT: '0', WAAKZAAM_SMS_DRIVER: 'smpp', WAAKZAAM_SMPP_URL: smsc.url(), WAAKZAAM_SMS_SENDER: 'BIN Zaventm', WAAKZAAM_DISPATCHER_SMS_RATE_PER_SECOND: '0', WAAKZAAM_DISPATCHER_POLL_SECONDS: '1' },
      });
      const sms = createSmsDriver(base.config, base.logger);
      app = { ...base, sms } as unknown as TestApp;
      const now = Date.now();
      await seedAlertZone(app, now);
      await addMember(app, { id: 'person-1', red: ['sms'] }, now);
      await addMember(app, { id: 'person-2', red: ['sms'] }, now);
      await insertBareAlert(app.database, { alertId: ALERT, now, zoneId: ZONE });
      await insertAudience(app.database, ALERT, ['person-1', 'person-2']);
      const steps = bareSteps(ALERT, STEPS, { channel: 'sms', dueAt: now });
      await app.deliveries.insertPlan(steps, now);

      smsc.throttleNext(5);
      smsc.dropAfter(70);
      const expected = new Map<string, string>();
      registerDeliveryRenderer(() => ({
        sms: (delivery): SmsMessage => {
          const text = textFor(delivery);
          expected.set(delivery.id, text);
          return { to: delivery.destination, text };
        },
      }));
      // `serve`: the dispatcher sends, and the SMS receipts and replies are applied.
      platform = await startPlatform(app);

      const deliveries = createDeliveriesRepository({ database: app.database });
      await until(async () => {
        const counts = await deliveries.countsForAlert(ALERT);
        return counts.length === 1 && counts[0]!.status === 'delivered';
      }, 'every step delivered');
      expect(await deliveries.countsForAlert(ALERT)).toEqual([{ channel: 'sms', status: 'delivered', count: STEPS }]);

      // At the SMSC: the connection was dropped and bound again, and every text arrived exactly once.
      expect(smsc.binds()).toBeGreaterThanOrEqual(2);
      // Submits were in flight on the dropped connection: they were submitted again after the rebind.
      expect(smsc.unanswered()).toBeGreaterThan(0);
      const arrived = new Map<string, number>();
      for (const message of smsc.messages()) arrived.set(message.text, (arrived.get(message.text) ?? 0) + 1);
      expect(arrived.size).toBe(STEPS);
      expect([...arrived.values()].every((count) => count === 1)).toBe(true);
      expect(new Set(expected.values())).toEqual(new Set(arrived.keys()));
      expect(smsc.messages().filter((message) => message.parts === 3)).toHaveLength(Math.floor(STEPS / 7));
      expect(smsc.accepted.every((part) => part.from === 'BIN Zaventm' && part.registeredDelivery === 1)).toBe(true);

      // Replies from here on; no receipt of the confirmation is left to apply after the test.
      smsc.receipts({ enabled: false });
      // "1" from person-1's mobile acknowledges their latest alert.
      await smsc.injectInbound({ from: '+32470000001', text: ' 1 ' });
      await until(async () => {
        const row = await app!.database.db.selectFrom('alert_audience').select(['acknowledged_via']).where('alert_id', '=', ALERT).where('person_id', '=', 'person-1').executeTakeFirst();
        return row?.acknowledged_via === 'sms';
      }, 'the acknowledgement');

      // "STOP" from person-2's mobile: confirmed by SMS, recorded, and the next plan sends no SMS there.
      const acceptedBefore = smsc.accepted.length;
      await smsc.injectInbound({ from: '+32470000002', text: 'Stop' });
      await smsc.waitFor(() => smsc!.accepted.length > acceptedBefore);
      expect(smsc.accepted.at(-1)).toMatchObject({ to: '32470000002', text: smsRepliesMessages.nl['smsReplies.stopConfirmed'] });
      const stopped = await app.database.db.selectFrom('contact_points').select(['sms_stopped_at']).where('person_id', '=', 'person-2').where('kind', '=', 'mobile').executeTakeFirstOrThrow();
      expect(stopped.sms_stopped_at).not.toBeNull();
      const audit = await app.database.db.selectFrom('audit_log').select(['action', 'object_id']).where('action', '=', 'members.sms_stopped').execute();
      expect(audit).toEqual([{ action: 'members.sms_stopped', object_id: 'person-2' }]);

      const audience = await resolveAudience(app.database, ZONE, { target: { kind: 'networks', networkIds: ['net-a'] } });
      const firstChannel = (id: string) => planPersonSteps(audience.find((person) => person.id === id)!, { severity: 'red', now, timeZone: 'Europe/Brussels' }).map((step) => step.channel);
      expect(firstChannel('person-1')).toEqual(['sms']);
      // Their mobile no longer carries SMS; the red fallback calls it instead.
      expect(firstChannel('person-2')).toEqual(['voice']);
    },
    60_000,
  );
});
