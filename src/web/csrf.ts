import { hmacBase64Url, safeEqual } from '../shared/crypto.ts';

/**
 * CSRF tokens are bound to something only this browser holds: the session id when signed in,
 * otherwise a random anonymous cookie. A token is an HMAC of that value under the session secret,
 * so nothing needs to be stored.
 */
export function csrfTokenFor(secret: string, binding: string): string {
  return hmacBase64Url(secret, `csrf:${binding}`);
}

export function isValidCsrfToken(secret: string, binding: string, token: unknown): boolean {
  return typeof token === 'string' && token.length > 0 && safeEqual(csrfTokenFor(secret, binding), token);
}
