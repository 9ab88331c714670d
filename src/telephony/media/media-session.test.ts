import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { MediaError, type MediaSession, createMediaSession } from './media-session.ts';
import { dtmfFrames } from './dtmf.ts';
import { encodeRtp } from './rtp.ts';
import { createSdpOffer } from './sdp.ts';

// Two of our own sessions talking RTP over loopback; the sipp tests cover a foreign peer.
const sessions: MediaSession[] = [];
afterEach(() => sessions.splice(0).forEach((session) => session.close()));

async function open(options: { symmetric?: boolean; latch?: boolean } = {}) {
  const session = await createMediaSession({ address: '127.0.0.1', portRange: [40000, 44998], ...options });
  sessions.push(session);
  return session;
}

async function connectedPair() {
  const caller = await open();
  const callee = await open();
  caller.acceptAnswer(callee.answerOffer(caller.createOffer()));
  return { caller, callee };
}

const tone = (ms: number) => Int16Array.from({ length: ms * 8 }, (_, i) => Math.round(6000 * Math.sin((2 * Math.PI * 1000 * i) / 8000)));
const waitUntil = async (condition: () => boolean, timeoutMs = 2000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('media sessions over loopback', () => {
  it('given a port range, the session binds an even port inside it', async () => {
    const session = await open();
    expect(session.port % 2).toBe(0);
    expect(session.port).toBeGreaterThanOrEqual(40000);
    expect(session.port).toBeLessThanOrEqual(44998);
  });

  it('given two sessions, 200 ms of tone played by one is received by the other as 200 ms of sound', async () => {
    const { caller, callee } = await connectedPair();
    const heard: number[] = [];
    callee.onAudio((pcm) => heard.push(pcm.length));
    await expect(caller.play(tone(200))).resolves.toBe('done');
    await waitUntil(() => callee.stats().receivedNonSilentMs >= 200);
    expect(callee.stats().receivedNonSilentMs).toBe(200);
    expect(heard.every((samples) => samples === 160)).toBe(true);
    expect(caller.stats().packetsSent).toBeGreaterThanOrEqual(10);
  });

  it('given a digit sent during a prompt, the other side reports it once and the prompt still plays to the end', async () => {
    const { caller, callee } = await connectedPair();
    const digits: string[] = [];
    callee.onDtmf((digit) => digits.push(digit));
    const playing = caller.play(tone(200));
    await caller.sendDtmf('5');
    await caller.sendDtmf('#');
    await expect(playing).resolves.toBe('done');
    await waitUntil(() => digits.length >= 2 && callee.stats().receivedNonSilentMs >= 200);
    expect(digits).toEqual(['5', '#']);
    expect(callee.stats().receivedNonSilentMs).toBe(200);
  });

  it('given digits that arrive before anyone listens, the first listener receives each of them once, in order', async () => {
    const { caller, callee } = await connectedPair();
    for (const digit of ['*', '1', '1', '#']) await caller.sendDtmf(digit);
    await waitUntil(() => callee.stats().packetsReceived >= caller.stats().packetsSent);
    const digits: string[] = [];
    callee.onDtmf((digit) => digits.push(digit));
    expect(digits).toEqual(['*', '1', '1', '#']);
    await caller.sendDtmf('2');
    await waitUntil(() => digits.length >= 5);
    expect(digits).toEqual(['*', '1', '1', '#', '2']);
  });

  it('given a prompt stopped by its signal, it resolves stopped and the next one plays', async () => {
    const { caller } = await connectedPair();
    const controller = new AbortController();
    const long = caller.play(tone(5000), { signal: controller.signal });
    const next = caller.play(tone(100));
    controller.abort();
    await expect(long).resolves.toBe('stopped');
    await expect(next).resolves.toBe('done');
  });

  it('given the session closed, pending prompts resolve stopped', async () => {
    const { caller } = await connectedPair();
    const playing = caller.play(tone(5000));
    caller.close();
    await expect(playing).resolves.toBe('stopped');
  });

  it('given no negotiation yet, playing fails with media.not_negotiated', async () => {
    const session = await open();
    await expect(session.play(tone(20))).rejects.toSatisfy((error) => error instanceof MediaError && error.code === 'media.not_negotiated');
  });

  it('given a peer that puts us on hold (sendonly), the prompt runs its time but no packet is sent', async () => {
    const holder = await open();
    const held = await open();
    held.answerOffer(holder.createOffer().replace('a=sendrecv', 'a=sendonly'));
    expect(held.negotiated?.direction).toBe('recvonly');
    await expect(held.play(tone(60))).resolves.toBe('done');
    expect(held.stats().packetsSent).toBe(0);
  });

  it('given garbage datagrams, they are counted as invalid and the stream carries on', async () => {
    const { caller, callee } = await connectedPair();
    const stranger = createSocket('udp4');
    await new Promise<void>((resolve) => stranger.send(Buffer.from('not rtp at all'), callee.port, '127.0.0.1', () => resolve()));
    stranger.close();
    await caller.play(tone(100));
    await waitUntil(() => callee.stats().receivedNonSilentMs >= 100 && callee.stats().packetsInvalid >= 1);
    expect(callee.stats()).toMatchObject({ packetsInvalid: 1, receivedNonSilentMs: 100 });
  });

  it('given RTP from another address than the peer in the SDP, it is dropped unheard', async () => {
    const { caller, callee } = await connectedPair();
    const stranger = createSocket('udp4');
    await new Promise<void>((resolve) => stranger.bind(0, '127.0.0.2', resolve));
    const digits: string[] = [];
    callee.onDtmf((digit) => digits.push(digit));
    for (const frame of dtmfFrames('1')) {
      const packet = encodeRtp({ marker: frame.marker, payloadType: 101, sequenceNumber: 1, timestamp: 1, ssrc: 1, csrcs: [], payload: frame.payload });
      await new Promise<void>((resolve) => stranger.send(packet, callee.port, '127.0.0.1', () => resolve()));
    }
    stranger.close();
    await caller.sendDtmf('2');
    await waitUntil(() => digits.length > 0);
    expect(digits).toEqual(['2']);
    expect(callee.stats().packetsForeign).toBe(dtmfFrames('1').length);
  });

  it('given a peer that did not accept telephone-events, sending a digit fails with media.no_telephone_event', async () => {
    const caller = await open();
    caller.acceptAnswer(createSdpOffer({ address: '127.0.0.1', port: 9000, sessionId: '1', sessionVersion: 1 }).replace(/ 101\r\n/, '\r\n').replace(/a=(rtpmap|fmtp):101 .*\r\n/g, ''));
    await expect(caller.sendDtmf('1')).rejects.toSatisfy((error) => error instanceof MediaError && error.code === 'media.no_telephone_event');
  });

  it('given symmetric RTP, the session sends to where the peer RTP comes from', async () => {
    const natted = await open({ symmetric: true });
    // The peer announces a private address and port that are not where its packets come from.
    natted.acceptAnswer(createSdpOffer({ address: '192.0.2.1', port: 9000, sessionId: '1', sessionVersion: 1 }));
    const peer = createSocket('udp4');
    await new Promise<void>((resolve) => peer.bind(0, '127.0.0.1', resolve));
    const packet = encodeRtp({ marker: false, payloadType: 8, sequenceNumber: 1, timestamp: 1, ssrc: 1, csrcs: [], payload: new Uint8Array(160).fill(0xd5) });
    await new Promise<void>((resolve) => peer.send(packet, natted.port, '127.0.0.1', () => resolve()));
    await waitUntil(() => natted.negotiated?.remote.port === peer.address().port);
    expect(natted.negotiated?.remote).toEqual({ address: '127.0.0.1', port: peer.address().port });
    peer.close();
  });

  it('given a latch and a phone whose SDP names another address than it sends from, its key press is heard, answers follow it, and a second stranger is not heard', async () => {
    const line = await open({ latch: true });
    line.acceptAnswer(createSdpOffer({ address: '127.0.0.9', port: 9000, sessionId: '1', sessionVersion: 1 }));
    const digits: string[] = [];
    line.onDtmf((digit) => digits.push(digit));
    const bind = async (host: string) => {
      const socket = createSocket('udp4');
      await new Promise<void>((resolve) => socket.bind(0, host, resolve));
      return socket;
    };
    const phone = await bind('127.0.0.2');
    const stranger = await bind('127.0.0.3');
    const send = (socket: ReturnType<typeof createSocket>, packets: Uint8Array[]) => Promise.all(packets.map((packet) => new Promise<void>((resolve) => socket.send(packet, line.port, '127.0.0.1', () => resolve()))));
    const press = (digit: string, ssrc: number) => dtmfFrames(digit, { durationMs: 100 }).map((frame, i) => encodeRtp({ marker: frame.marker, payloadType: 101, sequenceNumber: 10 + i, timestamp: 1000, ssrc, csrcs: [], payload: frame.payload }));
    await send(phone, press('1', 42));
    await waitUntil(() => digits.length > 0);
    expect(digits).toEqual(['1']);
    expect(line.negotiated?.remote).toEqual({ address: '127.0.0.2', port: phone.address().port });
    const foreignBefore = line.stats().packetsForeign;
    await send(stranger, press('9', 7));
    await waitUntil(() => line.stats().packetsForeign > foreignBefore);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(digits).toEqual(['1']);
    expect(line.negotiated?.remote.address).toBe('127.0.0.2');
    phone.close();
    stranger.close();
  });
});
