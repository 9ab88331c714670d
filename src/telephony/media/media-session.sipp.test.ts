import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { freeUdpPort, startSipp } from '../../../test/telephony/sipp.ts';
import { createMediaSession, type MediaSession } from './media-session.ts';

// A real peer: sipp answers an INVITE sent over raw UDP (our own SIP stack is not used here), then
// echoes our RTP (-rtp_echo) or plays the RFC 4733 capture of a key press shipped with sipp.

/** Just enough RFC 3261 to set up and end one call with sipp: INVITE (retransmitted until answered), ACK, BYE. */
async function rawSipCall({ sippPort, offer }: { sippPort: number; offer: string }) {
  const socket: Socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const localPort = socket.address().port;
  const callId = randomBytes(8).toString('hex');
  const fromTag = randomBytes(4).toString('hex');
  const target = `sip:service@127.0.0.1:${sippPort}`;
  const request = (method: string, cseq: number, toTag: string | undefined, body = '') =>
    [
      `${method} ${target} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${localPort};branch=z9hG4bK${randomBytes(6).toString('hex')};rport`,
      'Max-Forwards: 70',
      `From: <sip:media-test@127.0.0.1:${localPort}>;tag=${fromTag}`,
      `To: <${target}>${toTag ? `;tag=${toTag}` : ''}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ${method}`,
      `Contact: <sip:media-test@127.0.0.1:${localPort}>`,
      ...(body ? ['Content-Type: application/sdp'] : []),
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join('\r\n');
  const transact = (message: string, method: string) =>
    new Promise<{ status: number; toTag?: string; body: string }>((resolve) => {
      const retransmit = setInterval(() => socket.send(message, sippPort, '127.0.0.1'), 500);
      const onMessage = (data: Buffer) => {
        const text = data.toString();
        const status = Number(/^SIP\/2\.0 (\d{3})/.exec(text)?.[1]);
        if (!new RegExp(`^CSeq:\\s*\\d+ ${method}`, 'mi').test(text) || status < 200) return;
        clearInterval(retransmit);
        socket.off('message', onMessage);
        resolve({ status, toTag: /^To:.*;tag=([^;\s]+)/im.exec(text)?.[1], body: text.split('\r\n\r\n').slice(1).join('\r\n\r\n') });
      };
      socket.on('message', onMessage);
      socket.send(message, sippPort, '127.0.0.1');
    });
  const answer = await transact(request('INVITE', 1, undefined, offer), 'INVITE');
  socket.send(request('ACK', 1, answer.toTag), sippPort, '127.0.0.1');
  return {
    status: answer.status,
    remoteSdp: answer.body,
    async hangup() {
      const bye = await transact(request('BYE', 2, answer.toTag), 'BYE');
      socket.close();
      return bye.status;
    },
  };
}

/** One second of a 440 Hz tone at about -12 dBFS. */
function tone(ms: number): Int16Array {
  const pcm = new Int16Array((8000 * ms) / 1000);
  for (let i = 0; i < pcm.length; i += 1) pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  return pcm;
}

const waitUntil = async (condition: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe('a media session against sipp', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  it('given sipp echoing RTP, one second of tone played comes back as about one second of sound', async () => {
    const mediaPort = await freeUdpPort();
    const sipp = await startSipp({ scenario: 'media-echo-uas.xml', extraArgs: ['-mi', '127.0.0.1', '-mp', String(mediaPort), '-rtp_echo'] });
    cleanups.push(() => void sipp.stop());
    const session: MediaSession = await createMediaSession({ address: '127.0.0.1', portRange: [30000, 39998] });
    cleanups.push(session.close);

    const call = await rawSipCall({ sippPort: sipp.port, offer: session.createOffer() });
    expect(call.status).toBe(200);
    session.acceptAnswer(call.remoteSdp);
    expect(session.negotiated).toMatchObject({ codec: 'PCMA', payloadType: 8, telephoneEventPayloadType: 101, remote: { port: mediaPort } });

    await expect(session.play(tone(1000))).resolves.toBe('done');
    // Idle, the session sends silence: once 100 ms of it came back after the tone, the tone is all in.
    await waitUntil(() => session.stats().receivedNonSilentMs >= 960 && session.stats().receivedMs - session.stats().receivedNonSilentMs >= 100, 3000);
    const stats = session.stats();
    expect(stats.receivedNonSilentMs).toBeGreaterThanOrEqual(960);
    expect(stats.receivedNonSilentMs).toBeLessThanOrEqual(1000);
    expect(stats.receivedMs - stats.receivedNonSilentMs).toBeGreaterThanOrEqual(100); // the silence came back too
    expect(stats.packetsReceived).toBeGreaterThan(0);

    expect(await call.hangup()).toBe(200);
    expect((await sipp.exited).code).toBe(0);
  });

  it('given sipp pressing 1 (the RFC 4733 capture dtmf_2833_1.pcap), the session reports the digit 1 once', async () => {
    const sipp = await startSipp({ scenario: 'media-dtmf-uas.xml', extraArgs: ['-mi', '127.0.0.1'] });
    cleanups.push(() => void sipp.stop());
    const session = await createMediaSession({ address: '127.0.0.1', portRange: [30000, 39998] });
    cleanups.push(session.close);
    const digits: string[] = [];
    session.onDtmf((digit) => digits.push(digit));

    const call = await rawSipCall({ sippPort: sipp.port, offer: session.createOffer() });
    session.acceptAnswer(call.remoteSdp);
    await waitUntil(() => digits.length > 0, 3000);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the redundant end packets, which must not count again

    expect(digits).toEqual(['1']);
    expect(await call.hangup()).toBe(200);
    expect((await sipp.exited).code).toBe(0);
  });
});
