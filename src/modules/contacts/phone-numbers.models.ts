import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';

/**
 * Phone numbers of members: typed by people, stored in E.164, shown in national format. Pure.
 *
 * Rules (why each one):
 * - Belgian numbers may be typed without +32 ("0470 12 34 56"), with 0032, with spaces, dots,
 *   slashes, dashes or brackets ("03/485.65.11" as on the police flyer).
 * - Only numbers a person answers are accepted: MOBILE and FIXED_LINE. A landline gets voice calls
 *   only, a mobile also SMS.
 * - FIXED_LINE_OR_MOBILE (countries whose numbering does not tell, e.g. +1) counts as a landline:
 *   a voice call reaches both kinds, an SMS would not reach a landline. Belgian numbers are never
 *   ambiguous (mobiles are 04xx).
 * - Rejected with their own message: premium-rate numbers (0900, 0903, 0905, 0906, 0909, and 070,
 *   which libphonenumber types PREMIUM_RATE: a "betaalnummer" would bill every alert call),
 *   emergency and short numbers (112, 100, 101, 1733, 116000, ...: an alert must never call them),
 *   and text with letters. Every other valid type (toll-free 0800, UAN 078, VoIP, pager, personal
 *   numbers, voicemail) is unsupported.
 */

export const PHONE_KINDS = ['mobile', 'landline'] as const;
export type PhoneKind = (typeof PHONE_KINDS)[number];

export const PHONE_ERROR_KEYS = ['phone.required', 'phone.invalid', 'phone.letters', 'phone.premiumRate', 'phone.emergencyNumber', 'phone.unsupportedType'] as const;
export type PhoneErrorKey = (typeof PHONE_ERROR_KEYS)[number];

export type ParsedPhoneNumber = { ok: true; e164: string; kind: PhoneKind; country: string } | { ok: false; errorKey: PhoneErrorKey };

export const DEFAULT_PHONE_COUNTRY: CountryCode = 'BE';

/** Characters people put between digits. */
const SEPARATORS = /[\s.\-/()\u00a0]/g;

/**
 * Short numbers dialled without a leading 0 or country code: emergency (112, 100, 101), police
 * and help lines (1733 doctors on duty, 116xxx European harmonised numbers, 1712, ...). Any 3 to 6
 * digit number starting with 1 is one of them or unassigned.
 */
const SHORT_NUMBER = /^1\d{2,5}$/;

/** Reads a phone number as typed; `defaultCountry` applies to numbers without +/00 prefix. */
export function parsePhoneNumber(input: string, defaultCountry: CountryCode = DEFAULT_PHONE_COUNTRY): ParsedPhoneNumber {
  const text = input.trim();
  if (text === '') return { ok: false, errorKey: 'phone.required' };
  if (/\p{L}/u.test(text)) return { ok: false, errorKey: 'phone.letters' };
  // "+32 (0)470 ...": the bracketed trunk zero is not dialled after a country code.
  const compact = text.replace(/\(0\)/g, '').replace(SEPARATORS, '');
  if (!/^\+?\d+$/.test(compact)) return { ok: false, errorKey: 'phone.invalid' };
  // "0032 470 ..." is the international prefix as dialled from Belgium.
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  const national = international.replace(/^\+32/, '');
  if (SHORT_NUMBER.test(national)) return { ok: false, errorKey: 'phone.emergencyNumber' };
  const parsed = parsePhoneNumberFromString(international, defaultCountry);
  if (!parsed || !parsed.isValid()) return { ok: false, errorKey: 'phone.invalid' };
  const country = parsed.country ?? defaultCountry;
  switch (parsed.getType()) {
    case 'MOBILE':
      return { ok: true, e164: parsed.number, kind: 'mobile', country };
    case 'FIXED_LINE':
    case 'FIXED_LINE_OR_MOBILE':
      return { ok: true, e164: parsed.number, kind: 'landline', country };
    case 'PREMIUM_RATE':
      return { ok: false, errorKey: 'phone.premiumRate' };
    default:
      return { ok: false, errorKey: 'phone.unsupportedType' };
  }
}

/**
 * A stored number for people to read: Belgian numbers in the national format they know
 * ("0470 12 34 56", "03 485 65 11"), foreign numbers in international format ("+31 6 12345678"),
 * since their national format would be dialled wrongly from Belgium.
 */
export function formatNational(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === 'BE' ? parsed.formatNational() : parsed.formatInternational();
}

/** A phone number field: trims, validates and yields `{ e164, kind, country }`; issues carry catalogue keys. */
export const phoneNumberSchema = z.string().transform((input, ctx) => {
  const result = parsePhoneNumber(input);
  if (result.ok) return { e164: result.e164, kind: result.kind, country: result.country };
  ctx.addIssue({ code: 'custom', message: result.errorKey });
  return z.NEVER;
});
