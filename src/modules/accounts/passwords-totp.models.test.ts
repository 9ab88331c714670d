import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { hashRecoveryCode, matchTotpStep, newRecoveryCodes, newTotpSecret, totpCode, totpUri } from './totp.models.ts';

const T = Date.UTC(2026, 0, 15, 9, 0, 0);

describe('passwords', () => {
  it('given a short, common or one-letter password, it is refused with the reason', () => {
    expect(passwordProblem('elevenchars')).toBe('password.tooShort');
    expect(passwordProblem('Password1234')).toBe('password.tooCommon');
    expect(passwordProblem('qwerty-uiop-123')).toBe('password.tooCommon');
    expect(passwordProblem('aaaaaaaaaaaaaaaa')).toBe('password.tooCommon');
    expect(passwordProblem('x'.repeat(201))).toBe('password.tooLong');
    expect(passwordProblem('kraai op de schoorsteen')).toBeNull();
  });

  it('given an argon2id hash, only the right password verifies, and no hash never verifies', async () => {
    const hash = await hashPassword('kraai op de schoorsteen');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, 'kraai op de schoorsteen')).toBe(true);
    expect(await verifyPassword(hash, 'kraai op het dak')).toBe(false);
    expect(await verifyPassword(null, 'anything')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });
});

describe('TOTP and recovery codes', () => {
  it('given a code from the previous, current or next 30 s step, it matches that step; older codes do not', () => {
    const secret = 'JBSWY3DPEHPK3PXP';
    const step = Math.floor(T / 30_000);
    expect(matchTotpStep(secret, totpCode(secret, T), T)).toBe(step);
    expect(matchTotpStep(secret, totpCode(secret, T - 30_000), T)).toBe(step - 1);
    expect(matchTotpStep(secret, totpCode(secret, T + 30_000), T)).toBe(step + 1);
    expect(matchTotpStep(secret, totpCode(secret, T - 60_000), T)).toBeNull();
    expect(matchTotpStep(secret, totpCode(secret, T + 60_000), T)).toBeNull();
    expect(matchTotpStep(secret, 'abcdef', T)).toBeNull();
  });

  it('given the RFC 6238 SHA-1 test secret, the code matches the published vector', () => {
    // RFC 6238 Appendix B: secret "12345678901234567890", T = 59 s gives 94287082 (8 digits); 6 digits keep the last six.
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpCode(secret, 59_000)).toBe('287082');
  });

  it('given an enrolment, the otpauth URI names the issuer and the SHA1/6/30 parameters', () => {
    const uri = totpUri('JBSWY3DPEHPK3PXP', 'anna@example.test', 'Waakzaam');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Waakzaam:anna%40example\.test\?/);
    expect(uri).toContain('algorithm=SHA1');
    expect(uri).toContain('digits=6');
    expect(uri).toContain('period=30');
  });

  it('given a new secret, it is 160 bits in base32', () => {
    expect(newTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('given ten fresh recovery codes, they are distinct and hash the same however they are typed', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(hashRecoveryCode(codes[0]!.toLowerCase().replace(/-/g, ' '))).toBe(hashRecoveryCode(codes[0]!));
  });
});
