/**
 * ITU-T G.711 A-law and μ-law, table-driven. The tables are computed once from the segment
 * definitions of the Recommendation (the classic Sun reference implementation), so encoding and
 * decoding a 20 ms frame is a plain lookup per sample.
 */

export const G711_CODECS = ['PCMA', 'PCMU'] as const;
export type G711Codec = (typeof G711_CODECS)[number];

/** ITU-T G.711 Table 1a: A-law segment end points on the 13-bit magnitude. */
const A_LAW_SEGMENT_ENDS = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];
/** ITU-T G.711 Table 2a: μ-law segment end points on the 14-bit biased magnitude. */
const MU_LAW_SEGMENT_ENDS = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff];
const MU_LAW_BIAS = 0x84;
const MU_LAW_CLIP = 8159;

function segmentOf(value: number, ends: number[]): number {
  const index = ends.findIndex((end) => value <= end);
  return index === -1 ? ends.length : index;
}

function alawFromLinear(sample: number): number {
  let value = sample >> 3;
  let mask: number;
  if (value >= 0) {
    mask = 0xd5; // sign bit set, even bits inverted (G.711 §A: alternate bit inversion)
  } else {
    mask = 0x55;
    value = -value - 1;
  }
  const segment = segmentOf(value, A_LAW_SEGMENT_ENDS);
  if (segment >= 8) return 0x7f ^ mask;
  const mantissa = segment < 2 ? (value >> 1) & 0x0f : (value >> segment) & 0x0f;
  return ((segment << 4) | mantissa) ^ mask;
}

function linearFromAlaw(code: number): number {
  const value = code ^ 0x55;
  let magnitude = (value & 0x0f) << 4;
  const segment = (value & 0x70) >> 4;
  if (segment === 0) magnitude += 8;
  else magnitude = (magnitude + 0x108) << (segment - 1);
  return value & 0x80 ? magnitude : -magnitude;
}

function ulawFromLinear(sample: number): number {
  let value = sample >> 2;
  let mask: number;
  if (value < 0) {
    value = -value;
    mask = 0x7f;
  } else {
    mask = 0xff;
  }
  if (value > MU_LAW_CLIP) value = MU_LAW_CLIP;
  value += MU_LAW_BIAS >> 2;
  const segment = segmentOf(value, MU_LAW_SEGMENT_ENDS);
  if (segment >= 8) return 0x7f ^ mask;
  return ((segment << 4) | ((value >> (segment + 1)) & 0x0f)) ^ mask;
}

function linearFromUlaw(code: number): number {
  const value = ~code & 0xff;
  const magnitude = (((value & 0x0f) << 3) + MU_LAW_BIAS) << ((value & 0x70) >> 4);
  return value & 0x80 ? MU_LAW_BIAS - magnitude : magnitude - MU_LAW_BIAS;
}

function buildEncodeTable(encode: (sample: number) => number): Uint8Array {
  // Indexed by the sample's 16-bit two's complement pattern (sample & 0xffff).
  const table = new Uint8Array(65536);
  for (let sample = -32768; sample <= 32767; sample += 1) table[sample & 0xffff] = encode(sample);
  return table;
}

function buildDecodeTable(decode: (code: number) => number): Int16Array {
  const table = new Int16Array(256);
  for (let code = 0; code < 256; code += 1) table[code] = decode(code);
  return table;
}

const ENCODE: Record<G711Codec, Uint8Array> = { PCMA: buildEncodeTable(alawFromLinear), PCMU: buildEncodeTable(ulawFromLinear) };
const DECODE: Record<G711Codec, Int16Array> = { PCMA: buildDecodeTable(linearFromAlaw), PCMU: buildDecodeTable(linearFromUlaw) };

/** The code a silent sample (0) encodes to: 0xD5 in A-law, 0xFF in μ-law. */
export const G711_SILENCE: Record<G711Codec, number> = { PCMA: 0xd5, PCMU: 0xff };

/** Encodes 16-bit linear PCM to G.711, one byte per sample. */
export function encodeG711(codec: G711Codec, pcm: Int16Array, into: Uint8Array = new Uint8Array(pcm.length)): Uint8Array {
  const table = ENCODE[codec];
  for (let i = 0; i < pcm.length; i += 1) into[i] = table[pcm[i]! & 0xffff]!;
  return into;
}

/** Decodes G.711 bytes to 16-bit linear PCM. */
export function decodeG711(codec: G711Codec, payload: Uint8Array, into: Int16Array = new Int16Array(payload.length)): Int16Array {
  const table = DECODE[codec];
  for (let i = 0; i < payload.length; i += 1) into[i] = table[payload[i]!]!;
  return into;
}
