import { writeFile } from 'node:fs/promises';
import { DTMF_EVENTS, dtmfFrames } from '../../src/telephony/media/dtmf.ts';

/**
 * A pcap of RFC 4733 key presses for sipp's `play_pcap_audio`: a whole key sequence in one file,
 * each press with its own RTP timestamp. The captures shipped with sipp all carry one timestamp,
 * so a receiver rightly takes a second play of the same capture for a retransmission of the first
 * press (RFC 4733 §2.5.1.1): a PIN such as 1-1-2 needs presses of its own.
 */

const TELEPHONE_EVENT = 101;
const FRAME_MS = 20;

function checksum(bytes: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < bytes.length; i += 2) sum += bytes.readUInt16BE(i);
  if (bytes.length % 2 === 1) sum += bytes[bytes.length - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** Ethernet + IPv4 + UDP (127.0.0.1 both ways; sipp rewrites addresses and ports) around an RTP packet. */
function frame(rtp: Buffer): Buffer {
  const udp = Buffer.alloc(8 + rtp.length);
  udp.writeUInt16BE(6000, 0);
  udp.writeUInt16BE(6000, 2);
  udp.writeUInt16BE(udp.length, 4);
  rtp.copy(udp, 8);
  const pseudo = Buffer.concat([Buffer.from([127, 0, 0, 1, 127, 0, 0, 1, 0, 17]), Buffer.from([udp.length >> 8, udp.length & 0xff]), udp]);
  udp.writeUInt16BE(checksum(pseudo) || 0xffff, 6);
  const ip = Buffer.alloc(20);
  ip.writeUInt8(0x45, 0);
  ip.writeUInt16BE(20 + udp.length, 2);
  ip.writeUInt8(64, 8);
  ip.writeUInt8(17, 9);
  Buffer.from([127, 0, 0, 1, 127, 0, 0, 1]).copy(ip, 12);
  ip.writeUInt16BE(checksum(ip), 10);
  const ethernet = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00]);
  return Buffer.concat([ethernet, ip, udp]);
}

/**
 * Writes `keys` ('0'-'9', '*', '#') as presses `gapMs` apart; returns how long the capture plays, in ms.
 * @param firstTimestamp lets two files of one call use distinct RTP timestamps
 */
export async function writeDtmfPcap(path: string, keys: string, { gapMs = 80, firstTimestamp = 10_000 }: { gapMs?: number; firstTimestamp?: number } = {}): Promise<number> {
  const records: Buffer[] = [];
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  records.push(header);
  let atMs = 0;
  let sequence = 1;
  let timestamp = firstTimestamp;
  for (const key of keys) {
    if (DTMF_EVENTS[key] === undefined) throw new RangeError(`not a key: ${key}`);
    const start = atMs;
    for (const [i, event] of dtmfFrames(key, { durationMs: 60 }).entries()) {
      const rtp = Buffer.alloc(12 + event.payload.length);
      rtp.writeUInt8(0x80, 0);
      rtp.writeUInt8((event.marker ? 0x80 : 0) | TELEPHONE_EVENT, 1);
      rtp.writeUInt16BE(sequence++ & 0xffff, 2);
      rtp.writeUInt32BE(timestamp >>> 0, 4);
      rtp.writeUInt32BE(0x5741_4b5a, 8);
      Buffer.from(event.payload).copy(rtp, 12);
      const packet = frame(rtp);
      const at = start + i * FRAME_MS;
      const record = Buffer.alloc(16);
      record.writeUInt32LE(Math.floor(at / 1000), 0);
      record.writeUInt32LE((at % 1000) * 1000, 4);
      record.writeUInt32LE(packet.length, 8);
      record.writeUInt32LE(packet.length, 12);
      records.push(record, packet);
      atMs = at;
    }
    atMs += gapMs;
    timestamp += ((atMs - start) * 8000) / 1000;
  }
  await writeFile(path, Buffer.concat(records));
  return atMs;
}
