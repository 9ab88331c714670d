import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import type { App } from '../app.ts';
import { inTransaction } from '../db/database.ts';
import { bootApp } from '../main.ts';
import { createAccountsRepository } from '../modules/accounts/accounts.repository.ts';
import type { Role } from '../modules/accounts/authorization.models.ts';
import { hashPassword } from '../modules/accounts/passwords.ts';
import { createAuditRepository } from '../modules/audit/audit.repository.ts';
import { type AuditActor, createAuditLog } from '../modules/audit/audit.usecases.ts';
import { createZonesRepository } from '../modules/zones/zones.repository.ts';
import type { Locale } from '../web/i18n/locales.ts';
import type { Command } from './cli.ts';
import { loadDemoActivity } from './demo-activity.ts';
import { loadDemoAlertTemplates } from './demo-alert-templates.ts';
import { loadDemoMembers } from './demo-members.ts';
import { loadDemoNetworks } from './demo-networks.ts';

/**
 * The demo installation: two police zones, a dispatch centre over both and one staff account per
 * police role, each with a password and an enrolled authenticator, so that a newcomer can sign in
 * and look around. Every step creates only what is missing: loading twice changes nothing.
 */
const DEMO_BY: AuditActor = { actor: null, label: 'waakzaam demo' };

export const DEMO_ZONES = [
  { code: 'DEMO', name: 'PZ Demo', languages: ['nl', 'fr'] as Locale[], defaultLanguage: 'nl' as Locale },
  { code: 'VOORBEELD', name: 'PZ Voorbeeld', languages: ['nl'] as Locale[], defaultLanguage: 'nl' as Locale },
];

export const DEMO_CENTRE = { code: 'CIC-DEMO', name: 'CIC Demo', zoneCodes: ['DEMO', 'VOORBEELD'] };

type DemoStaff = { email: string; name: string; role: Role; locale: Locale | null; zoneCode?: string; centreCode?: string };

export const DEMO_STAFF: readonly DemoStaff[] = [
  { email: 'platform-admin@demo.example.org', name: 'Demo Platformbeheerder', role: 'platform_admin', locale: null },
  { email: 'bin-officer@demo.example.org', name: 'Inspecteur An Peeters (BIN)', role: 'zone_admin', locale: 'nl', zoneCode: 'DEMO' },
  { email: 'dispatcher@demo.example.org', name: 'Dispatcher Jan Maes', role: 'police_dispatcher', locale: 'nl', zoneCode: 'DEMO' },
  { email: 'dispatcher@voorbeeld.example.org', name: 'Dispatcher Sofie Claes', role: 'police_dispatcher', locale: 'nl', zoneCode: 'VOORBEELD' },
  { email: 'cic@demo.example.org', name: 'Opérateur CIC Luc Dubois', role: 'central_dispatcher', locale: 'fr', centreCode: 'CIC-DEMO' },
];

export type DemoCredential = { role: Role; email: string; password: string; totpSecret: string; totpUri: string };

export type DemoStepResult = { created: number; credentials?: DemoCredential[]; /** Said instead of "already present" when the step had nothing to do for another reason. */ note?: string };

/** One part of the demo. Networks, members and alerts arrive with their modules: add their steps here. */
export type DemoStep = { name: string; run: (app: App) => Promise<DemoStepResult> };

function repositories(app: App, database: App['database']) {
  return {
    zones: createZonesRepository({ database }),
    accounts: createAccountsRepository({ database }),
    audit: createAuditLog({ audit: createAuditRepository({ database }), clock: app.clock }),
  };
}

const zonesStep: DemoStep = {
  name: 'police zones',
  run: (app) =>
    inTransaction(app.database, async (trx) => {
      const { zones, audit } = repositories(app, trx);
      let created = 0;
      for (const zone of DEMO_ZONES) {
        if (await zones.findByCode(zone.code)) continue;
        const id = app.ids.id();
        await zones.insert({ id, ...zone, timeZone: 'Europe/Brussels', now: app.clock.now() });
        await audit.record(DEMO_BY, { action: 'zone.created', objectType: 'zone', objectId: id, zoneId: id, details: { code: zone.code, name: zone.name } });
        created += 1;
      }
      return { created };
    }),
};

const dispatchCentreStep: DemoStep = {
  name: 'dispatch centre',
  run: (app) =>
    inTransaction(app.database, async (trx) => {
      const { zones, audit } = repositories(app, trx);
      if (await zones.findDispatchCentreByCode(DEMO_CENTRE.code)) return { created: 0 };
      const zoneIds = [];
      for (const code of DEMO_CENTRE.zoneCodes) zoneIds.push((await zones.findByCode(code))!.id);
      const id = app.ids.id();
      await zones.saveDispatchCentre({ id, code: DEMO_CENTRE.code, name: DEMO_CENTRE.name, zoneIds, now: app.clock.now() }, true);
      await audit.record(DEMO_BY, { action: 'dispatch_centre.created', objectType: 'dispatch_centre', objectId: id, details: { name: DEMO_CENTRE.name, zoneIds } });
      return { created: 1 };
    }),
};

const staffStep: DemoStep = {
  name: 'staff accounts',
  run: async (app) => {
    const credentials: DemoCredential[] = [];
    for (const person of DEMO_STAFF) {
      if (await app.accounts.findByEmail(person.email)) continue;
      // Random per installation: a demo loaded on a reachable server must not open it to anyone.
      const password = app.ids.token(12);
      const secret = new Secret({ size: 20 });
      const totp = new TOTP({ issuer: 'Waakzaam demo', label: person.email, algorithm: 'SHA1', digits: 6, period: 30, secret });
      // The application's own hashing (parameters included), so demo accounts verify like any other.
      const passwordHash = await hashPassword(password);
      await inTransaction(app.database, async (trx) => {
        const { zones, accounts, audit } = repositories(app, trx);
        const zoneId = person.zoneCode ? (await zones.findByCode(person.zoneCode))!.id : null;
        const centreId = person.centreCode ? (await zones.findDispatchCentreByCode(person.centreCode))!.id : null;
        const id = app.ids.id();
        const now = app.clock.now();
        await accounts.insert({ id, email: person.email, name: person.name, locale: person.locale, passwordHash, now });
        await accounts.update(id, { totp_secret: secret.base32, totp_enabled_at: now, updated_at: now });
        await accounts.insertGrant({ id: app.ids.id(), account_id: id, role: person.role, zone_id: zoneId, dispatch_centre_id: centreId, network_id: null, granted_by: null, now });
        await audit.record(DEMO_BY, { action: 'staff.created', objectType: 'account', objectId: id, zoneId, details: { role: person.role, demo: true } });
      });
      credentials.push({ role: person.role, email: person.email, password, totpSecret: secret.base32, totpUri: totp.toString() });
    }
    return { created: credentials.length, credentials };
  },
};

const networksStep: DemoStep = { name: 'addresses and networks', run: loadDemoNetworks };
const membersStep: DemoStep = { name: 'members', run: loadDemoMembers };
const alertTemplatesStep: DemoStep = { name: 'message templates and alert settings', run: loadDemoAlertTemplates };
const activityStep: DemoStep = { name: 'a year of alerts, feedback and members for the evaluation', run: loadDemoActivity };

/** The demo's steps in order; each is idempotent. */
export const DEMO_STEPS: readonly DemoStep[] = [zonesStep, dispatchCentreStep, staffStep, networksStep, membersStep, alertTemplatesStep, activityStep];

/** Where the demo's passwords are kept (owner-only), so that a second run can show them again. */
export function demoCredentialsFile(app: App): string {
  return join(app.config.storage.dataDir, 'demo-credentials.json');
}

function readCredentials(file: string): DemoCredential[] {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoCredential[]) : [];
}

function saveCredentials(file: string, credentials: DemoCredential[]): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

function printCredentials(app: App, credentials: readonly DemoCredential[], out: (line: string) => void): void {
  const rows = [['Role', 'E-mail', 'Password', 'TOTP secret'], ...credentials.map((c) => [c.role, c.email, c.password, c.totpSecret])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  out('');
  for (const [n, row] of rows.entries()) {
    out(`  ${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}`.trimEnd());
    if (n === 0) out(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  }
  out('');
  out('Add each TOTP secret to an authenticator app (all police roles sign in with a code), or open its otpauth URI:');
  for (const c of credentials) out(`  ${c.totpUri}`);
  out('');
  out(`Sign in at ${app.config.server.publicUrl}/sign-in`);
}

/** Loads the demo data, step by step, and prints how to sign in. Safe to run again. */
export async function loadDemo(app: App, out: (line: string) => void): Promise<{ created: number }> {
  const file = demoCredentialsFile(app);
  const fresh: DemoCredential[] = [];
  let created = 0;
  out('Loading the demo:');
  for (const step of DEMO_STEPS) {
    const result = await step.run(app);
    created += result.created;
    fresh.push(...(result.credentials ?? []));
    out(`  ${step.name}: ${result.created > 0 ? `${result.created} created` : (result.note ?? 'already present')}`);
  }
  if (fresh.length > 0) {
    const kept = readCredentials(file).filter((old) => !fresh.some((c) => c.email === old.email));
    saveCredentials(file, [...kept, ...fresh]);
  }
  if (created === 0) out('The demo was loaded before: nothing changed.');
  const credentials = readCredentials(file);
  if (credentials.length > 0) {
    printCredentials(app, credentials, out);
    out(`These passwords are kept in ${file} (readable by you only). The demo is for trying Waakzaam, not for real use.`);
  } else {
    out('The demo accounts exist, but their passwords were shown when they were created on another machine.');
  }
  return { created };
}

export const demoCommand: Command = {
  summary: 'Load demo zones, a dispatch centre and staff accounts, and print how to sign in (safe to repeat).',
  usage: 'waakzaam demo',
  run: async ({ out, config }) => {
    const app = await bootApp(config());
    try {
      await loadDemo(app, out);
      return 0;
    } finally {
      await app.database.close();
    }
  },
};
