import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/support/app.ts';
import { createCliSandbox } from '../../test/support/cli.ts';
import { loadConfig } from '../config/config.ts';
import { bootApp } from '../main.ts';
import { isReachable } from '../modules/members/members.models.ts';
import { DEMO_MEMBER_COUNT, loadDemoMembers } from './demo-members.ts';

describe('demo members', () => {
  let sandbox: ReturnType<typeof createCliSandbox>;

  beforeEach(() => {
    sandbox = createCliSandbox();
  });
  afterEach(() => sandbox.remove());

  it('given the demo, 200 members live at covered addresses, mostly Dutch-speaking, mostly verified and active, some pending and a few unreachable', async () => {
    const result = await sandbox.run(['demo']);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`  members: ${DEMO_MEMBER_COUNT} created`);
    const app = await bootApp(loadConfig(sandbox.env));
    try {
      const people = await app.database.db.selectFrom('people').selectAll().execute();
      expect(people).toHaveLength(DEMO_MEMBER_COUNT);
      const nl = people.filter((p) => p.language === 'nl').length;
      expect(nl).toBeGreaterThan(150);
      expect(people.some((p) => p.language === 'fr')).toBe(true);

      const counts = { active: 0, pending: 0, unreachable: 0 };
      for (const row of people) {
        const person = (await app.people.findById(row.id))!;
        const contacts = await app.contactPoints.listForPerson(row.id);
        const memberships = await app.memberships.listForPerson(row.id);
        const [home] = await app.people.listAddresses(row.id);
        expect(memberships.length).toBeGreaterThan(0);
        const covering = await app.networkAssignments.networksOfAddress(home!.addressId!);
        for (const m of memberships) expect(covering).toContain(m.networkId);
        for (const c of contacts) {
          if (c.kind === 'mobile') expect(c.value).toMatch(/^\+3247\d{7}$/);
          if (c.kind === 'landline') expect(c.value).toMatch(/^\+32[23]\d{7}$/);
          if (c.kind === 'email') expect(c.value).toMatch(/@([a-z]+\.)?example\.be$/);
        }
        if (memberships.every((m) => m.status === 'pending')) counts.pending += 1;
        else if (isReachable(person, contacts)) counts.active += 1;
        else counts.unreachable += 1;
      }
      expect(counts.active).toBeGreaterThan(140);
      expect(counts.pending).toBeGreaterThan(5);
      expect(counts.unreachable).toBeGreaterThan(3);
      expect(people.some((p) => JSON.parse(p.red_channels).includes('voice'))).toBe(true);
    } finally {
      await app.database.close();
    }
    const again = await sandbox.run(['demo']);
    expect(again.out).toContain('  members: already present');
  });

  it('given no demo networks yet, the step adds nobody and says why', async () => {
    const app = await createTestApp();
    try {
      await app.zones.insert({ id: 'zone-demo', code: 'DEMO', name: 'PZ Demo', languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: app.clock.now() });
      expect(await loadDemoMembers(app)).toEqual({ created: 0, note: 'skipped: no active demo network covers any address yet' });
      expect(await app.people.count()).toBe(0);
    } finally {
      await app.database.destroy();
    }
  });
});
