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
  security: {
    sessionSecret: key({ env: 'WAAKZAAM_SESSION_SECRET', doc: 'Key that signs CSRF tokens and links. Generated into <data>/secrets/session-secret on first start when not given; every node of a cluster needs the same value.', schema: z.string().min(32, 'must be at least 32 characters').optional(), secret: true }),
    sessionIdleMinutes: key({ env: 'WAAKZAAM_SESSION_IDLE_MINUTES', doc: 'A staff session ends after this many minutes without activity.', schema: minutes, default: 120 }),
    sessionAbsoluteHours: key({ env: 'WAAKZAAM_SESSION_ABSOLUTE_HOURS', doc: 'A staff session ends this many hours after sign-in, active or not.', schema: z.coerce.number().int().min(1).max(24 * 30), default: 12 }),
    signInMaxFailures: key({ env: 'WAAKZAAM_SIGNIN_MAX_FAILURES', doc: 'Failed sign-ins in a row after which an account is locked for a while.', schema: z.coerce.number().int().min(1).max(100), default: 5 }),
    signInLockoutMinutes: key({ env: 'WAAKZAAM_SIGNIN_LOCKOUT_MINUTES', doc: 'How long a locked account stays locked.', schema: minutes, default: 15 }),
    signInAttemptsPerAddress: key({ env: 'WAAKZAAM_SIGNIN_ATTEMPTS_PER_ADDRESS', doc: 'Sign-in attempts allowed from one client address per 15 minutes, across all nodes.', schema: z.coerce.number().int().min(1).max(10000), default: 30 }),
    passwordResetMinutes: key({ env: 'WAAKZAAM_PASSWORD_RESET_MINUTES', doc: 'How long a password reset link stays valid.', schema: minutes, default: 30 }),
  },
  email: {
    driver: key({ env: 'WAAKZAAM_EMAIL_DRIVER', doc: 'How e-mail leaves the platform: `log` writes it to the log (development), `memory` keeps it in memory (tests).', schema: z.enum(['log', 'memory']), default: 'log' }),
    from: key({ env: 'WAAKZAAM_EMAIL_FROM', doc: 'Default sender address of platform e-mail (zones may set their own later).', schema: z.string().regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address'), default: 'waakzaam@localhost' }),
  },
  locale: {
    default: key({ env: 'WAAKZAAM_DEFAULT_LOCALE', doc: 'Language shown when neither the account nor the browser says otherwise.', schema: z.enum(['nl', 'fr', 'de', 'en']), default: 'nl' }),
    timeZone: key({ env: 'WAAKZAAM_TIME_ZONE', doc: 'Time zone in which dates are shown.', schema: z.string().min(1), default: 'Europe/Brussels' }),
  },
  log: {
    level: key({ env: 'WAAKZAAM_LOG_LEVEL', doc: 'Log level: fatal, error, warn, info, debug, trace or silent.', schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), default: 'info' }),
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
