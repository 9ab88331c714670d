import { describe, expect, it } from 'vitest';
import { ImageMetadataError, detectImageType, stripImageMetadata } from './image-metadata.ts';
import { browserJpeg, exifGpsPayload, jpegMarkers, jpegSegment, jpegWithMetadata, pdfBytes, pngChunk, pngChunkTypes, pngImage, pngWithMetadata } from './image-metadata.test-support.ts';

const SOI = [0xff, 0xd8];
const EOI = [0xff, 0xd9];

/** A small deterministic generator (mulberry32): the same "random" damage on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function problemOf(data: Buffer): string | undefined {
  try {
    stripImageMetadata(data);
    return undefined;
  } catch (error) {
    if (error instanceof ImageMetadataError) return error.problem;
    throw error;
  }
}

describe('stripping photo metadata', () => {
  it('given a JPEG with an Exif GPS block, XMP, a comment and a JFXX thumbnail, only JFIF, the tables and the image data remain', () => {
    const input = jpegWithMetadata();
    expect(input.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(true);

    const { type, data } = stripImageMetadata(input);

    expect(type).toBe('image/jpeg');
    expect([...data.subarray(0, 2)]).toEqual(SOI);
    expect([...data.subarray(-2)]).toEqual(EOI);
    // APP0 JFIF, two quantisation tables, the frame, four Huffman tables, the scan: no APP1, APP2, COM.
    expect(jpegMarkers(data)).toEqual([0xe0, 0xdb, 0xdb, 0xc0, 0xc4, 0xc4, 0xc4, 0xc4, 0xda]);
    for (const trace of ['Exif', 'xmpmeta', 'Jan Peeters', 'JFXX', 'ICC_PROFILE']) expect(data.includes(Buffer.from(trace, 'latin1')), trace).toBe(false);
    const scan = browserJpeg().subarray(browserJpeg().lastIndexOf(Buffer.from([0xff, 0xda])));
    expect(data.subarray(-scan.length)).toEqual(scan);
  });

  it('given a stripped JPEG, stripping it again changes nothing', () => {
    const once = stripImageMetadata(jpegWithMetadata()).data;
    expect(stripImageMetadata(once).data).toEqual(once);
  });

  it('given a JPEG with an Adobe APP14 segment, it is kept because it decides the colours', () => {
    const jpeg = browserJpeg();
    const adobe = jpegSegment(0xee, Buffer.from([0x41, 0x64, 0x6f, 0x62, 0x65, 0, 100, 0, 0, 0, 0, 1]));
    const { data } = stripImageMetadata(Buffer.concat([jpeg.subarray(0, 20), adobe, jpeg.subarray(20)]));
    expect(jpegMarkers(data).slice(0, 2)).toEqual([0xe0, 0xee]);
  });

  it('given data after the end-of-image marker, it is dropped', () => {
    const { data } = stripImageMetadata(Buffer.concat([jpegWithMetadata(), Buffer.from('trailer with a serial number', 'latin1')]));
    expect([...data.subarray(-2)]).toEqual(EOI);
    expect(data.includes(Buffer.from('serial', 'latin1'))).toBe(false);
  });

  it('given a PNG with tEXt, iTXt, eXIf, tIME and pHYs, only the chunks needed to show it remain', () => {
    const { type, data } = stripImageMetadata(pngWithMetadata());
    expect(type).toBe('image/png');
    expect(pngChunkTypes(data)).toEqual(['IHDR', 'sRGB', 'gAMA', 'IDAT', 'IEND']);
    expect(data.includes(Buffer.from('Jan Peeters', 'latin1'))).toBe(false);
    expect(stripImageMetadata(data).data).toEqual(data);
  });

  it('given every truncation of a JPEG or a PNG, each one is refused as an ImageMetadataError', () => {
    for (const image of [jpegWithMetadata(), pngWithMetadata()]) {
      const end = image[1] === 0xd8 ? image.length - 1 : image.length;
      for (let length = 0; length < end; length += 1) {
        expect(problemOf(image.subarray(0, length)), `cut at ${length}`).toMatch(/^(truncated|malformed|unknown_type)$/);
      }
    }
  });

  it('given a PDF, text, or a PNG signature in front of a PDF, they are refused by their bytes whatever the name', () => {
    expect(detectImageType(pdfBytes())).toBeUndefined();
    expect(problemOf(pdfBytes())).toBe('unknown_type');
    expect(problemOf(Buffer.from('GIF89a', 'latin1'))).toBe('unknown_type');
    expect(problemOf(Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), pdfBytes()]))).toBe('malformed');
    expect(problemOf(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), pdfBytes()]))).toMatch(/^(truncated|malformed)$/);
  });

  it('given lying structures (bad CRC, no image data, unknown critical chunk, scan without frame), each is refused', () => {
    const png = pngImage();
    const badCrc = Buffer.from(png);
    badCrc[29] = badCrc[29]! ^ 0xff; // last byte of the IHDR CRC
    expect(problemOf(badCrc)).toBe('malformed');
    expect(problemOf(Buffer.concat([png.subarray(0, 33), pngChunk('IEND')]))).toBe('malformed');
    expect(problemOf(pngImage([pngChunk('ABCD', Buffer.from('x'))]))).toBe('malformed');
    const jpeg = browserJpeg();
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    const withoutFrame = Buffer.concat([jpeg.subarray(0, sof), jpeg.subarray(sof + 2 + jpeg.readUInt16BE(sof + 2))]);
    expect(problemOf(withoutFrame)).toBe('malformed');
    expect(problemOf(Buffer.concat([jpeg.subarray(0, 2), jpegSegment(0xe1, exifGpsPayload()).subarray(0, 20)]))).toBe('truncated');
  });

  it('given random damage to either format, the result is a refusal or an image that still starts and ends as one', () => {
    const random = seeded(20260115);
    for (const original of [jpegWithMetadata(), pngWithMetadata()]) {
      for (let round = 0; round < 400; round += 1) {
        const damaged = Buffer.from(original);
        for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips -= 1) damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
        let result: ReturnType<typeof stripImageMetadata> | undefined;
        try {
          result = stripImageMetadata(damaged);
        } catch (error) {
          expect(error).toBeInstanceOf(ImageMetadataError);
          continue;
        }
        if (result.type === 'image/jpeg') {
          expect([...result.data.subarray(0, 2), ...result.data.subarray(-2)]).toEqual([...SOI, ...EOI]);
          expect(jpegMarkers(result.data).filter((code) => code >= 0xe1 && code <= 0xed)).toEqual([]);
        } else {
          expect(pngChunkTypes(result.data).at(-1)).toBe('IEND');
          expect(pngChunkTypes(result.data)).not.toContain('tEXt');
        }
      }
    }
  });
});
