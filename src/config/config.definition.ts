import { z } from 'zod';

/**
 * Every configuration key: its documentation, environment variable, schema and default.
 * docs/configuration.md is generated from this table (`npm run docs:config`); a test fails when
 * the file is stale.
 */
export type ConfigKey<S extends z.ZodType = z.ZodType> = {
  env: string;
  doc: string;
  schema: S;
  /** The default, or a function of the values read so far (applied after the others). */
  default?: z.input<S> | undefined;
  /** Secrets are never logged or printed; they may also come from `<ENV>_FILE`. */
  secret?: boolean;
};

function key<S extends z.ZodType>(definition: ConfigKey<S>): ConfigKey<S> {
  return definition;
}

const bool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes');
const minutes = z.coerce.number().int().min(1).max(60 * 24 * 365);

export const CONFIG_DEFINITION = {
  server: {
    host: key({ env: 'WAAKZAAM_HOST', doc: 'Address the web server listens on. Use 0.0.0.0 behind a reverse proxy in a container.', schema: z.string().min(1), default: '127.0.0.1' }),
    port: key({ env: 'WAAKZAAM_PORT', doc: 'TCP port of the web server.', schema: z.coerce.number().int().min(0).max(65535), default: 3000 }),
    publicUrl: key({ env: 'WAAKZAAM_PUBLIC_URL', doc: 'The address people use to reach this installation, used in links sent by e-mail, SMS and push. Defaults to http://localhost:<port>.', schema: z.url().optional() }),
    trustProxy: key({ env: 'WAAKZAAM_TRUST_PROXY', doc: 'Trust X-Forwarded-* headers from a reverse proxy (needed for the client address and https detection behind nginx or Caddy).', schema: bool, default: false }),
  },
  storage: {
    dataDir: key({ env: 'WAAKZAAM_DATA_DIR', doc: 'Folder for the SQLite database, generated secrets and uploaded files.', schema: z.string().min(1), default: './data' }),
    databaseUrl: key({ env: 'DATABASE_URL', doc: 'PostgreSQL connection URL (postgres://user:pass@host:5432/db). When empty, an embedded SQLite file in the data folder is used.', schema: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres://').optional(), secret: true }),
    databasePoolSize: key({ env: 'WAAKZAAM_DATABASE_POOL_SIZE', doc: 'Connections per node to PostgreSQL.', schema: z.coerce.number().int().min(1).max(200), default: 10 }),
  },
  reports: {
    pdfFonts: key({ env: 'WAAKZAAM_PDF_FONTS', doc: 'Folder with DejaVuSans.ttf, DejaVuSans-Bold.ttf and DejaVuSans-Oblique.ttf (Debian: fonts-dejavu-core), embedded in the evaluation PDF so that every Latin, Greek and Cyrillic letter prints. Without them the PDF uses the standard Helvetica, which prints other letters than those of Windows-1252 as "?".', schema: z.string().min(1), default: '/usr/share/fonts/truetype/dejavu' }),
  },
  security: {
    sessionSecret: key({ env: 'WAAKZAAM_SESSION_SECRET', doc: 'Key that signs CSRF tokens and links. When not given, generated once for the whole installation and kept in its database (every node reads it); when given, it must equal the stored value or the node refuses to start.', schema: z.string().min(32, 'must be at least 32 characters').optional(), secret: true }),
    sessionIdleMinutes: key({ env: 'WAAKZAAM_SESSION_IDLE_MINUTES', doc: 'A staff session ends after this many minutes without activity.', schema: minutes, default: 120 }),
    sessionAbsoluteHours: key({ env: 'WAAKZAAM_SESSION_ABSOLUTE_HOURS', doc: 'A staff session ends this many hours after sign-in, active or not.', schema: z.coerce.number().int().min(1).max(24 * 30), default: 12 }),
    signInMaxFailures: key({ env: 'WAAKZAAM_SIGNIN_MAX_FAILURES', doc: 'Failed sign-ins in a row after which an account is locked for a while; also the failures allowed for one e-mail address, with or without an account, in any `WAAKZAAM_SIGNIN_LOCKOUT_MINUTES` (sliding window), so the pause reveals nothing about which addresses exist.', schema: z.coerce.number().int().min(1).max(100), default: 5 }),
    signInLockoutMinutes: key({ env: 'WAAKZAAM_SIGNIN_LOCKOUT_MINUTES', doc: 'How long a locked account stays locked, and the sliding window over which failures per e-mail address are counted.', schema: minutes, default: 15 }),
    signInAttemptsPerAddress: key({ env: 'WAAKZAAM_SIGNIN_ATTEMPTS_PER_ADDRESS', doc: 'Failed sign-ins allowed from one client address in any 15 minutes (sliding window), across all nodes; successful sign-ins are never counted, so staff behind one NAT address do not lock each other out.', schema: z.coerce.number().int().min(1).max(10000), default: 30 }),
    passwordResetMinutes: key({ env: 'WAAKZAAM_PASSWORD_RESET_MINUTES', doc: 'How long a password reset link stays valid.', schema: minutes, default: 30 }),
  },
  email: {
    driver: key({ env: 'WAAKZAAM_EMAIL_DRIVER', doc: 'How e-mail leaves the platform: `smtp` sends it through the SMTP relay of `WAAKZAAM_SMTP_URL`, `log` writes it to the log (development), `memory` keeps it in memory (tests).', schema: z.enum(['smtp', 'log', 'memory']), default: 'log' }),
    from: key({ env: 'WAAKZAAM_EMAIL_FROM', doc: 'Default sender address of platform e-mail (zones may set their own later). Its domain is the one to cover with SPF, DKIM and DMARC, and the right-hand side of every Message-ID.', schema: z.string().regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address'), default: 'waakzaam@localhost' }),
    fromName: key({ env: 'WAAKZAAM_EMAIL_FROM_NAME', doc: 'Display name shown with a sender address that has none, so that members recognise the message, e.g. `BIN PZ Voorbeeld`.', schema: z.string().trim().min(1).max(100).regex(/^[^<>"\r\n]+$/, 'must not contain <, >, " or line breaks'), default: 'Waakzaam' }),
    smtpUrl: key({ env: 'WAAKZAAM_SMTP_URL', doc: 'The SMTP relay for `WAAKZAAM_EMAIL_DRIVER=smtp`: `smtp://user:password@host:587` (upgraded with STARTTLS) or `smtps://user:password@host:465` (TLS from the first byte). User and password are optional and URL-encoded (`@` is `%40`). Without a port, 587 and 465 are used.', schema: z.string().regex(/^smtps?:\/\/[^\s/?#]+\/?$/, 'must be smtp://[user:password@]host[:port] or smtps://…').refine((url) => URL.canParse(url) && new URL(url).hostname !== '', 'must name a host').optional(), secret: true }),
    smtpRequireTls: key({ env: 'WAAKZAAM_SMTP_REQUIRE_TLS', doc: 'With an `smtp://` URL, refuse to send unless the relay upgrades the connection with STARTTLS, so that no message or password crosses the network in clear. Set to `false` only for a relay on this machine (e.g. Postfix on 127.0.0.1).', schema: bool, default: true }),
    smtpPoolSize: key({ env: 'WAAKZAAM_SMTP_POOL_SIZE', doc: 'SMTP connections each node keeps open to the relay at most; messages are sent over them in parallel.', schema: z.coerce.number().int().min(1).max(100), default: 5 }),
    smtpMessagesPerConnection: key({ env: 'WAAKZAAM_SMTP_MESSAGES_PER_CONNECTION', doc: 'Messages sent over one SMTP connection before it is closed and replaced (many relays limit this).', schema: z.coerce.number().int().min(1).max(100000), default: 100 }),
    smtpRatePerSecond: key({ env: 'WAAKZAAM_SMTP_RATE_PER_SECOND', doc: 'Messages per second each node hands to the relay at most, across its connections. Empty: as fast as the relay answers.', schema: z.coerce.number().int().min(1).max(100000).optional() }),
    dkimDomain: key({ env: 'WAAKZAAM_DKIM_DOMAIN', doc: 'Domain that signs outgoing e-mail with DKIM (`d=`), normally the domain of `WAAKZAAM_EMAIL_FROM`. DKIM is on when domain, selector and private key are all set.', schema: z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'must be a domain name').optional() }),
    dkimSelector: key({ env: 'WAAKZAAM_DKIM_SELECTOR', doc: 'DKIM selector (`s=`): the public key is published in DNS as a TXT record at `<selector>._domainkey.<domain>`.', schema: z.string().regex(/^[a-z0-9]([a-z0-9._-]{0,62})$/i, 'must be a DNS label such as waakzaam2026').optional() }),
    dkimPrivateKey: key({ env: 'WAAKZAAM_DKIM_PRIVATE_KEY', doc: 'The DKIM private key: RSA, 2048 bits, in PEM (PKCS#1 or PKCS#8), best given as a file with `WAAKZAAM_DKIM_PRIVATE_KEY_FILE`. In the variable itself, line breaks may be written as `\\n`.', schema: z.string().transform((pem) => pem.replace(/\\n/g, '\n')).refine((pem) => /-----BEGIN (RSA )?PRIVATE KEY-----/.test(pem), 'must be an RSA private key in PEM').optional(), secret: true }),
  },
  sms: {
    driver: key({ env: 'WAAKZAAM_SMS_DRIVER', doc: 'How SMS leave the platform: `smpp` submits them to the SMS provider of `WAAKZAAM_SMPP_URL` (SMPP 3.4), `log` writes them (codes included) to the log (development), `memory` keeps them in memory (tests).', schema: z.enum(['smpp', 'log', 'memory']), default: 'log' }),
    smppUrl: key({ env: 'WAAKZAAM_SMPP_URL', doc: 'The SMS provider for `WAAKZAAM_SMS_DRIVER=smpp`: `smpp://system_id:password@host:2775`, URL-encoded (`@` is `%40`). Each node binds once as a transceiver: it submits, and receives delivery receipts and member replies.', schema: z.string().regex(/^smpp:\/\/[^\s:@/]+(:[^\s@/]*)?@[^\s/?#]+\/?$/, 'must be smpp://system_id:password@host:port').refine((url) => URL.canParse(url) && new URL(url).hostname !== '', 'must name a host').optional(), secret: true }),
    smppWindow: key({ env: 'WAAKZAAM_SMPP_WINDOW', doc: 'submit_sm each node has sent and the provider has not yet answered, at most (the SMPP window).', schema: z.coerce.number().int().min(1).max(1000), default: 10 }),
    smppRatePerSecond: key({ env: 'WAAKZAAM_SMPP_RATE_PER_SECOND', doc: 'submit_sm per second each node sends at most, as the provider account allows; each part of a long SMS counts. When the provider answers "throttled" or "queue full", the driver pauses and retries. 0: no limit beyond `WAAKZAAM_DISPATCHER_SMS_RATE_PER_SECOND`.', schema: z.coerce.number().min(0).max(10000), default: 0 }),
    smppEnquireLinkSeconds: key({ env: 'WAAKZAAM_SMPP_ENQUIRE_LINK_SECONDS', doc: 'Seconds between enquire_link on an idle bind; without an answer by the next one, the connection is replaced (reconnects back off from 1 s to 60 s).', schema: z.coerce.number().int().min(5).max(600), default: 30 }),
    sender: key({ env: 'WAAKZAAM_SMS_SENDER', doc: 'Default sender of SMS: a name of at most 11 letters and digits members recognise (e.g. `BIN PZ Zara`), or a number in E.164 (`+32…`) to which they can reply "1", "OK" or "STOP". Replies only arrive with a number or a provider that routes them.', schema: z.string().regex(/^(\+\d{6,15}|(?=.*[A-Za-z])[A-Za-z0-9 .-]{1,11})$/, 'must be at most 11 letters and digits, or a number in E.164'), default: 'Waakzaam' }),
  },
  voice: {
    driver: key({ env: 'WAAKZAAM_VOICE_DRIVER', doc: 'How voice calls are placed: `sip` calls members over the SIP trunk of `WAAKZAAM_SIP_TRUNK` (RTP audio, keys 1 and 2), `log` writes the text that would be spoken to the log (development), `memory` keeps it in memory (tests).', schema: z.enum(['sip', 'log', 'memory']), default: 'log' }),
    sipBind: key({ env: 'WAAKZAAM_SIP_BIND', doc: 'Address and UDP port this node\'s SIP user agent listens on, `host:port`. With `0.0.0.0`, set `WAAKZAAM_SIP_ADVERTISE`. Each node has one user agent; its calls at once and per second are `WAAKZAAM_DISPATCHER_VOICE_CONCURRENCY` and `WAAKZAAM_DISPATCHER_VOICE_RATE_PER_SECOND`.', schema: z.string().regex(/^(\[[0-9a-f:.]+\]|[^\s:]+):\d{1,5}$/i, 'must be host:port'), default: '127.0.0.1:5060' }),
    sipAdvertise: key({ env: 'WAAKZAAM_SIP_ADVERTISE', doc: 'The address the trunk reaches this node at (`host` or `host:port`), written in Via, Contact and the SDP of calls, when it differs from `WAAKZAAM_SIP_BIND` (a bind on 0.0.0.0, NAT).', schema: z.string().regex(/^(\[[0-9a-f:.]+\]|[^\s:]+)(:\d{1,5})?$/i, 'must be host or host:port').optional() }),
    sipTrunk: key({ env: 'WAAKZAAM_SIP_TRUNK', doc: 'The SIP trunk or PBX for `WAAKZAAM_VOICE_DRIVER=sip`: `sip:user:password@host:port` (user and password URL-encoded and optional; port 5060 when omitted). With a user, the node registers with the trunk and answers its digest challenges.', schema: z.string().regex(/^sip:([^\s:@]+(:[^\s@]*)?@)?[^\s@:/]+(:\d{1,5})?$/, 'must be sip:[user:password@]host[:port]').optional(), secret: true }),
    sipDomain: key({ env: 'WAAKZAAM_SIP_DOMAIN', doc: 'The SIP domain of our caller address and of the numbers called (`sip:+32…@domain;user=phone`). Defaults to the trunk\'s host.', schema: z.string().regex(/^[^\s@:/]+$/, 'must be a domain name or address').optional() }),
    sipCallerId: key({ env: 'WAAKZAAM_SIP_CALLER_ID', doc: 'The number members see when called, in E.164: the zone\'s central number, so that they recognise it (calls from a hidden number are not answered). The trunk must allow it.', schema: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a number in E.164 (+32…)').optional() }),
    sipAllowedSources: key({ env: 'WAAKZAAM_SIP_ALLOWED_SOURCES', doc: 'Comma-separated IP addresses and CIDR ranges that may send SIP to this node (the trunk); anything else is dropped unread. Defaults to the trunk\'s address when it is an IP address.', schema: z.string().regex(/^[0-9a-f:./]+(\s*,\s*[0-9a-f:./]+)*$/i, 'must be IP addresses or CIDR ranges separated by commas').optional() }),
    rtpPorts: key({ env: 'WAAKZAAM_RTP_PORTS', doc: 'UDP ports for call audio (RTP), `min-max`; one even port per call. Open them in the firewall towards the trunk.', schema: z.string().regex(/^\d{1,5}-\d{1,5}$/, 'must be min-max').refine((range) => { const [min, max] = range.split('-').map(Number) as [number, number]; return min >= 1024 && max <= 65535 && max - min >= 1; }, 'must be a range within 1024-65535'), default: '16384-32766' }),
    sipKeepaliveSeconds: key({ env: 'WAAKZAAM_SIP_KEEPALIVE_SECONDS', doc: 'How often the trunk is asked whether it answers (SIP OPTIONS). While it does not (or refuses the registration), voice steps wait and red ones fall over to the member\'s next channel after WAAKZAAM_FAILOVER_SECONDS. 0 turns the check off.', schema: z.coerce.number().int().min(0).max(3600), default: 30 }),
    ringSeconds: key({ env: 'WAAKZAAM_SIP_RING_SECONDS', doc: 'How long a member\'s phone rings before the call counts as not answered (and is tried again later). Keep it below the voicemail\'s pick-up time of most phones.', schema: z.coerce.number().int().min(5).max(120), default: 25 }),
    countries: key({ env: 'WAAKZAAM_VOICE_COUNTRIES', doc: 'Countries (ISO codes, comma-separated) whose fixed and mobile numbers may be called. Any other number, and premium-rate, shared-cost and short numbers everywhere, are refused without a call (toll fraud).', schema: z.string().regex(/^[A-Z]{2}(\s*,\s*[A-Z]{2})*$/, 'must be country codes such as BE,NL'), default: 'BE' }),
  },
  ivr: {
    enabled: key({ env: 'WAAKZAAM_IVR', doc: 'Answer the central number on this node: police speak a red alert onto it (login number, PIN, network code, recording) and members call back to hear the alerts of the last 24 hours and press 1. Runs its own SIP user agent on `WAAKZAAM_IVR_BIND`.', schema: bool, default: false }),
    bind: key({ env: 'WAAKZAAM_IVR_BIND', doc: 'Address and UDP port the dial-in line\'s SIP user agent listens on, `host:port` (a port of its own: the voice channel\'s user agent keeps `WAAKZAAM_SIP_BIND`). Its RTP uses `WAAKZAAM_IVR_RTP_PORTS` on the same address.', schema: z.string().regex(/^(\[[0-9a-f:.]+\]|[^\s:]+):\d{1,5}$/i, 'must be host:port'), default: '127.0.0.1:5070' }),
    allowedSources: key({ env: 'WAAKZAAM_IVR_ALLOWED_SOURCES', doc: 'Comma-separated IP addresses and CIDR ranges of the trunk or PBX that forwards calls to the central number; SIP from anything else is dropped unread. Required when `WAAKZAAM_IVR` is on.', schema: z.string().regex(/^[0-9a-f:./]+(\s*,\s*[0-9a-f:./]+)*$/i, 'must be IP addresses or CIDR ranges separated by commas').optional() }),
    rtpPorts: key({ env: 'WAAKZAAM_IVR_RTP_PORTS', doc: 'UDP ports for the dial-in line\'s call audio (RTP), `min-max`, one even port per call: a range of its own, apart from `WAAKZAAM_RTP_PORTS`, so calls to members never take the line\'s ports (or the other way round). Open them in the firewall towards the trunk.', schema: z.string().regex(/^\d{1,5}-\d{1,5}$/, 'must be min-max').refine((range) => { const [min, max] = range.split('-').map(Number) as [number, number]; return min >= 1024 && max <= 65535 && max - min >= 1; }, 'must be a range within 1024-65535'), default: '15000-15999' }),
    maxCalls: key({ env: 'WAAKZAAM_IVR_MAX_CALLS', doc: 'Calls the dial-in line takes at once; one more is answered 503 with Retry-After (the trunk tries again or plays busy) instead of ringing. At most one per two ports of `WAAKZAAM_IVR_RTP_PORTS`.', schema: z.coerce.number().int().min(1).max(10_000), default: 30 }),
    invitesPerSecond: key({ env: 'WAAKZAAM_IVR_INVITES_PER_SECOND', doc: 'New calls per second the dial-in line takes from one address (the trunk\'s, behind a PBX); the excess is answered 503 at once. Guards the line against a flood from a looping PBX or a scanner that got through.', schema: z.coerce.number().int().min(1).max(10_000), default: 20 }),
    centralNumber: key({ env: 'WAAKZAAM_IVR_CENTRAL_NUMBER', doc: 'The central number in E.164, named in the SMS and e-mail of a spoken alert ("listen to the message: call …"). Defaults to `WAAKZAAM_SIP_CALLER_ID`.', schema: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a number in E.164 (+32…)').optional() }),
  },
  push: {
    driver: key({ env: 'WAAKZAAM_PUSH_DRIVER', doc: 'How push notifications leave the platform: `webpush` sends them to each member device\'s push service (Web Push with VAPID, RFC 8030/8291/8292), `log` writes them (links included) to the log (development), `memory` keeps them in memory (tests).', schema: z.enum(['webpush', 'log', 'memory']), default: 'log' }),
    vapidPublicKey: key({ env: 'WAAKZAAM_VAPID_PUBLIC_KEY', doc: 'The VAPID public key (P-256, base64url) browsers subscribe with. With the private key: when not given, the pair is generated once for the whole installation and kept in its database (every node reads it); when given, it must equal the stored pair or the node refuses to start. Changing it makes every device subscribe again.', schema: z.string().regex(/^[A-Za-z0-9_-]{87}$/, 'must be a P-256 public key in base64url (87 characters)').optional() }),
    vapidPrivateKey: key({ env: 'WAAKZAAM_VAPID_PRIVATE_KEY', doc: 'The VAPID private key (base64url) that signs every push request; goes with `WAAKZAAM_VAPID_PUBLIC_KEY`.', schema: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a P-256 private key in base64url (43 characters)').optional(), secret: true }),
    subject: key({ env: 'WAAKZAAM_PUSH_SUBJECT', doc: 'How push services can reach the operator (VAPID `sub`): a `mailto:` address or an https URL. When empty: the public URL when it is https, else `mailto:` with `WAAKZAAM_EMAIL_FROM`.', schema: z.string().regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, 'must be mailto:address or an https:// URL').optional() }),
    ttlSeconds: key({ env: 'WAAKZAAM_PUSH_TTL_SECONDS', doc: 'How long a push service keeps a notification for a device that is offline (the TTL header). An urgent alert asks for vigilance for about half an hour: later it is news, not an alert.', schema: z.coerce.number().int().min(0).max(2419200), default: 3600 }),
  },
  dispatcher: {
    enabled: key({ env: 'WAAKZAAM_DISPATCHER', doc: 'Run the dispatcher (it sends the planned e-mails, SMS and calls) in this process. On PostgreSQL any number of nodes may dispatch at once; turn it off on nodes that should only serve pages, but keep at least one.', schema: bool, default: true }),
    leaseSeconds: key({ env: 'WAAKZAAM_DISPATCHER_LEASE_SECONDS', doc: 'How long a claimed delivery stays reserved for the dispatcher that claimed it; renewed every third of it while the send lasts. When a node dies, other dispatchers take its deliveries over after at most this long.', schema: z.coerce.number().int().min(5).max(3600), default: 120 }),
    pollSeconds: key({ env: 'WAAKZAAM_DISPATCHER_POLL_SECONDS', doc: 'The dispatcher looks for due deliveries at least this often. A planned alert wakes it at once (on PostgreSQL through LISTEN/NOTIFY, on every node); the poll is the safety net.', schema: z.coerce.number().int().min(1).max(300), default: 5 }),
    emailConcurrency: key({ env: 'WAAKZAAM_DISPATCHER_EMAIL_CONCURRENCY', doc: 'E-mails each node has in flight at once. About twice `WAAKZAAM_SMTP_POOL_SIZE`, so that every SMTP connection has its next message ready; the SMTP driver keeps `WAAKZAAM_SMTP_RATE_PER_SECOND`.', schema: z.coerce.number().int().min(1).max(500), default: 10 }),
    emailMaxAttempts: key({ env: 'WAAKZAAM_DISPATCHER_EMAIL_MAX_ATTEMPTS', doc: 'Attempts of one e-mail before a temporary failure (SMTP 4xx, relay unreachable) counts as final. Retries wait 30 s, 1 min, 2 min, … up to 10 min, with jitter.', schema: z.coerce.number().int().min(1).max(50), default: 5 }),
    smsConcurrency: key({ env: 'WAAKZAAM_DISPATCHER_SMS_CONCURRENCY', doc: 'SMS steps each node has under way at once: submitted and not yet answered (at most WAAKZAAM_SMPP_WINDOW), plus those waiting for the window. About twice the window keeps it full while the next steps are claimed: against an SMSC answering in 5 ms, 20 reaches 0.9× the raw client\'s rate where 10 reaches 0.7× (`npm run bench sms`).', schema: z.coerce.number().int().min(1).max(500), default: 20 }),
    smsRatePerSecond: key({ env: 'WAAKZAAM_DISPATCHER_SMS_RATE_PER_SECOND', doc: 'SMS steps each node starts per second at most. 0 (the default): no cap here; the SMSC sets the pace through `WAAKZAAM_SMPP_WINDOW` and its throttling answers, and `WAAKZAAM_SMPP_RATE_PER_SECOND` keeps a contract\'s submit_sm per second (see docs/alerts.md, sizing).', schema: z.coerce.number().min(0).max(10000), default: 0 }),
    smsMaxAttempts: key({ env: 'WAAKZAAM_DISPATCHER_SMS_MAX_ATTEMPTS', doc: 'Attempts of one SMS before a temporary failure counts as final.', schema: z.coerce.number().int().min(1).max(50), default: 5 }),
    voiceConcurrency: key({ env: 'WAAKZAAM_DISPATCHER_VOICE_CONCURRENCY', doc: 'Calls each node has going at once: the channels of the SIP trunk, divided among the nodes that dispatch. The SIP driver never places more at once.', schema: z.coerce.number().int().min(1).max(1000), default: 30 }),
    voiceRatePerSecond: key({ env: 'WAAKZAAM_DISPATCHER_VOICE_RATE_PER_SECOND', doc: 'Call attempts each node starts per second at most: the trunk\'s attempts per second (CAPS), divided among the nodes that dispatch. 0: no limit.', schema: z.coerce.number().min(0).max(1000), default: 5 }),
    pushConcurrency: key({ env: 'WAAKZAAM_DISPATCHER_PUSH_CONCURRENCY', doc: 'Push notifications (one per person, to all their devices at once) each node has in flight at once.', schema: z.coerce.number().int().min(1).max(1000), default: 20 }),
    pushMaxAttempts: key({ env: 'WAAKZAAM_DISPATCHER_PUSH_MAX_ATTEMPTS', doc: 'Attempts of one push notification before a temporary failure (429, 5xx, push service unreachable) counts as final.', schema: z.coerce.number().int().min(1).max(20), default: 3 }),
    failoverSeconds: key({ env: 'WAAKZAAM_FAILOVER_SECONDS', doc: 'How long a channel\'s provider may be down (the SMPP bind lost and not bound again; the SIP trunk not answering OPTIONS or refusing the registration) before the red steps of that channel fall over to each member\'s next channel (a call instead of an SMS). Green steps wait for the provider instead. The console shows each channel\'s health.', schema: z.coerce.number().int().min(1).max(3600), default: 60 }),
    voiceMaxAttempts: key({ env: 'WAAKZAAM_DISPATCHER_VOICE_MAX_ATTEMPTS', doc: 'Attempts of one call before a temporary failure (busy, no answer, trunk unreachable) counts as final.', schema: z.coerce.number().int().min(1).max(20), default: 3 }),
    voiceRetrySeconds: key({ env: 'WAAKZAAM_DISPATCHER_VOICE_RETRY_SECONDS', doc: 'Wait between two attempts of a call that was busy, not answered or did not get through (with `WAAKZAAM_DISPATCHER_VOICE_MAX_ATTEMPTS` = 3: "3 tries, 3 minutes apart").', schema: z.coerce.number().int().min(1).max(3600), default: 180 }),
  },
  alerts: {
    sightingPhotoMaxBytes: key({ env: 'WAAKZAAM_SIGHTING_PHOTO_MAX_BYTES', doc: 'Largest photo (JPEG or PNG) a member may add to a sighting from the alert page, in bytes. Its metadata (location, camera, time) is removed before it is stored.', schema: z.coerce.number().int().min(64 * 1024).max(50 * 1024 * 1024), default: 5 * 1024 * 1024 }),
  },
  retention: {
    pendingDays: key({ env: 'WAAKZAAM_RETENTION_PENDING_DAYS', doc: 'Membership applications still pending after this many days are removed (with the person, when they belong to no network at all), unless the person is an active member elsewhere.', schema: z.coerce.number().int().min(1).max(3650), default: 90 }),
    unverifiedDays: key({ env: 'WAAKZAAM_RETENTION_UNVERIFIED_DAYS', doc: 'Phone numbers and e-mail addresses of members that are still unverified after this many days (counted from their entry or the latest invitation) are removed.', schema: z.coerce.number().int().min(1).max(3650), default: 30 }),
    reportDays: key({ env: 'WAAKZAAM_RETENTION_REPORT_DAYS', doc: 'Members\' reports (and their photos and answers) are removed this many days after the police closed them.', schema: z.coerce.number().int().min(1).max(3650), default: 365 }),
  },
  locale: {
    default: key({ env: 'WAAKZAAM_DEFAULT_LOCALE', doc: 'Language shown when neither the account nor the browser says otherwise.', schema: z.enum(['nl', 'fr', 'de', 'en']), default: 'nl' }),
    timeZone: key({ env: 'WAAKZAAM_TIME_ZONE', doc: 'Time zone in which dates are shown.', schema: z.string().min(1), default: 'Europe/Brussels' }),
  },
  log: {
    level: key({ env: 'WAAKZAAM_LOG_LEVEL', doc: 'Log level: fatal, error, warn, info, debug, trace or silent.', schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), default: 'info' }),
  },
  map: {
    tileUrl: key({
      env: 'WAAKZAAM_MAP_TILE_URL',
      doc: 'Background tiles of the network maps, e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png` (mind the tile server\'s usage policy). When empty, maps show no tiles: the addresses as dots and the street names on a blank background. The origin is added to the Content-Security-Policy img-src.',
      schema: z
        .string()
        .regex(/^https:\/\/[^\s"'<>]+$/, 'must be an https:// URL')
        .refine((url) => ['{z}', '{x}', '{y}'].every((part) => url.includes(part)), 'must contain {z}, {x} and {y}')
        .optional(),
    }),
    tileAttribution: key({ env: 'WAAKZAAM_MAP_TILE_ATTRIBUTION', doc: 'The credit line the tile provider requires, shown on the map as text, e.g. `© OpenStreetMap contributors`.', schema: z.string().max(200).optional() }),
  },
  metrics: {
    token: key({ env: 'WAAKZAAM_METRICS_TOKEN', doc: 'Bearer token that `/metrics` (Prometheus) requires. When empty, `/metrics` answers only requests made directly from this machine (loopback, not through a proxy).', schema: z.string().min(16, 'must be at least 16 characters').optional(), secret: true }),
  },
} as const;

type Definition = typeof CONFIG_DEFINITION;
type Section = Definition[keyof Definition];

export type Config = {
  [S in keyof Definition]: {
    [K in keyof Definition[S]]: Definition[S][K] extends ConfigKey<infer Schema> ? z.output<Schema> : never;
  };
} & { server: { publicUrl: string } };

/** Every key with its dotted path, in the order of the definition. */
export function listConfigKeys(): Array<{ path: string; definition: ConfigKey }> {
  const keys: Array<{ path: string; definition: ConfigKey }> = [];
  for (const [section, entries] of Object.entries(CONFIG_DEFINITION) as Array<[string, Section]>) {
    for (const [name, definition] of Object.entries(entries) as Array<[string, ConfigKey]>) {
      keys.push({ path: `${section}.${name}`, definition });
    }
  }
  return keys;
}
