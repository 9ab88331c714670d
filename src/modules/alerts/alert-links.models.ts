import { hmacBase64Url, safeEqual } from '../../shared/crypto.ts';

/**
 * The member's link to an alert: `/a/<alert>/<person>/<token>`, the token an HMAC of both ids with
 * the session secret. Verifying needs no database row, and without the secret no token can be made
 * for another person or alert. 128 bits keep the SMS short and are far beyond guessing.
 */
const TOKEN_LENGTH = 22;

export function alertLinkToken(secret: string, alertId: string, personId: string): string {
  return hmacBase64Url(secret, `alert-link\u0000${alertId}\u0000${personId}`).slice(0, TOKEN_LENGTH);
}

export function verifyAlertLinkToken(secret: string, alertId: string, personId: string, token: string): boolean {
  return token.length === TOKEN_LENGTH && safeEqual(alertLinkToken(secret, alertId, personId), token);
}

export function alertLinkPath(secret: string, alertId: string, personId: string): string {
  return `/a/${encodeURIComponent(alertId)}/${encodeURIComponent(personId)}/${alertLinkToken(secret, alertId, personId)}`;
}

/** The short link of an SMS (`/s/<code>`, see alert-short-links.repository.ts) under the public URL. */
export function shortLinkUrl(publicUrl: string, code: string): string {
  return `${publicUrl}/s/${code}`;
}
