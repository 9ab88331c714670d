import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { sha256Hex } from '../../shared/crypto.ts';

// RFC 6238 with the parameters every authenticator app supports: HMAC-SHA1, 6 digits, 30 s.
const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** One step either side absorbs clock drift between phone and server (RFC 6238 §5.2). */
const WINDOW = 1;

export const RECOVERY_CODE_COUNT = 10;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = 'account', issuer = 'Waakzaam'): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: DIGITS, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, label: string, issuer: string): string {
  return totp(secret, label, issuer).toString();
}

/** The secret in groups of four, easier to type by hand. */
export function formatSecretForHumans(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/** The code for a moment (tests and the enrolment check use it). */
export function totpCode(secret: string, now: number): string {
  return totp(secret).generate({ timestamp: now });
}

export function looksLikeTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s/g, ''));
}

/**
 * The time-step the code belongs to when it is valid now (within the window), else null. The
 * caller must still refuse a step at or before the last one accepted: RFC 6238 §5.2 forbids
 * accepting the same code twice.
 */
export function matchTotpStep(secret: string, code: string, now: number): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const generator = totp(secret);
  const delta = generator.validate({ token, timestamp: now, window: WINDOW });
  return delta === null ? null : generator.counter({ timestamp: now }) + delta;
}

// Base32 without look-alikes (no 0/O, 1/I/L): read from paper and typed back.
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Ten fresh recovery codes like `K7QM-X2PD-9TRA`, about 59 bits of entropy each. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 12 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

/** Codes are compared without case, spaces or dashes, as people type them back. */
export function hashRecoveryCode(code: string): string {
  return sha256Hex(code.toUpperCase().replace(/[\s-]/g, ''));
}
