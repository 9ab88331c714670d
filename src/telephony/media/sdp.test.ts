import { describe, expect, it } from 'vitest';
import { SdpError, answerSdpOffer, createSdpOffer, readSdpAnswer } from './sdp.ts';

const local = { address: '192.0.2.10', port: 20000, sessionId: '4242', sessionVersion: 1 };

/** An offer as a desk phone sends it: μ-law first, telephone-event on 96, its own address per stream. */
const phoneOffer = (extra: { direction?: string; address?: string; payloads?: string; rtpmaps?: string[]; more?: string } = {}) =>
  [
    'v=0',
    'o=phone 1 1 IN IP4 198.51.100.7',
    's=call',
    'c=IN IP4 198.51.100.7',
    't=0 0',
    `m=audio 4000 RTP/AVP ${extra.payloads ?? '0 8 96'}`,
    ...(extra.address ? [`c=IN IP4 ${extra.address}`] : []),
    ...(extra.rtpmaps ?? ['a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:96 telephone-event/8000', 'a=fmtp:96 0-15']),
    ...(extra.direction ? [`a=${extra.direction}`] : []),
    ...(extra.more ? [extra.more] : []),
    '',
  ].join('\r\n');

const sdpError = (run: () => unknown): SdpError => {
  try {
    run();
  } catch (error) {
    if (error instanceof SdpError) return error;
    throw error;
  }
  throw new Error('expected an SdpError');
};

describe('SDP offer/answer', () => {
  it('given a media address and port, the offer lists PCMA, PCMU and telephone-event 0-16 at ptime 20', () => {
    const offer = createSdpOffer(local);
    expect(offer).toContain('c=IN IP4 192.0.2.10\r\n');
    expect(offer).toContain('m=audio 20000 RTP/AVP 8 0 101\r\n');
    expect(offer).toContain('a=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n');
    expect(offer).toContain('a=fmtp:101 0-16\r\n');
    expect(offer).toContain('a=ptime:20\r\n');
    expect(offer).toContain('a=sendrecv\r\n');
  });

  it('given our own offer, answering it picks PCMA and telephone-event 101', () => {
    const { media } = answerSdpOffer(createSdpOffer(local), { ...local, port: 30000 });
    expect(media).toEqual({ codec: 'PCMA', payloadType: 8, telephoneEventPayloadType: 101, remote: { address: '192.0.2.10', port: 20000 }, direction: 'sendrecv' });
  });

  it("given a phone's offer, the answer follows its preference and its telephone-event payload type", () => {
    const { sdp, media } = answerSdpOffer(phoneOffer(), local);
    expect(media).toMatchObject({ codec: 'PCMU', payloadType: 0, telephoneEventPayloadType: 96, remote: { address: '198.51.100.7', port: 4000 } });
    expect(sdp).toContain('m=audio 20000 RTP/AVP 0 96\r\n');
    expect(sdp).toContain('a=rtpmap:96 telephone-event/8000\r\n');
  });

  it('given static payload types without rtpmap lines and a stream-level address, they are understood', () => {
    const { media } = answerSdpOffer(phoneOffer({ payloads: '18 8', rtpmaps: ['a=rtpmap:18 G729/8000'], address: '203.0.113.5' }), local);
    expect(media).toMatchObject({ codec: 'PCMA', payloadType: 8, remote: { address: '203.0.113.5' } });
    expect(media.telephoneEventPayloadType).toBeUndefined();
  });

  it('given an offer with video besides audio, the answer rejects the video stream with port 0', () => {
    const { sdp } = answerSdpOffer(phoneOffer({ more: 'm=video 4002 RTP/AVP 97\r\na=rtpmap:97 H264/90000' }), local);
    expect(sdp).toContain('m=video 0 RTP/AVP 97\r\n');
  });

  it.each([
    [{ direction: 'sendonly' }, 'recvonly'],
    [{ direction: 'inactive' }, 'inactive'],
    [{ direction: 'recvonly' }, 'sendonly'],
    [{ address: '0.0.0.0' }, 'recvonly'],
  ])('given a hold offer %o, the answer takes direction %s and does not fail', (hold, direction) => {
    const { sdp, media } = answerSdpOffer(phoneOffer(hold), local);
    expect(media.direction).toBe(direction);
    expect(sdp).toContain(`a=${direction}\r\n`);
  });

  it('given an offer with no G.711, answering fails with sdp.no_common_codec for a 488', () => {
    const error = sdpError(() => answerSdpOffer(phoneOffer({ payloads: '18 96', rtpmaps: ['a=rtpmap:18 G729/8000', 'a=rtpmap:96 telephone-event/8000'] }), local));
    expect(error.code).toBe('sdp.no_common_codec');
    expect(error.sipStatus).toBe(488);
  });

  it('given garbage, an encrypted-only stream or no audio, the error says which', () => {
    expect(sdpError(() => answerSdpOffer('hello\r\nworld', local)).code).toBe('sdp.malformed');
    expect(sdpError(() => answerSdpOffer(phoneOffer().replace('RTP/AVP', 'RTP/SAVP'), local)).code).toBe('sdp.no_audio');
    expect(sdpError(() => readSdpAnswer(phoneOffer().replace('m=audio 4000', 'm=audio 0'))).code).toBe('sdp.no_audio');
  });

  it('given an answer to our offer, the first codec of the answer that we support is used', () => {
    const media = readSdpAnswer(phoneOffer({ payloads: '0 96' }));
    expect(media).toMatchObject({ codec: 'PCMU', payloadType: 0, telephoneEventPayloadType: 96, direction: 'sendrecv' });
    expect(readSdpAnswer(phoneOffer(), { codecs: ['PCMA'] }).codec).toBe('PCMA');
  });
});
