/**
 * The dial-in line on SIP: one user agent answering the central number, one media session per
 * call, and the state machine of dial-in.models.ts driven by the caller's keys (RFC 4733 or SIP
 * INFO). Prompts are spoken by espeak-ng (cached) in the line's language until the officer is
 * identified, then in their account's language; a key pressed during a prompt cuts it short.
 */
import type { App } from '../../app.ts';
import type { Speech } from '../../channels/voice/speech.ts';
import { type MediaSession, createMediaSession } from '../../telephony/media/media-session.ts';
import type { EstablishedCall, IncomingCall, SipLog, UserAgent, UserAgentOptions } from '../../telephony/sip/user-agent.ts';
import { createUserAgent } from '../../telephony/sip/user-agent.ts';
import { type Locale, isLocale } from '../../web/i18n/locales.ts';
import { createAlertsRepository } from '../alerts/alerts.repository.ts';
import { type PromptAudio, createPromptAudio } from './dial-in.prompts.ts';
import { type Keypad, createKeypad } from './dial-in.keypad.ts';
import { type DialInAction, type DialInEvent, type DialInOutcome, type DialInState, INITIAL_STATE, type Prompt, callerNumber, dialInTransition, inputMode } from './dial-in.models.ts';
import { acknowledgeByCallback, callbackAlerts, checkDialInPin, findNetworks, recordingKey, sendSpokenAlert } from './dial-in.usecases.ts';
import { wavToPcm } from '../../channels/voice/wav.ts';

type IvrApp = Parameters<typeof checkDialInPin>[0]['app'] & Pick<App, 'logger'>;

/** What one call came to, for the log and tests. */
export type DialInCallReport = {
  callId: string; caller: string | undefined; outcome: DialInOutcome; recordedMs: number; alertId?: string; alertAudioMs: number; acknowledged: number;
  /** The prompts the line started to say, in order (a key typed ahead skips a prompt). */
  said: Prompt[];
  /** Wall-clock moments (epoch ms): the 200 OK, the first recording tone, the send key, the alert planned. */
  timings: { answeredAt: number; toneAt?: number; sendKeyAt?: number; sentAt?: number };
};

export type DialInLineOptions = {
  sip: UserAgentOptions;
  rtp: { address: string; portRange: [number, number] };
  speech: Speech;
  /** How long the line waits for a key after a prompt (greeting, review, an alert). */
  keyWaitMs?: number;
  /** How long it waits for the first key of a `#`-ended entry. */
  entryWaitMs?: number;
  /** Silence this long after a key ends an entry without `#`. */
  interDigitMs?: number;
  /** Called as the 200 OK leaves, before the caller's ACK (metrics; tests hold the event loop here). */
  onAnswering?: (callId: string) => void;
  log?: SipLog;
  onCallEnded?: (report: DialInCallReport) => void;
};

/** 400 ms of 1 kHz: "record after the tone". */
function tone(): Int16Array {
  const pcm = new Int16Array(3200);
  for (let i = 0; i < pcm.length; i += 1) pcm[i] = Math.round(6000 * Math.sin((2 * Math.PI * 1000 * i) / 8000));
  return pcm;
}
const TONE = tone();

export type DialInLine = { ua: UserAgent; close: () => Promise<void> };

/** Starts the line: answers every call that reaches the user agent (its allowed sources filter them). */
export async function startDialInLine(app: IvrApp, options: DialInLineOptions): Promise<DialInLine> {
  const log: SipLog = options.log ?? (() => {});
  // The SIP port opens once every prompt is ready: the trunk reaches a line that answers at once.
  const prompts = createPromptAudio({ speech: options.speech });
  const warmedIn = performance.now();
  const { prompts: count } = await prompts.warm();
  log('info', 'dial-in prompts ready', { prompts: count, ms: Math.round(performance.now() - warmedIn) });
  const ua = await createUserAgent(options.sip);
  const calls = new Set<Promise<void>>();
  ua.onIncomingCall((incoming) => {
    const running = answer(app, options, prompts, incoming).catch((error: unknown) => log('warn', 'dial-in call failed', { error: String(error) }));
    calls.add(running);
    void running.finally(() => calls.delete(running));
  });
  return {
    ua,
    async close() {
      await ua.close();
      await Promise.allSettled([...calls]);
    },
  };
}

async function answer(app: IvrApp, options: DialInLineOptions, prompts: PromptAudio, incoming: IncomingCall): Promise<void> {
  let media: MediaSession | undefined;
  // Keys count from the moment the call's media exists: a caller who types ahead right after the
  // answer, on a line whose event loop is busy, must not lose the keys that overtake the ACK.
  const keypad = createKeypad();
  try {
    media = await createMediaSession({ address: options.rtp.address, portRange: options.rtp.portRange });
    media.onDtmf(keypad.press);
    let sdp: string;
    try {
      sdp = media.answerOffer(incoming.remoteSdp);
    } catch {
      incoming.reject(488);
      return;
    }
    const answering = incoming.answer(sdp);
    const answeredAt = Date.now();
    options.onAnswering?.(incoming.callId);
    const call = await answering;
    call.onDtmf(keypad.press);
    // The media address of the offer stands for the source in rate limits (the trunk's, behind a PBX).
    const source = /^c=IN IP[46] (\S+)/m.exec(incoming.remoteSdp)?.[1] ?? 'unknown';
    try {
      await runCall(app, options, { prompts, call, media, keypad, answeredAt, callId: incoming.callId, caller: callerNumber(incoming.from), source });
    } catch (error) {
      // A failure (speech, database) must not hold a channel of the trunk open.
      await call.hangup().catch(() => undefined);
      throw error;
    }
  } finally {
    keypad.close();
    media?.close();
  }
}

type CallContext = { prompts: PromptAudio; call: EstablishedCall; media: MediaSession; keypad: Keypad; answeredAt: number; callId: string; caller: string | undefined; source: string };

async function runCall(app: IvrApp, options: DialInLineOptions, { prompts, call, media, keypad, answeredAt, callId, caller, source }: CallContext): Promise<void> {
  const keyWaitMs = options.keyWaitMs ?? 6000;
  const entryWaitMs = options.entryWaitMs ?? 15_000;
  const interDigitMs = options.interDigitMs ?? 4000;
  let state: DialInState = INITIAL_STATE;
  let language: Locale = app.config.locale.default;
  let ended = false;
  let barge = new AbortController();
  let recorder: { chunks: Int16Array[]; samples: number; maxSamples: number; stop: () => void } | undefined;
  let recording: Int16Array | undefined;
  const report: DialInCallReport = { callId, caller, outcome: 'hung_up', recordedMs: 0, alertAudioMs: 0, acknowledged: 0, said: [], timings: { answeredAt } };

  // Barge-in: a key pressed while the line waits for keys stops the prompt and counts.
  keypad.onKey(() => {
    if (inputMode(state) !== 'none') barge.abort();
  });
  media.onAudio((pcm) => {
    if (!recorder) return;
    recorder.chunks.push(pcm.slice());
    recorder.samples += pcm.length;
    if (recorder.samples >= recorder.maxSamples) recorder.stop();
  });
  void call.ended.then(() => {
    ended = true;
    barge.abort();
    recorder?.stop();
    keypad.close();
  });

  const play = async (pcm: Int16Array): Promise<'done' | 'stopped'> => {
    if (ended || barge.signal.aborted) return 'stopped';
    return media.play(pcm, { signal: barge.signal });
  };

  const record = (maxMs: number) =>
    new Promise<Int16Array>((resolve) => {
      const chunks: Int16Array[] = [];
      // The clock stops a recording too: a phone that sends no audio (silence suppression) still ends.
      const timer = setTimeout(() => recorder?.stop(), maxMs + 5000);
      recorder = {
        chunks, samples: 0, maxSamples: (maxMs * 8000) / 1000,
        stop: () => {
          clearTimeout(timer);
          recorder = undefined;
          keypad.intercept(undefined);
          const pcm = new Int16Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
          let offset = 0;
          for (const chunk of chunks) {
            pcm.set(chunk, offset);
            offset += chunk.length;
          }
          resolve(pcm);
        },
      };
      // While recording, `#` ends the message and other keys are part of the sound, not input.
      keypad.intercept((digit) => {
        if (digit === '#') recorder?.stop();
        return true;
      });
      if (ended) recorder.stop();
    });

  async function alertAudio(alertId: string): Promise<Int16Array | undefined> {
    const alerts = createAlertsRepository({ database: app.database });
    const alert = await alerts.findById(alertId);
    if (alert?.audioFile) {
      // From the blob store: the recording may have been made through another node.
      const wav = await app.blobs.get(recordingKey(alert.audioFile));
      const pcm = wav && wavToPcm(wav.data);
      if (pcm) return pcm;
    }
    const texts = (await alerts.findTexts(alertId, language)) ?? (await alerts.findTexts(alertId, 'nl'));
    return texts ? options.speech.synthesize({ text: texts.shortText, language }) : undefined;
  }

  /** Performs one action; returns the event it produces, if any. */
  async function perform(action: DialInAction): Promise<DialInEvent | undefined> {
    switch (action.do) {
      case 'say':
        if (!barge.signal.aborted && !ended) {
          report.said.push(action.prompt);
          await play(await prompts.get(action.prompt, language, action.values));
        }
        return undefined;
      case 'clearKeys':
        keypad.clear();
        return undefined;
      case 'language':
        if (isLocale(action.language)) language = action.language;
        return undefined;
      case 'tone':
        report.timings.toneAt ??= Date.now();
        await play(TONE);
        return undefined;
      case 'checkPin':
        return { type: 'pinChecked', result: await checkDialInPin({ app, loginNumber: action.loginNumber, pin: action.pin, caller, source }) };
      case 'findNetworks': {
        if (state.step !== 'network') return undefined;
        return { type: 'networksFound', found: await findNetworks({ app, accountId: state.officer.accountId, zoneId: action.zoneId, codes: action.codes }) };
      }
      case 'record': {
        keypad.clear(); // keys typed before the tone are not part of the message
        recording = await record(action.maxMs);
        report.recordedMs = Math.round(recording.length / 8);
        return { type: 'recorded', ms: report.recordedMs };
      }
      case 'playRecording':
        if (recording) await play(recording);
        return undefined;
      case 'send':
        report.timings.sendKeyAt = Date.now();
        try {
          const result = await sendSpokenAlert({ app, accountId: action.accountId, target: action.target, pcm: recording ?? new Int16Array(0), caller, callId });
          report.alertId = result.alert.id;
          report.timings.sentAt = Date.now();
          return { type: 'sent' };
        } catch (error) {
          app.logger.warn({ err: error, callId }, 'spoken alert not sent');
          return { type: 'sendFailed' };
        }
      case 'playAlert': {
        const pcm = await alertAudio(action.alertId);
        // Counted once heard to the end: what the member heard, not what was queued.
        if (pcm && (await play(pcm)) === 'done') report.alertAudioMs += Math.round(pcm.length / 8);
        return undefined;
      }
      case 'acknowledge':
        if (caller) report.acknowledged += await acknowledgeByCallback({ app, caller, alertId: action.alertId });
        return undefined;
      case 'hangup':
        return undefined;
    }
  }

  async function step(event: DialInEvent): Promise<void> {
    const transition = dialInTransition(state, event);
    state = transition.state;
    barge = new AbortController();
    if (keypad.pending > 0 && inputMode(state) !== 'none') barge.abort(); // typed ahead: no prompt to wait for
    for (const action of transition.actions) {
      const next = await perform(action);
      if (next) return step(next);
    }
  }

  /** The next input for the current state: a key, a `#`-ended entry, or the end of the wait. */
  async function nextInput(): Promise<DialInEvent> {
    if (inputMode(state) === 'key') {
      const key = await keypad.key(keyWaitMs);
      if (ended) return { type: 'hungUp' };
      return key === undefined ? { type: 'played' } : { type: 'key', key };
    }
    const entry = await keypad.entry({ firstMs: entryWaitMs, interDigitMs });
    // Nothing typed within the wait: the caller is gone.
    if (ended || entry === undefined) return { type: 'hungUp' };
    return { type: 'entry', digits: entry };
  }

  const member = await callbackAlerts({ app, caller });
  if (member && isLocale(member.language)) language = member.language;
  await step({ type: 'answered', memberAlerts: member?.alerts });
  while (state.step !== 'ended' && !ended) {
    const event = await nextInput();
    if (event.type === 'hungUp' && !ended) {
      // A silent line: say goodbye rather than hold a channel of the trunk.
      await step({ type: 'hungUp' });
      break;
    }
    await step(event);
  }
  if (state.step === 'ended') report.outcome = state.outcome;
  if (!ended) await call.hangup();
  options.onCallEnded?.(report);
}
