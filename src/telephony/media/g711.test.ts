import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { G711_SILENCE, decodeG711, encodeG711 } from './g711.ts';

const ALL_CODES = Uint8Array.from({ length: 256 }, (_, code) => code);

/** sox is an independent G.711 implementation: its decoding of every code is our reference. */
function soxDecode(encoding: 'a-law' | 'u-law'): Int16Array {
  const out = execFileSync('sox', ['-D', '-t', 'raw', '-e', encoding, '-b', '8', '-r', '8000', '-c', '1', '-', '-t', 'raw', '-e', 'signed-integer', '-b', '16', '-L', '-'], { input: Buffer.from(ALL_CODES) });
  return new Int16Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.length));
}

describe('G.711', () => {
  it('given the A-law reference values, encoding and decoding give the known codes and levels', () => {
    expect([...encodeG711('PCMA', Int16Array.of(0, -1, 1000, 32767, -32768))]).toEqual([0xd5, 0x55, 0xfa, 0xaa, 0x2a]);
    expect([...decodeG711('PCMA', Uint8Array.of(0xd5, 0x55, 0xfa, 0xaa, 0x2a))]).toEqual([8, -8, 1008, 32256, -32256]);
    expect(G711_SILENCE.PCMA).toBe(0xd5);
  });

  it('given the μ-law reference values, encoding and decoding give the known codes and levels', () => {
    expect([...encodeG711('PCMU', Int16Array.of(0, -1, 32767, -32768))]).toEqual([0xff, 0x7e, 0x80, 0x00]);
    expect([...decodeG711('PCMU', Uint8Array.of(0xff, 0x7f, 0x7e, 0x80, 0x00))]).toEqual([0, 0, -8, 32124, -32124]);
    expect(G711_SILENCE.PCMU).toBe(0xff);
  });

  it.each([['PCMA', 'a-law'] as const, ['PCMU', 'u-law'] as const])('given every %s code, decoding agrees with sox', (codec, encoding) => {
    expect([...decodeG711(codec, ALL_CODES)]).toEqual([...soxDecode(encoding)]);
  });

  it.each(['PCMA', 'PCMU'] as const)('given every %s level, encoding it gives back the same level', (codec) => {
    const levels = decodeG711(codec, ALL_CODES);
    expect([...decodeG711(codec, encodeG711(codec, levels))]).toEqual([...levels]);
  });

  it.each(['PCMA', 'PCMU'] as const)('given a %s ramp over the whole 16-bit range, the decoded signal never falls and stays within one step', (codec) => {
    const ramp = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
    const decoded = decodeG711(codec, encodeG711(codec, ramp));
    const falls = decoded.findIndex((level, i) => i > 0 && level < decoded[i - 1]!);
    expect(falls).toBe(-1);
    // The largest G.711 step is 1024 (A-law) or 1024 plus the μ-law clip at 32124.
    const worst = Math.max(...Array.from(ramp, (sample, i) => Math.abs(sample - decoded[i]!)));
    expect(worst).toBeLessThanOrEqual(codec === 'PCMA' ? 1024 : 1024 + 32767 - 32124);
  });
});
