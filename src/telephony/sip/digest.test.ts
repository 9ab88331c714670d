import { describe, expect, it } from 'vitest';
import { answerChallenge, createDigestSession, parseAuthParams, parseChallenge, selectChallenge } from './digest.ts';

const MUFASA = { username: 'Mufasa', password: 'Circle of Life' };
// RFC 7616 §3.9.1: the same request answered with MD5 and with SHA-256.
const RFC7616 = {
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
};

describe('digest authentication', () => {
  it('given the RFC 2617 §3.5 example, the MD5 response matches the RFC', () => {
    const challenge = parseChallenge('Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"')!;
    const answer = answerChallenge({ challenge, credentials: { username: 'Mufasa', password: 'Circle Of Life' }, method: 'GET', uri: '/dir/index.html', cnonce: '0a4f113b', nonceCount: 1 });
    expect(answer.response).toBe('6629fae49393a05397450978507c4ef1');
    expect(answer.header).toContain('qop=auth, nc=00000001, cnonce="0a4f113b"');
  });

  it('given the RFC 7616 §3.9.1 example, the MD5 and SHA-256 responses match the RFC (as used by RFC 8760 for SIP)', () => {
    for (const [algorithm, expected] of [
      ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
      ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
    ] as const) {
      const challenge = parseChallenge(`Digest realm="${RFC7616.realm}", qop="auth, auth-int", algorithm=${algorithm}, nonce="${RFC7616.nonce}", opaque="${RFC7616.opaque}"`)!;
      const answer = answerChallenge({ challenge, credentials: MUFASA, method: 'GET', uri: '/dir/index.html', cnonce: RFC7616.cnonce, nonceCount: 1 });
      expect(answer.response).toBe(expected);
      const params = parseAuthParams(answer.header)!.params;
      expect(params).toMatchObject({ username: 'Mufasa', realm: RFC7616.realm, algorithm, opaque: RFC7616.opaque, qop: 'auth', nc: '00000001' });
    }
  });

  it('given several challenges, the first supported one is answered (RFC 8760 §2.4)', () => {
    const chosen = selectChallenge(['Digest realm="r", nonce="n", algorithm=SHA-512-256', 'Basic realm="r"', 'Digest realm="r", nonce="n", algorithm=SHA-256', 'Digest realm="r", nonce="n"']);
    expect(chosen?.algorithm).toBe('SHA-256');
    expect(parseChallenge('Digest realm="r"')).toBeUndefined();
  });

  it('given a second challenge after our credentials, the session refuses; a stale nonce is retried', () => {
    const session = createDigestSession({ username: 'alice', password: 'pw' });
    expect(session.challenged(401, ['Digest realm="r", nonce="1", qop="auth"'], false)).toBe(true);
    const first = parseAuthParams(session.authorize('REGISTER', 'sip:r')!.value)!.params;
    const second = parseAuthParams(session.authorize('REGISTER', 'sip:r')!.value)!.params;
    // RFC 2617 §3.2.2: the nonce count grows with every request on the same nonce.
    expect([first.nc, second.nc]).toEqual(['00000001', '00000002']);
    expect(session.challenged(401, ['Digest realm="r", nonce="2", stale=true'], true)).toBe(true);
    expect(session.challenged(401, ['Digest realm="r", nonce="3"'], true)).toBe(false);
  });

  it('given a 407 without qop, the answer goes in Proxy-Authorization in the RFC 2069 form', () => {
    const session = createDigestSession({ username: 'alice', password: 'pw' });
    session.challenged(407, ['Digest realm="proxy", nonce="abc"'], false);
    const header = session.authorize('INVITE', 'sip:+32470123456@trunk;user=phone')!;
    expect(header.name).toBe('Proxy-Authorization');
    expect(parseAuthParams(header.value)!.params.qop).toBeUndefined();
  });
});
