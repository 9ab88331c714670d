import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import type { AreaGeometry } from '../geography/geometry.models.ts';
import { leaveNetwork } from '../members/member-data.usecases.ts';
import { addDevice } from '../push/push.test-support.ts';
import { DAYTIME, DISPATCHER, FIELDS, ZONE, addMember, planAlerts, publishAndPlan, publishInput, seedAlertZone } from './alerts.test-support.ts';
import { settleSentAlerts } from './alerts.usecases.ts';

/** A square of about 1.4 by 2.2 km around the centre of Zaventem. */
const SQUARE: AreaGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [4.46, 50.87],
      [4.48, 50.87],
      [4.48, 50.89],
      [4.46, 50.89],
      [4.46, 50.87],
    ],
  ],
};
const INSIDE = { lat: 50.88, lon: 4.47 };
const OUTSIDE = { lat: 50.95, lon: 4.6 };

function greenForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return { requestKey: 'targeting-request-1', zoneId: ZONE, severity: 'green', ...FIELDS, targetKind: 'networks', networkIds: ['net-a'], centre: '', radiusMetres: '500', polygon: '', ...overrides };
}

describe('targeting an alert: the map, drawn areas and the live count', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let dispatcher: TestUser;

  beforeEach(async () => {
    app = await createTestApp({ clock: createManualClock(DAYTIME) });
    await seedAlertZone(app);
    await addMember(app, { id: 'p1', home: INSIDE, networks: ['net-a'] });
    await addMember(app, { id: 'p2', home: OUTSIDE, networks: ['net-a'] });
    await addMember(app, { id: 'p3', home: INSIDE, networks: ['net-b'], red: ['voice'], contacts: [{ kind: 'landline', value: '+3227001122' }] });
    await app.networkAreas.replaceAreas('net-a', [{ id: 'area-a', geometry: SQUARE }], DAYTIME);
    server = await createTestServer(app);
    dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  const count = (fields: Record<string, string | string[]>, user = dispatcher) => postForm(server, user, '/alerts/count', fields);

  it('given networks ticked, the live count gives people and contact points per channel', async () => {
    const response = await count(greenForm({ networkIds: ['net-a', 'net-b'] }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ people: 3, channels: { email: 2, sms: 0, voice: 1, push: 0 }, escalation: null });
  });

  it('given two members who chose push then SMS, only the one with a device counts a push step; both count their SMS step', async () => {
    await addMember(app, { id: 'p4', home: OUTSIDE, networks: ['net-b'], red: ['push', 'sms'] });
    await addMember(app, { id: 'p5', home: OUTSIDE, networks: ['net-b'], red: ['push', 'sms'] });
    await addDevice(app, 'p4', 'p4-phone');
    const fields = greenForm({ networkIds: ['net-b'], severity: 'red', happeningNow: 'on', concreteDescription: 'on', noDangerToResidents: 'on', inTheAct: 'on' });
    expect((await count(fields)).json()).toEqual({ people: 3, channels: { email: 0, sms: 2, voice: 1, push: 1 }, escalation: null });
  });

  it('given an area drawn around two homes, the count and the alert reach exactly those two people', async () => {
    const fields = greenForm({ targetKind: 'polygon', polygon: JSON.stringify(SQUARE), severity: 'red', happeningNow: 'on', concreteDescription: 'on', noDangerToResidents: 'on', inTheAct: 'on' });
    expect((await count(fields)).json()).toEqual({ people: 2, channels: { email: 0, sms: 1, voice: 1, push: 0 }, escalation: null });
    const sent = await postForm(server, dispatcher, '/alerts', fields);
    await planAlerts(app); // the planning job runs in the background after the 303
    expect(sent.statusCode).toBe(303);
    const steps = await app.database.db.selectFrom('deliveries').select(['person_id', 'channel']).orderBy('person_id').execute();
    expect(steps).toEqual([
      { person_id: 'p1', channel: 'sms' },
      { person_id: 'p3', channel: 'voice' },
    ]);
  });

  it('given a drawn area of 100,000 points, the composer says the area has too many points and sends nothing', async () => {
    const ring: number[][] = [];
    for (let i = 0; i < 100_000; i++) {
      const angle = (2 * Math.PI * i) / 100_000;
      ring.push([4.47 + 0.01 * Math.cos(angle), 50.88 + 0.01 * Math.sin(angle)]);
    }
    ring.push(ring[0]!);
    const polygon = JSON.stringify({ type: 'Polygon', coordinates: [ring] });
    const response = await postForm(server, dispatcher, '/alerts/preview', greenForm({ targetKind: 'polygon', polygon }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Dit gebied heeft te veel punten (hoogstens 10.000).');
    expect((await postForm(server, dispatcher, '/alerts', greenForm({ targetKind: 'polygon', polygon }))).statusCode).toBe(400);
    expect(await app.database.db.selectFrom('alerts').select('id').execute()).toEqual([]);
  });

  it('given an area where no member lives, sending is refused with a clear reason and nothing is recorded', async () => {
    const empty: AreaGeometry = { type: 'Polygon', coordinates: [[[5.0, 51.0], [5.01, 51.0], [5.01, 51.01], [5.0, 51.0]]] };
    const polygon = JSON.stringify(empty);
    expect((await count(greenForm({ targetKind: 'polygon', polygon }))).json()).toEqual({ people: 0, channels: { email: 0, sms: 0, voice: 0, push: 0 }, escalation: null });
    const response = await postForm(server, dispatcher, '/alerts', greenForm({ targetKind: 'polygon', polygon }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Niemand zou dit bericht ontvangen');
    expect(await app.database.db.selectFrom('alerts').select('id').execute()).toEqual([]);
  });

  it('given an empty or a broken drawn area, the count explains what is wrong in the user\'s language', async () => {
    const missing = await count(greenForm({ targetKind: 'polygon' }));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].message).toBe('Teken een gebied op de kaart of plak het als GeoJSON.');
    const broken = await count(greenForm({ targetKind: 'polygon', polygon: '{"type":"Point"' }));
    expect(broken.statusCode).toBe(400);
    expect(broken.json().errors[0].field).toBe('polygon');
  });

  it('given no CSRF token, the count is refused', async () => {
    const response = await server.inject({ method: 'POST', url: '/alerts/count', headers: { cookie: dispatcher.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ zoneId: ZONE, severity: 'green', targetKind: 'networks', networkIds: 'net-a' }).toString() });
    expect(response.statusCode).toBe(403);
  });

  it('given the composer map, the zone\'s network areas come with their ids; another zone\'s dispatcher is refused', async () => {
    const response = await server.inject({ method: 'GET', url: `/alerts/map/${ZONE}/areas.geojson`, headers: { cookie: dispatcher.cookie } });
    expect(response.statusCode).toBe(200);
    const collection = response.json();
    expect(collection.features).toHaveLength(1);
    expect(collection.features[0].properties).toMatchObject({ networkId: 'net-a', name: 'BIN Kerkstraat' });
    await app.zones.insert({ id: 'zone-other', code: 'ZO', name: 'PZ Elders', languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: DAYTIME });
    const stranger = await signedInAs(app, 'police_dispatcher', { zoneId: 'zone-other' });
    expect((await server.inject({ method: 'GET', url: `/alerts/map/${ZONE}/areas.geojson`, headers: { cookie: stranger.cookie } })).statusCode).toBe(403);
  });
});

describe('an alert in flight', () => {
  let app: TestApp;

  beforeEach(async () => {
    app = await createTestApp({ clock: createManualClock(DAYTIME) });
    await seedAlertZone(app);
    await addMember(app, { id: 'p1' });
    await addMember(app, { id: 'p2' });
  });
  afterEach(async () => {
    await app.database.destroy();
  });

  it('given a member who leaves their only network before their message goes out, their step is cancelled and the others are not', async () => {
    const { alert } = await publishAndPlan({ app, by: DISPATCHER, input: publishInput(), target: { kind: 'networks', networkIds: ['net-a'] } });
    const person = (await app.people.findById('p1'))!;
    await leaveNetwork({ app, person, membershipId: 'p1-net-a', reason: '', ip: null });
    const steps = await app.database.db.selectFrom('deliveries').select(['person_id', 'status']).where('alert_id', '=', alert.id).orderBy('person_id').execute();
    expect(steps).toEqual([
      { person_id: 'p1', status: 'cancelled' },
      { person_id: 'p2', status: 'planned' },
    ]);
  });

  it('given every step final, the alert moves from sending to sent; a step still planned keeps it sending', async () => {
    const { alert } = await publishAndPlan({ app, by: DISPATCHER, input: publishInput(), target: { kind: 'networks', networkIds: ['net-a'] } });
    expect(await settleSentAlerts({ app })).toEqual([]);
    await app.database.db.updateTable('deliveries').set({ status: 'sent' }).where('person_id', '=', 'p1').execute();
    expect(await settleSentAlerts({ app })).toEqual([]);
    await app.database.db.updateTable('deliveries').set({ status: 'failed' }).where('person_id', '=', 'p2').execute();
    expect(await settleSentAlerts({ app })).toEqual([alert.id]);
    const row = await app.database.db.selectFrom('alerts').select(['status', 'sent_at']).where('id', '=', alert.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    expect(Number(row.sent_at)).toBe(DAYTIME);
  });
});
