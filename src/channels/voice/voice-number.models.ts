import { parsePhoneNumber } from '../../modules/contacts/phone-numbers.models.ts';

/**
 * The toll-fraud guard of the voice channel: the trunk only ever dials numbers a member answers.
 * The engine plans calls to verified contact points only; this is the last check before a packet
 * leaves, so that a bad row, an import or a bug can never make our trunk call a premium-rate,
 * shared-cost or short number (each call to one is billed to the zone), or a country the
 * installation does not serve. Pure.
 */
export type CallableNumber = { ok: true; e164: string } | { ok: false; reason: string };

const E164 = /^\+[1-9]\d{6,14}$/;

/** Whether `to` may be called: E.164, and a fixed or mobile number of one of `countries` (ISO codes). */
export function callableNumber(to: string, countries: readonly string[]): CallableNumber {
  if (!E164.test(to)) return { ok: false, reason: 'not a number in E.164' };
  const parsed = parsePhoneNumber(to);
  // The phone rules of the member registry: mobile and fixed lines only, never premium or short.
  if (!parsed.ok) return { ok: false, reason: parsed.errorKey };
  if (parsed.e164 !== to) return { ok: false, reason: 'not a number in E.164' };
  if (!countries.includes(parsed.country)) return { ok: false, reason: `country ${parsed.country} not allowed` };
  return { ok: true, e164: parsed.e164 };
}
