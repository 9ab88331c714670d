import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRtp, encodeRtp, type RtpPacket } from './rtp.ts';

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));

describe('RTP packets', () => {
  it('given a PCMA packet with the marker bit, it is written byte for byte as RFC 3550 §5.1 lays it out', () => {
    const bytes = encodeRtp({ marker: true, payloadType: 8, sequenceNumber: 0x1234, timestamp: 0xdeadbeef, ssrc: 0x01020304, csrcs: [], payload: Uint8Array.of(0xd5, 0xd5) });
    expect(Buffer.from(bytes).toString('hex')).toBe('8088' + '1234' + 'deadbeef' + '01020304' + 'd5d5');
  });

  it('given a packet with CSRCs, a header extension and padding, decoding returns every field and the bare payload', () => {
    const bytes = hex('b1 65 0001 00000002 00000003 0000000a  bede 0001 01020304  aabb 000003');
    const result = decodeRtp(bytes);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.packet).toMatchObject({ marker: false, payloadType: 101, sequenceNumber: 1, timestamp: 2, ssrc: 3, csrcs: [10], paddingLength: 3 });
    expect([...result.packet.extension!.data]).toEqual([1, 2, 3, 4]);
    expect(result.packet.extension!.profile).toBe(0xbede);
    expect([...result.packet.payload]).toEqual([0xaa, 0xbb]);
  });

  it('given any packet, encoding then decoding gives it back', () => {
    const packet = fc.record({
      marker: fc.boolean(),
      payloadType: fc.integer({ min: 0, max: 127 }),
      sequenceNumber: fc.integer({ min: 0, max: 0xffff }),
      timestamp: fc.integer({ min: 0, max: 0xffffffff }),
      ssrc: fc.integer({ min: 0, max: 0xffffffff }),
      csrcs: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
      payload: fc.uint8Array({ maxLength: 200 }),
      paddingLength: fc.integer({ min: 0, max: 255 }),
    });
    fc.assert(
      fc.property(packet, (original: RtpPacket) => {
        const decoded = decodeRtp(encodeRtp(original));
        expect(decoded.ok).toBe(true);
        if (!decoded.ok) return;
        const { paddingLength, ...rest } = decoded.packet;
        expect({ ...rest, payload: [...rest.payload] }).toEqual({ ...original, paddingLength: undefined, payload: [...original.payload] });
        expect(paddingLength ?? 0).toBe(original.paddingLength);
      }),
    );
  });

  it('given garbage, truncated or lying headers, decoding returns a reason and never throws', () => {
    expect(decodeRtp(hex('8008'))).toEqual({ ok: false, reason: 'too_short' });
    expect(decodeRtp(hex('4008 0001 00000002 00000003'))).toEqual({ ok: false, reason: 'bad_version' });
    expect(decodeRtp(hex('8f08 0001 00000002 00000003'))).toEqual({ ok: false, reason: 'csrc_overflow' });
    expect(decodeRtp(hex('9008 0001 00000002 00000003 bede 0009'))).toEqual({ ok: false, reason: 'extension_overflow' });
    expect(decodeRtp(hex('a008 0001 00000002 00000003 aa 20'))).toEqual({ ok: false, reason: 'bad_padding' });
    expect(decodeRtp(hex('a008 0001 00000002 00000003 aa 00'))).toEqual({ ok: false, reason: 'bad_padding' });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(typeof decodeRtp(bytes).ok).toBe('boolean');
      }),
    );
  });
});
