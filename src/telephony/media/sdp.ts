/**
 * SDP offer/answer (RFC 3264) for one G.711 audio stream with RFC 4733 telephone-events, written
 * and parsed with sdp-transform.
 */
import { parse, write, type MediaDescription, type SessionDescription } from 'sdp-transform';
import { type G711Codec } from './g711.ts';

export const MEDIA_DIRECTIONS = ['sendrecv', 'sendonly', 'recvonly', 'inactive'] as const;
export type MediaDirection = (typeof MEDIA_DIRECTIONS)[number];

/** RFC 3551 Table 4: the static payload types of G.711. */
export const STATIC_PAYLOAD_TYPES: Record<G711Codec, number> = { PCMU: 0, PCMA: 8 };
export const TELEPHONE_EVENT_PAYLOAD_TYPE = 101;
export const PTIME_MS = 20;

/** What both sides agreed on, from our point of view. */
export type NegotiatedMedia = {
  codec: G711Codec;
  /** The payload type of our audio packets. */
  payloadType: number;
  /** The payload type for telephone-events we send; undefined when the peer did not accept them. */
  telephoneEventPayloadType?: number;
  /** Where our RTP goes (the peer's connection address and port). */
  remote: { address: string; port: number };
  /** Our direction: `recvonly` or `inactive` when the peer holds the call. */
  direction: MediaDirection;
};

export const SDP_ERROR_CODES = ['sdp.malformed', 'sdp.no_audio', 'sdp.no_common_codec'] as const;
export type SdpErrorCode = (typeof SDP_ERROR_CODES)[number];

/** A description we cannot use. The signalling layer answers it with `sipStatus`. */
export class SdpError extends Error {
  readonly code: SdpErrorCode;
  /** RFC 3261 §21.4.26: 488 Not Acceptable Here. */
  readonly sipStatus = 488;

  constructor(code: SdpErrorCode, detail?: string) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'SdpError';
    this.code = code;
  }
}

export type LocalMedia = {
  /** The IP address put in `o=` and `c=`. */
  address: string;
  port: number;
  /** `o=` session id and version (RFC 4566 §5.2); bump the version on every new offer. */
  sessionId: string;
  sessionVersion: number;
  /** Our codecs in order of preference. */
  codecs?: readonly G711Codec[];
  direction?: MediaDirection;
};

const DEFAULT_CODECS: readonly G711Codec[] = ['PCMA', 'PCMU'];

function ipVersion(address: string): 4 | 6 {
  return address.includes(':') ? 6 : 4;
}

function audioMedia(local: LocalMedia, codecs: { codec: G711Codec; payload: number }[], telephoneEvent: number | undefined, direction: MediaDirection): MediaDescription {
  const payloads = [...codecs.map((c) => c.payload), ...(telephoneEvent === undefined ? [] : [telephoneEvent])];
  const rtp: MediaDescription['rtp'] = codecs.map((c) => ({ payload: c.payload, codec: c.codec, rate: 8000 }));
  const fmtp: MediaDescription['fmtp'] = [];
  if (telephoneEvent !== undefined) {
    rtp.push({ payload: telephoneEvent, codec: 'telephone-event', rate: 8000 });
    // RFC 4733 §2.4.1: events 0-15 are the DTMF digits, 16 is flash.
    fmtp.push({ payload: telephoneEvent, config: '0-16' });
  }
  return { type: 'audio', port: local.port, protocol: 'RTP/AVP', payloads: payloads.join(' '), rtp, fmtp, ptime: PTIME_MS, direction };
}

function session(local: LocalMedia, media: MediaDescription[]): string {
  const description: SessionDescription = {
    version: 0,
    origin: { username: '-', sessionId: local.sessionId, sessionVersion: local.sessionVersion, netType: 'IN', ipVer: ipVersion(local.address), address: local.address },
    name: '-',
    connection: { version: ipVersion(local.address), ip: local.address },
    timing: { start: 0, stop: 0 },
    media,
  };
  return write(description);
}

/** An offer for PCMA (8), PCMU (0) and telephone-event (101, events 0-16), ptime 20. */
export function createSdpOffer(local: LocalMedia): string {
  const codecs = (local.codecs ?? DEFAULT_CODECS).map((codec) => ({ codec, payload: STATIC_PAYLOAD_TYPES[codec] }));
  return session(local, [audioMedia(local, codecs, TELEPHONE_EVENT_PAYLOAD_TYPE, local.direction ?? 'sendrecv')]);
}

type RemoteAudio = { index: number; media: MediaDescription; address: string; codecs: { codec: G711Codec; payload: number }[]; telephoneEvent?: number; direction: MediaDirection };

function parseDescription(text: string): SessionDescription {
  let description: SessionDescription;
  try {
    description = parse(text);
  } catch (error) {
    throw new SdpError('sdp.malformed', (error as Error).message);
  }
  if (!Array.isArray(description.media) || description.media.length === 0) throw new SdpError('sdp.malformed', 'no m= line');
  return description;
}

/** Reads the first RTP/AVP audio stream with a port; the codecs it lists that we support, in its order. */
function remoteAudio(description: SessionDescription, supported: readonly G711Codec[]): RemoteAudio {
  const index = description.media.findIndex((m) => m.type === 'audio' && /^RTP\/AVPF?$/.test(m.protocol) && m.port > 0);
  const media = description.media[index];
  if (!media) throw new SdpError('sdp.no_audio');
  const address = media.connection?.ip ?? description.connection?.ip;
  if (!address || !Number.isInteger(media.port) || media.port > 65535) throw new SdpError('sdp.malformed', 'no connection address or port');
  const payloads = String(media.payloads ?? '').split(' ').filter(Boolean).map(Number);
  const maps = new Map((media.rtp ?? []).map((r) => [r.payload, r]));
  const codecs: RemoteAudio['codecs'] = [];
  let telephoneEvent: number | undefined;
  for (const payload of payloads) {
    const map = maps.get(payload);
    const name = map?.codec.toUpperCase();
    // RFC 3551 §6: static payload types need no rtpmap.
    const codec = (Object.keys(STATIC_PAYLOAD_TYPES) as G711Codec[]).find((c) => name === c || (!map && STATIC_PAYLOAD_TYPES[c] === payload));
    if (codec && supported.includes(codec) && (!map || map.rate === 8000)) codecs.push({ codec, payload });
    if (name === 'TELEPHONE-EVENT' && map?.rate === 8000 && telephoneEvent === undefined) telephoneEvent = payload;
  }
  if (codecs.length === 0) throw new SdpError('sdp.no_common_codec', `offered payloads ${payloads.join(' ')}`);
  const direction = media.direction ?? description.direction ?? 'sendrecv';
  return { index, media, address, codecs, telephoneEvent, direction: MEDIA_DIRECTIONS.includes(direction) ? direction : 'sendrecv' };
}

/** RFC 3264 §6.1: the answerer mirrors the offerer's direction; RFC 3264 §8.4: 0.0.0.0 is the old hold. */
function ourDirection(remote: MediaDirection, address: string): MediaDirection {
  const mirrored: MediaDirection = remote === 'sendonly' ? 'recvonly' : remote === 'recvonly' ? 'sendonly' : remote;
  if (address === '0.0.0.0' || address === '::') return mirrored === 'sendrecv' || mirrored === 'recvonly' ? 'recvonly' : 'inactive';
  return mirrored;
}

function negotiated(remote: RemoteAudio, first: { codec: G711Codec; payload: number }): NegotiatedMedia {
  const result: NegotiatedMedia = {
    codec: first.codec,
    payloadType: first.payload,
    remote: { address: remote.address, port: remote.media.port },
    direction: ourDirection(remote.direction, remote.address),
  };
  if (remote.telephoneEvent !== undefined) result.telephoneEventPayloadType = remote.telephoneEvent;
  return result;
}

/**
 * Answers an offer: the first offered codec we support (the offerer's preference), telephone-event
 * with the offerer's payload type when offered, other streams rejected with port 0 (RFC 3264 §6).
 * Throws SdpError (488) when no audio stream or no common codec is found.
 */
export function answerSdpOffer(offer: string, local: LocalMedia): { sdp: string; media: NegotiatedMedia } {
  const description = parseDescription(offer);
  const remote = remoteAudio(description, local.codecs ?? DEFAULT_CODECS);
  const chosen = remote.codecs[0]!;
  const result = negotiated(remote, chosen);
  const media = description.media.map((m, index): MediaDescription => {
    if (index === remote.index) return audioMedia(local, [chosen], remote.telephoneEvent, result.direction);
    const first = String(m.payloads ?? '0').split(' ')[0] ?? '0';
    return { type: m.type, port: 0, protocol: m.protocol, payloads: first, rtp: [], fmtp: [] };
  });
  return { sdp: session(local, media), media: result };
}

/** Reads the answer to our offer: the first codec of the answer that we support. Throws SdpError. */
export function readSdpAnswer(answer: string, { codecs = DEFAULT_CODECS }: { codecs?: readonly G711Codec[] } = {}): NegotiatedMedia {
  const remote = remoteAudio(parseDescription(answer), codecs);
  return negotiated(remote, remote.codecs[0]!);
}
