import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../../../test/support/app.ts';
import { sha256Hex } from '../../shared/crypto.ts';
import { csrfTokenFor } from '../../web/csrf.ts';
import { ANONYMOUS_COOKIE, LOCALE_COOKIE } from '../../web/server.ts';
import { KERKSTRAAT_WEST, actorWith, featureCollection, importDemoAddresses, rectangle } from '../networks/networks.test-support.ts';
import { setNetworkArea } from '../networks/network-areas.usecases.ts';
import { changeNetworkStatus, createNetwork } from '../networks/networks.usecases.ts';
import type { Network } from '../networks/networks.models.ts';
import type { Zone } from '../zones/zones.repository.ts';
import { MEMBER_COOKIE } from './member-access.routes.tsx';

/** Stationsstraat and Molenveldlaan, away from Kerkstraat: for a second network. */
export const STATIONSSTRAAT = rectangle(4.5, 50.85, 4.6, 50.8786);

export type MemberFixtures = { zone: Zone; network: Network };

/** An active network over a rectangle of the shipped sample addresses, in a zone of its own. */
export async function addActiveNetwork(app: TestApp, zone: Zone, code: string, name: string, area = KERKSTRAAT_WEST): Promise<Network> {
  const by = { actor: actorWith('fixture-admin', 'platform_admin'), ip: null };
  const deps = { database: app.database, clock: app.clock, ids: app.ids, by };
  const network = await createNetwork({ ...deps, input: { zoneId: zone.id, code, name, kind: 'residential', description: '' } });
  await changeNetworkStatus({ ...deps, networkId: network.id, input: { status: 'active', reason: '' } });
  await setNetworkArea({ ...deps, networkId: network.id, geojson: featureCollection(area) });
  return (await app.networks.findById(network.id))!;
}

/** A zone (nl, fr) with the sample addresses and one active network over Kerkstraat 1–50. */
export async function seedMemberFixtures(app: TestApp): Promise<MemberFixtures> {
  const now = app.clock.now();
  const id = app.ids.id();
  await app.zones.insert({ id, code: 'PZ-TEST', name: 'PZ Heidebeek', languages: ['nl', 'fr'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now });
  const zone = (await app.zones.findById(id))!;
  await importDemoAddresses(app.database, app.clock);
  const network = await addActiveNetwork(app, zone, '1', 'BIN Kerkstraat');
  return { zone, network };
}

/** A registration form as a person fills it in (overridable field by field). */
export function registrationForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    firstName: 'An',
    lastName: 'Peeters',
    language: 'nl',
    homeStreet: 'Kerkstraat',
    homeNumber: '12',
    homePostcode: '3079',
    homeMunicipality: 'Heidebeek',
    mobile1: '0470 12 34 56',
    email1: 'an.peeters@example.be',
    red: 'sms',
    green: 'email',
    consent: 'yes',
    consentVersion: '1',
    ...overrides,
  };
}

/**
 * A browser without a staff account: an anonymous cookie, and the member cookie once a
 * registration or sign-in set one. Its CSRF token follows the binding the server uses.
 */
export function createVisitor(app: TestApp, server: FastifyInstance, options: { locale?: string } = {}) {
  const anonymous = `anon-${Math.random().toString(36).slice(2)}`;
  let memberToken: string | undefined;
  const cookie = () => [`${ANONYMOUS_COOKIE}=${anonymous}`, ...(options.locale ? [`${LOCALE_COOKIE}=${options.locale}`] : []), ...(memberToken ? [`${MEMBER_COOKIE}=${memberToken}`] : [])].join('; ');
  const csrf = () => csrfTokenFor(app.config.security.sessionSecret, memberToken ? `member:${sha256Hex(memberToken)}` : `anonymous:${anonymous}`);
  const remember = (response: LightMyRequestResponse) => {
    const set = response.cookies.find((c) => c.name === MEMBER_COOKIE);
    if (set) memberToken = set.value === '' ? undefined : set.value;
    return response;
  };
  return {
    get memberToken() {
      return memberToken;
    },
    signOutLocally() {
      memberToken = undefined;
    },
    async get(url: string): Promise<LightMyRequestResponse> {
      return remember(await server.inject({ method: 'GET', url, headers: { cookie: cookie() } }));
    },
    async post(url: string, fields: Record<string, string | string[]> = {}): Promise<LightMyRequestResponse> {
      const body = new URLSearchParams();
      for (const [key, value] of Object.entries({ ...fields, _csrf: csrf() })) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
      const response = await server.inject({ method: 'POST', url, headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
      // What the answer left for later (a sign-in link or code) is sent before the next step, as a person waits for it.
      await app.jobs.settled();
      return remember(response);
    },
  };
}

export type Visitor = ReturnType<typeof createVisitor>;

/** The link in the latest e-mail to `to`, whose path starts with `prefix`. */
export function linkIn(app: TestApp, to: string, prefix: string): string {
  const mail = [...app.email.sent].reverse().find((m) => m.to === to);
  const match = mail?.text.match(new RegExp(`https?://[^\\s]+(${prefix}[^\\s]+)`));
  if (!match) throw new Error(`no ${prefix} link in an e-mail to ${to}`);
  return match[1]!;
}

/** The 6-digit code in the latest SMS to `to` (E.164). */
export function smsCode(app: TestApp, to: string): string {
  const sms = [...app.sms.sent].reverse().find((m) => m.to === to);
  const match = sms?.text.match(/\b(\d{6})\b/);
  if (!match) throw new Error(`no code in an SMS to ${to}`);
  return match[1]!;
}

/** The code spoken in the latest call to `to`: its digits, read one by one. */
export function spokenCode(app: TestApp, to: string): string {
  const call = [...app.voice.sent].reverse().find((m) => m.to === to);
  const match = call?.text.match(/(\d(?: \d){5})/);
  if (!match) throw new Error(`no code in a call to ${to}`);
  return match[1]!.replace(/ /g, '');
}
