import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { APP_TEST_DIALECT } from '../../../test/support/databases.ts';
import { createManualClock } from '../../shared/clock.ts';
import { createAlertDeliveryRenderer } from '../alerts/alert-delivery-renderer.ts';
import { DAYTIME, DISPATCHER, addMember, publishAndPlan, publishInput, seedAlertZone } from '../alerts/alerts.test-support.ts';
import { startDispatcherRole } from '../deliveries/dispatcher-role.ts';
import { addDevice } from './push.test-support.ts';

const RED_CHECKLIST = { happeningNow: true, concreteDescription: true, noDangerToResidents: true, inTheAct: true, nightReason: '' };

describe('push through the delivery engine', () => {
  let app: TestApp;

  beforeEach(async () => {
    app = await createTestApp({ dialect: APP_TEST_DIALECT, clock: createManualClock(DAYTIME) });
    await seedAlertZone(app);
  });
  afterEach(async () => {
    await app.database.destroy();
  });

  it('given a red alert to a member with push and SMS, the dispatcher sends the push to both devices and the SMS, and records both as sent', async () => {
    await addMember(app, { id: 'p1', red: ['push', 'sms'] });
    await addDevice(app, 'p1', 'phone');
    await addDevice(app, 'p1', 'tablet');
    const { alert } = await publishAndPlan({ app, by: DISPATCHER, input: publishInput({ severity: 'red', checklist: RED_CHECKLIST }), target: { kind: 'networks', networkIds: ['net-a'] } });

    const dispatcher = startDispatcherRole(app, createAlertDeliveryRenderer(app));
    await dispatcher.runOnce();
    await dispatcher.idle();
    await dispatcher.stop();

    expect(app.push.sent).toHaveLength(1);
    expect(app.push.sent[0]!.targets).toHaveLength(2);
    expect(app.sms.sent).toHaveLength(1);
    expect((await app.deliveries.countsForAlert(alert.id)).sort((a, b) => a.channel.localeCompare(b.channel))).toEqual([
      { channel: 'push', status: 'sent', count: 1 },
      { channel: 'sms', status: 'sent', count: 1 },
    ]);
  });
});
