import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SPEECH_LANGUAGES, SpeechError, createSpeech } from './speech.ts';

const dir = mkdtempSync(join(tmpdir(), 'waakzaam-speech-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const loudness = (pcm: Int16Array) => pcm.reduce((sum, sample) => sum + Math.abs(sample), 0) / Math.max(1, pcm.length);
const speechError = async (promise: Promise<unknown>): Promise<SpeechError> => {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  if (error instanceof SpeechError) return error;
  throw new Error(`expected a SpeechError, got ${String(error)}`);
};

const TEXTS: Record<(typeof SPEECH_LANGUAGES)[number], string> = {
  nl: 'Bericht van het buurtinformatienetwerk.',
  fr: "Message du réseau d'information de quartier.",
  de: 'Nachricht des Nachbarschaftsinformationsnetzwerks.',
  en: 'Message from the neighbourhood information network.',
};

describe('speech', () => {
  it.each(SPEECH_LANGUAGES)('given a sentence in %s, espeak-ng speaks it as audible 8 kHz PCM', async (language) => {
    const speech = createSpeech({ cacheDir: join(dir, 'cache') });
    const pcm = await speech.synthesize({ text: TEXTS[language], language });
    // 8000 samples a second: a sentence lasts between one and ten seconds.
    expect(pcm.length).toBeGreaterThan(8000);
    expect(pcm.length).toBeLessThan(80000);
    expect(loudness(pcm)).toBeGreaterThan(300);
  });

  it('given a text already spoken, the cache returns the same samples without running espeak-ng', async () => {
    const cacheDir = join(dir, 'cache-hit');
    const first = await createSpeech({ cacheDir }).synthesize({ text: 'Druk op 1 om te bevestigen.', language: 'nl' });
    expect(readdirSync(cacheDir)).toHaveLength(1);
    const withoutEspeak = createSpeech({ cacheDir, espeakPath: join(dir, 'no-such-espeak') });
    const again = await withoutEspeak.synthesize({ text: 'Druk op 1 om te bevestigen.', language: 'nl' });
    expect(Buffer.from(again.buffer).equals(Buffer.from(first.buffer))).toBe(true);
    // A new text does need espeak-ng, which proves the second instance really had none.
    expect((await speechError(withoutEspeak.synthesize({ text: 'Druk op 2.', language: 'nl' }))).code).toBe('speech.tool_missing');
  });

  it('given an unsupported language or an empty text, the error says which', async () => {
    const speech = createSpeech({ cacheDir: join(dir, 'cache') });
    expect((await speechError(speech.synthesize({ text: 'Hola', language: 'es' }))).code).toBe('speech.unsupported_language');
    expect((await speechError(speech.synthesize({ text: '  ', language: 'nl' }))).code).toBe('speech.empty_text');
  });

  it.each(['wav', 'ogg'])('given an uploaded %s recording in stereo at 44.1 kHz, it becomes 8 kHz mono PCM of the same length', async (format) => {
    const file = join(dir, `prompt.${format}`);
    execFileSync('sox', ['-n', '-r', '44100', '-c', '2', file, 'synth', '0.5', 'sine', '440', 'vol', '0.5']);
    const pcm = await createSpeech({ cacheDir: join(dir, 'cache') }).convertRecording(file);
    expect(Math.abs(pcm.length - 4000)).toBeLessThanOrEqual(80);
    expect(loudness(pcm)).toBeGreaterThan(3000);
  });

  it('given a file that is not audio, conversion fails with speech.not_audio', async () => {
    const file = join(dir, 'members.wav');
    writeFileSync(file, 'naam;telefoon\nJan;+32470123456\n');
    expect((await speechError(createSpeech({ cacheDir: dir }).convertRecording(file))).code).toBe('speech.not_audio');
  });

  it('given no sox on the machine, conversion fails with speech.tool_missing', async () => {
    const speech = createSpeech({ cacheDir: dir, soxPath: join(dir, 'no-such-sox') });
    const error = await speechError(speech.convertRecording(join(dir, 'prompt.wav')));
    expect(error.code).toBe('speech.tool_missing');
  });
});
