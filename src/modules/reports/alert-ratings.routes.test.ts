import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { DAYTIME, addMember, seedAlertZone } from '../alerts/alerts.test-support.ts';
import { memberBrowser, sendAlertToNetworkA } from '../alerts/sightings.test-support.ts';
import { getAs, postAs } from './reports.test-support.ts';

describe('"Was this message useful?" on the member’s alert page', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let clock: ReturnType<typeof createManualClock>;
  let alert: Awaited<ReturnType<typeof sendAlertToNetworkA>>;
  let browser: ReturnType<typeof memberBrowser>;

  beforeEach(async () => {
    clock = createManualClock(DAYTIME);
    app = await createTestApp({ clock });
    await seedAlertZone(app);
    await addMember(app, { id: 'p1', language: 'fr' });
    await addMember(app, { id: 'p2' });
    server = await createTestServer(app);
    alert = await sendAlertToNetworkA(app, ['p1', 'p2']);
    browser = memberBrowser(app);
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  const ratings = () => app.database.db.selectFrom('alert_ratings').selectAll().orderBy('person_id').execute();

  it('given the alert page, it asks in the member’s language; a rating is stored, and a second one replaces the first', async () => {
    const page = await getAs(server, browser, alert.links.p1!);
    expect(page.body).toContain('Ce message était-il utile ?');
    expect(page.body).toContain(`action="${alert.links.p1}/rating"`);

    const first = await postAs(server, browser, `${alert.links.p1}/rating`, { useful: 'no', comment: 'Trop vague, la nuit.' });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`${alert.links.p1}?rating=saved#rating`);
    clock.advance(60_000);
    const second = await postAs(server, browser, `${alert.links.p1}/rating`, { useful: 'yes', comment: '' });
    expect(second.statusCode).toBe(303);

    expect(await ratings()).toEqual([expect.objectContaining({ alert_id: alert.alertId, person_id: 'p1', useful: 1, comment: null })]);
    const [row] = await ratings();
    expect([Number(row!.created_at), Number(row!.updated_at)]).toEqual([DAYTIME, DAYTIME + 60_000]);
    const after = await getAs(server, browser, `${alert.links.p1}?rating=saved`);
    expect(after.body).toContain('Merci pour votre évaluation.');
    const later = await getAs(server, browser, alert.links.p1!);
    expect(later.body).toContain('Votre évaluation : Utile.');
    const entries = await app.audit.list({ zoneIds: 'all', limit: 5 });
    expect(entries.filter((e) => e.action === 'alerts.rated')).toHaveLength(2);
    expect(entries.map((e) => e.details).join()).not.toContain('Trop vague');
  });

  it('given two members, each has their own rating of the same alert', async () => {
    await postAs(server, browser, `${alert.links.p1}/rating`, { useful: 'yes' });
    await postAs(server, browser, `${alert.links.p2}/rating`, { useful: 'no', comment: 'Te laat ontvangen.' });
    expect((await ratings()).map((r) => [r.person_id, Number(r.useful), r.comment])).toEqual([
      ['p1', 1, null],
      ['p2', 0, 'Te laat ontvangen.'],
    ]);
  });

  it('given a link whose token is not the person’s, the rating is refused as not found and nothing is stored', async () => {
    const forged = alert.links.p1!.replace('/p1/', '/p2/');
    const response = await postAs(server, browser, `${forged}/rating`, { useful: 'yes' });
    expect(response.statusCode).toBe(404);
    expect(await ratings()).toEqual([]);
  });

  it('given no choice or a comment over 500 characters, the page comes back with the message and nothing is stored', async () => {
    const none = await postAs(server, browser, `${alert.links.p2}/rating`, { comment: 'Zonder keuze' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Kies &quot;nuttig&quot; of &quot;niet nuttig&quot;.');
    const long = await postAs(server, browser, `${alert.links.p2}/rating`, { useful: 'no', comment: 'x'.repeat(501) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Gebruik hoogstens 500 tekens.');
    expect(await ratings()).toEqual([]);
  });
});
