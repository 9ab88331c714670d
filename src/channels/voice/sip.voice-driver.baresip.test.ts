import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { freeUdpPort } from '../../../test/telephony/sipp.ts';
import { type VoiceDriver } from './voice.channel.ts';
import { createSipVoiceDriver } from './sip.voice-driver.ts';
import { createSpeech } from './speech.ts';

// baresip is a second, independent SIP stack: the member's phone (its account is the member's
// number, as a trunk delivers it), answering by itself; its sndfile module writes what it decoded
// from our RTP to rec/dump-*-dec.wav, which the test measures. Its own audio, a 30 s tone made by
// sox, must outlast the call: baresip hangs up when its source file ends.

const run = promisify(execFile);

/**
 * Seconds of sound in a 16-bit PCM wav: 20 ms frames whose mean amplitude is above about -40 dBFS
 * (the media session's own threshold), so silence and comfort noise do not count.
 */
async function soundSeconds(wav: string): Promise<{ seconds: number; soundSeconds: number }> {
  const bytes = await readFile(wav);
  const format = bytes.indexOf('fmt ');
  const rate = bytes.readUInt32LE(format + 12);
  const data = bytes.indexOf('data');
  const samples = new Int16Array(bytes.buffer.slice(bytes.byteOffset + data + 8, bytes.byteOffset + bytes.length - ((bytes.length - data - 8) % 2)));
  const frame = rate / 50;
  let sound = 0;
  for (let start = 0; start + frame <= samples.length; start += frame) {
    let sum = 0;
    for (let i = start; i < start + frame; i += 1) sum += Math.abs(samples[i]!);
    if (sum / frame > 330) sound += 1;
  }
  return { seconds: samples.length / rate, soundSeconds: sound / 50 };
}

describe('the SIP voice driver against baresip', () => {
  let baresip: ChildProcess | undefined;
  let dir: string | undefined;
  let driver: VoiceDriver | undefined;

  afterEach(async () => {
    await driver?.close?.();
    if (baresip?.exitCode === null) {
      const exited = new Promise((resolve) => baresip!.once('exit', resolve));
      baresip.kill('SIGTERM');
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('given baresip answering automatically, it records more than a second of our speech, not silence', async () => {
    dir = await mkdtemp(join(tmpdir(), 'waakzaam-baresip-'));
    const port = await freeUdpPort();
    const rec = join(dir, 'rec');
    await mkdir(rec);
    await run('sox', ['-n', '-r', '8000', '-b', '16', '-c', '1', join(dir, 'prompt.wav'), 'synth', '30', 'sine', '300']);
    await writeFile(
      join(dir, 'config'),
      [
        `sip_listen 127.0.0.1:${port}`,
        'sip_transports udp',
        'module_path /usr/lib/baresip/modules',
        'module g711.so',
        'module aufile.so',
        'module alsa.so',
        'module sndfile.so',
        'audio_player alsa,null',
        'audio_alert alsa,null',
        `audio_source aufile,${join(dir, 'prompt.wav')}`,
        `snd_path ${rec}`,
        'rtp_ports 46000-46100',
        'module_app account.so',
        'module_app menu.so',
        '',
      ].join('\n'),
    );
    await writeFile(join(dir, 'accounts'), '<sip:+3234856511@127.0.0.1>;regint=0;answermode=auto;audio_codecs=PCMA,PCMU\n');
    let output = '';
    baresip = spawn('baresip', ['-f', dir, '-t', '30'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    baresip.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    baresip.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 5000;
    while (!/baresip is ready|All \d+ useragent/i.test(output) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));

    driver = createSipVoiceDriver({
      sip: { bind: { host: '127.0.0.1', port: 0 }, trunk: { proxy: `127.0.0.1:${port}`, domain: '127.0.0.1', callerId: '+3250123456' }, allowedSources: ['127.0.0.1'] },
      register: false,
      rtp: { address: '127.0.0.1', portRange: [47000, 47998] },
      speech: createSpeech({ cacheDir: join(dir, 'speech') }),
      maxCalls: 1,
      ringTimeoutMs: 5000,
      countries: ['BE'],
      digitTimeoutMs: 500,
    });
    const outcome = await driver.send({ to: '+3234856511', language: 'nl', text: 'Inbraak bezig in de Kerkstraat. Doe de buitenverlichting aan.' });
    expect(outcome.kind, output).toBe('delivered');

    // The recording is closed when the call ends; give baresip a moment to write it.
    let decoded: string[] = [];
    for (let i = 0; i < 40 && decoded.length === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      decoded = (await readdir(rec)).filter((name) => /^dump-.*-dec\.wav$/.test(name));
    }
    expect(decoded, output).toHaveLength(1);
    const measured = await soundSeconds(join(rec, decoded[0]!));
    expect(measured.soundSeconds).toBeGreaterThanOrEqual(1);
    expect(measured.soundSeconds).toBeLessThanOrEqual(measured.seconds);
  });
});
