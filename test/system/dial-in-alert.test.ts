import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CallReport, createSipVoiceDriver, sipVoiceOptionsFromConfig } from '../../src/channels/voice/sip.voice-driver.ts';
import { createSpeech } from '../../src/channels/voice/speech.ts';
import { createAlertDeliveryRenderer } from '../../src/modules/alerts/alert-delivery-renderer.ts';
import { ZONE, addMember, seedAlertZone } from '../../src/modules/alerts/alerts.test-support.ts';
import { type PlannerRole, startPlannerRole } from '../../src/modules/alerts/alert-planning-job.usecases.ts';
import type { Dispatcher } from '../../src/modules/deliveries/dispatcher.ts';
import { startDispatcherRole } from '../../src/modules/deliveries/dispatcher-role.ts';
import { dialInMessages } from '../../src/modules/dial-in/dial-in.messages.ts';
import { type DialInCallReport, type DialInLine, startDialInLine } from '../../src/modules/dial-in/dial-in.ivr.ts';
import { setDialInPin } from '../../src/modules/dial-in/dial-in.usecases.ts';
import { type TestApp, createTestApp, signedInAs } from '../support/app.ts';
import { writeDtmfPcap } from '../telephony/dtmf-pcap.ts';
import { SPEECH_CAPTURE, SPEECH_CAPTURE_MS, writePhoneScenario } from '../telephony/phone-uac.ts';
import { type SippProcess, freeUdpPort, startSipp } from '../telephony/sipp.ts';

// The Binfoon of the flyer, end to end: an officer calls the central number (sipp playing their
// phone: keys and speech), speaks a message and presses 1; the dispatcher then calls the member's
// phone through the SIP voice driver (a second sipp playing the trunk, members-by-number-uas.xml)
// and the member hears the officer's recording.

const MEMBER = '+3234856512'; // answers and presses nothing: the whole message plays

describe('a message spoken onto the central number reaches the members by phone', () => {
  let trunk: SippProcess | undefined;
  let line: DialInLine | undefined;
  let dispatcher: Dispatcher | undefined;
  let planner: PlannerRole | undefined;
  let app: TestApp | undefined;
  let dataDir: string | undefined;

  afterEach(async () => {
    await planner?.stop();
    await dispatcher?.stop();
    await line?.close();
    await app?.voice.close?.();
    await trunk?.stop();
    await app?.database.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('given an officer who speaks a message and presses 1, the member phone is called and the recording is played to it', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'waakzaam-dial-in-system-'));
    // The trunk's message log stamps each SIP message with the moment sipp got it.
    const trunkLog = join(dataDir, 'trunk-messages.log');
    trunk = await startSipp({ scenario: 'members-by-number-uas.xml', calls: 1, timeoutSeconds: 150, extraArgs: ['-mi', '127.0.0.1', '-mp', String(await freeUdpPort()), '-trace_msg', '-message_file', trunkLog] });
    const base = await createTestApp({
      env: {
        WAAKZAAM_DATA_DIR: dataDir,
        WAAKZAAM_VOICE_DRIVER: 'sip',
        WAAKZAAM_SIP_BIND: `127.0.0.1:${await freeUdpPort()}`,
        WAAKZAAM_SIP_TRUNK: `sip:127.0.0.1:${trunk.port}`,
        WAAKZAAM_SIP_CALLER_ID: '+3250440044',
        // sipp plays the phones behind the trunk: no OPTIONS probes it would take for a call.
        WAAKZAAM_SIP_KEEPALIVE_SECONDS: '0',
        WAAKZAAM_RTP_PORTS: '46000-46998',
        WAAKZAAM_DISPATCHER_POLL_SECONDS: '1',
      },
    });
    // A platform just started: no prompt synthesised yet.
    const speech = createSpeech({ cacheDir: join(dataDir, 'speech-cache') });
    // The real conversion (sox), noted so the test knows which file the member heard.
    const converted: { source: string | Uint8Array; ms: number }[] = [];
    const calls: CallReport[] = [];
    const voice = createSipVoiceDriver({
      ...sipVoiceOptionsFromConfig(base.config),
      speech: { ...speech, convertRecording: async (source) => { const pcm = await speech.convertRecording(source); converted.push({ source, ms: pcm.length / 8 }); return pcm; } },
      digitTimeoutMs: 1000,
      onCallEnded: (report) => calls.push(report),
    });
    app = { ...base, voice } as unknown as TestApp;
    await seedAlertZone(app, Date.now());
    await addMember(app, { id: 'p1', networks: ['net-a'], red: ['voice'], contacts: [{ kind: 'landline', value: MEMBER }] }, Date.now());
    const officer = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
    const actor = { accountId: officer.accountId, name: 'Agent', email: officer.email, grants: await app.accounts.resolvedGrants(officer.accountId) };
    const { loginNumber } = await setDialInPin({ app, by: { actor }, pin: '482915' });
    const said: string[] = [];

    const lines: DialInCallReport[] = [];
    line = await startDialInLine(app, {
      sip: { bind: { host: '127.0.0.1', port: 0 }, allowedSources: ['127.0.0.1'], timers: { t1: 100, t2: 400, t4: 500, timerD: 500 } },
      rtp: { address: '127.0.0.1', portRange: [47000, 47998] },
      speech: { ...speech, synthesize: (input) => (said.push(input.text), speech.synthesize(input)) },
      onCallEnded: (report) => lines.push(report),
    });
    // Started means ready: every prompt of every language was made before the SIP port opened.
    const warmed = said.length;
    expect(said).toContain(dialInMessages.fr['dialIn.prompt.welcome']);
    dispatcher = startDispatcherRole(app, createAlertDeliveryRenderer(app));
    // The alert is planned in the background after the officer confirms, as `waakzaam serve` does it.
    planner = startPlannerRole(app);

    const keys = join(dataDir, 'keys.pcap');
    const keysMs = await writeDtmfPcap(keys, `*${loginNumber}#482915#1#`);
    await writeDtmfPcap(join(dataDir, 'hash.pcap'), '#', { firstTimestamp: 900_000 });
    await writeDtmfPcap(join(dataDir, 'one.pcap'), '1', { firstTimestamp: 950_000 });
    const recordPromptMs = (await speech.synthesize({ text: dialInMessages.nl['dialIn.prompt.record'], language: 'nl' })).length / 8;
    const scenario = await writePhoneScenario({
      directory: dataDir,
      name: 'officer',
      caller: '+32470000101',
      steps: [
        // The officer types ahead one second after the answer, as officers do.
        { pauseMs: 1000 },
        { play: keys, thenPauseMs: keysMs + recordPromptMs + 400 + 1500 },
        { play: SPEECH_CAPTURE, thenPauseMs: SPEECH_CAPTURE_MS + 300 },
        // 1 after the playback and the read-back of network and audience (a key during them would cut them short).
        { play: join(dataDir, 'hash.pcap'), thenPauseMs: SPEECH_CAPTURE_MS + 10_000 },
        { play: join(dataDir, 'one.pcap'), thenPauseMs: 200 },
      ],
    });
    const phone = await startSipp({ scenario, timeoutSeconds: 90, extraArgs: ['-mi', '127.0.0.1', '-mp', String(await freeUdpPort()), '-s', 'central', `127.0.0.1:${line.ua.local.port}`] });
    expect((await phone.exited).code).toBe(0);

    // The member's phone rang, answered, heard intro, recording and prompt, and hung up on our BYE.
    expect((await trunk.exited).code).toBe(0);
    const alert = await app.database.db.selectFrom('alerts').select(['id', 'audio_file']).executeTakeFirstOrThrow();
    expect(lines[0]).toMatchObject({ outcome: 'sent', alertId: alert.id });
    // The call itself synthesised one prompt only: the read-back naming its network and audience.
    expect(said.slice(warmed)).toEqual([expect.stringMatching(/^Dit bericht gaat naar .+: 1 persoon, 1 per oproep, 0 per sms, 0 per pushbericht\.$/)]);
    let steps = await app.deliveries.listByAlert(alert.id);
    for (let i = 0; i < 100 && steps.some((step) => ['planned', 'sending', 'retrying'].includes(step.status)); i += 1) {
      await new Promise((done) => setTimeout(done, 100));
      steps = await app.deliveries.listByAlert(alert.id);
    }
    expect(steps).toMatchObject([{ channel: 'voice', destination: MEMBER, status: 'delivered' }]);
    expect(converted).toHaveLength(1);
    // The recording as the blob store holds it: whichever node places the call reads the same bytes.
    expect(Buffer.from(converted[0]!.source as Uint8Array)).toEqual((await app.blobs.get(`recordings/${alert.audio_file!}`))!.data);
    expect(converted[0]!.ms).toBeGreaterThan(SPEECH_CAPTURE_MS - 800);
    expect(calls[0]!.script!.playedMs).toBeGreaterThan(converted[0]!.ms);

    // Figures for the record (never asserted: the machine's load varies).
    const timings = lines[0]!.timings;
    const invite = /^-+ (\d{4}-\d\d-\d\d)\s+(\d\d:\d\d:\d\d\.\d{3})\d*\s*\n.*received[^\n]*\n\s*INVITE /m.exec(await readFile(trunkLog, 'utf8'));
    const inviteAt = invite ? new Date(`${invite[1]}T${invite[2]}`).getTime() : Number.NaN;
    console.info(`dial-in figures: answer → recording tone ${timings.toneAt! - timings.answeredAt} ms; "1 = send" → first member INVITE at the trunk ${inviteAt - timings.sendKeyAt!} ms (alert planned after ${timings.sentAt! - timings.sendKeyAt!} ms)`);
  }, 150_000);
});
