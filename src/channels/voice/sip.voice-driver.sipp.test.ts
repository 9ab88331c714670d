import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SIPP_SCENARIOS, type SippProcess, freeUdpPort, startSipp } from '../../../test/telephony/sipp.ts';
import type { TrunkOptions } from '../../telephony/sip/user-agent.ts';
import { type CallReport, type SipVoiceDriverOptions, createSipVoiceDriver } from './sip.voice-driver.ts';
import { createSpeech } from './speech.ts';
import type { VoiceDriver, VoiceMessage } from './voice.channel.ts';

// Real peers: each test runs one sipp scenario as the member's phone (or the trunk in front of it),
// and the driver calls it through our SIP stack with real speech and RTP.

const TIMERS = { t1: 100, t2: 400, t4: 500, timerD: 500 };
const MEMBER = '+3234856511';
const MESSAGE: VoiceMessage = { to: MEMBER, language: 'nl', text: 'Inbraak bezig.', intro: 'Bericht van het BIN.', body: 'Inbraak bezig in de Kerkstraat.', prompt: 'Druk op 1.' };

let cacheDir: string;
let sipp: SippProcess | undefined;
let driver: VoiceDriver | undefined;

beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'waakzaam-voice-'));
});
afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});
afterEach(async () => {
  await driver?.close?.();
  await sipp?.stop();
  driver = undefined;
  sipp = undefined;
});

/** The driver's options for a trunk on loopback; `trunk` adds to the trunk's (credentials, keepalive). */
function optionsOf(trunkPort: number, extra: { password?: string; trunk?: Partial<TrunkOptions>; timers?: typeof TIMERS } = {}): SipVoiceDriverOptions {
  return {
    sip: {
      bind: { host: '127.0.0.1', port: 0 },
      trunk: { proxy: `127.0.0.1:${trunkPort}`, domain: 'trunk.test', callerId: '+3250123456', ...(extra.password ? { username: 'alice', password: extra.password } : {}), ...extra.trunk },
      allowedSources: ['127.0.0.1'],
      timers: extra.timers ?? TIMERS,
    },
    register: false,
    rtp: { address: '127.0.0.1', portRange: [40000, 44998] },
    speech: createSpeech({ cacheDir }),
    maxCalls: 4,
    ringTimeoutMs: 1500,
    countries: ['BE'],
    digitTimeoutMs: 1000,
  };
}

function sipDriver(trunkPort: number, overrides: Partial<SipVoiceDriverOptions> & { password?: string } = {}) {
  const reports: CallReport[] = [];
  const { password, ...rest } = overrides;
  driver = createSipVoiceDriver({ ...optionsOf(trunkPort, { password }), onCallEnded: (report) => reports.push(report), ...rest });
  return { driver, reports };
}

describe('the SIP voice driver against sipp', () => {
  it('given a phone that answers and presses 1 (RFC 4733), the call ends acknowledged', async () => {
    sipp = await startSipp({ scenario: 'media-dtmf-uas.xml', extraArgs: ['-mi', '127.0.0.1'] });
    const { driver } = sipDriver(sipp.port);
    const outcome = await driver.send(MESSAGE);
    expect(outcome.kind).toBe('acknowledged');
    expect(outcome.providerId).toBeTruthy();
    expect((await sipp.exited).code).toBe(0);
  });

  it('given a phone that answers and presses 1 by SIP INFO, then hangs up, the call ends acknowledged', async () => {
    sipp = await startSipp({ scenario: 'uas-info-hangup.xml' });
    const { driver } = sipDriver(sipp.port);
    // Acknowledged at the key press: our BYE may cross the phone's own, so sipp's exit code says nothing.
    expect((await driver.send(MESSAGE)).kind).toBe('acknowledged');
  });

  it('given a phone that answers, echoes what it hears and presses nothing, the call ends delivered and our speech came back as sound', async () => {
    const mediaPort = await freeUdpPort();
    sipp = await startSipp({ scenario: 'media-echo-uas.xml', extraArgs: ['-mi', '127.0.0.1', '-mp', String(mediaPort), '-rtp_echo'] });
    const { driver, reports } = sipDriver(sipp.port);
    const outcome = await driver.send(MESSAGE);
    expect(outcome.kind).toBe('delivered');
    expect((await sipp.exited).code).toBe(0);
    const [report] = reports;
    expect(report?.script).toMatchObject({ outcome: 'delivered', plays: 1, hungUp: false });
    // Intro, message and prompt went out, and the echo brought them back: speech, not silence.
    expect(report!.script!.playedMs).toBeGreaterThan(1500);
    expect(report!.media!.receivedMs).toBeGreaterThanOrEqual(report!.script!.playedMs * 0.9);
    expect(report!.media!.receivedNonSilentMs).toBeGreaterThan(report!.script!.playedMs * 0.4);
    expect(report!.media!.receivedNonSilentMs).toBeLessThanOrEqual(report!.script!.playedMs + 20);
  });

  it('given recordings of the intro and the message, the phone hears them instead of speech: 3 s of tone come back as 3 s of sound', async () => {
    const recording = join(cacheDir, 'message.wav');
    await promisify(execFile)('sox', ['-n', '-r', '16000', '-b', '16', '-c', '1', recording, 'synth', '1.5', 'sine', '440', 'vol', '0.5']);
    const mediaPort = await freeUdpPort();
    sipp = await startSipp({ scenario: 'media-echo-uas.xml', extraArgs: ['-mi', '127.0.0.1', '-mp', String(mediaPort), '-rtp_echo'] });
    const { driver, reports } = sipDriver(sipp.port);
    const outcome = await driver.send({ to: MEMBER, language: 'nl', text: 'Inbraak bezig.', intro: 'Bericht van het BIN.', introRecording: recording, recording });
    expect(outcome.kind).toBe('delivered');
    expect(reports[0]!.script!.playedMs).toBe(3000);
    expect(reports[0]!.media!.receivedNonSilentMs).toBeGreaterThanOrEqual(2900);
    expect(reports[0]!.media!.receivedNonSilentMs).toBeLessThanOrEqual(3000);
  });

  it('given a busy phone, the call fails retryably with the reason busy', async () => {
    sipp = await startSipp({ scenario: 'uas-busy.xml' });
    const { driver } = sipDriver(sipp.port);
    const outcome = await driver.send(MESSAGE);
    expect(outcome).toEqual({ kind: 'failed_retryable', reason: 'busy: 486 Busy Here' });
  });

  it('given a phone that rings and is never answered, the call fails retryably as no_answer after the ring timeout', async () => {
    sipp = await startSipp({ scenario: 'uas-no-answer.xml' });
    const { driver } = sipDriver(sipp.port);
    const outcome = await driver.send(MESSAGE);
    expect(outcome.kind).toBe('failed_retryable');
    expect(outcome.reason).toMatch(/^no_answer/);
    expect((await sipp.exited).code).toBe(0);
  });

  it('given a trunk that demands digest authentication, the call with the right credentials gets through', async () => {
    sipp = await startSipp({ scenario: 'uas-auth-md5.xml' });
    const { driver } = sipDriver(sipp.port, { password: 's3cret-Pw' });
    expect((await driver.send(MESSAGE)).kind).toBe('delivered');
    expect((await sipp.exited).code).toBe(0);
  });

  it('given a premium-rate, a short or a foreign number, the call is refused for good and no packet leaves', async () => {
    const trunk = createSocket('udp4');
    const received: Buffer[] = [];
    trunk.on('message', (message) => received.push(message));
    await new Promise<void>((resolve) => trunk.bind(0, '127.0.0.1', resolve));
    try {
      const { driver, reports } = sipDriver(trunk.address().port);
      for (const to of ['+3290012345', '+32101', '+31612345678', '0470123456', 'sip:+3290012345@trunk.test']) {
        const outcome = await driver.send({ ...MESSAGE, to });
        expect(outcome.kind, to).toBe('failed_permanent');
        expect(outcome.reason, to).toMatch(/^number not allowed/);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received).toEqual([]);
      expect(reports).toEqual([]);
    } finally {
      trunk.close();
    }
  });
});

describe('the SIP voice driver’s health, from the trunk’s answers', () => {
  const FAST = { t1: 50, t2: 200, t4: 250, timerD: 250 };
  const waitForHealth = async (up: boolean) => {
    // Up and known: "starting" (nothing heard from the trunk yet) does not count.
    await vi.waitFor(
      () => {
        const health = driver!.health!();
        expect(health.up).toBe(up);
        if (up) expect(health.reason).toBeUndefined();
      },
      { timeout: 8000, interval: 50 },
    );
    return driver!.health!();
  };
  // The trunk probed with OPTIONS every 200 ms, with SIP timers that give up after 3.2 s.
  const probing = (trunkPort: number) => (driver = createSipVoiceDriver(optionsOf(trunkPort, { timers: FAST, trunk: { keepaliveSeconds: 0.2 } })));

  it('given a trunk that answers OPTIONS, the driver is up; once it answers 503 it is down with that reason', async () => {
    sipp = await startSipp({ scenario: 'options-uas.xml', calls: 1000 });
    const port = sipp.port;
    probing(port);
    expect(driver!.health!()).toMatchObject({ up: true, reason: 'starting' });
    await waitForHealth(true);
    await sipp.stop();
    // The same trunk, now saying it cannot serve.
    const unavailable = join(cacheDir, 'options-503-uas.xml');
    await writeFile(unavailable, (await readFile(join(SIPP_SCENARIOS, 'options-uas.xml'), 'utf8')).replace('SIP/2.0 200 OK', 'SIP/2.0 503 Service Unavailable'));
    sipp = await startSipp({ scenario: unavailable, port, calls: 1000 });
    expect(await waitForHealth(false)).toMatchObject({ reason: '503 Service Unavailable' });
  });

  it('given a trunk that does not answer, the driver is down; once it answers again it is up', async () => {
    const port = await freeUdpPort();
    probing(port);
    const down = await waitForHealth(false);
    expect(down.reason).toBe('no response to OPTIONS');
    sipp = await startSipp({ scenario: 'options-uas.xml', port, calls: 1000 });
    const up = await waitForHealth(true);
    expect(up.since).toBeGreaterThanOrEqual(down.since);
  });

  it('given the SIP port taken by another program, the driver is down and says why', async () => {
    const squatter = createSocket('udp4');
    await new Promise<void>((done) => squatter.bind(0, '127.0.0.1', done));
    try {
      const options = optionsOf(await freeUdpPort(), { timers: FAST });
      driver = createSipVoiceDriver({ ...options, sip: { ...options.sip, bind: { host: '127.0.0.1', port: squatter.address().port } } });
      expect(driver.health!()).toMatchObject({ up: true, reason: 'starting' });
      const down = await waitForHealth(false);
      expect(down.reason).toMatch(/^SIP user agent did not start: .*EADDRINUSE/);
    } finally {
      squatter.close();
    }
  });

  it('given a registrar that refuses the credentials, the driver is down with the registration’s reason', async () => {
    sipp = await startSipp({ scenario: 'registrar.xml' });
    driver = createSipVoiceDriver({ ...optionsOf(sipp.port, { password: 'wrong-password', timers: FAST }), register: true });
    expect(await waitForHealth(false)).toMatchObject({ reason: 'registration auth_failed (401)' });
  });
});
