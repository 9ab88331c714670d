import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, signedInAs } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { isAppError } from '../../shared/errors.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import { type CoordinatorWorld, insertMember, seedCoordinatorWorld } from './coordinator.test-support.ts';
import { CHECK_TTL_MS, checkMemberList, runMemberImport } from './member-import.usecases.ts';

const csv = (lines: string[]) => ({ name: 'leden.csv', data: new TextEncoder().encode(`${lines.join('\r\n')}\r\n`) });
const HEADER = 'Voornaam;Naam;Straat;Nr;Postcode;Gemeente;GSM;E-mail';

describe('member list import, all or nothing', () => {
  const clock = createManualClock();
  let app: TestApp;
  let world: CoordinatorWorld;
  let by: AuditActor;

  beforeEach(async () => {
    app = await createTestApp({ clock });
    world = await seedCoordinatorWorld(app.database, clock);
    const user = await signedInAs(app, 'coordinator', { networkId: world.networkA });
    by = { actor: { accountId: user.accountId, name: 'Test coordinator', email: user.email, grants: await app.accounts.resolvedGrants(user.accountId) } };
  });
  afterEach(async () => {
    await app.database.destroy();
  });

  const count = async (table: 'people' | 'person_addresses' | 'contact_points' | 'memberships' | 'membership_changes') =>
    Number((await app.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = (n: number) => Array.from({ length: n }, (_, i) => `Lid${i};Nummer${i};Kerkstraat;${(i % 100) + 1};3079;Heidebeek;04${String(70_000_000 + i)};lid${i}@example.be`);

  it('given a failure after the first batch was written, nothing of the import remains and the check can be used again', async () => {
    const check = await checkMemberList({ app, by, networkId: world.networkA, file: csv([HEADER, ...rows(1500)]) });
    expect(check.report).toMatchObject({ rows: 1500, created: 1500, rejected: [] });
    const failing = runMemberImport({
      app,
      by,
      networkId: world.networkA,
      importId: check.id,
      batchSize: 1000,
      afterBatch: (written) => {
        if (written === 1000) throw new Error('disk full');
      },
    });
    await expect(failing).rejects.toThrow('disk full');
    for (const table of ['people', 'person_addresses', 'contact_points', 'memberships', 'membership_changes'] as const) expect(await count(table), table).toBe(0);
    expect(app.email.sent).toEqual([]);

    const outcome = await runMemberImport({ app, by, networkId: world.networkA, importId: check.id, invite: false });
    expect(outcome).toEqual({ created: 1500, linked: 0, invited: 0 });
    expect(await count('people')).toBe(1500);
    expect(await count('contact_points')).toBe(3000);
  });

  it('given someone already verified elsewhere in the zone with the same name and number, they join the network without a second record', async () => {
    const known = await insertMember(app.database, clock.now(), { networkId: world.networkB, zoneId: world.zoneId, firstName: 'Jan', lastName: 'Peeters', contacts: [{ kind: 'mobile', value: '+32470123456' }] });
    const check = await checkMemberList({ app, by, networkId: world.networkA, file: csv([HEADER, 'Jan;Peeters;Kerkstraat;1;3079;Heidebeek;0470 12 34 56;']) });
    expect(check.report).toMatchObject({ created: 0, linked: 1 });
    await runMemberImport({ app, by, networkId: world.networkA, importId: check.id });
    expect(await count('people')).toBe(1);
    const memberships = await app.database.db.selectFrom('memberships').select(['network_id', 'status']).where('person_id', '=', known).orderBy('created_at').execute();
    expect(memberships.map((m) => m.network_id).sort()).toEqual([world.networkA, world.networkB].sort());
  });

  it('given someone who left the network, the row is refused: only they can join again', async () => {
    await insertMember(app.database, clock.now(), { networkId: world.networkA, zoneId: world.zoneId, firstName: 'Karel', lastName: 'Wouters', status: 'left', contacts: [{ kind: 'email', value: 'karel@example.be' }] });
    const check = await checkMemberList({ app, by, networkId: world.networkA, file: csv([HEADER, 'Karel;Wouters;Kerkstraat;8;3079;Heidebeek;;karel@example.be']) });
    expect(check.report.rejected).toEqual([{ line: 2, name: 'Karel Wouters', reasons: [{ key: 'coordinator.import.reason.leftNetwork' }] }]);
  });

  it('given a check older than a day, the import is refused as expired and nothing is written', async () => {
    const check = await checkMemberList({ app, by, networkId: world.networkA, file: csv([HEADER, ...rows(2)]) });
    clock.advance(CHECK_TTL_MS + 1);
    const error = await runMemberImport({ app, by, networkId: world.networkA, importId: check.id }).catch((e: unknown) => e);
    expect(isAppError(error) && error.messageKey).toBe('coordinator.import.error.expired');
    expect(await count('people')).toBe(0);
  });

  it('given a check of network A, it cannot be imported into network B', async () => {
    const check = await checkMemberList({ app, by, networkId: world.networkA, file: csv([HEADER, ...rows(2)]) });
    const admin = await signedInAs(app, 'zone_admin', { zoneId: world.zoneId });
    const zoneAdmin: AuditActor = { actor: { accountId: admin.accountId, name: 'Admin', email: admin.email, grants: await app.accounts.resolvedGrants(admin.accountId) } };
    const error = await runMemberImport({ app, by: zoneAdmin, networkId: world.networkB, importId: check.id }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('member_import.expired');
    expect(await count('people')).toBe(0);
  });
});
