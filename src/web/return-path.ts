/**
 * Where a form may send a person back to: a path on this site, never another one.
 *
 * Only the characters RFC 3986 allows unencoded in a path, query and fragment (§3.3 pchar, "/",
 * "?", "#", "%" of a percent-encoding) pass. Browsers drop tab, CR and LF from a URL and read "\"
 * as "/" (WHATWG URL §4.4 "basic URL parser"), so "/\t/evil.example" would leave the site as
 * "//evil.example"; and Node refuses control and non-Latin-1 characters in a Location header
 * (a 500). Anything else falls back to a safe default rather than failing.
 */
const RETURN_PATH = /^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#]*$/;
const ORIGIN = 'http://return-path.invalid';

export function isSafeReturnPath(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048 || !RETURN_PATH.test(value)) return false;
  // Belt and braces: whatever the characters, the path must resolve on this origin.
  try {
    return new URL(value, ORIGIN).origin === ORIGIN;
  } catch {
    return false;
  }
}

/** Only local paths may be returned to after a form, never another site. */
export function safeReturnPath(value: unknown, fallback = '/'): string {
  return isSafeReturnPath(value) ? value : fallback;
}
