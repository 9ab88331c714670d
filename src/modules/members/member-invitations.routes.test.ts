import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, signedInAs } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { createBrowser } from '../accounts/accounts.test-support.ts';
import { type CoordinatorWorld, seedCoordinatorWorld } from './coordinator.test-support.ts';
import { checkMemberList, runMemberImport } from './member-import.usecases.ts';
import { createMemberListRepository } from './member-list.repository.ts';
import { isReachable } from './members.models.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/members/${name}`, import.meta.url));

describe('invitations of imported people', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let world: CoordinatorWorld;
  let coordinator: TestUser;

  /** Imports the Dutch fixture as network A's coordinator (named "Test coordinator") through the use cases. */
  async function importFixture(): Promise<void> {
    const actor = { accountId: coordinator.accountId, name: 'Test coordinator', email: coordinator.email, grants: await app.accounts.resolvedGrants(coordinator.accountId) };
    const by = { actor, ip: '198.51.100.1' };
    const check = await checkMemberList({ app, by, networkId: world.networkA, file: { name: 'leden.csv', data: fixture('leden-utf8-bom.csv') } });
    await runMemberImport({ app, by, networkId: world.networkA, importId: check.id });
  }

  /** The invitation link sent to an address, as a path. */
  function invitationPath(to: string): string {
    const mail = app.email.sent.find((m) => m.to === to);
    const match = /\/invitation\/[A-Za-z0-9_-]+/.exec(mail?.text ?? '');
    if (!match) throw new Error(`no invitation for ${to}`);
    return match[0];
  }

  const person = (email: string) =>
    app.database.db
      .selectFrom('people as p')
      .innerJoin('contact_points as c', 'c.person_id', 'p.id')
      .select(['p.id', 'p.first_name', 'p.consent_at', 'p.consent_version', 'p.erased_at', 'c.verified_at'])
      .where('c.value', '=', email)
      .executeTakeFirst();
  const unreachableNames = async () => (await createMemberListRepository({ database: app.database }).unreachable(world.networkA)).map((r) => r.firstName).sort();

  beforeEach(async () => {
    app = await createTestApp({ clock: createManualClock() });
    server = await createTestServer(app);
    world = await seedCoordinatorWorld(app.database, app.clock);
    coordinator = await signedInAs(app, 'coordinator', { networkId: world.networkA });
    await importFixture();
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  it('given an imported list, nobody is reachable until they accept, and each e-mail goes out in the person’s language', async () => {
    expect(await unreachableNames()).toEqual(['Jan', 'Marie', 'Sofie', 'Émile']);
    const jan = (await person('jan.peeters@example.be'))!;
    expect(isReachable((await app.people.findById(jan.id))!, await app.contactPoints.listForPerson(jan.id))).toBe(false);
    const mail = app.email.sent.find((m) => m.to === 'emile.dubois@example.be')!;
    expect(mail.subject).toBe('Invitation : partenariat local de prévention BIN Kerkstraat');
    expect(mail.text).toContain('Bonjour Émile,');
    expect(mail.text).toContain('Test, coordinateur du partenariat local de prévention (PLP) BIN Kerkstraat');
    expect(mail.text).toContain('(valable 30 jours)');
  });

  it('given the link, the page names the network and the coordinator’s first name and shows the privacy text, and opening it changes nothing', async () => {
    const browser = createBrowser(server);
    const page = await browser.get(invitationPath('jan.peeters@example.be'));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Dag Jan,');
    expect(page.body).toContain('Test, coördinator van het buurtinformatienetwerk (BIN) BIN Kerkstraat, zette u op de ledenlijst.');
    expect(page.body).toContain('Hoe wij met uw gegevens omgaan (versie 1)');
    expect(page.body).not.toContain('Test coordinator');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await person('jan.peeters@example.be'))?.consent_at).toBeNull();
  });

  it('given "I agree", the consent is recorded, the e-mail address verified, a code sent to the mobile, and the member becomes reachable', async () => {
    const browser = createBrowser(server);
    const path = invitationPath('jan.peeters@example.be');
    const accepted = await browser.submit(path, { decision: 'accept' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.body).toContain('Uw toestemming is bewaard en uw e-mailadres is bevestigd.');
    const jan = await person('jan.peeters@example.be');
    expect(jan).toMatchObject({ consent_at: app.clock.now(), consent_version: 1, verified_at: app.clock.now(), erased_at: null });
    expect(isReachable((await app.people.findById(jan!.id))!, await app.contactPoints.listForPerson(jan!.id))).toBe(true);
    expect(app.sms.sent.map((m) => m.to)).toEqual(['+32470123456']);
    expect(await unreachableNames()).toEqual(['Marie', 'Sofie', 'Émile']);
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 5, actionPrefix: 'members.invitation_accepted' });
    expect(entry).toMatchObject({ objectId: jan!.id, actorId: null });

    const again = await browser.submit(path, { decision: 'accept' });
    expect(again.statusCode).toBe(404);
    expect(again.body).toContain('Deze link werd al gebruikt of is verlopen.');
  });

  it('given "No thanks, remove me", the person is erased and the link no longer works', async () => {
    const browser = createBrowser(server);
    const path = invitationPath('jan.peeters@example.be');
    const jan = (await person('jan.peeters@example.be'))!;
    const refused = await browser.submit(path, { decision: 'refuse' });
    expect(refused.statusCode).toBe(200);
    expect(refused.body).toContain('Uw gegevens zijn gewist.');
    const erased = await app.database.db.selectFrom('people').select(['first_name', 'last_name', 'erased_at', 'consent_at']).where('id', '=', jan.id).executeTakeFirstOrThrow();
    expect(erased).toMatchObject({ first_name: '—', last_name: '—', erased_at: app.clock.now(), consent_at: null });
    expect(await app.database.db.selectFrom('contact_points').select('id').where('person_id', '=', jan.id).execute()).toEqual([]);
    expect(await app.database.db.selectFrom('person_addresses').select('id').where('person_id', '=', jan.id).execute()).toEqual([]);
    const list = await server.inject({ method: 'GET', url: `/networks/${world.networkA}/members`, headers: { cookie: coordinator.cookie } });
    expect(list.body).not.toContain('Peeters');
    expect((await browser.get(path)).statusCode).toBe(404);
  });

  it('given an unknown link, the page says it no longer works', async () => {
    const response = await createBrowser(server).get('/invitation/not-a-real-token');
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Deze uitnodiging werkt niet meer');
  });
});
