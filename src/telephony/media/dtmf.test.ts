import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDtmfReceiver, decodeTelephoneEvent, dtmfFrames, encodeTelephoneEvent } from './dtmf.ts';
import { decodeRtp, type RtpPacket } from './rtp.ts';

/** The RTP packets of a libpcap capture (Ethernet, IPv4, UDP), as sipp ships them. */
function rtpPacketsOfCapture(path: string): RtpPacket[] {
  const file = readFileSync(path);
  const packets: RtpPacket[] = [];
  for (let offset = 24; offset + 16 <= file.length; ) {
    const length = file.readUInt32LE(offset + 8);
    const frame = file.subarray(offset + 16, offset + 16 + length);
    offset += 16 + length;
    const ipHeader = (frame[14]! & 0x0f) * 4;
    const decoded = decodeRtp(frame.subarray(14 + ipHeader + 8));
    if (decoded.ok) packets.push(decoded.packet);
  }
  return packets;
}

const received = (packets: RtpPacket[]) => {
  const digits: string[] = [];
  const receiver = createDtmfReceiver((digit) => digits.push(digit));
  packets.forEach((packet) => receiver.receive(packet));
  return digits;
};

const eventPacket = (timestamp: number, payload: Uint8Array, marker = false): RtpPacket => ({ marker, payloadType: 101, sequenceNumber: 0, timestamp, ssrc: 7, csrcs: [], payload });

describe('RFC 4733 DTMF', () => {
  it.each([
    ['0', '0'], ['1', '1'], ['5', '5'], ['9', '9'], ['star', '*'], ['pound', '#'],
  ])('given the packets of a key press captured in sipp dtmf_2833_%s.pcap, the receiver reports %s once', (name, digit) => {
    const packets = rtpPacketsOfCapture(`/usr/share/sip-tester/dtmf_2833_${name}.pcap`);
    expect(packets.length).toBeGreaterThan(3); // updates and redundant end packets
    expect(received(packets)).toEqual([digit]);
  });

  it('given the end packet of the capture, its fields read as RFC 4733 §2.3 defines them', () => {
    expect(decodeTelephoneEvent(Uint8Array.of(0x01, 0x8a, 0x08, 0xc0))).toEqual({ event: 1, end: true, volume: 10, duration: 0x08c0 });
    expect([...encodeTelephoneEvent({ event: 1, end: true, volume: 10, duration: 0x08c0 })]).toEqual([0x01, 0x8a, 0x08, 0xc0]);
  });

  it('given the frames we send for #, the first has the marker, durations grow and the end packet goes three times', () => {
    const frames = dtmfFrames('#', { durationMs: 100 });
    const events = frames.map((frame) => decodeTelephoneEvent(frame.payload)!);
    expect(frames.map((frame) => frame.marker)).toEqual([true, false, false, false, false, false, false]);
    expect(events.map((event) => event.event)).toEqual(Array(7).fill(11));
    expect(events.map((event) => event.duration)).toEqual([160, 320, 480, 640, 800, 800, 800]);
    expect(events.map((event) => event.end)).toEqual([false, false, false, false, true, true, true]);
    expect(received(frames.map((frame) => eventPacket(1000, frame.payload, frame.marker)))).toEqual(['#']);
  });

  it('given the same digit pressed twice, both presses are reported, and a late copy of the first is not', () => {
    const first = dtmfFrames('2').map((frame) => eventPacket(1000, frame.payload));
    const second = dtmfFrames('2').map((frame) => eventPacket(5000, frame.payload));
    expect(received([...first, ...second, first.at(-1)!])).toEqual(['2', '2']);
  });

  it('given a short payload or an event that is not DTMF, nothing is reported', () => {
    expect(received([eventPacket(1, Uint8Array.of(1, 0x8a)), eventPacket(2, encodeTelephoneEvent({ event: 70, end: true, volume: 0, duration: 800 }))])).toEqual([]);
    expect(() => dtmfFrames('x')).toThrow(RangeError);
  });
});
