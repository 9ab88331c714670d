import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, signedInAs } from '../../../test/support/app.ts';
import { TEST_DIALECTS } from '../../../test/support/databases.ts';
import { DAYTIME, ZONE, addMember, seedAlertZone } from '../alerts/alerts.test-support.ts';
import { findNetworks } from './dial-in.usecases.ts';

describe.each(TEST_DIALECTS)('networks keyed in on the dial-in line, on %s', (dialect) => {
  let app: TestApp;
  let accountId: string;

  beforeEach(async () => {
    app = await createTestApp({ dialect, clock: { now: () => DAYTIME } });
    await seedAlertZone(app, DAYTIME);
    await addMember(app, { id: 'landline', networks: ['net-a'], red: ['voice'], contacts: [{ kind: 'landline', value: '+3223456789' }] }, DAYTIME);
    await addMember(app, { id: 'mobile', networks: ['net-b'], red: ['sms'], contacts: [{ kind: 'mobile', value: '+32470000042' }] }, DAYTIME);
    ({ accountId } = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE }));
  });
  afterEach(async () => {
    await app.database.destroy();
  });

  it('given two codes separated by star, both networks are the target and the read-back names them with the people per channel', async () => {
    expect(await findNetworks({ app, accountId, zoneId: ZONE, codes: ['1', '2'] })).toEqual({
      networkIds: ['net-a', 'net-b'],
      summary: { names: 'BIN Kerkstraat, BIN Stationsstraat', people: 2, calls: 1, sms: 1, push: 0 },
    });
  });

  it('given every network of the zone, the read-back counts them all', async () => {
    expect(await findNetworks({ app, accountId, zoneId: ZONE, codes: 'all' })).toMatchObject({ summary: { people: 2 } });
  });

  it('given a code that is no active network of the zone, that code is returned to be read back', async () => {
    expect(await findNetworks({ app, accountId, zoneId: ZONE, codes: ['1', '77'] })).toEqual({ unknownCode: '77' });
  });
});
