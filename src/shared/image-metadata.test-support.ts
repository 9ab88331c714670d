import { crc32, deflateSync } from 'node:zlib';

/**
 * Photos built from bytes for the tests: a real 2×2 JPEG as a browser encodes it (JFIF APP0, an
 * ICC profile in APP2, tables, one scan), and PNGs assembled chunk by chunk with valid CRCs.
 */
const BROWSER_JPEG_HEX =
  'ffd8ffe000104a46494600010100000100010000ffe201d84943435f50524f46494c45000101000001c800000000043000006d6e74725247422058595a2007e00001000100000000000061637370000000000000000000000000000000000000000000000000000000010000f6d6000100000000d32d0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000964657363000000f0000000247258595a00000114000000146758595a00000128000000146258595a0000013c00000014777470740000015000000014725452430000016400000028675452430000016400000028625452430000016400000028637072740000018c0000003c6d6c756300000000000000010000000c656e5553000000080000001c007300520047004258595a200000000000006fa2000038f50000039058595a2000000000000062990000b785000018da58595a2000000000000024a000000f840000b6cf58595a20000000000000f6d6000100000000d32d706172610000000000040000000266660000f2a700000d59000013d000000a5b00000000000000006d6c756300000000000000010000000c656e5553000000200000001c0047006f006f0067006c006500200049006e0063002e00200032003000310036ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123251d283a333d3c3933383740485c4e404457453738506d51575f626768673e4d71797064785c656763ffdb0043011112121815182f1a1a2f634238426363636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363ffc00011080002000203012200021101031101ffc4001500010100000000000000000000000000000005ffc4001510010100000000000000000000000000000031ffc4001501010100000000000000000000000000000406ffc40017110003010000000000000000000000000000010231ffda000c03010002110311003f00990016b5943388ffd9';

export function browserJpeg(): Buffer {
  return Buffer.from(BROWSER_JPEG_HEX, 'hex');
}

/** One JPEG segment: marker, length (counting itself) and payload. */
export function jpegSegment(code: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt8(0xff, 0);
  head.writeUInt8(code, 1);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** Latitude 50°54'12" N, longitude 4°29'3" E: where the test photo "was taken". */
export const GPS_LATITUDE = [50, 54, 12] as const;
export const GPS_LONGITUDE = [4, 29, 3] as const;

/**
 * An Exif APP1 payload (CIPA DC-008) whose IFD0 points to a GPS IFD with latitude and longitude:
 * TIFF header (little-endian) · IFD0 (GPSInfo pointer) · GPS IFD (4 entries) · 6 rationals.
 */
export function exifGpsPayload(): Buffer {
  const tiff = Buffer.alloc(128);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  // IFD0 at 8: one entry, GPSInfo (0x8825, LONG) -> the GPS IFD at 26.
  tiff.writeUInt16LE(1, 8);
  tiff.writeUInt16LE(0x8825, 10);
  tiff.writeUInt16LE(4, 12);
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt32LE(26, 18);
  tiff.writeUInt32LE(0, 22);
  // GPS IFD at 26: LatitudeRef, Latitude (3 RATIONAL at 80), LongitudeRef, Longitude (at 104).
  const entries: Array<[number, number, number, number | string]> = [
    [0x0001, 2, 2, 'N'],
    [0x0002, 5, 3, 80],
    [0x0003, 2, 2, 'E'],
    [0x0004, 5, 3, 104],
  ];
  tiff.writeUInt16LE(entries.length, 26);
  entries.forEach(([tag, type, count, value], i) => {
    const at = 28 + i * 12;
    tiff.writeUInt16LE(tag, at);
    tiff.writeUInt16LE(type, at + 2);
    tiff.writeUInt32LE(count, at + 4);
    if (typeof value === 'string') tiff.write(`${value}\0`, at + 8, 'latin1');
    else tiff.writeUInt32LE(value, at + 8);
  });
  tiff.writeUInt32LE(0, 28 + entries.length * 12);
  [...GPS_LATITUDE, ...GPS_LONGITUDE].forEach((value, i) => {
    tiff.writeUInt32LE(value, 80 + i * 8);
    tiff.writeUInt32LE(1, 84 + i * 8);
  });
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
}

/** The browser's JPEG with, after its APP0, an Exif GPS block, an XMP block, a comment and a JFXX thumbnail header. */
export function jpegWithMetadata(): Buffer {
  const jpeg = browserJpeg();
  const app0End = 4 + jpeg.readUInt16BE(4);
  return Buffer.concat([
    jpeg.subarray(0, app0End),
    jpegSegment(0xe1, exifGpsPayload()),
    jpegSegment(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description exif:GPSLatitude="50,54.2N"/></x:xmpmeta>', 'latin1')),
    jpegSegment(0xfe, Buffer.from('Taken in the Kerkstraat by Jan Peeters', 'latin1')),
    jpegSegment(0xe0, Buffer.from('JFXX\0\x13thumbnail', 'latin1')),
    jpeg.subarray(app0End),
  ]);
}

/** The marker codes of a JPEG's segments up to and including its first SOS. */
export function jpegMarkers(jpeg: Buffer): number[] {
  const markers: number[] = [];
  let offset = 2;
  while (offset + 4 <= jpeg.length) {
    const code = jpeg[offset + 1]!;
    markers.push(code);
    if (code === 0xda) break;
    offset += 2 + jpeg.readUInt16BE(offset + 2);
  }
  return markers;
}

export function pngChunk(type: string, data: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A 1×1 RGBA PNG with the given chunks between IHDR and IDAT. */
export function pngImage(extra: readonly Buffer[] = []): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const pixels = deflateSync(Buffer.from([0, 0xc0, 0x30, 0x30, 0xff]));
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), pngChunk('IHDR', ihdr), ...extra, pngChunk('IDAT', pixels), pngChunk('IEND')]);
}

/** A PNG carrying text, an Exif block with GPS and a time stamp, plus the colour chunks a viewer needs. */
export function pngWithMetadata(): Buffer {
  return pngImage([
    pngChunk('sRGB', Buffer.from([0])),
    pngChunk('gAMA', Buffer.from([0, 0, 0xb1, 0x8f])),
    pngChunk('tEXt', Buffer.from('Author\0Jan Peeters, Kerkstraat 1', 'latin1')),
    pngChunk('iTXt', Buffer.from('Comment\0\0\0\0\0Bij de buren', 'latin1')),
    pngChunk('eXIf', exifGpsPayload().subarray(6)),
    pngChunk('tIME', Buffer.from([0x07, 0xea, 1, 15, 9, 30, 0])),
    pngChunk('pHYs', Buffer.from([0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1])),
  ]);
}

/** The chunk types of a PNG, in order. */
export function pngChunkTypes(png: Buffer): string[] {
  const types: string[] = [];
  let offset = 8;
  while (offset + 8 <= png.length) {
    types.push(png.toString('latin1', offset + 4, offset + 8));
    offset += 12 + png.readUInt32BE(offset);
  }
  return types;
}

/** A small but real PDF header: what a "photo" renamed from a PDF starts with. */
export function pdfBytes(): Buffer {
  return Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
}
