import { z } from 'zod';
import type { App } from '../app.ts';
import { bootApp } from '../main.ts';
import { withAccountsTransaction } from '../modules/accounts/accounts.transaction.ts';
import { CLI_LINK_TTL_MS } from '../modules/accounts/password-reset.usecases.ts';
import { LOCALES, type Locale } from '../web/i18n/locales.ts';
import { CliError, type Command } from './cli.ts';

const USAGE = 'usage: waakzaam admin create --email <address> --name <name> [--locale nl|fr|de|en]';

const inputSchema = z.object({
  email: z.string({ error: '--email is required' }).trim().toLowerCase().pipe(z.email({ error: 'the e-mail address is not valid' }).max(320)),
  name: z.string({ error: '--name is required' }).trim().min(1, '--name is required').max(120, 'the name is longer than 120 characters'),
  locale: z.enum(LOCALES, { error: `--locale must be one of ${LOCALES.join(', ')}` }).optional(),
});

/**
 * Creates a platform administrator without a password (for a platform whose first link was lost,
 * or a second administrator) and returns a one-time link, valid 24 hours, to choose the password.
 * The first sign-in then enrols TOTP, as for every police account.
 */
export async function createPlatformAdmin(app: App, input: { email: string; name: string; locale?: Locale | undefined }): Promise<string> {
  return withAccountsTransaction(app, async ({ accounts, tokens, audit }) => {
    if (await accounts.findByEmail(input.email)) throw new CliError(`an account with the e-mail address ${input.email} exists already`);
    const now = app.clock.now();
    const id = app.ids.id();
    await accounts.insert({ id, email: input.email, name: input.name, locale: input.locale ?? null, now });
    await accounts.insertGrant({ id: app.ids.id(), account_id: id, role: 'platform_admin', zone_id: null, dispatch_centre_id: null, network_id: null, granted_by: null, now });
    const token = app.ids.token();
    await tokens.issue({ token, purpose: 'password_reset', accountId: id, now, ttlMs: CLI_LINK_TTL_MS });
    await audit.record({ actor: null, label: 'command line' }, { action: 'staff.created', objectType: 'account', objectId: id, details: { email: input.email, role: 'platform_admin' } });
    return `${app.config.server.publicUrl}/password/reset/${token}`;
  });
}

export const adminCommand: Command = {
  summary: 'Create a platform administrator and print a one-time link to set the password.',
  usage: USAGE.replace('usage: ', ''),
  options: { email: { type: 'string' }, name: { type: 'string' }, locale: { type: 'string' } },
  positionals: true,
  run: async ({ values, positionals, out, config }) => {
    if (positionals.length !== 1 || positionals[0] !== 'create') throw new CliError(USAGE);
    const parsed = inputSchema.safeParse(values);
    if (!parsed.success) throw new CliError(parsed.error.issues[0]?.message ?? USAGE);
    const app = await bootApp(config());
    try {
      const link = await createPlatformAdmin(app, parsed.data);
      out(`Platform administrator ${parsed.data.email} created.`);
      out(`Within 24 hours, open this link once to choose the password: ${link}`);
      return 0;
    } finally {
      await app.database.close();
    }
  },
};
