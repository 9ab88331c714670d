import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SmsDriver, SmsMessage, SmsReceipt } from '../../channels/sms/sms.channel.ts';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { TEST_DIALECTS } from '../../../test/support/databases.ts';
import { createManualClock } from '../../shared/clock.ts';
import { DAYTIME, ZONE, addMember, seedAlertZone } from '../alerts/alerts.test-support.ts';
import { bareSteps, insertAudience, insertBareAlert } from './deliveries.test-support.ts';
import { smsRepliesMessages } from './sms-replies.messages.ts';
import { SMS_ACKNOWLEDGE_WINDOW_MS, applySmsReceipt, handleSmsReply, listenForSmsReplies, smsReplyAction } from './sms-replies.usecases.ts';

describe('reading an SMS reply', () => {
  it('given "1", "ok" or " Stop ", the reply acknowledges or stops; anything else asks nothing', () => {
    expect(['1', ' ok ', 'OK', ' Stop ', 'stop', 'Ok bedankt', '2', ''].map(smsReplyAction)).toEqual(['acknowledge', 'acknowledge', 'acknowledge', 'stop', 'stop', undefined, undefined, undefined]);
  });
});

describe.each(TEST_DIALECTS)('SMS replies and receipts on %s', (dialect) => {
  let app: TestApp;
  let clock: ReturnType<typeof createManualClock>;

  beforeEach(async () => {
    clock = createManualClock(DAYTIME);
    app = await createTestApp({ dialect, clock });
    await seedAlertZone(app, DAYTIME);
    await addMember(app, { id: 'person-1', language: 'fr' });
    await addMember(app, { id: 'person-2' });
  });
  afterEach(async () => {
    await app.database.destroy();
  });

  const acknowledgement = async (alertId: string, personId: string) =>
    app.database.db.selectFrom('alert_audience').select(['acknowledged_at', 'acknowledged_via']).where('alert_id', '=', alertId).where('person_id', '=', personId).executeTakeFirstOrThrow();

  it('given "OK" from a verified mobile, the latest alert of the last 24 hours is acknowledged via sms, not the older one', async () => {
    await insertBareAlert(app.database, { alertId: 'alert-old', now: DAYTIME - 3_600_000, zoneId: ZONE });
    await insertBareAlert(app.database, { alertId: 'alert-new', now: DAYTIME - 60_000, zoneId: ZONE });
    await insertAudience(app.database, 'alert-old', ['person-1']);
    await insertAudience(app.database, 'alert-new', ['person-1']);

    expect(await handleSmsReply({ app, inbound: { from: '+32470000001', text: 'OK' } })).toEqual({ action: 'acknowledge', people: 1 });

    expect(await acknowledgement('alert-new', 'person-1')).toEqual({ acknowledged_at: DAYTIME, acknowledged_via: 'sms' });
    expect((await acknowledgement('alert-old', 'person-1')).acknowledged_at).toBeNull();
  });

  it('given "1" more than 24 hours after the last alert, or from an unknown number, nothing is acknowledged', async () => {
    await insertBareAlert(app.database, { alertId: 'alert-old', now: DAYTIME - SMS_ACKNOWLEDGE_WINDOW_MS - 1, zoneId: ZONE });
    await insertAudience(app.database, 'alert-old', ['person-1']);
    expect(await handleSmsReply({ app, inbound: { from: '+32470000001', text: '1' } })).toEqual({ action: 'acknowledge', people: 0 });
    expect(await handleSmsReply({ app, inbound: { from: '+32479999999', text: '1' } })).toEqual({ action: 'acknowledge', people: 0 });
    expect((await acknowledgement('alert-old', 'person-1')).acknowledged_at).toBeNull();
  });

  it('given "STOP", SMS stop on that number, it is audited and confirmed once in the member language; a second "STOP" changes nothing', async () => {
    expect(await handleSmsReply({ app, inbound: { from: '+32470000001', text: 'STOP' } })).toEqual({ action: 'stop', people: 1 });
    expect(await handleSmsReply({ app, inbound: { from: '+32470000001', text: 'stop' } })).toEqual({ action: 'stop', people: 0 });

    const contacts = await app.database.db.selectFrom('contact_points').select(['kind', 'sms_stopped_at', 'stopped_at']).where('person_id', '=', 'person-1').orderBy('kind').execute();
    expect(contacts.map((c) => [c.kind, c.sms_stopped_at === null ? null : Number(c.sms_stopped_at), c.stopped_at])).toEqual([
      ['email', null, null],
      ['mobile', DAYTIME, null],
    ]);
    expect(app.sms.sent).toEqual([{ to: '+32470000001', text: smsRepliesMessages.fr['smsReplies.stopConfirmed'] }]);
    const audit = await app.database.db.selectFrom('audit_log').select(['action', 'object_id', 'actor_label']).where('action', '=', 'members.sms_stopped').execute();
    expect(audit).toEqual([{ action: 'members.sms_stopped', object_id: 'person-1', actor_label: 'member' }]);
  });

  it('given a receipt for a sent step, the step becomes delivered; a failed receipt keeps its reason', async () => {
    await insertBareAlert(app.database, { alertId: 'alert-1', now: DAYTIME, zoneId: ZONE });
    const [first, second] = bareSteps('alert-1', 2, { channel: 'sms', dueAt: DAYTIME });
    await app.deliveries.insertPlan([first!, second!], DAYTIME);
    for (const [step, providerId] of [[first!, 'smsc-1'], [second!, 'smsc-2']] as const) {
      await app.deliveries.claim({ channel: 'sms', owner: 'node', now: DAYTIME, leaseMs: 60_000, limit: 1 });
      await app.deliveries.complete(step.id, 'node', { kind: 'sent', providerId }, DAYTIME);
    }

    expect(await applySmsReceipt({ app, receipt: { providerId: 'smsc-1', result: 'delivered' } })).toBe(1);
    expect(await applySmsReceipt({ app, receipt: { providerId: 'smsc-2', result: 'failed', reason: 'UNDELIV err:001' } })).toBe(1);
    expect(await applySmsReceipt({ app, receipt: { providerId: 'unknown', result: 'delivered' } })).toBe(0);

    const rows = await app.database.db.selectFrom('deliveries').select(['provider_id', 'status', 'last_error']).where('alert_id', '=', 'alert-1').orderBy('provider_id').execute();
    expect(rows).toEqual([
      { provider_id: 'smsc-1', status: 'delivered', last_error: null },
      { provider_id: 'smsc-2', status: 'failed', last_error: 'UNDELIV err:001' },
    ]);
  });

  it('given a receipt that arrives before the send is recorded, it is applied once the step is sent', async () => {
    await insertBareAlert(app.database, { alertId: 'alert-1', now: DAYTIME, zoneId: ZONE });
    const [step] = bareSteps('alert-1', 1, { channel: 'sms', dueAt: DAYTIME });
    await app.deliveries.insertPlan([step!], DAYTIME);
    await app.deliveries.claim({ channel: 'sms', owner: 'node', now: DAYTIME, leaseMs: 60_000, limit: 1 });
    const receipts = new Set<(receipt: SmsReceipt) => void>();
    const sms: SmsDriver = { name: 'fake', send: async (_: SmsMessage) => ({ kind: 'sent' }), onReceipt: (listener) => (receipts.add(listener), () => receipts.delete(listener)) };
    const listening = listenForSmsReplies({ ...app, sms });
    try {
      receipts.forEach((listener) => listener({ providerId: 'smsc-early', result: 'delivered' }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await app.deliveries.complete(step!.id, 'node', { kind: 'sent', providerId: 'smsc-early' }, DAYTIME);
      await expect.poll(async () => (await app.deliveries.findById(step!.id))?.status, { timeout: 5_000, interval: 50 }).toBe('delivered');
    } finally {
      listening.stop();
    }
    expect(receipts.size).toBe(0);
  });
});
