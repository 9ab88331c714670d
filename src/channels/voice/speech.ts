/**
 * Speech for voice calls: text-to-speech with espeak-ng, and uploaded recordings, both turned
 * into 8 kHz 16-bit mono PCM by sox, ready for G.711. Synthesised speech is cached on disk by a
 * hash of what determines it, so a red alert to a thousand members runs espeak-ng once per
 * language.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable } from 'node:stream';

export const SPEECH_LANGUAGES = ['nl', 'fr', 'de', 'en'] as const;
export type SpeechLanguage = (typeof SPEECH_LANGUAGES)[number];

/** espeak-ng voices per language; Belgian French where espeak-ng has it. */
export const DEFAULT_VOICES: Record<SpeechLanguage, string> = { nl: 'nl', fr: 'fr-be', de: 'de', en: 'en-gb' };

export const SAMPLE_RATE = 8000;

export const SPEECH_ERROR_CODES = ['speech.tool_missing', 'speech.not_audio', 'speech.unsupported_language', 'speech.empty_text', 'speech.failed'] as const;
export type SpeechErrorCode = (typeof SPEECH_ERROR_CODES)[number];

/**
 * What went wrong turning text or a file into audio. `speech.not_audio` and `speech.empty_text`
 * are the uploader's or author's mistake; `speech.tool_missing` is the operator's (install
 * espeak-ng and sox, or set their paths).
 */
export class SpeechError extends Error {
  readonly code: SpeechErrorCode;
  readonly detail: string | undefined;

  constructor(code: SpeechErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${code}: ${detail}` : code, options);
    this.name = 'SpeechError';
    this.code = code;
    this.detail = detail;
  }
}

/** sox arguments for the output every caller of this module gets: raw signed 16-bit little-endian, 8 kHz mono. */
const PCM_OUTPUT = ['-t', 'raw', '-e', 'signed-integer', '-b', '16', '-L', '-c', '1', '-r', String(SAMPLE_RATE), '-'];

type Run = { stdout: Buffer; stderr: string; code: number | null };

/** Runs a program, feeding `input` (a buffer or another program's stdout) and collecting its output. */
function run(program: string, args: string[], input?: Buffer | Readable): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    child.stdin.on('error', () => undefined); // the program may exit before reading everything
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' || error.code === 'EACCES' ? new SpeechError('speech.tool_missing', program, { cause: error }) : error);
    });
    child.on('close', (code) => resolve({ stdout: Buffer.concat(out), stderr: stderr.trim(), code }));
    if (Buffer.isBuffer(input)) child.stdin.end(input);
    else if (input) input.pipe(child.stdin);
    else child.stdin.end();
  });
}

/** The sox type of audio bytes by their first bytes. */
function audioTypeOf(data: Buffer): 'wav' | 'ogg' | 'flac' | undefined {
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WAVE') return 'wav';
  if (data.length >= 4 && data.toString('latin1', 0, 4) === 'OggS') return 'ogg';
  if (data.length >= 4 && data.toString('latin1', 0, 4) === 'fLaC') return 'flac';
  return undefined;
}

function pcmOf(bytes: Buffer): Int16Array {
  const pcm = new Int16Array(bytes.length >> 1);
  for (let i = 0; i < pcm.length; i += 1) pcm[i] = bytes.readInt16LE(i * 2);
  return pcm;
}

function bytesOf(pcm: Int16Array): Buffer {
  const bytes = Buffer.alloc(pcm.length * 2);
  pcm.forEach((sample, i) => bytes.writeInt16LE(sample, i * 2));
  return bytes;
}

export type SpeechOptions = {
  /** Directory of the synthesis cache; created when missing. */
  cacheDir: string;
  espeakPath?: string;
  soxPath?: string;
  /** espeak-ng speed: a little slower than its default 175 is easier to follow on a phone. */
  wordsPerMinute?: number;
  /** Uploaded recordings are cut at this length. */
  maxRecordingSeconds?: number;
};

export function createSpeech({ cacheDir, espeakPath = 'espeak-ng', soxPath = 'sox', wordsPerMinute = 150, maxRecordingSeconds = 300 }: SpeechOptions) {
  async function render(text: string, voice: string): Promise<Buffer> {
    // The text goes in on stdin, so a text starting with "-" is never taken for an option.
    const espeak = spawn(espeakPath, ['-v', voice, '-s', String(wordsPerMinute), '--stdin', '--stdout'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let espeakErrors = '';
    espeak.stderr.on('data', (chunk: Buffer) => (espeakErrors += String(chunk)));
    espeak.stdin.on('error', () => undefined);
    const espeakExit = new Promise<number | null>((resolve, reject) => {
      espeak.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' || error.code === 'EACCES' ? new SpeechError('speech.tool_missing', espeakPath, { cause: error }) : error));
      espeak.on('close', resolve);
    });
    espeak.stdin.end(text);
    const [espeakCode, sox] = await Promise.all([espeakExit, run(soxPath, ['-t', 'wav', '-', ...PCM_OUTPUT], espeak.stdout)]);
    if (espeakCode !== 0) throw new SpeechError('speech.failed', `espeak-ng exited with ${espeakCode}: ${espeakErrors.trim()}`);
    if (sox.code !== 0) throw new SpeechError('speech.failed', `sox exited with ${sox.code}: ${sox.stderr}`);
    return sox.stdout;
  }

  return {
    /**
     * Speaks `text` in `language` as 8 kHz PCM. The result is cached by the hash of (language,
     * voice, speed, text); a cached text is read from disk without running espeak-ng.
     */
    async synthesize({ text, language, voice }: { text: string; language: string; voice?: string }): Promise<Int16Array> {
      if (!(SPEECH_LANGUAGES as readonly string[]).includes(language)) throw new SpeechError('speech.unsupported_language', language);
      const spoken = text.trim();
      if (spoken === '') throw new SpeechError('speech.empty_text');
      const chosenVoice = voice ?? DEFAULT_VOICES[language as SpeechLanguage];
      const key = createHash('sha256').update(JSON.stringify([language, chosenVoice, wordsPerMinute, spoken])).digest('hex');
      const file = join(cacheDir, `${key}.s16le`);
      const cached = await readFile(file).catch(() => undefined);
      if (cached) return pcmOf(cached);
      const bytes = await render(spoken, chosenVoice);
      if (bytes.length === 0) throw new SpeechError('speech.failed', 'no audio produced');
      await mkdir(cacheDir, { recursive: true });
      // Written aside and renamed: another node or call reading the cache never sees half a file.
      const partial = `${file}.${randomBytes(6).toString('hex')}.partial`;
      await writeFile(partial, bytes);
      await rename(partial, file);
      return pcmOf(bytes);
    },

    /**
     * Converts a recording to 8 kHz PCM: a file (any format this sox reads: wav, ogg, flac, …), or
     * the bytes of a wav, ogg or flac (told by its first bytes) given through stdin, as kept in the
     * blob store.
     */
    async convertRecording(source: string | Uint8Array): Promise<Int16Array> {
      let input: string[];
      let bytes: Buffer | undefined;
      if (typeof source === 'string') {
        input = ['--no-glob', source.startsWith('-') ? `./${source}` : source]; // never read as an option
      } else {
        bytes = Buffer.from(source);
        const type = audioTypeOf(bytes);
        if (!type) throw new SpeechError('speech.not_audio', 'neither wav, ogg nor flac');
        input = ['-t', type, '-'];
      }
      const result = await run(soxPath, [...input, ...PCM_OUTPUT, 'trim', '0', String(maxRecordingSeconds)], bytes);
      if (result.code !== 0 || result.stdout.length === 0) throw new SpeechError('speech.not_audio', result.stderr || 'no samples');
      return pcmOf(result.stdout);
    },
  };
}

export type Speech = ReturnType<typeof createSpeech>;

/** Raw 8 kHz PCM as bytes, e.g. to keep a converted recording. */
export { bytesOf as pcmToBytes, pcmOf as pcmFromBytes };
