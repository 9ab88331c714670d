import { hmacBase64Url, sha256Hex } from '../../shared/crypto.ts';

/**
 * Codes and links that prove a person holds a phone number or an e-mail address. Pure.
 *
 * - A code has 6 digits, lives 15 minutes and allows 5 wrong tries; then a new code is needed.
 *   Only its HMAC (keyed by the installation's secret and bound to the contact point) is stored,
 *   so a copy of the database does not reveal live codes.
 * - An e-mail verification link lives 48 hours, a sign-in link 15 minutes; both are single use and
 *   only the SHA-256 of the token is stored.
 * - A new code or link can be asked for once a minute per contact point.
 */
export const CODE_DIGITS = 6;
export const CODE_TTL_MS = 15 * 60_000;
export const MAX_CODE_ATTEMPTS = 5;
export const RESEND_COOLDOWN_MS = 60_000;
export const EMAIL_VERIFICATION_TTL_MS = 48 * 3_600_000;
export const SIGN_IN_LINK_TTL_MS = 15 * 60_000;

export const MEMBER_TOKEN_PURPOSES = ['verify_email', 'sign_in'] as const;
export type MemberTokenPurpose = (typeof MEMBER_TOKEN_PURPOSES)[number];

/**
 * Six digits drawn from a random token (the injected id generator's): uniform enough for a code
 * that allows five tries, and deterministic under a test's generator.
 */
export function codeFromToken(token: string): string {
  const n = Number.parseInt(sha256Hex(token).slice(0, 12), 16) % 10 ** CODE_DIGITS;
  return String(n).padStart(CODE_DIGITS, '0');
}

/** What is stored of a code: bound to one contact point, so a code never works for another. */
export function hashCode(secret: string, contactPointId: string, code: string): string {
  return hmacBase64Url(secret, `member-code:${contactPointId}:${code}`);
}

/** What people type: spaces and dashes between digits are fine ("123 456"). */
export function normaliseCode(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/** The digits one by one, so that a text-to-speech engine reads "1 2 3" and not "one hundred twenty-three". */
export function spokenDigits(code: string): string {
  return code.split('').join(' ');
}

export type CodeCheck = 'accepted' | 'wrong' | 'locked' | 'expired' | 'none';

/** Judges a typed code against what is stored for the contact point; `wrong` still counts a try. */
export function checkCode(
  stored: { codeHash: string | null; codeExpiresAt: number | null; codeAttempts: number },
  typedHash: string,
  now: number,
): CodeCheck {
  if (!stored.codeHash || stored.codeExpiresAt === null) return 'none';
  if (stored.codeAttempts >= MAX_CODE_ATTEMPTS) return 'locked';
  if (stored.codeExpiresAt <= now) return 'expired';
  return stored.codeHash === typedHash ? 'accepted' : 'wrong';
}

/** How long before another code or link may be sent; 0 when one may be sent now. */
export function cooldownLeftMs(lastSentAt: number | null, now: number): number {
  if (lastSentAt === null) return 0;
  return Math.max(0, lastSentAt + RESEND_COOLDOWN_MS - now);
}
