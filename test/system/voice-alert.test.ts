import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createSipVoiceDriver, sipVoiceOptionsFromConfig } from '../../src/channels/voice/sip.voice-driver.ts';
import { createAlertDeliveryRenderer } from '../../src/modules/alerts/alert-delivery-renderer.ts';
import { FIELDS, ZONE, addMember, seedAlertZone } from '../../src/modules/alerts/alerts.test-support.ts';
import type { Delivery } from '../../src/modules/deliveries/deliveries.repository.ts';
import type { Dispatcher } from '../../src/modules/deliveries/dispatcher.ts';
import { startDispatcherRole } from '../../src/modules/deliveries/dispatcher-role.ts';
import { planPendingAlerts } from '../../src/modules/alerts/alert-planning-job.usecases.ts';
import { type SippProcess, freeUdpPort, startSipp } from '../telephony/sipp.ts';
import { type TestApp, createTestApp, createTestServer, postForm, signedInAs } from '../support/app.ts';

// A red alert sent as a dispatcher would, through the composer's route, to three members with
// landlines. The real dispatcher calls them through the SIP driver over loopback; one sipp plays
// the trunk with the three phones behind it, telling them apart by the number dialled
// (test/telephony/sipp/members-by-number-uas.xml): our production code routes every number to the
// one trunk, as it does with a real operator, and nothing in it knows about the test.

const PRESSES_ONE = '+3234856511';
const SILENT = '+3234856512';
const BUSY = '+3234856513';

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a red alert by phone, end to end', () => {
  let sipp: SippProcess | undefined;
  let app: TestApp | undefined;
  let server: FastifyInstance | undefined;
  let dispatcher: Dispatcher | undefined;
  let dataDir: string | undefined;

  afterEach(async () => {
    await dispatcher?.stop();
    await app?.voice.close?.();
    await server?.close();
    await sipp?.stop();
    await app?.database.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('given members whose phones press 1, stay silent and are busy, the first is acknowledged on the console, the second reached, the busy one called again after the retry delay', async () => {
    // Four calls: three, and the busy number once more.
    sipp = await startSipp({ scenario: 'members-by-number-uas.xml', calls: 4, timeoutSeconds: 60, extraArgs: ['-mi', '127.0.0.1', '-mp', String(await freeUdpPort())] });
    dataDir = await mkdtemp(join(tmpdir(), 'waakzaam-voice-alert-'));
    const base = await createTestApp({
      env: {
        WAAKZAAM_DATA_DIR: dataDir,
        WAAKZAAM_VOICE_DRIVER: 'sip',
        WAAKZAAM_SIP_BIND: `127.0.0.1:${await freeUdpPort()}`,
        WAAKZAAM_SIP_TRUNK: `sip:127.0.0.1:${sipp.port}`,
        WAAKZAAM_SIP_CALLER_ID: '+3227000000',
        WAAKZAAM_RTP_PORTS: '45000-45998',
        WAAKZAAM_SIP_RING_SECONDS: '5',
        // sipp plays the phones behind the trunk, one scenario per call: an OPTIONS probe would be a
        // call it does not expect (the keepalive has tests of its own in sip.voice-driver.sipp.test.ts).
        WAAKZAAM_SIP_KEEPALIVE_SECONDS: '0',
        WAAKZAAM_DISPATCHER_POLL_SECONDS: '1',
        WAAKZAAM_DISPATCHER_VOICE_RETRY_SECONDS: '1',
        WAAKZAAM_DISPATCHER_VOICE_MAX_ATTEMPTS: '2',
      },
    });
    // The driver `serve` builds from this configuration; only the wait for a key is shortened.
    const voice = createSipVoiceDriver({ ...sipVoiceOptionsFromConfig(base.config), digitTimeoutMs: 1000 });
    app = { ...base, voice } as unknown as TestApp;
    await seedAlertZone(app, Date.now());
    for (const [id, number] of [['p1', PRESSES_ONE], ['p2', SILENT], ['p3', BUSY]] as const) {
      await addMember(app, { id, red: ['voice'], contacts: [{ kind: 'landline', value: number }] }, Date.now());
    }

    server = await createTestServer(app);
    const police = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
    const sent = await postForm(server, police, '/alerts', {
      requestKey: 'voice-alert-request-1',
      zoneId: ZONE,
      severity: 'red',
      ...FIELDS,
      targetKind: 'networks',
      networkIds: ['net-a'],
      centre: '',
      radiusMetres: '500',
      polygon: '',
      happeningNow: 'on',
      concreteDescription: 'on',
      noDangerToResidents: 'on',
      inTheAct: 'on',
    });
    expect(sent.statusCode, sent.body).toBe(303);
    const alertId = decodeURIComponent(sent.headers.location!.toString().split('/').pop()!);

    await planPendingAlerts({ app }); // as the planner of `serve` does after the 303
    dispatcher = startDispatcherRole(app, createAlertDeliveryRenderer(app));
    const byNumber = (steps: Delivery[]) => new Map(steps.map((step) => [step.destination, step]));
    const final = await until(
      async () => byNumber(await app!.deliveries.listByAlert(alertId)),
      (steps) => steps.size === 3 && [...steps.values()].every((step) => !['planned', 'sending', 'retrying'].includes(step.status)),
      'every call to end',
    );

    expect(final.get(PRESSES_ONE)).toMatchObject({ channel: 'voice', status: 'acknowledged', attempts: 1 });
    expect(final.get(SILENT)).toMatchObject({ status: 'delivered', attempts: 1 });
    // Busy twice (WAAKZAAM_DISPATCHER_VOICE_MAX_ATTEMPTS=2), one retry delay apart.
    expect(final.get(BUSY)).toMatchObject({ status: 'failed', attempts: 2 });
    expect(final.get(BUSY)!.lastError).toMatch(/^busy/);

    // What the console's live view reads: the counts per channel and status, and who acknowledged how.
    expect(await app.deliveries.countsForAlert(alertId)).toEqual([
      { channel: 'voice', status: 'acknowledged', count: 1 },
      { channel: 'voice', status: 'delivered', count: 1 },
      { channel: 'voice', status: 'failed', count: 1 },
    ]);
    const audience = await app.database.db.selectFrom('alert_audience').select(['person_id', 'acknowledged_via']).where('alert_id', '=', alertId).orderBy('person_id').execute();
    expect(audience).toEqual([
      { person_id: 'p1', acknowledged_via: 'voice' },
      { person_id: 'p2', acknowledged_via: null },
      { person_id: 'p3', acknowledged_via: null },
    ]);
    expect((await sipp.exited).code).toBe(0);
  }, 90_000); // real calls: 5 s of ringing, a retry delay and the spoken message, four times
});
