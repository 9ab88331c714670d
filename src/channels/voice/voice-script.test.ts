import { describe, expect, it } from 'vitest';
import { type CallAudio, type ScriptCall, type ScriptMedia, runVoiceScript } from './voice-script.ts';

// The script's own logic, with a media session that "plays" each part in a few milliseconds and
// keys pressed by the test at chosen parts; the sipp and baresip tests cover the real audio.

const AUDIO: CallAudio = { intro: new Int16Array(80), message: new Int16Array(160), prompt: new Int16Array(240) };

/** A fake phone: `keys` maps the n-th part played (0-based) to a key pressed while it plays. */
function phone({ keys = {}, hangUpAt }: { keys?: Record<number, string>; hangUpAt?: number } = {}) {
  const played: number[] = [];
  const listeners: ((digit: string) => void)[] = [];
  let endCall!: () => void;
  const ended = new Promise<void>((resolve) => (endCall = resolve));
  const media: ScriptMedia = {
    async play(pcm, { signal }) {
      const index = played.length;
      played.push(pcm.length);
      if (index === hangUpAt) endCall();
      const key = keys[index];
      if (key) setTimeout(() => listeners.forEach((listener) => listener(key)), 1);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return signal?.aborted ? 'stopped' : 'done';
    },
    onDtmf: (listener) => listeners.push(listener),
  };
  const call: ScriptCall = { onDtmf: () => {}, ended };
  return { media, call, played };
}

describe('the voice script', () => {
  it('given no key, it plays intro, message and prompt once and ends delivered after the wait', async () => {
    const { media, call, played } = phone();
    const result = await runVoiceScript({ media, call, audio: AUDIO, digitTimeoutMs: 20, maxPlays: 3 });
    expect(result).toEqual({ outcome: 'delivered', plays: 1, playedMs: 60, hungUp: false });
    expect(played).toEqual([80, 160, 240]);
  });

  it('given 1 pressed during the intro, it stops at once and ends acknowledged', async () => {
    const { media, call, played } = phone({ keys: { 0: '1' } });
    const result = await runVoiceScript({ media, call, audio: AUDIO, digitTimeoutMs: 5000, maxPlays: 3 });
    expect(result.outcome).toBe('acknowledged');
    expect(played).toEqual([80]);
  });

  it('given 2 after each prompt, the message is repeated, three times in all, then the call ends delivered', async () => {
    const { media, call, played } = phone({ keys: { 2: '2', 4: '2', 6: '2' } });
    const result = await runVoiceScript({ media, call, audio: AUDIO, digitTimeoutMs: 20, maxPlays: 3 });
    expect(result).toMatchObject({ outcome: 'delivered', plays: 3 });
    expect(played).toEqual([80, 160, 240, 160, 240, 160, 240]);
  });

  it('given 2 and then 1, the message is repeated once and the call ends acknowledged', async () => {
    const { media, call } = phone({ keys: { 2: '2', 4: '1' } });
    expect(await runVoiceScript({ media, call, audio: AUDIO, digitTimeoutMs: 5000, maxPlays: 3 })).toMatchObject({ outcome: 'acknowledged', plays: 2 });
  });

  it('given a member who hangs up during the message, the call ends delivered without waiting for a key', async () => {
    const { media, call } = phone({ hangUpAt: 1 });
    expect(await runVoiceScript({ media, call, audio: AUDIO, digitTimeoutMs: 60_000, maxPlays: 3 })).toMatchObject({ outcome: 'delivered', hungUp: true });
  });

  it('given a message without a prompt (a verification code), it is played once and no key is awaited', async () => {
    const { media, call, played } = phone();
    const result = await runVoiceScript({ media, call, audio: { message: new Int16Array(160) }, digitTimeoutMs: 60_000, maxPlays: 3 });
    expect(result).toMatchObject({ outcome: 'delivered', plays: 1 });
    expect(played).toEqual([160]);
  });
});
