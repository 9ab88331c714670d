import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { type ConsoleWorld, dispatch, insertAlert, planSteps, seedConsoleWorld } from './console.test-support.ts';

const HOUR = 3_600_000;

describe('the police console', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let world: ConsoleWorld;
  let alert: { incidentId: string; alertId: string };
  let dispatcher: TestUser;

  beforeEach(async () => {
    app = await createTestApp();
    server = await createTestServer(app);
    const now = app.clock.now();
    world = await seedConsoleWorld(app.database, now);
    alert = await insertAlert(app.database, now, { zoneId: world.zoneId, sentAt: now - HOUR - 60_000, exercise: true });
    await planSteps(
      app.database,
      alert.alertId,
      [
        { personId: world.anna, channel: 'email' },
        { personId: world.bert, channel: 'email' },
        { personId: world.carla, channel: 'email' },
      ],
      now - HOUR,
    );
    await dispatch(app.database, 'email', [{ personId: world.anna, kind: 'sent' }, { personId: world.bert, kind: 'failed_permanent', reason: '550 mailbox unknown' }], now - HOUR);
    dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: world.zoneId });
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  const get = (user: TestUser, url: string) => server.inject({ method: 'GET', url, headers: { cookie: user.cookie, 'accept-language': 'en' } });

  it('given a red alert without a result message after an hour, the console shows its reach, exercise flag and the reminder', async () => {
    const response = await get(dispatcher, '/console');

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Inbraak Kerkstraat');
    expect(response.body).toContain('Red — urgent');
    expect(response.body).toContain('EXERCISE');
    expect(response.body).toContain('1 of 3 reached, 0 acknowledged');
    expect(response.body).toContain(`href="/incidents/${alert.incidentId}/result"`);
    expect(response.body).toContain('No result message yet — send one');
  });

  it('given a result message on the incident, the reminder is gone', async () => {
    await insertAlert(app.database, app.clock.now(), { zoneId: world.zoneId, incidentId: alert.incidentId, kind: 'result', severity: 'green' });

    const response = await get(dispatcher, '/console');

    expect(response.body).not.toContain('No result message yet');
    expect(response.body).toContain('Green — information');
  });

  it('given a dispatcher of another zone, the console lists nothing of this zone and the alert page refuses', async () => {
    const other = await signedInAs(app, 'police_dispatcher', { zoneId: world.otherZoneId });

    expect((await get(other, '/console')).body).not.toContain('Inbraak Kerkstraat');
    expect((await get(other, `/alerts/${alert.alertId}`)).statusCode).toBe(403);
    expect((await get(other, `/alerts/${alert.alertId}/events`)).statusCode).toBe(403);
    expect((await get(other, `/incidents/${alert.incidentId}`)).statusCode).toBe(403);
    expect((await get(dispatcher, '/alerts/no-such-alert')).statusCode).toBe(404);
  });

  it('given the live view, it shows counts per channel, the curve with its table and the people not reached, and audits the read', async () => {
    const response = await get(dispatcher, `/alerts/${alert.alertId}`);

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('data-cell="email:sent">1<');
    expect(response.body).toContain('data-cell="email:failed">1<');
    expect(response.body).toContain('<title id="reach-curve-title">Reach over time</title>');
    expect(response.body).toContain('Bert Bosmans');
    expect(response.body).toContain('550 mailbox unknown');
    expect(response.body).toContain('Carla Claes');
    expect(response.body).not.toContain('Anna Aerts');
    expect(response.body).toContain('aria-live="polite"');
    expect(response.body).toContain('src="/assets/alert-live.js"');
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1 });
    expect(entry).toMatchObject({ action: 'alert.unreached_viewed', objectId: alert.alertId, actorId: dispatcher.accountId });
  });

  it("given a coordinator, the follow-up page lists only their network's people not reached, audited; the police view stays closed", async () => {
    const coordinator = await signedInAs(app, 'coordinator', { networkId: world.networkA });

    const list = await get(coordinator, `/networks/${world.networkA}/alerts`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/networks/${world.networkA}/alerts/${alert.alertId}/unreached`);

    const response = await get(coordinator, `/networks/${world.networkA}/alerts/${alert.alertId}/unreached`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Bert Bosmans');
    expect(response.body).not.toContain('Carla Claes');
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1 });
    expect(entry).toMatchObject({ action: 'alert.unreached_viewed', objectId: alert.alertId, actorId: coordinator.accountId });

    expect((await get(coordinator, `/networks/${world.networkB}/alerts/${alert.alertId}/unreached`)).statusCode).toBe(403);
    expect((await get(coordinator, `/alerts/${alert.alertId}`)).statusCode).toBe(403);
  });

  it('given a note, the incident timeline shows it with its author and an audit entry is written', async () => {
    const saved = await postForm(server, dispatcher, `/incidents/${alert.incidentId}/notes`, { body: 'Verdachte opgepakt in de Molenstraat.' });
    expect(saved.statusCode).toBe(303);

    const page = await get(dispatcher, `/incidents/${alert.incidentId}?saved=1`);
    expect(page.body).toContain('Verdachte opgepakt in de Molenstraat.');
    expect(page.body).toContain('by Test police_dispatcher');
    expect(page.body).toContain('0 acknowledgements in all');
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1 });
    expect(entry).toMatchObject({ action: 'incident.note_added', objectId: alert.incidentId });
  });

  it('given an empty note, the form comes back with a translated error', async () => {
    const response = await postForm(server, dispatcher, `/incidents/${alert.incidentId}/notes`, { body: '  ' });

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('field-body-error');
  });
});

/** Reads server-sent events from a fetch response, one parsed event at a time. */
function eventReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(): Promise<{ event: string; data: string } | undefined> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
          const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
          if (event && data !== undefined) return { event, data };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) return undefined;
        buffer += decoder.decode(value, { stream: true });
      }
    },
  };
}

describe('the live stream of an alert', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let world: ConsoleWorld;
  let alertId: string;
  let base: string;
  let dispatcher: TestUser;
  const aborts: AbortController[] = [];

  beforeEach(async () => {
    app = await createTestApp();
    server = await createTestServer(app);
    base = await server.listen({ port: 0, host: '127.0.0.1' });
    const now = app.clock.now();
    world = await seedConsoleWorld(app.database, now);
    ({ alertId } = await insertAlert(app.database, now, { zoneId: world.zoneId }));
    await planSteps(app.database, alertId, [{ personId: world.anna, channel: 'email' }, { personId: world.bert, channel: 'email' }], now);
    dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: world.zoneId });
  });
  afterEach(async () => {
    for (const abort of aborts.splice(0)) abort.abort();
    await server.close();
    await app.database.destroy();
  });

  async function open(user: TestUser) {
    const abort = new AbortController();
    aborts.push(abort);
    const response = await fetch(`${base}/alerts/${alertId}/events`, { headers: { cookie: user.cookie, 'accept-language': 'en' }, signal: abort.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    return eventReader(response.body!);
  }

  it('given two dispatchers watching, a delivery that changes reaches both streams', async () => {
    const first = await open(dispatcher);
    const second = await open(await signedInAs(app, 'police_dispatcher', { zoneId: world.zoneId }));
    for (const stream of [first, second]) {
      const initial = await stream.next();
      expect(initial?.event).toBe('progress');
      expect(JSON.parse(initial!.data)).toMatchObject({ summary: '0 of 2 reached, 0 acknowledged', cells: { 'email:planned': 2, 'email:sent': 0 } });
    }

    await dispatch(app.database, 'email', [{ personId: world.anna, kind: 'sent' }], app.clock.now());

    for (const stream of [first, second]) {
      const update = JSON.parse((await stream.next())!.data);
      expect(update).toMatchObject({ summary: '1 of 2 reached, 0 acknowledged', cells: { 'email:sent': 1, 'email:sending': 1 } });
      expect(update.changes).toEqual(expect.arrayContaining([expect.stringContaining('E-mail: Sent'), expect.stringContaining('E-mail: Sending')]));
    }
  });

  it('given an open stream, closing the server ends it', async () => {
    const stream = await open(dispatcher);
    expect((await stream.next())?.event).toBe('progress');

    await server.close();

    expect(await stream.next()).toBeUndefined();
  });
});
