import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Speech, createSpeech } from '../../channels/voice/speech.ts';
import { writeDtmfPcap } from '../../../test/telephony/dtmf-pcap.ts';
import { type PhoneStep, SPEECH_CAPTURE, SPEECH_CAPTURE_MS, writePhoneScenario } from '../../../test/telephony/phone-uac.ts';
import { freeUdpPort, startSipp } from '../../../test/telephony/sipp.ts';
import { planPendingAlerts } from '../alerts/alert-planning-job.usecases.ts';
import { type TestApp, createTestApp, signedInAs } from '../../../test/support/app.ts';
import { ZONE, addMember, seedAlertZone } from '../alerts/alerts.test-support.ts';
import { dialInMessages } from './dial-in.messages.ts';
import { type DialInCallReport, type DialInLine, startDialInLine } from './dial-in.ivr.ts';
import { sendSpokenAlert, setDialInPin } from './dial-in.usecases.ts';
import { wavToPcm } from '../../channels/voice/wav.ts';

// The dial-in line against sipp playing the phones: key presses as RFC 4733 captures written per
// call (test/telephony/dtmf-pcap.ts), the spoken message as sipp's own g711a.pcap (7.08 s of speech).

const OFFICER_PHONE = '+32470000101';
const STRANGER_PHONE = '+32470000199';
const MEMBER_PHONE = '+32470000043';
const PIN = '482915';

let app: TestApp;
let line: DialInLine;
let speech: Speech;
let work: string;
let loginNumber: string;
const reports: DialInCallReport[] = [];
/** How long the next answer holds the line's event loop (a busy platform), in ms. */
let holdEventLoopMs = 0;

/** How long a prompt plays, in ms (and it is in the cache from now on). */
async function promptMs(...keys: (keyof (typeof dialInMessages)['nl'])[]): Promise<number> {
  let total = 0;
  for (const key of keys) total += (await speech.synthesize({ text: dialInMessages.nl[key].replace('{number}', '1'), language: 'nl' })).length / 8;
  return total;
}

/** Runs one call of test/telephony/sipp/phone-uac.xml from `caller` with these steps; resolves with the line's report. */
async function phoneCall(name: string, caller: string, steps: PhoneStep[]): Promise<DialInCallReport> {
  const scenario = await writePhoneScenario({ directory: work, name, caller, steps });
  const before = reports.length;
  const sipp = await startSipp({ scenario, timeoutSeconds: 60, extraArgs: ['-mi', '127.0.0.1', '-mp', String(await freeUdpPort()), '-s', 'central', `127.0.0.1:${line.ua.local.port}`] });
  const exit = await sipp.exited;
  expect(exit.code, exit.stdout.slice(-2000)).toBe(0);
  for (let i = 0; i < 100 && reports.length === before; i += 1) await new Promise((done) => setTimeout(done, 50));
  return reports[before]!;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'waakzaam-dial-in-'));
  app = await createTestApp({ env: { WAAKZAAM_DATA_DIR: work, WAAKZAAM_IVR_CENTRAL_NUMBER: '+3250440044' } });
  await seedAlertZone(app, Date.now());
  await addMember(app, { id: 'm1', networks: ['net-a'], red: ['voice'], contacts: [{ kind: 'mobile', value: '+32470000042' }] }, Date.now());
  await addMember(app, { id: 'm2', networks: ['net-b'], red: ['sms'], contacts: [{ kind: 'mobile', value: MEMBER_PHONE }] }, Date.now());
  const officer = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
  const actor = { accountId: officer.accountId, name: 'Agent', email: officer.email, grants: await app.accounts.resolvedGrants(officer.accountId) };
  ({ loginNumber } = await setDialInPin({ app, by: { actor }, pin: PIN }));
  speech = createSpeech({ cacheDir: resolve('.tmp/speech-cache') });
  line = await startDialInLine(app, {
    sip: { bind: { host: '127.0.0.1', port: 0 }, allowedSources: ['127.0.0.1'], timers: { t1: 100, t2: 400, t4: 500, timerD: 500 } },
    rtp: { address: '127.0.0.1', portRange: [40000, 49998] },
    speech,
    keyWaitMs: 3000,
    onAnswering: () => {
      // A synchronous busy-wait as the 200 OK leaves: the ACK and the first keys queue up behind it.
      const until = Date.now() + holdEventLoopMs;
      holdEventLoopMs = 0;
      while (Date.now() < until) Math.sqrt(until);
    },
    onCallEnded: (report) => reports.push(report),
  });
}, 60_000);

afterAll(async () => {
  await line?.close();
  await app?.database.destroy();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the dial-in line against sipp', () => {
  it('given an officer who keys in login number, PIN and network code and speaks a message, 1 sends it as a red alert with the recording', async () => {
    const keys = join(work, 'officer-keys.pcap');
    const keysMs = await writeDtmfPcap(keys, `*${loginNumber}#${PIN}#1#`);
    await writeDtmfPcap(join(work, 'hash.pcap'), '#', { firstTimestamp: 900_000 });
    await writeDtmfPcap(join(work, 'one.pcap'), '1', { firstTimestamp: 950_000 });
    // The message starts once "record after the tone" and the tone are over.
    const untilTone = keysMs + (await promptMs('dialIn.prompt.record')) + 400 + 1500;
    const report = await phoneCall('officer', OFFICER_PHONE, [
      { pauseMs: 500 },
      { play: keys, thenPauseMs: untilTone },
      { play: SPEECH_CAPTURE, thenPauseMs: SPEECH_CAPTURE_MS + 300 },
      { play: join(work, 'hash.pcap'), thenPauseMs: 1500 },
      { play: join(work, 'one.pcap'), thenPauseMs: 200 },
    ]);
    expect(report).toMatchObject({ outcome: 'sent', caller: OFFICER_PHONE });
    expect(report.recordedMs).toBeGreaterThan(SPEECH_CAPTURE_MS - 800);
    expect(report.recordedMs).toBeLessThan(SPEECH_CAPTURE_MS + 800);

    const alert = await app.database.db.selectFrom('alerts').selectAll().where('id', '=', report.alertId!).executeTakeFirstOrThrow();
    expect(alert).toMatchObject({ severity: 'red', kind: 'initial', zone_id: ZONE });
    expect(JSON.parse(alert.target)).toEqual({ kind: 'networks', networkIds: ['net-a'] });
    expect(JSON.parse(alert.checklist!)).toMatchObject({ activatedByPhone: true });
    const pcm = wavToPcm((await app.blobs.get(`recordings/${alert.audio_file!}`))!.data)!;
    expect(pcm.length / 8).toBeGreaterThan(SPEECH_CAPTURE_MS - 800);
    const text = await app.database.db.selectFrom('alert_texts').selectAll().where('alert_id', '=', alert.id).where('locale', '=', 'nl').executeTakeFirstOrThrow();
    expect(text.short_text).toContain('bel +3250440044');
    await planPendingAlerts({ app }); // the planning job runs in the background after the confirmation
    const steps = await app.database.db.selectFrom('deliveries').select(['person_id', 'channel']).where('alert_id', '=', alert.id).execute();
    expect(steps).toEqual([{ person_id: 'm1', channel: 'voice' }]);
    const audit = await app.database.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'dialIn.alert_sent').execute();
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ caller: OFFICER_PHONE, incidentId: alert.incident_id });
  }, 60_000);

  it('given an officer typing ahead 1 s after the answer while the line is held busy around the answer, every key counts and the message is sent', async () => {
    const keys = join(work, 'ahead-keys.pcap');
    const keysMs = await writeDtmfPcap(keys, `*${loginNumber}#${PIN}#1#`);
    await writeDtmfPcap(join(work, 'ahead-hash.pcap'), '#', { firstTimestamp: 900_000 });
    await writeDtmfPcap(join(work, 'ahead-one.pcap'), '1', { firstTimestamp: 950_000 });
    const untilTone = keysMs + (await promptMs('dialIn.prompt.record')) + 400 + 2500;
    holdEventLoopMs = 2500;
    const report = await phoneCall('ahead', OFFICER_PHONE, [
      { pauseMs: 1000 },
      { play: keys, thenPauseMs: untilTone },
      { play: SPEECH_CAPTURE, thenPauseMs: SPEECH_CAPTURE_MS + 300 },
      { play: join(work, 'ahead-hash.pcap'), thenPauseMs: 1500 },
      { play: join(work, 'ahead-one.pcap'), thenPauseMs: 200 },
    ]);
    expect(report).toMatchObject({ outcome: 'sent', caller: OFFICER_PHONE });
    expect(report.said).not.toContain('pinWrong');
    expect(report.recordedMs).toBeGreaterThan(SPEECH_CAPTURE_MS - 800);
  }, 60_000);

  it('given an officer whose phone sends its keys as SIP INFO, typed ahead 1 s after the answer, the message is sent', async () => {
    const untilTone = (await promptMs('dialIn.prompt.record')) + 400 + 1500;
    const report = await phoneCall('info', OFFICER_PHONE, [
      { pauseMs: 1000 },
      { info: `*${loginNumber}#${PIN}#1#`, thenPauseMs: untilTone },
      { play: SPEECH_CAPTURE, thenPauseMs: SPEECH_CAPTURE_MS + 300 },
      { info: '#', thenPauseMs: 1500 },
      { info: '1', thenPauseMs: 200 },
    ]);
    expect(report).toMatchObject({ outcome: 'sent', caller: OFFICER_PHONE });
    expect(report.recordedMs).toBeGreaterThan(SPEECH_CAPTURE_MS - 800);
  }, 60_000);

  it('given a wrong PIN, the line says it was not recognised and the officer who types again gets through', async () => {
    const wrong = join(work, 'retry-wrong.pcap');
    const wrongMs = await writeDtmfPcap(wrong, `*${loginNumber}#000000#`);
    const right = join(work, 'retry-right.pcap');
    const rightMs = await writeDtmfPcap(right, `${loginNumber}#${PIN}#1#`, { firstTimestamp: 400_000 });
    await writeDtmfPcap(join(work, 'retry-hash.pcap'), '#', { firstTimestamp: 900_000 });
    await writeDtmfPcap(join(work, 'retry-one.pcap'), '1', { firstTimestamp: 950_000 });
    const report = await phoneCall('retry', OFFICER_PHONE, [
      { pauseMs: 1000 },
      // The second try starts while "not recognised, try again" plays.
      { play: wrong, thenPauseMs: wrongMs + 2500 },
      { play: right, thenPauseMs: rightMs + (await promptMs('dialIn.prompt.record')) + 400 + 1500 },
      { play: SPEECH_CAPTURE, thenPauseMs: SPEECH_CAPTURE_MS + 300 },
      { play: join(work, 'retry-hash.pcap'), thenPauseMs: 1500 },
      { play: join(work, 'retry-one.pcap'), thenPauseMs: 200 },
    ]);
    expect(report).toMatchObject({ outcome: 'sent' });
    expect(report.said).toContain('pinWrong');
    const audit = await app.database.db.selectFrom('audit_log').select('details').where('action', '=', 'dialIn.pin_wrong').execute();
    expect(audit.map((entry) => JSON.parse(entry.details).caller)).toEqual([OFFICER_PHONE]);
  }, 60_000);

  it('given three wrong PINs, the line hangs up and the account is locked, with the caller ID in the audit log', async () => {
    // Each try after the line said the previous one was not recognised (keys typed ahead of an error are dropped).
    const tries: PhoneStep[] = [];
    for (const [i, keys] of [`*${loginNumber}#000000#`, `${loginNumber}#000000#`, `${loginNumber}#000000#`].entries()) {
      const path = join(work, `wrong-keys-${i}.pcap`);
      tries.push({ play: path, thenPauseMs: (await writeDtmfPcap(path, keys, { firstTimestamp: 10_000 + i * 100_000 })) + 2500 });
    }
    const report = await phoneCall('wrong-pin', STRANGER_PHONE, [{ pauseMs: 500 }, ...tries]);
    expect(report.outcome).toBe('locked');
    expect(report.said.filter((prompt) => prompt === 'pinWrong')).toHaveLength(2);
    const pin = await app.database.db.selectFrom('dial_in_pins').selectAll().executeTakeFirstOrThrow();
    expect(Number(pin.locked_until)).toBeGreaterThan(Date.now());
    const audit = await app.database.db.selectFrom('audit_log').select(['action', 'details', 'actor_label']).where('action', 'in', ['dialIn.pin_wrong', 'dialIn.locked']).where('actor_label', 'like', `%${STRANGER_PHONE}%`).orderBy('seq').execute();
    expect(audit.map((entry) => entry.action)).toEqual(['dialIn.pin_wrong', 'dialIn.pin_wrong', 'dialIn.locked']);
    expect(audit.every((entry) => JSON.parse(entry.details).caller === STRANGER_PHONE)).toBe(true);
  }, 60_000);

  it('given a member calling back, they hear the spoken alert of their network and 1 acknowledges it', async () => {
    // A 3 s recording to the member's network (the alert of the first test went to the other one).
    const tone = new Int16Array(24_000).map((_, i) => Math.round(5000 * Math.sin((2 * Math.PI * 440 * i) / 8000)));
    const { alert } = await sendSpokenAlert({ app, accountId: (await app.database.db.selectFrom('dial_in_pins').select('account_id').executeTakeFirstOrThrow()).account_id, target: { zoneId: ZONE, networkIds: ['net-b'] }, pcm: tone, caller: OFFICER_PHONE, callId: 'seeded' });
    await planPendingAlerts({ app }); // the audience is planned in the background after the send
    const one = join(work, 'member-one.pcap');
    await writeDtmfPcap(one, '1');
    const untilConfirm = (await promptMs('dialIn.prompt.welcome', 'dialIn.prompt.memberIntro', 'dialIn.prompt.memberAlert', 'dialIn.prompt.memberConfirm')) + 3000 + 1200;
    const report = await phoneCall('member', MEMBER_PHONE, [{ pauseMs: untilConfirm }, { play: one, thenPauseMs: 200 }]);
    expect(report.alertAudioMs).toBeGreaterThanOrEqual(3000);
    expect(report.acknowledged).toBe(1);
    const audience = await app.database.db.selectFrom('alert_audience').selectAll().where('alert_id', '=', alert.id).executeTakeFirstOrThrow();
    expect(audience).toMatchObject({ person_id: 'm2', acknowledged_via: 'callback' });
  }, 60_000);

  it('given a caller who is no member, they hear where to call in an emergency and the line hangs up', async () => {
    const report = await phoneCall('stranger', '+32470000555', []);
    expect(report.outcome).toBe('general');
  }, 60_000);
});
