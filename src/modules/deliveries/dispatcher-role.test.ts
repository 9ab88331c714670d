import { afterEach, describe, expect, it, vi } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { type RunningPlatform, startPlatform } from '../../main.ts';
import { bareSteps, insertBareAlert } from './deliveries.test-support.ts';
import { registerDeliveryRenderer } from './delivery-renderer.ts';
import { notifyPlanned } from './dispatcher-wakeups.ts';

describe('the dispatcher role of serve', () => {
  let app: TestApp;
  let platform: RunningPlatform | undefined;

  afterEach(async () => {
    // The platform's own stop would close the database that the test database still removes.
    await platform?.dispatcher?.stop();
    await platform?.server.close();
    platform = undefined;
    await app.database.destroy();
  });

  it('given no renderer registered, serve starts without a dispatcher and planned steps stay planned', async () => {
    app = await createTestApp({ env: { WAAKZAAM_PORT: '0' } });
    platform = await startPlatform(app);
    expect(platform.dispatcher).toBeUndefined();
  });

  it('given a renderer registered, serve dispatches a plan announced after its commit through the application’s drivers', async () => {
    registerDeliveryRenderer(() => ({ email: (delivery) => ({ to: delivery.destination, subject: 'BIN-bericht', text: `Wees waakzaam, ${delivery.personId}.` }) }));
    // On PostgreSQL the dispatcher LISTENs through the configured URL (notifications are per database).
    app = await createTestApp({ env: { WAAKZAAM_PORT: '0', WAAKZAAM_DISPATCHER_POLL_SECONDS: '300' } });
    platform = await startPlatform(app);
    expect(platform.dispatcher).toBeDefined();
    await platform.dispatcher!.ready();
    await platform.dispatcher!.idle();
    await insertBareAlert(app.database, { alertId: 'alert-1', now: app.clock.now() });
    await app.deliveries.insertPlan(bareSteps('alert-1', 3, { dueAt: app.clock.now() }), app.clock.now());
    await notifyPlanned(app.database);
    await vi.waitFor(() => expect(app.email.sent.map((message) => message.text).sort()).toEqual(['Wees waakzaam, person-1.', 'Wees waakzaam, person-2.', 'Wees waakzaam, person-3.']), { timeout: 10_000 });
    await vi.waitFor(async () => expect(await app.deliveries.countsForAlert('alert-1')).toEqual([{ channel: 'email', status: 'sent', count: 3 }]), { timeout: 10_000 });
  });

  it('given WAAKZAAM_DISPATCHER=false, serve starts no dispatcher even with a renderer registered', async () => {
    registerDeliveryRenderer(() => ({}));
    app = await createTestApp({ env: { WAAKZAAM_PORT: '0', WAAKZAAM_DISPATCHER: 'false' } });
    platform = await startPlatform(app);
    expect(platform.dispatcher).toBeUndefined();
  });
});
