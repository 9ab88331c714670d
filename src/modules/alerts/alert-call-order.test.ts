import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../../test/support/databases.ts';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { randomIds } from '../../shared/ids.ts';
import { DAYTIME, DISPATCHER, addMember, publishAndPlan, publishInput, seedAlertZone } from './alerts.test-support.ts';

const RED_CHECKLIST = { happeningNow: true, concreteDescription: true, noDangerToResidents: true, inTheAct: true, nightReason: '' };
const PER_NETWORK = 100;

describe.each(TEST_DIALECTS)('the order in which an alert calls its members on %s', (dialect) => {
  let app: TestApp;

  beforeEach(async () => {
    app = await createTestApp({ dialect, clock: createManualClock(DAYTIME) });
    await seedAlertZone(app);
  });
  afterEach(async () => {
    await app.database.destroy();
  });

  it(`given two networks of ${PER_NETWORK} landline members each, the first calls of a red alert go to members of both networks`, async () => {
    const networkOf = new Map<string, string>();
    for (const [n, networkId] of ['net-a', 'net-b'].entries()) {
      for (let i = 0; i < PER_NETWORK; i += 1) {
        // Random ids, as in production: the order of the calls must not follow how members were entered.
        const id = randomIds.id();
        networkOf.set(id, networkId);
        await addMember(app, { id, networks: [networkId], red: ['voice'], contacts: [{ kind: 'landline', value: `+32348${String(n * 1000 + i).padStart(5, '0')}` }] });
      }
    }
    await publishAndPlan({ app, by: DISPATCHER, input: publishInput({ severity: 'red', checklist: RED_CHECKLIST }), target: { kind: 'networks', networkIds: ['net-a', 'net-b'] } });

    // The trunk's first 20 lines: a claim as the dispatcher makes it.
    const first = await app.deliveries.claim({ channel: 'voice', owner: 'dispatcher-a', now: DAYTIME, leaseMs: 60_000, limit: 20 });
    const fromA = first.filter((step) => networkOf.get(step.personId) === 'net-a').length;
    expect(first).toHaveLength(20);
    // Fair within a due time: with a random order, 20 calls all from one network has odds of 2^-19.
    expect(fromA).toBeGreaterThan(0);
    expect(fromA).toBeLessThan(20);
  });
});
