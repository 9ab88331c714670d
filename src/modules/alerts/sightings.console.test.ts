import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, signedInAs } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { jpegWithMetadata } from '../../shared/image-metadata.test-support.ts';
import { runRetention } from '../members/retention.usecases.ts';
import { DAYTIME, ZONE, addMember, seedAlertZone } from './alerts.test-support.ts';
import { memberBrowser, postSighting, sendAlertToNetworkA } from './sightings.test-support.ts';

/** Server-sent events of a fetch response, one `data` object at a time. */
function events(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return async function next(): Promise<Record<string, unknown>> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const data = buffer
          .slice(0, end)
          .split('\n')
          .find((line) => line.startsWith('data: '));
        buffer = buffer.slice(end + 2);
        if (data) return JSON.parse(data.slice(6)) as Record<string, unknown>;
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
}

describe('sightings in the police console', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let dataDir: string;
  let dispatcher: TestUser;
  let alert: Awaited<ReturnType<typeof sendAlertToNetworkA>>;
  const aborts: AbortController[] = [];

  beforeEach(async () => {
    dataDir = join('.tmp', `sightings-console-${process.pid}-${Date.now()}`);
    app = await createTestApp({ clock: createManualClock(DAYTIME), env: { WAAKZAAM_DATA_DIR: dataDir } });
    await seedAlertZone(app);
    await addMember(app, { id: 'p1', language: 'nl' });
    server = await createTestServer(app);
    dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
    alert = await sendAlertToNetworkA(app, ['p1']);
  });
  afterEach(async () => {
    for (const abort of aborts.splice(0)) abort.abort();
    await server.close();
    await app.database.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given a dispatcher watching the alert live, a sighting sent from the alert page arrives in the stream with its text, network and photo link', async () => {
    const base = await server.listen({ port: 0, host: '127.0.0.1' });
    const abort = new AbortController();
    aborts.push(abort);
    const response = await fetch(`${base}/alerts/${alert.alertId}/events`, { headers: { cookie: dispatcher.cookie, 'accept-language': 'en' }, signal: abort.signal });
    expect(response.status).toBe(200);
    const next = events(response.body!);
    expect((await next()).sightings).toEqual([]);

    await postSighting(server, memberBrowser(app), alert.links.p1!, { text: 'Bestelwagen reed weg richting E40', photo: { filename: 'a.jpg', contentType: 'image/jpeg', data: jpegWithMetadata() } });
    const [row] = await app.database.db.selectFrom('sightings').select('id').execute();

    expect((await next()).sightings).toEqual([{ id: row!.id, head: expect.stringMatching(/ · BIN Kerkstraat$/), text: 'Bestelwagen reed weg richting E40', photo: `/sightings/${row!.id}/photo` }]);
  });

  it('given a sighting, the live view of the alert shows it on first load (for browsers without JavaScript too)', async () => {
    await postSighting(server, memberBrowser(app), alert.links.p1!, { text: 'Iemand klom over de haag' });

    const page = await server.inject({ method: 'GET', url: `/alerts/${alert.alertId}`, headers: { cookie: dispatcher.cookie } });

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="alert-live-sightings"');
    expect(page.body).toContain('Iemand klom over de haag');
  });

  it('given photo files of sightings that no longer exist, the retention job removes them once an hour old, and keeps the others', async () => {
    await postSighting(server, memberBrowser(app), alert.links.p1!, { text: 'Met foto', photo: { filename: 'a.jpg', contentType: 'image/jpeg', data: jpegWithMetadata() } });
    const [kept] = await app.blobs.list('sightings/');
    await app.database.db.updateTable('blobs').set({ created_at: DAYTIME - 2 * 3_600_000 }).where('key', '=', kept!).execute();
    const photo = { data: Buffer.from('x'), contentType: 'image/jpeg' };
    for (const name of ['gone-old.jpg', 'gone-other-old.png']) await app.blobs.put({ key: `sightings/${name}`, ...photo, now: DAYTIME - 2 * 3_600_000 });
    await app.blobs.put({ key: 'sightings/gone-new.png', ...photo, now: DAYTIME - 60_000 });

    const report = await runRetention({ app });

    expect(report.sightingPhotosRemoved).toBe(2);
    expect(await app.blobs.list('sightings/')).toEqual([kept!, 'sightings/gone-new.png'].sort());
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1, actionPrefix: 'members.retention' });
    expect(JSON.parse(entry!.details)).toMatchObject({ sightingPhotosRemoved: 2 });
  });
});
