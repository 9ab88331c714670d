import argon2 from 'argon2';

/** Minimum length of a staff password (NIST SP 800-63B §5.1.1.2 asks at least 8; staff get more). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

// OWASP Password Storage Cheat Sheet: argon2id with m=19 MiB, t=2, p=1.
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * A hash of a random value nobody knows, made with the same parameters as real hashes. Checking a
 * password against it when the account does not exist costs the same time as a real check, so the
 * answer's timing does not tell whether an e-mail address has an account.
 */
const DUMMY_HASH = '$argon2id$v=19$m=19456,p=1,t=2$w4RQf+c8P9iSM0ucyJCIjw$WQMlHnVMG7ytwkzD6xl/VHJSEj5wTglIa3ABvSkRRPg';

/**
 * The most common long passwords from public breach lists (entries shorter than the minimum are
 * refused by length already). Compared without case, spaces and separators.
 */
const COMMON_PASSWORDS = new Set([
  '123456789012', '1234567890123', '12345678901234', '123456789123', '111111111111', '000000000000',
  '123123123123', '121212121212', '987654321098', 'qwertyuiop12', 'qwertyuiop123', 'qwertyuiopasdf',
  'qwertyuiopasdfghjkl', 'asdfghjkl123', '1qaz2wsx3edc', '1q2w3e4r5t6y', '1q2w3e4r5t6y7u', 'zaq12wsxcde3',
  'passwordpassword', 'password1234', 'password12345', 'password123456', 'password123!', 'passw0rd1234',
  'p@ssw0rd1234', 'wachtwoord123', 'wachtwoord1234', 'motdepasse123', 'motdepasse1234', 'passwort1234',
  'passwort12345', 'welkom123456', 'bienvenue123', 'willkommen123', 'welcome12345', 'welcome123456',
  'iloveyou1234', 'letmein12345', 'administrator', 'administrator1', 'admin1234567', 'adminadmin123',
  'changeme1234', 'trustno11234', 'football1234', 'baseball1234', 'sunshine1234', 'princess1234',
  'abcdefghijkl', 'abcdefgh1234', 'abc123456789', 'aaaaaaaaaaaa', 'qazwsxedcrfv', 'monkey123456',
  'dragon123456', 'master123456', 'superman1234', 'starwars1234', 'waakzaam1234', 'waakzaam12345',
  'politie12345', 'politie123456', 'police123456', 'polizei12345', 'belgie123456', 'belgique1234',
]);

function normaliseForList(password: string): string {
  return password.toLowerCase().replace(/[\s._-]/g, '');
}

/** The catalogue key of the reason a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): 'password.tooShort' | 'password.tooLong' | 'password.tooCommon' | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'password.tooShort';
  if (password.length > PASSWORD_MAX_LENGTH) return 'password.tooLong';
  const normalised = normaliseForList(password);
  if (COMMON_PASSWORDS.has(normalised) || new Set(normalised).size <= 2) return 'password.tooCommon';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

/**
 * Checks a password against a stored hash; without a hash (unknown account, password not set yet)
 * it checks against the dummy hash and answers false, taking the same time.
 */
export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  try {
    const matches = await argon2.verify(hash ?? DUMMY_HASH, password);
    return hash ? matches : false;
  } catch {
    return false;
  }
}
