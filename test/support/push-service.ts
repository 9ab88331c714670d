import { execFileSync } from 'node:child_process';
import { createECDH, createPublicKey, createDecipheriv, hkdfSync, randomBytes, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A push service on loopback HTTPS (a self-signed certificate made with openssl for the test),
 * acting as the browser vendor's: it keeps every request, and answers per endpoint path as the
 * test tells it. The device side (`createTestDevice`) holds the keys to decrypt what arrived.
 */
export type ReceivedPush = { path: string; headers: IncomingHttpHeaders; body: Buffer };

export type TestPushService = {
  /** The endpoint of a device whose service answers `status` (201: accepted). */
  endpoint: (name: string, status: number) => string;
  received: ReceivedPush[];
  /** An agent that trusts the service's certificate. */
  agent: Agent;
  /** The service's self-signed certificate (PEM), for a client in another process. */
  certificate: string;
  stop: () => Promise<void>;
};

export async function startTestPushService(): Promise<TestPushService> {
  const folder = mkdtempSync(join(tmpdir(), 'waakzaam-push-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(folder, 'key.pem'), '-out', join(folder, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const key = readFileSync(join(folder, 'key.pem'));
  const cert = readFileSync(join(folder, 'cert.pem'));
  rmSync(folder, { recursive: true, force: true });
  const statuses = new Map<string, number>();
  const received: ReceivedPush[] = [];
  const server: Server = createServer({ key, cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks) });
      const status = statuses.get(path) ?? 404;
      if (status === 201) response.setHeader('location', `https://127.0.0.1/messages${path}/${received.length}`);
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ ca: cert, keepAlive: false });
  return {
    endpoint(name, status) {
      statuses.set(`/push/${name}`, status);
      return `https://127.0.0.1:${port}/push/${name}`;
    },
    received,
    agent,
    certificate: cert.toString('utf8'),
    stop: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}

const b64url = (bytes: Buffer) => bytes.toString('base64url');

/** A browser's push keys (RFC 8291 §3): a P-256 key pair and a 16-byte authentication secret. */
export function createTestDevice() {
  const ecdh = createECDH('prime256v1');
  const publicKey = ecdh.generateKeys();
  const authSecret = randomBytes(16);
  return {
    p256dh: b64url(publicKey),
    auth: b64url(authSecret),
    /**
     * Decrypts an aes128gcm body (RFC 8188 §2) for this device (RFC 8291 §3.3, §3.4): the header
     * carries salt, record size and the application server's ephemeral public key as key id.
     */
    decrypt(body: Buffer): string {
      const salt = body.subarray(0, 16);
      const recordSize = body.readUInt32BE(16);
      const idLength = body.readUInt8(20);
      const serverPublic = body.subarray(21, 21 + idLength);
      const ciphertext = body.subarray(21 + idLength);
      if (ciphertext.length > recordSize) throw new Error('more than one record: not expected for a push message');
      const ecdhSecret = ecdh.computeSecret(serverPublic);
      // RFC 8291 §3.4: IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" || 0x00 || ua_public || as_public, 32)
      const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), publicKey, serverPublic]);
      const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, authSecret, keyInfo, 32));
      // RFC 8188 §2.2, §2.3: CEK and NONCE from the salt.
      const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
      const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
      const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
      decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
      const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
      // RFC 8188 §2: the last record ends with the delimiter 0x02, then zero or more 0x00 bytes.
      let end = padded.length - 1;
      while (end >= 0 && padded[end] === 0) end -= 1;
      if (padded[end] !== 2) throw new Error('the last record has no 0x02 padding delimiter');
      return padded.subarray(0, end).toString('utf8');
    },
  };
}

export type VapidClaims = { aud: string; exp: number; sub: string };

/**
 * RFC 8292 §3: `Authorization: vapid t=<JWT>, k=<public key>`. Verifies the ES256 signature of the
 * JWT with the key in `k` and returns the claims and the key.
 */
export function verifyVapidAuthorization(header: string | undefined): { claims: VapidClaims; publicKey: string } {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!match) throw new Error(`not a VAPID Authorization header: ${String(header)}`);
  const [, jwt, k] = match as unknown as [string, string, string];
  const [head, payload, signature] = jwt.split('.') as [string, string, string];
  const raw = Buffer.from(k, 'base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(raw.subarray(1, 33)), y: b64url(raw.subarray(33, 65)) }, format: 'jwk' });
  // JWS ES256 (RFC 7518 §3.4): the signature is r || s, 64 bytes.
  if (!verify('sha256', Buffer.from(`${head}.${payload}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))) throw new Error('the VAPID JWT signature does not verify');
  const header_ = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg: string };
  if (header_.alg !== 'ES256') throw new Error(`VAPID JWT alg ${header_.alg}`);
  return { claims: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as VapidClaims, publicKey: k };
}
