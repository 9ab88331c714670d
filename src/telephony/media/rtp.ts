/**
 * RTP packets (RFC 3550 §5.1). Decoding faces the network: any byte sequence yields either a
 * packet or a typed reason, never an exception.
 *
 *    0                   1                   2                   3
 *   |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 *   |                           timestamp                           |
 *   |           synchronization source (SSRC) identifier            |
 *   |            contributing source (CSRC) identifiers             | (CC × 32 bits)
 */

export type RtpHeaderExtension = {
  /** RFC 3550 §5.3.1: "defined by profile" 16 bits. */
  profile: number;
  /** The extension body, a multiple of 4 bytes. */
  data: Uint8Array;
};

export type RtpPacket = {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrcs: number[];
  extension?: RtpHeaderExtension;
  payload: Uint8Array;
  /** Padding bytes to append (encoding) or that were removed (decoding), RFC 3550 §5.1 P bit. */
  paddingLength?: number;
};

export const RTP_DECODE_FAILURES = ['too_short', 'bad_version', 'csrc_overflow', 'extension_overflow', 'bad_padding'] as const;
export type RtpDecodeFailure = (typeof RTP_DECODE_FAILURES)[number];
export type RtpDecodeResult = { ok: true; packet: RtpPacket } | { ok: false; reason: RtpDecodeFailure };

const FIXED_HEADER = 12;

/** Serialises a packet. Fields are masked to their widths; the caller keeps them in range. */
export function encodeRtp(packet: RtpPacket): Uint8Array {
  const csrcCount = Math.min(packet.csrcs.length, 15);
  const extension = packet.extension;
  if (extension && extension.data.length % 4 !== 0) throw new RangeError('RTP header extension length must be a multiple of 4 bytes');
  const padding = packet.paddingLength ?? 0;
  if (padding < 0 || padding > 255) throw new RangeError('RTP padding must be 0..255 bytes');
  const extensionBytes = extension ? 4 + extension.data.length : 0;
  const length = FIXED_HEADER + csrcCount * 4 + extensionBytes + packet.payload.length + padding;
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, (2 << 6) | (padding > 0 ? 0x20 : 0) | (extension ? 0x10 : 0) | csrcCount);
  view.setUint8(1, (packet.marker ? 0x80 : 0) | (packet.payloadType & 0x7f));
  view.setUint16(2, packet.sequenceNumber & 0xffff);
  view.setUint32(4, packet.timestamp >>> 0);
  view.setUint32(8, packet.ssrc >>> 0);
  let offset = FIXED_HEADER;
  for (let i = 0; i < csrcCount; i += 1, offset += 4) view.setUint32(offset, packet.csrcs[i]! >>> 0);
  if (extension) {
    view.setUint16(offset, extension.profile & 0xffff);
    view.setUint16(offset + 2, extension.data.length / 4);
    bytes.set(extension.data, offset + 4);
    offset += extensionBytes;
  }
  bytes.set(packet.payload, offset);
  // RFC 3550 §5.1: the last octet of the padding counts the padding octets, itself included.
  if (padding > 0) bytes[length - 1] = padding;
  return bytes;
}

/** Parses a datagram; the payload is a view on the input, not a copy. */
export function decodeRtp(bytes: Uint8Array): RtpDecodeResult {
  if (bytes.length < FIXED_HEADER) return { ok: false, reason: 'too_short' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = view.getUint8(0);
  if (first >> 6 !== 2) return { ok: false, reason: 'bad_version' };
  const hasPadding = (first & 0x20) !== 0;
  const hasExtension = (first & 0x10) !== 0;
  const csrcCount = first & 0x0f;
  let offset = FIXED_HEADER + csrcCount * 4;
  if (offset > bytes.length) return { ok: false, reason: 'csrc_overflow' };
  const csrcs: number[] = [];
  for (let i = 0; i < csrcCount; i += 1) csrcs.push(view.getUint32(FIXED_HEADER + i * 4));
  let extension: RtpHeaderExtension | undefined;
  if (hasExtension) {
    if (offset + 4 > bytes.length) return { ok: false, reason: 'extension_overflow' };
    const profile = view.getUint16(offset);
    const words = view.getUint16(offset + 2);
    const end = offset + 4 + words * 4;
    if (end > bytes.length) return { ok: false, reason: 'extension_overflow' };
    extension = { profile, data: bytes.subarray(offset + 4, end) };
    offset = end;
  }
  let end = bytes.length;
  let paddingLength = 0;
  if (hasPadding) {
    paddingLength = bytes[bytes.length - 1]!;
    if (paddingLength === 0 || offset + paddingLength > bytes.length) return { ok: false, reason: 'bad_padding' };
    end -= paddingLength;
  }
  const second = view.getUint8(1);
  const packet: RtpPacket = {
    marker: (second & 0x80) !== 0,
    payloadType: second & 0x7f,
    sequenceNumber: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    csrcs,
    payload: bytes.subarray(offset, end),
  };
  if (extension) packet.extension = extension;
  if (paddingLength > 0) packet.paddingLength = paddingLength;
  return { ok: true, packet };
}
