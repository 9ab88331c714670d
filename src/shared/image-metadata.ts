import { crc32 } from 'node:zlib';

/**
 * Removes what a photo says about where, when and with what it was taken, without decoding it:
 * the segments (JPEG) and chunks (PNG) that carry metadata are left out, the image data is copied
 * byte for byte. A file that is not a complete JPEG or PNG is refused, whatever its name says.
 */
export const IMAGE_TYPES = ['image/jpeg', 'image/png'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

export const IMAGE_PROBLEMS = ['unknown_type', 'truncated', 'malformed'] as const;
export type ImageProblem = (typeof IMAGE_PROBLEMS)[number];

/** Why an image was refused; the caller turns the problem into a message for people. */
export class ImageMetadataError extends Error {
  readonly problem: ImageProblem;

  constructor(problem: ImageProblem, detail: string) {
    super(`${problem}: ${detail}`);
    this.name = 'ImageMetadataError';
    this.problem = problem;
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The type the first bytes announce (never the file name or the declared type). */
export function detectImageType(data: Uint8Array): ImageType | undefined {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((byte, i) => data[i] === byte)) return 'image/png';
  return undefined;
}

/** The image without its metadata, and its type. Throws ImageMetadataError for anything else. */
export function stripImageMetadata(data: Uint8Array): { type: ImageType; data: Buffer } {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const type = detectImageType(bytes);
  if (type === 'image/jpeg') return { type, data: stripJpeg(bytes) };
  if (type === 'image/png') return { type, data: stripPng(bytes) };
  throw new ImageMetadataError('unknown_type', 'neither JPEG nor PNG');
}

// JPEG (ITU-T T.81 Annex B): markers are 0xFF followed by a code. SOI, EOI, TEM and RSTn stand
// alone; every other marker is followed by a two-byte big-endian length that counts itself.
const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const TEM = 0x01;
const APP0 = 0xe0;
const APP14 = 0xee;
const COM = 0xfe;
const isRst = (code: number) => code >= 0xd0 && code <= 0xd7;
const isApp = (code: number) => code >= 0xe0 && code <= 0xef;
const isFrameHeader = (code: number) => code >= 0xc0 && code <= 0xcf && code !== 0xc4 && code !== 0xc8 && code !== 0xcc;

function startsWithAscii(segment: Buffer, text: string): boolean {
  return segment.length >= text.length && segment.toString('latin1', 0, text.length) === text;
}

/**
 * Keeps APP0 only when it is JFIF (JFXX carries a thumbnail) and APP14 only when it is Adobe (it
 * says how the colours are transformed); drops every other APPn (Exif with GPS, XMP, ICC, maker
 * notes, IPTC) and COM. Anything after EOI is dropped too (some cameras append data there).
 */
function stripJpeg(bytes: Buffer): Buffer {
  const kept: Buffer[] = [bytes.subarray(0, 2)];
  let offset = 2;
  let frame = false;
  let scan = false;
  for (;;) {
    if (offset >= bytes.length) throw new ImageMetadataError('truncated', 'JPEG ends before its EOI marker');
    if (bytes[offset] !== 0xff) throw new ImageMetadataError('malformed', `no JPEG marker at byte ${offset}`);
    // B.1.1.2: a marker may be preceded by any number of 0xFF fill bytes.
    let codeAt = offset + 1;
    while (codeAt < bytes.length && bytes[codeAt] === 0xff) codeAt += 1;
    if (codeAt >= bytes.length) throw new ImageMetadataError('truncated', 'JPEG ends inside a marker');
    const code = bytes[codeAt]!;
    if (code === EOI) {
      if (!frame || !scan) throw new ImageMetadataError('malformed', 'JPEG without a frame or a scan');
      kept.push(Buffer.from([0xff, EOI]));
      return Buffer.concat(kept);
    }
    if (code === SOI || code === 0x00 || isRst(code) || code === TEM) throw new ImageMetadataError('malformed', `unexpected JPEG marker 0x${code.toString(16)} at byte ${codeAt}`);
    if (codeAt + 2 >= bytes.length) throw new ImageMetadataError('truncated', 'JPEG ends inside a segment length');
    const length = bytes.readUInt16BE(codeAt + 1);
    const end = codeAt + 1 + length;
    if (length < 2) throw new ImageMetadataError('malformed', `JPEG segment length ${length} at byte ${codeAt}`);
    if (end > bytes.length) throw new ImageMetadataError('truncated', 'JPEG ends inside a segment');
    const payload = bytes.subarray(codeAt + 3, end);
    const keep = isApp(code) ? (code === APP0 && startsWithAscii(payload, 'JFIF\0')) || (code === APP14 && startsWithAscii(payload, 'Adobe')) : code !== COM;
    if (keep) kept.push(Buffer.from([0xff, code]), bytes.subarray(codeAt + 1, end));
    if (isFrameHeader(code)) frame = true;
    offset = end;
    if (code === SOS) {
      if (!frame) throw new ImageMetadataError('malformed', 'JPEG scan before its frame header');
      scan = true;
      // B.1.1.5: entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor RSTn.
      let cursor = bytes.indexOf(0xff, offset);
      while (cursor !== -1 && cursor + 1 < bytes.length && (bytes[cursor + 1] === 0x00 || isRst(bytes[cursor + 1]!))) cursor = bytes.indexOf(0xff, cursor + 2);
      if (cursor === -1 || cursor + 1 >= bytes.length) throw new ImageMetadataError('truncated', 'JPEG ends inside its image data');
      kept.push(bytes.subarray(offset, cursor));
      offset = cursor;
    }
  }
}

/**
 * The chunks a viewer needs to show the image as it was meant to look (PNG spec §11: the critical
 * chunks and the colour-space ones); everything else (tEXt, zTXt, iTXt, eXIf, tIME, pHYs, …) goes.
 */
const PNG_KEPT = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP']);

function stripPng(bytes: Buffer): Buffer {
  const kept: Buffer[] = [PNG_SIGNATURE];
  let offset = PNG_SIGNATURE.length;
  let first = true;
  let sawData = false;
  for (;;) {
    if (offset + 8 > bytes.length) throw new ImageMetadataError('truncated', 'PNG ends before its IEND chunk');
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || length > 0x7fffffff) throw new ImageMetadataError('malformed', `not a PNG chunk at byte ${offset}`);
    if (end > bytes.length) throw new ImageMetadataError('truncated', `PNG ends inside its ${type} chunk`);
    // §5.3: the CRC covers the type and the data; a wrong one means a damaged or forged file.
    if (crc32(bytes.subarray(offset + 4, end - 4)) !== bytes.readUInt32BE(end - 4)) throw new ImageMetadataError('malformed', `bad CRC of the ${type} chunk`);
    if (first && (type !== 'IHDR' || length !== 13)) throw new ImageMetadataError('malformed', 'PNG does not start with IHDR');
    first = false;
    // §5.4: an unknown critical chunk (upper-case first letter) means the image cannot be shown.
    const critical = type.charCodeAt(0) < 0x61;
    if (critical && !PNG_KEPT.has(type)) throw new ImageMetadataError('malformed', `unknown critical PNG chunk ${type}`);
    if (type === 'IDAT') sawData = true;
    if (PNG_KEPT.has(type)) kept.push(bytes.subarray(offset, end));
    offset = end;
    if (type === 'IEND') {
      if (!sawData) throw new ImageMetadataError('malformed', 'PNG without image data');
      return Buffer.concat(kept);
    }
  }
}
