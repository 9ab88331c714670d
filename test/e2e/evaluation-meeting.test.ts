import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailDriver } from '../../src/channels/email/email.channel.ts';
import { createSmtpEmailDriver } from '../../src/channels/email/smtp.email-driver.ts';
import { instantOf } from '../../src/modules/evaluation-meetings/evaluation-meetings.models.ts';
import { MEETING_ZONE, seedMeetingWorld } from '../../src/modules/evaluation-meetings/evaluation-meetings.test-support.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { navigation, useBrowserHarness } from './support/browser.ts';

const addressOf = (mail: ParsedMail) => String((mail.to as { value: Array<{ address: string }> }).value[0]!.address);

/**
 * The BIN officer schedules the yearly evaluation meeting in the browser; the invitations reach a
 * real SMTP server through the SMTP driver, each with an .ics that a calendar library reads; a
 * coordinator answers from the link in their e-mail without signing in and adds an agenda point,
 * and the officer sees both on the meeting page.
 */
describe('the evaluation meeting from the officer to the coordinators and back', () => {
  const harness = useBrowserHarness();
  let sink: SmtpSink;
  let smtp: EmailDriver;
  let memory: EmailDriver;
  const year = new Date().getUTCFullYear() + 1;

  beforeAll(async () => {
    const app = harness.platform.app;
    await seedMeetingWorld(app, app.clock.now());
    sink = await startSmtpSink();
    smtp = createSmtpEmailDriver({ url: sink.url, requireTls: false, from: { name: 'PZ Heidebeek', address: 'bin@pz.example.test' }, poolSize: 1 });
    // The platform under test sends its e-mail through the real SMTP driver for this file.
    memory = app.email;
    (app as { email: EmailDriver }).email = smtp;
  });
  afterAll(async () => {
    (harness.platform.app as { email: EmailDriver }).email = memory;
    await smtp?.close?.();
    await sink?.stop();
  });

  it('given the officer schedules the meeting, the invitation arrives with a valid .ics, a coordinator answers yes and proposes a point, and the officer sees it', async () => {
    const officer = await harness.newPage({ as: 'zone_admin', scope: { zoneId: MEETING_ZONE }, locale: 'nl-BE' });
    await officer.goto('/meetings');
    expect(new URL(officer.url()).pathname).toBe(`/zones/${MEETING_ZONE}/meetings`);
    await navigation(officer, () => officer.getByRole('link', { name: 'Vergadering plannen' }).click());
    await officer.getByLabel('Datum').fill(`${year}-03-12`);
    await officer.getByLabel('Begin').fill('19:30');
    await officer.getByLabel('Einde').fill('21:30');
    await officer.getByLabel('Plaats').fill('Politiehuis, Stationsstraat 1');
    await officer.getByLabel('Agenda', { exact: true }).fill('1. Cijfers van het jaar\n2. Wat kan beter?');
    await officer.getByLabel('101 · BIN Kerkstraat').check();
    await officer.getByLabel('102 · BIN Molenwijk').check();
    await navigation(officer, () => officer.getByRole('button', { name: 'Plannen en uitnodigingen versturen' }).click());
    expect(await officer.locator('main .notice').textContent()).toContain('Verstuurde e-mails: 3.');

    await expect.poll(() => sink.messages.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    const mails = await Promise.all(sink.messages.map((message) => sink.parse(message)));
    expect(mails.map(addressOf).sort()).toEqual(['anna@example.test', 'benoit@example.test', 'dora@example.test']);
    const anna = mails.find((mail) => addressOf(mail) === 'anna@example.test')!;
    expect(anna.subject).toContain('Uitnodiging: evaluatievergadering BIN PZ Heidebeek');
    expect(mails.find((mail) => addressOf(mail) === 'benoit@example.test')!.headers.get('content-language')).toBe('fr');

    // The .ics as a calendar program reads it: the event at 19:30 Brussels time, Anna asked to answer.
    const ics = anna.attachments.find((a) => a.contentType === 'text/calendar')!;
    expect(ics.filename).toBe(`invite-${year}-03-12.ics`);
    const text = ics.content.toString('utf8');
    expect(text).toContain('\r\nMETHOD:REQUEST\r\n');
    const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    event.startDate.zone = new ICAL.Timezone(calendar.getFirstSubcomponent('vtimezone')!);
    expect(event.startDate.toJSDate().getTime()).toBe(instantOf(`${year}-03-12`, '19:30'));
    expect(event.sequence).toBe(0);
    const attendee = event.attendees[0]!;
    expect([attendee.getFirstValue(), attendee.getParameter('rsvp')]).toEqual(['mailto:anna@example.test', 'TRUE']);

    // Anna opens her link without signing in, answers yes and proposes a point.
    const link = /(http:\/\/127\.0\.0\.1:\d+\/rsvp\/[^\s)\]]+)/.exec(anna.text ?? '')![1]!;
    const coordinator = await harness.newPage({ locale: 'nl-BE' });
    await coordinator.goto(link);
    await coordinator.getByLabel('Ja, ik kom').check();
    await navigation(coordinator, () => coordinator.getByRole('button', { name: 'Antwoord versturen' }).click());
    expect(await coordinator.locator('main .notice').textContent()).toBe('Bedankt, uw antwoord is opgeslagen.');
    await coordinator.getByLabel('Uw agendapunt').fill('Berichten ook per sms voor wie geen e-mail heeft');
    await navigation(coordinator, () => coordinator.getByRole('button', { name: 'Agendapunt toevoegen' }).click());
    expect(await coordinator.locator('main .notice').textContent()).toBe('Uw agendapunt is toegevoegd.');

    await officer.reload();
    const main = await officer.locator('main').textContent();
    expect(main).toContain('1 ja, 0 nee, 0 misschien, 2 zonder antwoord');
    expect(main).toContain('Berichten ook per sms voor wie geen e-mail heeft');
    expect(await officer.locator('tr[data-invitee="anna@example.test"]').textContent()).toContain('Ja, ik kom');
  });
});
