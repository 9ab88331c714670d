/**
 * The voice channel over SIP: one user agent per node (registered with the trunk when it has
 * credentials), a media session per call. A call is refused before any packet when the number is
 * not a fixed or mobile number of an allowed country (toll fraud); otherwise the audio is rendered,
 * the member's phone rings, and on answer the script plays (src/channels/voice/voice-script.ts).
 * This file is the only bridge between the application and the SIP/RTP library in src/telephony.
 */
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { Config } from '../../config/config.ts';
import { ConfigError } from '../../config/config.ts';
import { type MediaSession, type MediaStats, createMediaSession } from '../../telephony/media/media-session.ts';
import { CallFailure, type CallFailureKind, type OutgoingCall, type SipLog, type TrunkOptions, type UserAgent, type UserAgentOptions, createUserAgent } from '../../telephony/sip/user-agent.ts';
import type { ChannelHealth, SendOutcome } from '../channel.ts';
import { type Speech, createSpeech } from './speech.ts';
import { type CallAudio, type ScriptResult, runVoiceScript } from './voice-script.ts';
import { callableNumber } from './voice-number.models.ts';
import type { VoiceDriver, VoiceMessage } from './voice.channel.ts';

/** What one call came to, for the log and for tests that check the audio went both ways. */
export type CallReport = { to: string; callId?: string; outcome: SendOutcome; script?: ScriptResult; media?: MediaStats };

export type SipVoiceDriverOptions = {
  /** The user agent: bind, advertise, trunk, allowed sources (and SIP timers in tests). */
  sip: UserAgentOptions;
  /** Register with the trunk; by default when it has a user name (IP-authenticated trunks do not want it). */
  register?: boolean;
  /** RTP: the address bound and announced in SDP, and the ports to use. */
  rtp: { address: string; portRange: [number, number] };
  speech: Speech;
  /** Calls at once on this node (the dispatcher's voice concurrency: one source of truth). */
  maxCalls: number;
  ringTimeoutMs: number;
  /** ISO country codes whose fixed and mobile numbers may be called. */
  countries: readonly string[];
  digitTimeoutMs?: number;
  maxPlays?: number;
  log?: SipLog;
  onCallEnded?: (report: CallReport) => void;
};

/** How often health() tries again to start a user agent whose start failed. */
const START_RETRY_MS = 5000;

/** Retryable call failures and the words kept on the step ("busy: 486 Busy Here"). */
const RETRYABLE: readonly CallFailureKind[] = ['busy', 'no_answer', 'unreachable', 'auth_failed', 'cancelled'];

function failureOutcome(failure: CallFailure): SendOutcome {
  const detail = failure.status ? `${failure.status}${failure.reason ? ` ${failure.reason}` : ''}` : failure.reason;
  const reason = detail ? `${failure.kind}: ${detail}` : failure.kind;
  // A number the trunk refuses (404, 484, 603 …) will not work later: final. The rest is retried.
  return { kind: RETRYABLE.includes(failure.kind) ? 'failed_retryable' : 'failed_permanent', reason };
}

export function createSipVoiceDriver(options: SipVoiceDriverOptions): VoiceDriver {
  const log: SipLog = options.log ?? (() => {});
  const digitTimeoutMs = options.digitTimeoutMs ?? 8000;
  const maxPlays = options.maxPlays ?? 3;
  let active = 0;
  const createdAt = Date.now();

  let started: Promise<UserAgent> | undefined;
  let running: UserAgent | undefined;
  /** The last start that failed (the SIP port taken): since when, and when it was last tried. */
  let startFailure: { since: number; at: number; reason: string } | undefined;

  /** Binds on first use: a command that never calls (migrate, admin) never takes the SIP port. */
  function userAgent(): Promise<UserAgent> {
    if (started) return started;
    const starting = createUserAgent(options.sip).then((ua) => {
      running = ua;
      startFailure = undefined;
      // Registration refreshes itself and retries with backoff; calls do not wait for it (a trunk
      // that wants credentials challenges the INVITE, which the user agent answers).
      if (options.register ?? options.sip.trunk?.username !== undefined) ua.register().catch((error: unknown) => log('warn', 'SIP registration with the trunk failed', { error: String(error) }));
      return ua;
    });
    started = starting;
    // A bind that fails (port taken) fails this send, retryably, and the next send tries again.
    starting.catch((error: unknown) => {
      log('warn', 'SIP user agent did not start', { error: String(error) });
      startFailure = { since: startFailure?.since ?? Date.now(), at: Date.now(), reason: `SIP user agent did not start: ${(error as Error).message}` };
      if (started === starting) started = undefined;
    });
    return starting;
  }

  async function renderAudio(message: VoiceMessage): Promise<CallAudio> {
    const say = (text: string | undefined) => (text && text.trim() !== '' ? options.speech.synthesize({ text, language: message.language }) : Promise.resolve(undefined));
    const structured = message.body !== undefined || message.recording !== undefined;
    // A recording that cannot be read: the text still gets the message across.
    const play = (recording: string | Uint8Array | undefined) =>
      recording
        ? options.speech.convertRecording(recording).catch((error: unknown) => {
            log('warn', 'voice recording unreadable, speaking the text instead', { error: String(error) });
            return undefined;
          })
        : Promise.resolve(undefined);
    const body = (await play(message.recording)) ?? (await say(structured ? (message.body ?? message.text) : message.text));
    if (!body) throw new Error('voice.nothing_to_say');
    const intro = structured ? ((await play(message.introRecording)) ?? (await say(message.intro))) : undefined;
    const prompt = message.prompt ? ((await play(message.promptRecording)) ?? (await say(message.prompt))) : undefined;
    return { intro, message: body, prompt };
  }

  async function answered(call: OutgoingCall, media: MediaSession, audio: CallAudio, to: string): Promise<SendOutcome> {
    try {
      media.acceptAnswer(call.remoteSdp);
    } catch (error) {
      // The phone speaks no G.711: it will not learn to.
      await call.hangup();
      const outcome: SendOutcome = { kind: 'failed_permanent', providerId: call.callId, reason: `media: ${(error as Error).message}` };
      options.onCallEnded?.({ to, callId: call.callId, outcome });
      return outcome;
    }
    let script: ScriptResult;
    try {
      script = await runVoiceScript({ media, call, audio, digitTimeoutMs, maxPlays });
    } finally {
      // Whatever happened, the member's line is freed (a no-op when they hung up first).
      await call.hangup();
    }
    const outcome: SendOutcome = { kind: script.outcome, providerId: call.callId };
    const stats = media.stats();
    // No number in the log: the Call-ID ties it to the step.
    log('info', 'call ended', { callId: call.callId, outcome: script.outcome, plays: script.plays, hungUp: script.hungUp, playedMs: script.playedMs, packetsSent: stats.packetsSent, packetsReceived: stats.packetsReceived });
    options.onCallEnded?.({ to, callId: call.callId, outcome, script, media: stats });
    return outcome;
  }

  async function send(message: VoiceMessage): Promise<SendOutcome> {
    const number = callableNumber(message.to, options.countries);
    if (!number.ok) {
      log('warn', 'voice call refused: number not allowed', { reason: number.reason });
      return { kind: 'failed_permanent', reason: `number not allowed: ${number.reason}` };
    }
    if (active >= options.maxCalls) return { kind: 'failed_retryable', reason: 'all lines busy on this node' };
    active += 1;
    let media: MediaSession | undefined;
    try {
      const audio = await renderAudio(message);
      const ua = await userAgent();
      // A phone whose SDP names another address than it sends from (NAT, an SBC) is still heard: its "1" counts.
      media = await createMediaSession({ address: options.rtp.address, portRange: options.rtp.portRange, latch: true });
      let call: OutgoingCall;
      try {
        call = await ua.call({ to: number.e164, sdp: media.createOffer(), ringTimeoutMs: options.ringTimeoutMs });
      } catch (error) {
        if (!(error instanceof CallFailure)) throw error;
        if (error.kind === 'auth_failed') log('warn', 'SIP trunk refused our credentials', { status: error.status });
        const outcome = failureOutcome(error);
        options.onCallEnded?.({ to: number.e164, outcome });
        return outcome;
      }
      return await answered(call, media, audio, number.e164);
    } finally {
      media?.close();
      active -= 1;
    }
  }

  /**
   * Down while the trunk refuses our registration or does not answer OPTIONS: the dispatcher then
   * holds voice steps and lets red ones fall over to another channel. Asking starts the user agent
   * (the dispatcher asks, a command that never calls does not), so the trunk is probed before the
   * first call; up while nothing is known yet.
   */
  function health(): ChannelHealth {
    if (!running) {
      // A start that failed is tried again at most every few seconds, not at every look.
      if (!startFailure || Date.now() - startFailure.at >= START_RETRY_MS) userAgent().catch(() => {});
      return startFailure ? { up: false, since: startFailure.since, reason: startFailure.reason } : { up: true, since: createdAt, reason: 'starting' };
    }
    const { failedSince, lastFailure: failure } = running.registration;
    if (failedSince !== undefined && failure) return { up: false, since: failedSince, reason: `registration ${failure.kind}${failure.status ? ` (${failure.status})` : ''}` };
    const reachability = running.trunkReachability();
    if (reachability?.state === 'unreachable') return { up: false, since: reachability.since, reason: reachability.reason ?? 'trunk unreachable' };
    return { up: true, since: reachability?.since ?? createdAt };
  }

  return {
    name: 'sip',
    send,
    health,
    async close() {
      const ua = await started?.catch(() => undefined);
      started = undefined;
      running = undefined;
      await ua?.close();
    },
  };
}

function hostPort(text: string): { host: string; port?: number } {
  const match = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(text);
  return { host: match?.[1] ?? text, port: match?.[2] ? Number(match[2]) : undefined };
}

/** `sip:user:password@host:port` → the trunk's proxy and credentials (user and password URL-decoded). */
export function sipTrunkFromUrl(url: string): { proxy: string; host: string; username?: string; password?: string } {
  const match = /^sip:(?:([^\s:@]+)(?::([^\s@]*))?@)?([^\s@:/]+)(?::(\d{1,5}))?$/.exec(url);
  if (!match) throw new ConfigError(['WAAKZAAM_SIP_TRUNK: must be sip:[user:password@]host[:port]']);
  const [, user, password, host, port] = match;
  return { proxy: `${host}:${port ?? 5060}`, host: host!, username: user ? decodeURIComponent(user) : undefined, password: password !== undefined ? decodeURIComponent(password) : undefined };
}

/** The driver's options from the configuration (`WAAKZAAM_VOICE_DRIVER=sip`). */
export function sipVoiceOptionsFromConfig(config: Pick<Config, 'voice' | 'dispatcher' | 'storage'>, log?: SipLog): SipVoiceDriverOptions {
  const { voice } = config;
  const problems: string[] = [];
  if (!voice.sipTrunk) problems.push('WAAKZAAM_SIP_TRUNK: required when WAAKZAAM_VOICE_DRIVER=sip');
  if (!voice.sipCallerId) problems.push('WAAKZAAM_SIP_CALLER_ID: required when WAAKZAAM_VOICE_DRIVER=sip (members do not answer hidden numbers)');
  const bind = hostPort(voice.sipBind);
  const advertise = voice.sipAdvertise ? hostPort(voice.sipAdvertise) : undefined;
  const unspecified = bind.host === '0.0.0.0' || bind.host === '::';
  if (unspecified && !advertise) problems.push('WAAKZAAM_SIP_ADVERTISE: required when WAAKZAAM_SIP_BIND listens on every address');
  if (problems.length > 0) throw new ConfigError(problems);
  const trunkUrl = sipTrunkFromUrl(voice.sipTrunk!);
  const trunk: TrunkOptions = { proxy: trunkUrl.proxy, domain: voice.sipDomain ?? trunkUrl.host, username: trunkUrl.username, password: trunkUrl.password, callerId: voice.sipCallerId!, keepaliveSeconds: voice.sipKeepaliveSeconds };
  const allowedSources = voice.sipAllowedSources
    ? voice.sipAllowedSources.split(',').map((source) => source.trim())
    : isIP(trunkUrl.host) ? [trunkUrl.host] : undefined;
  const [min, max] = voice.rtpPorts.split('-').map(Number) as [number, number];
  return {
    sip: { bind: { host: bind.host, port: bind.port ?? 5060 }, advertise, trunk, allowedSources, log },
    // RTP goes out from the address SDP announces: the advertised one when the bind is 0.0.0.0.
    rtp: { address: unspecified ? advertise!.host : bind.host, portRange: [min, max] },
    speech: createSpeech({ cacheDir: join(config.storage.dataDir, 'speech-cache') }),
    maxCalls: config.dispatcher.voiceConcurrency,
    ringTimeoutMs: voice.ringSeconds * 1000,
    countries: voice.countries.split(',').map((country) => country.trim()),
    log,
  };
}
