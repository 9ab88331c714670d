/**
 * One call's media: a UDP socket, the negotiated stream, paced sending of G.711 audio and RFC 4733
 * events, and decoding of what comes back. This is the API the voice channel driver uses.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { type G711Codec, G711_SILENCE, decodeG711, encodeG711 } from './g711.ts';
import { decodeRtp, encodeRtp, type RtpPacket } from './rtp.ts';
import { type Pacer, sharedPacer } from './pacer.ts';
import { type DtmfFrame, createDtmfReceiver, dtmfFrames } from './dtmf.ts';
import { type NegotiatedMedia, PTIME_MS, TELEPHONE_EVENT_PAYLOAD_TYPE, answerSdpOffer, createSdpOffer, readSdpAnswer } from './sdp.ts';

const SAMPLE_RATE = 8000;
const FRAME_SAMPLES = (SAMPLE_RATE * PTIME_MS) / 1000;
/** Mean absolute amplitude above which a received frame counts as sound (about -40 dBFS). */
const SILENCE_THRESHOLD = 330;
/** Keys kept for a listener not attached yet; a phone menu entry is far shorter. */
const MAX_EARLY_DIGITS = 64;
const CODEC_BY_PAYLOAD_TYPE = new Map<number, G711Codec>([[0, 'PCMU'], [8, 'PCMA']]);

export const MEDIA_ERROR_CODES = ['media.no_port', 'media.not_negotiated', 'media.no_telephone_event'] as const;
export type MediaErrorCode = (typeof MEDIA_ERROR_CODES)[number];

export class MediaError extends Error {
  readonly code: MediaErrorCode;
  constructor(code: MediaErrorCode, options?: { cause?: unknown }) {
    super(code, options);
    this.name = 'MediaError';
    this.code = code;
  }
}

export type MediaSessionOptions = {
  /** The IP address bound and announced in SDP. */
  address: string;
  /** RTP ports to choose from, inclusive; an even port is picked (RFC 3550 §11). */
  portRange?: [number, number];
  codecs?: G711Codec[];
  pacer?: Pacer;
  /**
   * Symmetric RTP: accept RTP from any address and send to wherever the peer's RTP comes from (a
   * peer behind NAT). Otherwise only packets from the IP address in the peer's SDP are accepted,
   * so a stranger who finds the port cannot inject audio or key presses.
   */
  symmetric?: boolean;
  /**
   * Symmetric RTP within trust rules: while nothing valid has come from the address in the
   * peer's SDP, the first source whose packets are RTP of a negotiated payload type on this
   * call's port is latched onto (answers go there), and from then on only that source with that
   * SSRC is heard. A phone whose SDP names another address than it sends from is still heard; a
   * second stranger is not.
   */
  latch?: boolean;
  /** Send silence while nothing plays, so the stream (and NAT bindings) stay alive. */
  sendSilenceWhenIdle?: boolean;
};

export type MediaStats = {
  packetsSent: number;
  packetsReceived: number;
  /** Datagrams that were not RTP of a negotiated payload type. */
  packetsInvalid: number;
  /** Datagrams dropped because they came from another address than the peer's. */
  packetsForeign: number;
  /** Audio received, in milliseconds of samples. */
  receivedMs: number;
  /** Of which above the silence threshold. */
  receivedNonSilentMs: number;
  /** RFC 3550 §6.4.1 interarrival jitter of the received stream, in milliseconds. */
  receiveJitterMs: number;
  /** Lateness of sends on the (shared) pacer, in milliseconds. */
  sendLateness: { meanMs: number; p50Ms: number; p99Ms: number; maxMs: number };
};

export type PlayResult = 'done' | 'stopped';
type Play = { pcm: Int16Array; offset: number; resolve: (result: PlayResult) => void; detach: () => void };
type DtmfSend = { frames: DtmfFrame[]; next: number; timestamp?: number; resolve: () => void };

async function bindSocket(address: string, [min, max]: [number, number]): Promise<Socket> {
  const evenPorts = Math.floor((max - min) / 2) + 1;
  let lastError: unknown;
  for (let attempt = 0; attempt < 30; attempt += 1) {
    const port = (min % 2 === 0 ? min : min + 1) + 2 * randomInt(evenPorts);
    if (port > max) continue;
    const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(port, address, () => {
          socket.off('error', reject);
          resolve();
        });
      });
      return socket;
    } catch (error) {
      lastError = error;
      socket.close();
    }
  }
  throw new MediaError('media.no_port', { cause: lastError });
}

/** Opens an RTP socket on `address` and returns the session that negotiates, plays and listens. */
export async function createMediaSession({ address, portRange = [16384, 32766], codecs = ['PCMA', 'PCMU'], pacer = sharedPacer(), symmetric = false, latch = false, sendSilenceWhenIdle = true }: MediaSessionOptions) {
  const socket = await bindSocket(address, portRange);
  const port = socket.address().port;
  const sessionId = String(randomInt(1, 2 ** 47));
  let sessionVersion = 0;
  const ssrc = randomInt(2 ** 32);
  let sequence = randomInt(2 ** 16);
  const timestampBase = randomInt(2 ** 32);
  let firstFrame: number | undefined;
  let marker = true;
  let media: NegotiatedMedia | undefined;
  let removeFromPacer: (() => void) | undefined;
  let closed = false;
  const plays: Play[] = [];
  const dtmfQueue: DtmfSend[] = [];
  const dtmfListeners: ((digit: string) => void)[] = [];
  const audioListeners: ((pcm: Int16Array) => void)[] = [];
  const receiveEventTypes = new Set([TELEPHONE_EVENT_PAYLOAD_TYPE]);
  const frame = new Int16Array(FRAME_SAMPLES);
  const stats = { packetsSent: 0, packetsReceived: 0, packetsInvalid: 0, packetsForeign: 0, receivedSamples: 0, receivedNonSilentSamples: 0, jitter: 0 };
  let lastTransit: { ssrc: number; transit: number } | undefined;
  /** The source latched onto (`latch`), and whether the signalled address has been heard (then nothing latches). */
  let latched: { address: string; port: number; ssrc: number } | undefined;
  let heardSignalled = false;

  /** Keys that arrived before anyone listened (a caller typing ahead of the call's logic), in order. */
  const earlyDigits: string[] = [];
  const dtmf = createDtmfReceiver((digit) => {
    if (dtmfListeners.length === 0) {
      if (earlyDigits.length < MAX_EARLY_DIGITS) earlyDigits.push(digit);
      return;
    }
    dtmfListeners.forEach((listener) => listener(digit));
  });

  function send(packet: RtpPacket) {
    if (!media) return;
    stats.packetsSent += 1;
    socket.send(encodeRtp(packet), media.remote.port, media.remote.address);
  }

  function nextAudioFrame(): Int16Array | undefined {
    const play = plays[0];
    if (!play) return undefined;
    const end = Math.min(play.offset + FRAME_SAMPLES, play.pcm.length);
    frame.fill(0);
    frame.set(play.pcm.subarray(play.offset, end));
    play.offset = end;
    if (end >= play.pcm.length) {
      plays.shift();
      play.detach();
      play.resolve('done');
    }
    return frame;
  }

  /** Runs once per 20 ms frame on the pacer: one packet, DTMF first, then audio, then silence. */
  function tick(pacerFrame: number) {
    if (!media) return;
    firstFrame ??= pacerFrame;
    const timestamp = (timestampBase + (pacerFrame - firstFrame) * FRAME_SAMPLES) >>> 0;
    const canSend = media.direction === 'sendrecv' || media.direction === 'sendonly';
    const event = media.telephoneEventPayloadType === undefined ? undefined : dtmfQueue[0];
    if (event) {
      // RFC 4733 §2.5.1.1: every packet of one event carries the timestamp of its start.
      event.timestamp ??= timestamp;
      const next = event.frames[event.next]!;
      event.next += 1;
      if (canSend) send({ marker: next.marker, payloadType: media.telephoneEventPayloadType!, sequenceNumber: sequence++ & 0xffff, timestamp: event.timestamp, ssrc, csrcs: [], payload: next.payload });
      if (event.next >= event.frames.length) {
        dtmfQueue.shift();
        event.resolve();
      }
      return;
    }
    const audio = nextAudioFrame();
    if (!audio && !sendSilenceWhenIdle) {
      marker = true; // RFC 3551 §4.1: the first packet of a talkspurt has the marker bit
      return;
    }
    if (!canSend) return;
    const payload = audio ? encodeG711(media.codec, audio) : new Uint8Array(FRAME_SAMPLES).fill(G711_SILENCE[media.codec]);
    send({ marker, payloadType: media.payloadType, sequenceNumber: sequence++ & 0xffff, timestamp, ssrc, csrcs: [], payload });
    marker = false;
  }

  function receive(message: Buffer, from: RemoteInfo) {
    const fromSignalled = media !== undefined && from.address === media.remote.address && latched === undefined;
    const fromLatched = latched !== undefined && from.address === latched.address && from.port === latched.port;
    // Without symmetric RTP: the signalled address; with a latch, also one other source, the first.
    const mayLatch = latch && !heardSignalled && latched === undefined;
    if (!media || (!symmetric && !fromSignalled && !fromLatched && !mayLatch)) {
      stats.packetsForeign += 1;
      return;
    }
    const decoded = decodeRtp(message);
    if (!decoded.ok) {
      stats.packetsInvalid += 1;
      return;
    }
    const packet = decoded.packet;
    const codec = CODEC_BY_PAYLOAD_TYPE.get(packet.payloadType);
    const isEvent = receiveEventTypes.has(packet.payloadType);
    if (!codec && !isEvent) {
      stats.packetsInvalid += 1;
      return;
    }
    if (fromLatched && packet.ssrc !== latched!.ssrc) {
      stats.packetsForeign += 1;
      return;
    }
    if (fromSignalled) heardSignalled = true;
    else if (!symmetric && !fromLatched) {
      // The first valid RTP of a negotiated type from elsewhere: the phone's real source.
      latched = { address: from.address, port: from.port, ssrc: packet.ssrc };
      media.remote = { address: from.address, port: from.port };
    }
    stats.packetsReceived += 1;
    if (symmetric && (media.remote.address !== from.address || media.remote.port !== from.port)) media.remote = { address: from.address, port: from.port };
    if (isEvent) {
      dtmf.receive(packet);
      return;
    }
    updateJitter(packet);
    const pcm = decodeG711(codec!, packet.payload);
    stats.receivedSamples += pcm.length;
    let sum = 0;
    for (let i = 0; i < pcm.length; i += 1) sum += Math.abs(pcm[i]!);
    if (pcm.length > 0 && sum / pcm.length > SILENCE_THRESHOLD) stats.receivedNonSilentSamples += pcm.length;
    audioListeners.forEach((listener) => listener(pcm));
  }

  /** RFC 3550 §6.4.1 and A.8: J += (|D(i-1,i)| - J) / 16, in timestamp units. */
  function updateJitter(packet: RtpPacket) {
    const arrival = Number(process.hrtime.bigint() / 125_000n); // in 1/8000 s
    const transit = arrival - packet.timestamp;
    if (lastTransit && lastTransit.ssrc === packet.ssrc) stats.jitter += (Math.abs(transit - lastTransit.transit) - stats.jitter) / 16;
    lastTransit = { ssrc: packet.ssrc, transit };
  }

  socket.on('message', receive);
  socket.on('error', () => undefined); // ICMP unreachable and the like: RTP is best effort

  function negotiate(result: NegotiatedMedia) {
    media = result;
    if (result.telephoneEventPayloadType !== undefined) receiveEventTypes.add(result.telephoneEventPayloadType);
    if (!removeFromPacer && !closed) removeFromPacer = pacer.add(tick);
  }

  const local = () => ({ address, port, sessionId, sessionVersion: sessionVersion++, codecs });

  return {
    address,
    port,
    /** Our SDP offer (PCMA, PCMU, telephone-event 101, ptime 20). */
    createOffer(): string {
      return createSdpOffer(local());
    },
    /** Takes the peer's answer to our offer and starts the stream. Throws SdpError (488). */
    acceptAnswer(sdp: string): void {
      negotiate(readSdpAnswer(sdp, { codecs }));
    },
    /** Answers the peer's offer (also a re-INVITE, e.g. hold) and starts the stream. Throws SdpError (488). */
    answerOffer(sdp: string): string {
      const answer = answerSdpOffer(sdp, local());
      negotiate(answer.media);
      return answer.sdp;
    },
    get negotiated(): NegotiatedMedia | undefined {
      return media;
    },
    /** Plays 8 kHz mono PCM, paced at 20 ms, after what is already queued. */
    play(pcm: Int16Array, { signal }: { signal?: AbortSignal } = {}): Promise<PlayResult> {
      if (!media) return Promise.reject(new MediaError('media.not_negotiated'));
      if (closed || signal?.aborted) return Promise.resolve('stopped');
      return new Promise((resolve) => {
        const onAbort = () => {
          const index = plays.indexOf(play);
          if (index !== -1) plays.splice(index, 1);
          resolve('stopped');
        };
        const play: Play = { pcm, offset: 0, resolve, detach: () => signal?.removeEventListener('abort', onAbort) };
        signal?.addEventListener('abort', onAbort, { once: true });
        plays.push(play);
      });
    },
    /**
     * Listens for RFC 4733 digits ('0'-'9', '*', '#', 'A'-'D'); each key press is reported once.
     * The first listener also receives, in order, the keys that arrived before it was attached.
     */
    onDtmf(listener: (digit: string) => void): void {
      dtmfListeners.push(listener);
      for (const digit of earlyDigits.splice(0)) listener(digit);
    },
    /** Listens for decoded received audio, one frame at a time. */
    onAudio(listener: (pcm: Int16Array) => void): void {
      audioListeners.push(listener);
    },
    /** Sends a digit as RFC 4733 events (audio pauses meanwhile); resolves once the last packet is out. Rejects with media.no_telephone_event when the peer did not accept telephone-events. */
    sendDtmf(digit: string, options: { durationMs?: number } = {}): Promise<void> {
      if (!media) return Promise.reject(new MediaError('media.not_negotiated'));
      if (media.telephoneEventPayloadType === undefined) return Promise.reject(new MediaError('media.no_telephone_event'));
      const frames = dtmfFrames(digit, options);
      if (closed) return Promise.resolve();
      return new Promise((resolve) => dtmfQueue.push({ frames, next: 0, resolve }));
    },
    stats(): MediaStats {
      return {
        packetsSent: stats.packetsSent,
        packetsReceived: stats.packetsReceived,
        packetsInvalid: stats.packetsInvalid,
        packetsForeign: stats.packetsForeign,
        receivedMs: stats.receivedSamples / (SAMPLE_RATE / 1000),
        receivedNonSilentMs: stats.receivedNonSilentSamples / (SAMPLE_RATE / 1000),
        receiveJitterMs: stats.jitter / (SAMPLE_RATE / 1000),
        sendLateness: pacer.stats().lateness,
      };
    },
    /** Stops sending, closes the socket; pending plays resolve 'stopped'. */
    close(): void {
      if (closed) return;
      closed = true;
      removeFromPacer?.();
      for (const play of plays.splice(0)) {
        play.detach();
        play.resolve('stopped');
      }
      for (const event of dtmfQueue.splice(0)) event.resolve();
      socket.close();
    },
  };
}

export type MediaSession = Awaited<ReturnType<typeof createMediaSession>>;
