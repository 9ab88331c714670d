import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { createAlertDeliveryRenderer } from '../alerts/alert-delivery-renderer.ts';
import { DISPATCHER, ZONE, addMember, publishAndPlan, publishInput, seedAlertZone } from '../alerts/alerts.test-support.ts';
import { postMultipart } from '../networks/networks.test-support.ts';
import { promptKey } from './voice-prompts.models.ts';

const RED_CHECKLIST = { happeningNow: true, concreteDescription: true, noDangerToResidents: true, inTheAct: true, nightReason: '' };

describe('recorded call prompts of a zone', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let admin: TestUser;
  let dataDir: string;
  let ogg: Buffer;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'waakzaam-prompts-'));
    app = await createTestApp({ env: { WAAKZAAM_DATA_DIR: dataDir } });
    await seedAlertZone(app);
    server = await createTestServer(app);
    admin = await signedInAs(app, 'zone_admin', { zoneId: ZONE });
    // Two seconds of a tone as an Ogg Vorbis file at 44.1 kHz stereo, as a phone recorder might save it.
    const source = join(dataDir, 'source.ogg');
    await promisify(execFile)('sox', ['-n', '-r', '44100', '-c', '2', source, 'synth', '2', 'sine', '440', 'vol', '0.3']);
    ogg = await readFile(source);
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
    await rm(dataDir, { recursive: true, force: true });
  });

  const upload = (user: TestUser, fields: { language: string; kind: string; file?: { filename: string; data: Buffer } }) =>
    postMultipart(server, user, `/zones/${ZONE}/voice-prompts`, [
      { name: '_csrf', value: user.csrf },
      { name: 'language', value: fields.language },
      { name: 'kind', value: fields.kind },
      { name: 'file', filename: fields.file?.filename ?? '', contentType: 'application/octet-stream', data: fields.file?.data ?? Buffer.alloc(0) },
    ]);

  it('given a zone admin uploading an Ogg intro in French, it is kept as 8 kHz wav, audited, shown as recorded and played in French calls', async () => {
    const response = await upload(admin, { language: 'fr', kind: 'intro', file: { filename: 'intro.ogg', data: ogg } });
    expect(response.statusCode, response.body).toBe(303);
    expect(response.headers.location).toBe(`/zones/${ZONE}/voice-prompts?uploaded=1`);

    const kept = (await app.blobs.get(promptKey(ZONE, 'fr', 'intro')))!;
    const wav = kept.data;
    expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(kept.size).toBe(44 + 2 * 8000 * 2);
    const audit = await app.database.db.selectFrom('audit_log').select(['action', 'actor_id']).where('action', '=', 'zone.voice_prompt_uploaded').execute();
    expect(audit).toEqual([{ action: 'zone.voice_prompt_uploaded', actor_id: admin.accountId }]);

    const page = await server.inject({ method: 'GET', url: `/zones/${ZONE}/voice-prompts?uploaded=1`, headers: { cookie: admin.cookie } });
    expect(page.body).toContain('De opname is opgeslagen; de volgende oproepen gebruiken ze.');
    expect(page.body.match(/<td>Opname<\/td>/g)).toHaveLength(1);

    await addMember(app, { id: 'p-fr', language: 'fr', red: ['voice'], contacts: [{ kind: 'landline', value: '+3234856511' }] });
    await addMember(app, { id: 'p-nl', language: 'nl', red: ['voice'], contacts: [{ kind: 'landline', value: '+3234856512' }] });
    const { alert } = await publishAndPlan({ app, by: DISPATCHER, input: publishInput({ severity: 'red', checklist: RED_CHECKLIST }), target: { kind: 'networks', networkIds: ['net-a'] } });
    const render = createAlertDeliveryRenderer(app);
    const steps = await app.deliveries.listByAlert(alert.id);
    const fr = await render.voice!(steps.find((step) => step.personId === 'p-fr')!);
    const nl = await render.voice!(steps.find((step) => step.personId === 'p-nl')!);
    expect(fr.introRecording).toEqual(wav);
    expect(fr.promptRecording).toBeUndefined();
    expect(nl.introRecording).toBeUndefined();
  });

  it('given a file that is not audio, or no file, the form says what is wrong and nothing is kept', async () => {
    const text = await upload(admin, { language: 'nl', kind: 'prompt', file: { filename: 'prompt.mp3', data: Buffer.from('ID3 not really audio') } });
    expect(text.statusCode).toBe(400);
    expect(text.body).toContain('Dit is geen WAV-, OGG- of FLAC-bestand.');
    const none = await upload(admin, { language: 'nl', kind: 'prompt' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Kies een geluidsbestand.');
    const damaged = await upload(admin, { language: 'nl', kind: 'prompt', file: { filename: 'broken.wav', data: Buffer.concat([Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVE', 'latin1'), Buffer.alloc(10)]) } });
    expect(damaged.statusCode).toBe(400);
    expect(damaged.body).toContain('Dit geluidsbestand kan niet gelezen worden.');
    expect(await app.blobs.has(promptKey(ZONE, 'nl', 'prompt'))).toBe(false);
  });

  it('given a recorded prompt removed, the computer voice is used again and the removal is audited', async () => {
    await upload(admin, { language: 'nl', kind: 'prompt', file: { filename: 'p.ogg', data: ogg } });
    const removed = await postForm(server, admin, `/zones/${ZONE}/voice-prompts/remove`, { language: 'nl', kind: 'prompt' });
    expect(removed.statusCode).toBe(303);
    expect(await app.blobs.has(promptKey(ZONE, 'nl', 'prompt'))).toBe(false);
    expect(await app.database.db.selectFrom('audit_log').select('action').where('action', '=', 'zone.voice_prompt_removed').execute()).toHaveLength(1);
  });

  it('given a dispatcher, or the admin of another zone, the page and the upload are refused', async () => {
    const dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
    expect((await server.inject({ method: 'GET', url: `/zones/${ZONE}/voice-prompts`, headers: { cookie: dispatcher.cookie } })).statusCode).toBe(403);
    await app.zones.insert({ id: 'zone-other', code: 'ZO', name: 'PZ Elders', languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: app.clock.now() });
    const stranger = await signedInAs(app, 'zone_admin', { zoneId: 'zone-other' });
    expect((await upload(stranger, { language: 'nl', kind: 'intro', file: { filename: 'i.ogg', data: ogg } })).statusCode).toBe(403);
    expect(await app.blobs.has(promptKey(ZONE, 'nl', 'intro'))).toBe(false);
  });
});
