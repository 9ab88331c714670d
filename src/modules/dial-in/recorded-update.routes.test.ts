import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, signedInAs } from '../../../test/support/app.ts';
import { DISPATCHER, ZONE, addMember, planAlerts, publishAndPlan, publishInput, seedAlertZone } from '../alerts/alerts.test-support.ts';
import { postMultipart } from '../networks/networks.test-support.ts';
import { wavToPcm } from '../../channels/voice/wav.ts';

describe('an update with a recorded message from the console', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let dispatcher: TestUser;
  let dataDir: string;
  let incidentId: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'waakzaam-recorded-update-'));
    app = await createTestApp({ env: { WAAKZAAM_DATA_DIR: dataDir } });
    await seedAlertZone(app, Date.now());
    await addMember(app, { id: 'm1', networks: ['net-a'], red: ['voice'], contacts: [{ kind: 'landline', value: '+3250440001' }] }, Date.now());
    server = await createTestServer(app);
    dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
    const { alert } = await publishAndPlan({ app, by: DISPATCHER, target: { kind: 'networks', networkIds: ['net-a'] }, input: publishInput() });
    incidentId = alert.incidentId;
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
    await rm(dataDir, { recursive: true, force: true });
  });

  const upload = (data: Buffer, what = 'De verdachten zijn gevat.') =>
    postMultipart(server, dispatcher, `/incidents/${incidentId}/recorded-update`, [
      { name: '_csrf', value: dispatcher.csrf },
      { name: 'requestKey', value: 'recorded-1' },
      { name: 'what', value: what },
      { name: 'file', filename: 'bericht.ogg', contentType: 'audio/ogg', data },
    ]);

  it('given an Ogg recording, it becomes an update on the incident whose calls play it, converted to 8 kHz', async () => {
    const source = join(dataDir, 'source.ogg');
    await promisify(execFile)('sox', ['-n', '-r', '44100', '-c', '2', source, 'synth', '3', 'sine', '440', 'vol', '0.3']);
    const response = await upload(await readFile(source));
    expect(response.statusCode, response.body).toBe(303);
    const update = await app.database.db.selectFrom('alerts').selectAll().where('incident_id', '=', incidentId).where('kind', '=', 'update').executeTakeFirstOrThrow();
    expect(response.headers.location).toBe(`/alerts/${update.id}`);
    const pcm = wavToPcm((await app.blobs.get(`recordings/${update.audio_file!}`))!.data)!;
    expect(pcm.length / 8000).toBeCloseTo(3, 1);
    const text = await app.database.db.selectFrom('alert_texts').select('short_text').where('alert_id', '=', update.id).where('locale', '=', 'nl').executeTakeFirstOrThrow();
    expect(text.short_text).toContain('De verdachten zijn gevat.');
    await planAlerts(app); // the planning job runs in the background after the 303
    const steps = await app.database.db.selectFrom('deliveries').select(['channel', 'person_id']).where('alert_id', '=', update.id).execute();
    expect(steps).toEqual([{ channel: 'voice', person_id: 'm1' }]);
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1 });
    expect(entry).toMatchObject({ action: 'dialIn.recording_uploaded', objectId: update.id, actorId: dispatcher.accountId });
  });

  it('given a file that is no audio, or no short text, the form says why and nothing is sent', async () => {
    const response = await upload(Buffer.from('%PDF-1.4 not audio'), '');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Dit is geen wav-, ogg- of flac-bestand.');
    expect(response.body).toContain('Beschrijf wat er gebeurd is.');
    expect(await app.database.db.selectFrom('alerts').select('id').where('kind', '=', 'update').execute()).toEqual([]);
  });

  it('given a file over 10 MB, it is refused with the limit', async () => {
    const large = Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVE'), Buffer.alloc(10 * 1024 * 1024)]);
    const response = await upload(large);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('De opname is groter dan 10 MB.');
  });

  it('given the incident page, it links to the recorded update', async () => {
    const page = await server.inject({ method: 'GET', url: `/incidents/${incidentId}`, headers: { cookie: dispatcher.cookie } });
    expect(page.body).toContain(`href="/incidents/${incidentId}/recorded-update"`);
    const form = await server.inject({ method: 'GET', url: `/incidents/${incidentId}/recorded-update`, headers: { cookie: dispatcher.cookie } });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('enctype="multipart/form-data"');
  });
});
