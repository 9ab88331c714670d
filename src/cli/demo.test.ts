import argon2 from 'argon2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCliSandbox } from '../../test/support/cli.ts';
import { loadConfig } from '../config/config.ts';
import { bootApp } from '../main.ts';
import { DEMO_ACTIVITY_AUDIT_ENTRIES } from './demo-activity.ts';
import { DEMO_ALERT_TEMPLATES_AUDIT_ENTRIES } from './demo-alert-templates.ts';
import { DEMO_MEMBERS_AUDIT_ENTRIES } from './demo-members.ts';
import { DEMO_NETWORKS_AUDIT_ENTRIES } from './demo-networks.ts';
import { DEMO_STAFF } from './demo.ts';
import { hashPassword } from '../modules/accounts/passwords.ts';

/** What the demo left in the database, in a form two runs can be compared by. */
async function snapshot(env: Record<string, string>) {
  const app = await bootApp(loadConfig(env));
  try {
    const zones = await app.zones.list('all');
    const centres = await app.zones.listDispatchCentres();
    const accounts = await app.accounts.list();
    const grants = await Promise.all(accounts.map(async (a) => ({ email: a.email, grants: (await app.accounts.resolvedGrants(a.id)).map((g) => g.role) })));
    const audit = await app.audit.list({ zoneIds: 'all', limit: 1000 });
    return { zones, centres, accounts, grants, auditEntries: audit.length };
  } finally {
    await app.database.close();
  }
}

/** The algorithm, version and cost parameters of a PHC string: "$argon2id$v=19$m=19456,t=2,p=1". */
function parameters(hash: string): string {
  return hash.split('$').slice(0, 4).join('$');
}

describe('waakzaam demo', () => {
  let sandbox: ReturnType<typeof createCliSandbox>;

  beforeEach(() => {
    sandbox = createCliSandbox({ WAAKZAAM_PUBLIC_URL: 'https://waakzaam.example.org' });
  });
  afterEach(() => sandbox.remove());

  it('given an empty installation, it creates two zones, a dispatch centre over both and one account per police role', async () => {
    const result = await sandbox.run(['demo']);
    expect(result.code).toBe(0);
    const state = await snapshot(sandbox.env);
    expect(state.zones.map((z) => [z.code, z.name, z.languages, z.defaultLanguage])).toEqual([
      ['DEMO', 'PZ Demo', ['nl', 'fr'], 'nl'],
      ['VOORBEELD', 'PZ Voorbeeld', ['nl'], 'nl'],
    ]);
    expect(state.centres).toHaveLength(1);
    expect(state.centres[0]).toMatchObject({ name: 'CIC Demo' });
    expect(state.centres[0]!.zoneIds.sort()).toEqual(state.zones.map((z) => z.id).sort());
    expect(state.grants.map((g) => g.grants[0]).sort()).toEqual(['central_dispatcher', 'coordinator', 'coordinator', 'platform_admin', 'police_dispatcher', 'police_dispatcher', 'zone_admin']);
    expect(state.accounts.filter((a) => DEMO_STAFF.some((p) => p.email === a.email)).every((a) => a.totpSecret && a.totpEnabledAt !== null)).toBe(true);
  });

  it('given the printed table, each password opens its account and each TOTP secret is the enrolled one', async () => {
    const result = await sandbox.run(['demo']);
    const state = await snapshot(sandbox.env);
    for (const person of DEMO_STAFF) {
      const account = state.accounts.find((a) => a.email === person.email)!;
      const row = result.out.split('\n').find((line) => line.includes(person.email) && line.includes(person.role))!;
      const [, , password, secret] = row.trim().split(/\s+/);
      expect(await argon2.verify(account.passwordHash!, password!)).toBe(true);
      // Finding 6 of the security review: the application's argon2 parameters, not the library's defaults.
      expect(parameters(account.passwordHash!)).toBe(parameters(await hashPassword('any password at all')));
      expect(secret).toBe(account.totpSecret);
      expect(result.out).toContain(`otpauth://totp/Waakzaam%20demo:${encodeURIComponent(person.email)}?`);
    }
    expect(result.out).toContain('Sign in at https://waakzaam.example.org/sign-in');
  });

  it('given the demo loaded once, a second run changes nothing, says so and shows the same passwords', async () => {
    const first = await sandbox.run(['demo']);
    const before = await snapshot(sandbox.env);
    const second = await sandbox.run(['demo']);
    expect(second.code).toBe(0);
    expect(second.out).toContain('The demo was loaded before: nothing changed.');
    expect(await snapshot(sandbox.env)).toEqual(before);
    const table = (out: string) => out.split('\n').filter((line) => line.includes('@') && !line.includes('otpauth'));
    expect(table(second.out)).toEqual(table(first.out));
  });

  it('given the demo, its creations are in the audit log and the chain verifies', async () => {
    await sandbox.run(['demo']);
    expect((await snapshot(sandbox.env)).auditEntries).toBe(2 + 1 + DEMO_STAFF.length + DEMO_NETWORKS_AUDIT_ENTRIES + DEMO_MEMBERS_AUDIT_ENTRIES + DEMO_ALERT_TEMPLATES_AUDIT_ENTRIES + DEMO_ACTIVITY_AUDIT_ENTRIES);
    expect((await sandbox.run(['audit', 'verify'])).code).toBe(0);
  });
});
