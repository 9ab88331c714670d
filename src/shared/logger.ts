import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Personal data and secrets never reach the logs. pino's path redaction only reaches the levels a
 * path names, while request bodies, drivers and members nest their fields at any depth; so every
 * logged object is walked and each field whose name says "personal" or "secret" is replaced,
 * wherever it sits; e-mail addresses and phone numbers are replaced in every text, under any field
 * name (a driver's `smsTo`, a message body). These paths remain for the request and response headers.
 */
export const REDACTED_PATHS = ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'];

export const CENSOR = '[redacted]';

/** Field names (lower case, letters only) whose values are never logged. */
const PERSONAL_FIELDS = new Set([
  'email',
  'emailto',
  // Who a message goes to or comes from, under any driver's word for it.
  'to',
  'from',
  'cc',
  'bcc',
  'replyto',
  'recipient',
  'recipients',
  'destination',
  'sender',
  'caller',
  'callee',
  'callto',
  'smsto',
  'sourceaddr',
  'destinationaddr',
  'phone',
  'phonenumber',
  'mobile',
  'msisdn',
  'address',
  'homeaddress',
  'postaladdress',
  'streetaddress',
  'street',
  'streetname',
  'housenumber',
  'postcode',
  'municipality',
  'city',
  'name',
  'firstname',
  'lastname',
  'fullname',
  'displayname',
  'birthdate',
  'dateofbirth',
  'password',
  'passwordhash',
  'totp',
  'otp',
  'totpcode',
  'recoverycode',
  'cookie',
  'authorization',
  'csrf',
  'token',
  'secret',
]);

/** Suffixes that mark a field as secret or personal too: `resetToken`, `totpSecret`, `contactEmail`, `memberName`. */
const PERSONAL_SUFFIXES = ['password', 'token', 'secret', 'email', 'phone', 'phonenumber', 'mobile', 'landline', 'msisdn', 'name', 'address', 'street'];
/** Names that end like a personal field but are not one. */
const NOT_PERSONAL = new Set(['hostname', 'username', 'filename', 'downloadname', 'remoteaddress', 'ipaddress', 'localaddress', 'networkname', 'zonename', 'pathname']);

export function isPersonalField(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[^a-z]/g, '');
  if (NOT_PERSONAL.has(normalised)) return false;
  return PERSONAL_FIELDS.has(normalised) || PERSONAL_SUFFIXES.some((suffix) => normalised.endsWith(suffix));
}

/** E-mail addresses anywhere in a text. */
const EMAIL_IN_TEXT = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/**
 * Phone numbers anywhere in a text: E.164 (`+32470123456`, with spaces or dots) and Belgian
 * national numbers (`0470 12 34 56`, `03/485.65.11`). Ids and times have no leading + or 0 with
 * this many digits.
 */
const PHONE_IN_TEXT = /(?:\+|\b00)\d(?:[ .\-/]?\d){6,14}\b|\b0\d(?:[ ./-]?\d){7,8}\b/g;

/** A text as logged: e-mail addresses and phone numbers in it replaced, whatever field holds it. */
export function redactPersonalText(text: string): string {
  return text.replace(EMAIL_IN_TEXT, CENSOR).replace(PHONE_IN_TEXT, CENSOR);
}

function isPlain(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * A copy of `value` with personal fields replaced, at any depth. Only plain objects and arrays are
 * walked: requests, replies and errors have serializers of their own.
 */
export function redactPersonalData(value: unknown, depth = 0): unknown {
  if (depth > 10) return CENSOR;
  if (typeof value === 'string') return redactPersonalText(value);
  if (Array.isArray(value)) return value.map((item) => redactPersonalData(item, depth + 1));
  if (!isPlain(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = isPersonalField(key) ? CENSOR : redactPersonalData(item, depth + 1);
  return copy;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A random link token (setup, password reset, invitation) rather than an id or a word. */
const TOKEN_LIKE = /^[A-Za-z0-9_-]{24,}$/;

// Route names may be long too, but they have no digits; a random token of this length has some.
const secretPart = (part: string) => TOKEN_LIKE.test(part) && /\d/.test(part) && /[A-Za-z]/.test(part) && !UUID.test(part);

/** A request URL as logged: link tokens in the path and personal or secret query values hidden. */
export function redactRequestUrl(url: string): string {
  const [path = '', query] = url.split('?', 2);
  const safePath = path
    .split('/')
    .map((part) => (secretPart(part) ? CENSOR : part))
    .join('/');
  if (query === undefined) return safePath;
  const safeQuery = query
    .split('&')
    .map((pair) => {
      const [key = '', value] = pair.split('=', 2);
      if (value === undefined) return key;
      let decoded = value;
      try {
        decoded = decodeURIComponent(value);
      } catch {
        // A malformed escape is logged as it came.
      }
      return isPersonalField(key) || secretPart(decoded) ? `${key}=${CENSOR}` : pair;
    })
    .join('&');
  return `${safePath}?${safeQuery}`;
}

type LoggedRequest = { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } };

const serializers = {
  req: (req: LoggedRequest) => ({ method: req.method, url: req.url && redactRequestUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }),
  // Database errors repeat the offending values in `detail` (PostgreSQL: "Key (email)=(…) exists").
  err: (error: Error) => {
    const { detail: _detail, ...serialized } = stdSerializers.err(error) as ReturnType<typeof stdSerializers.err> & { detail?: unknown };
    return redactPersonalData(serialized);
  },
};

export function createLogger({ level, destination }: { level: string; destination?: DestinationStream }): Logger {
  const options = {
    level,
    redact: { paths: REDACTED_PATHS, censor: CENSOR },
    serializers,
    formatters: { log: (object: Record<string, unknown>) => redactPersonalData(object) as Record<string, unknown> },
    base: { service: 'waakzaam' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
