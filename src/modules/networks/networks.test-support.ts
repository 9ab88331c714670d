import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TestUser } from '../../../test/support/app.ts';
import type { App } from '../../app.ts';
import { sha256Hex } from '../../shared/crypto.ts';
import { randomIds } from '../../shared/ids.ts';
import { csrfTokenFor } from '../../web/csrf.ts';
import { SESSION_COOKIE } from '../../web/server.ts';
import type { Database } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { createSequentialIds } from '../../shared/ids.ts';
import type { Actor, Role } from '../accounts/authorization.models.ts';
import { importAddressFile } from '../geography/address-import.usecases.ts';
import type { AreaGeometry } from '../geography/geometry.models.ts';

/** The shipped BeSt-Address sample (297 addresses in the invented Heidebeek, 3079). */
export const DEMO_ADDRESSES = new URL('../../../samples/best-address-demo.csv', import.meta.url).pathname;

export async function importDemoAddresses(database: Database, clock: Clock): Promise<void> {
  await importAddressFile({ file: DEMO_ADDRESSES, database, clock, ids: createSequentialIds('addr') });
}

/** A rectangle as a GeoJSON Polygon, corners in [lon, lat]. */
export function rectangle(west: number, south: number, east: number, north: number): AreaGeometry {
  return { type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] };
}

export function featureCollection(...geometries: AreaGeometry[]) {
  return { type: 'FeatureCollection', features: geometries.map((geometry) => ({ type: 'Feature', properties: {}, geometry })) };
}

/** Kerkstraat 1–50 (57 addresses: 12A, 12B and 24 with six boxes), nothing of the other streets. */
export const KERKSTRAAT_WEST = rectangle(4.5245, 50.8787, 4.53, 50.8793);
/** Kerkstraat 31–70. */
export const KERKSTRAAT_MIDDLE = rectangle(4.528, 50.8787, 4.532, 50.8793);

/** An actor as the web layer would resolve it, for use case tests without HTTP. */
export function actorWith(accountId: string, role: Role, scope: { zoneId?: string; networkId?: string } = {}): Actor {
  return {
    accountId,
    name: `Test ${role}`,
    email: `${accountId}@example.test`,
    grants: [
      {
        id: `grant-${accountId}`,
        role,
        zoneId: scope.zoneId ?? null,
        dispatchCentreId: null,
        networkId: scope.networkId ?? null,
        zoneIds: role === 'platform_admin' ? 'all' : scope.zoneId ? [scope.zoneId] : [],
        networkIds: scope.networkId ? [scope.networkId] : [],
      },
    ],
  };
}

/** A minimal but well-formed PDF (ISO 32000-1: header, one empty page, xref, trailer). */
export function smallPdf(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** The first bytes of a PNG file (signature and IHDR chunk). */
export function pngBytes(): Buffer {
  return Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
}

type Part = { name: string; value: string } | { name: string; filename: string; contentType: string; data: Buffer };

/** Posts a multipart/form-data body as a browser does. */
export function postMultipart(server: FastifyInstance, user: { cookie: string }, url: string, parts: readonly Part[]): Promise<LightMyRequestResponse> {
  const boundary = '----waakzaam-test-boundary';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('filename' in part) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.contentType}\r\n\r\n`));
      chunks.push(part.data, Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return server.inject({ method: 'POST', url, headers: { cookie: user.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(chunks) });
}

/** A signed-in session for an existing account (e.g. a coordinator created by an appointment). */
export async function sessionFor(app: App, accountId: string): Promise<TestUser> {
  const account = (await app.accounts.findById(accountId))!;
  const token = randomIds.token();
  const sessionId = sha256Hex(token);
  const now = app.clock.now();
  await app.sessions.insert({ id: sessionId, accountId, stage: 'complete', createdAt: now, lastSeenAt: now, expiresAt: now + 3_600_000, ip: null, userAgent: null });
  return { accountId, email: account.email, cookie: `${SESSION_COOKIE}=${token}`, csrf: csrfTokenFor(app.config.security.sessionSecret, `session:${sessionId}`) };
}
