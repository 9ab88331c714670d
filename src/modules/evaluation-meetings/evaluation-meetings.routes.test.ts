import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { memberBrowser } from '../alerts/sightings.test-support.ts';
import { pngBytes, postMultipart, smallPdf } from '../networks/networks.test-support.ts';
import { rsvpPath } from './evaluation-meetings.models.ts';
import { MEETING_ZONE, OTHER_ZONE, seedMeetingWorld } from './evaluation-meetings.test-support.ts';
import { meetingsRepository } from './evaluation-meetings.usecases.ts';

const NOW = Date.UTC(2027, 0, 10, 9, 0);
const FORM = { date: '2027-03-12', startTime: '19:30', endTime: '21:30', place: 'Politiehuis, Stationsstraat 1', agenda: 'Cijfers van het jaar', networkIds: ['net-meet-a1', 'net-meet-a2'] };

describe('the evaluation meeting pages', () => {
  let app: TestApp;
  let server: FastifyInstance;
  const clock = createManualClock(NOW);
  let meetingId = '';

  beforeAll(async () => {
    app = await createTestApp({ clock });
    await seedMeetingWorld(app, NOW);
    server = await createTestServer(app);
  });
  afterAll(async () => {
    await server.close();
    await app.database.destroy();
  });

  const officer = () => signedInAs(app, 'zone_admin', { zoneId: MEETING_ZONE });

  it('given the zone admin fills in the form, the meeting is scheduled, the invitations leave and the meeting page lists the invitees', async () => {
    const user = await officer();
    const menu = await server.inject({ url: '/meetings', headers: { cookie: user.cookie } });
    expect(menu.headers.location).toBe(`/zones/${MEETING_ZONE}/meetings`);
    const response = await postForm(server, user, `/zones/${MEETING_ZONE}/meetings`, FORM);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/meetings\/[^/?]+\?done=scheduled&sent=3&failed=0$/);
    meetingId = String(response.headers.location).split('/')[2]!.split('?')[0]!;
    expect(app.email.sent.map((m) => m.to).sort()).toEqual(['anna@example.test', 'benoit@example.test', 'dora@example.test']);
    const page = await server.inject({ url: String(response.headers.location), headers: { cookie: user.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('De vergadering is gepland. Verstuurde e-mails: 3.');
    expect(page.body).toContain('Benoît Lambert');
    expect(page.body).toContain('0 ja, 0 nee, 0 misschien, 3 zonder antwoord');
    expect(page.body).not.toContain('Zoë Janssens');
    const list = await server.inject({ url: `/zones/${MEETING_ZONE}/meetings`, headers: { cookie: user.cookie } });
    expect(list.body).toContain(`/meetings/${meetingId}`);
  });

  it('given the form submitted empty, it comes back with the reasons and nothing is scheduled', async () => {
    const user = await officer();
    const response = await postForm(server, user, `/zones/${MEETING_ZONE}/meetings`, { date: '', startTime: '', endTime: '', place: '', agenda: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('class="error-summary"');
    expect(response.body).toContain('Kies minstens één netwerk.');
    expect(await meetingsRepository(app).listByZone(MEETING_ZONE)).toHaveLength(1);
  });

  it('given the admin of another zone, the meetings of this zone and this meeting are refused', async () => {
    const other = await signedInAs(app, 'zone_admin', { zoneId: OTHER_ZONE });
    expect((await server.inject({ url: `/zones/${MEETING_ZONE}/meetings`, headers: { cookie: other.cookie } })).statusCode).toBe(403);
    expect((await server.inject({ url: `/meetings/${meetingId}`, headers: { cookie: other.cookie } })).statusCode).toBe(403);
    expect((await postForm(server, other, `/zones/${MEETING_ZONE}/meetings`, FORM)).statusCode).toBe(403);
  });

  it('given a coordinator opens the link from the e-mail without signing in, they answer yes and add an agenda point, which the officer sees', async () => {
    const anna = (await meetingsRepository(app).listInvitees(meetingId)).find((i) => i.email === 'anna@example.test')!;
    const link = rsvpPath(app.config.security.sessionSecret, anna.id);
    expect(app.email.sent.find((m) => m.to === 'anna@example.test')!.text).toContain(link);
    const browser = memberBrowser(app);
    const page = await server.inject({ url: link, headers: { cookie: browser.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Politiehuis, Stationsstraat 1');
    const tampered = await server.inject({ url: `${link.slice(0, -1)}${link.endsWith('A') ? 'B' : 'A'}`, headers: { cookie: browser.cookie } });
    expect(tampered.statusCode).toBe(404);
    const tamperedPost = await postForm(server, { ...browser, accountId: '', email: '' }, `${link.slice(0, -1)}${link.endsWith('A') ? 'B' : 'A'}`, { response: 'no' });
    expect(tamperedPost.statusCode).toBe(404);

    const answered = await postForm(server, { ...browser, accountId: '', email: '' }, link, { response: 'yes' });
    expect(answered.headers.location).toBe(`${link}?saved=rsvp`);
    const pointed = await postForm(server, { ...browser, accountId: '', email: '' }, `${link}/agenda`, { text: 'Berichten ook per sms voor wie geen e-mail heeft' });
    expect(pointed.statusCode).toBe(303);
    const surveyed = await postForm(server, { ...browser, accountId: '', email: '' }, `${link}/survey`, { usefulness: '4', speed: '9', improvements: '' });
    expect(surveyed.statusCode).toBe(400);
    expect(surveyed.body).toContain('Kies een score van 1 tot 5.');
    await postForm(server, { ...browser, accountId: '', email: '' }, `${link}/survey`, { usefulness: '4', speed: '5', clarity: '3', improvements: 'Minder berichten na middernacht' });

    const user = await officer();
    const meetingPage = await server.inject({ url: `/meetings/${meetingId}`, headers: { cookie: user.cookie } });
    expect(meetingPage.body).toContain('1 ja, 0 nee, 0 misschien, 2 zonder antwoord');
    expect(meetingPage.body).toContain('Berichten ook per sms voor wie geen e-mail heeft');
    expect(meetingPage.body).toContain('Minder berichten na middernacht');
  });

  it('given the meeting has taken place, the officer stores minutes with a PDF; a PNG named .pdf is refused', async () => {
    const user0 = await officer();
    const early = await postMultipart(server, user0, `/meetings/${meetingId}/minutes`, [{ name: '_csrf', value: user0.csrf }, { name: 'minutes', value: 'Te vroeg' }]);
    expect(early.statusCode).toBe(409);
    clock.set(Date.UTC(2027, 2, 12, 21, 0));
    const user = await officer();
    const png = await postMultipart(server, user, `/meetings/${meetingId}/minutes`, [
      { name: '_csrf', value: user.csrf },
      { name: 'minutes', value: 'Twaalf coördinatoren aanwezig.' },
      { name: 'minutesPdf', filename: 'verslag.pdf', contentType: 'application/pdf', data: pngBytes() },
    ]);
    expect(png.statusCode).toBe(400);
    expect(png.body).toContain('Het bestand is geen PDF.');
    const saved = await postMultipart(server, user, `/meetings/${meetingId}/minutes`, [
      { name: '_csrf', value: user.csrf },
      { name: 'minutes', value: 'Twaalf coördinatoren aanwezig.' },
      { name: 'decisions', value: 'Proef met sms in 2027.' },
      { name: 'minutesPdf', filename: 'verslag.pdf', contentType: 'application/pdf', data: smallPdf() },
    ]);
    expect(saved.statusCode).toBe(303);
    const page = await server.inject({ url: `/meetings/${meetingId}`, headers: { cookie: user.cookie } });
    expect(page.body).toContain('Proef met sms in 2027.');
    const pdf = await server.inject({ url: `/meetings/${meetingId}/minutes.pdf`, headers: { cookie: user.cookie } });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Past meetings stay listed, and the link no longer takes answers.
    const list = await server.inject({ url: `/zones/${MEETING_ZONE}/meetings`, headers: { cookie: user.cookie } });
    expect(list.body).toContain(`/meetings/${meetingId}`);
  });
});
