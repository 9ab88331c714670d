/**
 * What happens once a member answers: the intro, the message, then "press 1 to confirm, 2 to hear
 * it again". Keys come from RFC 4733 events in the RTP stream and from SIP INFO (phones and
 * gateways that do not send RFC 4733); both feed the same handler. A key pressed while audio
 * plays cuts it short (barge-in), so a member who knows the drill presses 1 at once.
 */

/** The audio of one call, 8 kHz PCM, rendered before dialling so the member never waits in silence. */
export type CallAudio = { intro?: Int16Array; message: Int16Array; prompt?: Int16Array };

/** The parts of a media session and an established call the script uses. */
export type ScriptMedia = { play: (pcm: Int16Array, options: { signal?: AbortSignal }) => Promise<'done' | 'stopped'>; onDtmf: (listener: (digit: string) => void) => void };
export type ScriptCall = { onDtmf: (listener: (digit: string) => void) => void; ended: Promise<unknown> };

export type ScriptResult = {
  /** `acknowledged`: the member pressed 1; `delivered`: the call was answered and the message played. */
  outcome: 'acknowledged' | 'delivered';
  /** How often the message was played (1 + the times 2 was pressed). */
  plays: number;
  /** Audio handed to the media session, in milliseconds. */
  playedMs: number;
  /** The member hung up before the script ended. */
  hungUp: boolean;
};

export const CONFIRM_KEY = '1';
export const REPEAT_KEY = '2';

/** Plays the script on an answered call and says how it ended; the caller hangs up. */
export async function runVoiceScript({
  media,
  call,
  audio,
  digitTimeoutMs,
  maxPlays,
}: {
  media: ScriptMedia;
  call: ScriptCall;
  audio: CallAudio;
  /** How long to wait for a key after the prompt (about 8 s). */
  digitTimeoutMs: number;
  /** The message is played at most this often (key 2 repeats it). */
  maxPlays: number;
}): Promise<ScriptResult> {
  let key: string | undefined;
  let hungUp = false;
  let barge = new AbortController();
  let wake: (() => void) | undefined;
  let playedMs = 0;

  const onKey = (digit: string) => {
    if (digit !== CONFIRM_KEY && digit !== REPEAT_KEY) return;
    // A confirmation stands: a 2 pressed after it changes nothing.
    if (key !== CONFIRM_KEY) key = digit;
    barge.abort();
    wake?.();
  };
  media.onDtmf(onKey);
  call.onDtmf(onKey);
  void call.ended.then(() => {
    hungUp = true;
    barge.abort();
    wake?.();
  });

  const play = async (pcm: Int16Array | undefined) => {
    if (!pcm || barge.signal.aborted) return;
    playedMs += pcm.length / 8;
    await media.play(pcm, { signal: barge.signal });
  };

  const waitForKey = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, digitTimeoutMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => (wake = undefined));

  const result = (outcome: ScriptResult['outcome'], plays: number): ScriptResult => ({ outcome, plays, playedMs: Math.round(playedMs), hungUp });

  await play(audio.intro);
  for (let plays = 1; ; plays += 1) {
    await play(audio.message);
    if (!audio.prompt) return result(key === CONFIRM_KEY ? 'acknowledged' : 'delivered', plays);
    await play(audio.prompt);
    if (key === undefined && !hungUp) await waitForKey();
    if (key === CONFIRM_KEY) return result('acknowledged', plays);
    if (hungUp || key !== REPEAT_KEY || plays >= maxPlays) return result('delivered', plays);
    // Key 2: the message and the prompt again.
    key = undefined;
    barge = new AbortController();
  }
}
