import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../../test/support/databases.ts';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { ValidationError } from '../../shared/errors.ts';
import { countAudience, publishAlert } from './alert-planning.usecases.ts';
import { cancelAlert } from './alerts.usecases.ts';
import { DAYTIME, DISPATCHER, ZONE, addMember, planAlerts, publishAndPlan, publishFollowUpAndPlan, publishInput, seedAlertZone } from './alerts.test-support.ts';

const RED_CHECKLIST = { happeningNow: true, concreteDescription: true, noDangerToResidents: true, inTheAct: true, nightReason: '' };

describe.each(TEST_DIALECTS)('alert planning on %s', (dialect) => {
  let app: TestApp;
  let clock: ReturnType<typeof createManualClock>;

  beforeEach(async () => {
    clock = createManualClock(DAYTIME);
    app = await createTestApp({ dialect, clock });
    await seedAlertZone(app);
  });
  afterEach(async () => {
    await app.database.destroy();
  });

  const rows = (table: 'alerts' | 'incidents' | 'alert_audience' | 'alert_texts' | 'deliveries') => app.database.db.selectFrom(table).selectAll().execute();

  it('given a member of two targeted networks, the alert reaches that person once', async () => {
    await addMember(app, { id: 'p1', networks: ['net-a', 'net-b'] });
    await addMember(app, { id: 'p2', networks: ['net-b'] });
    const result = await publishAndPlan({ app, by: DISPATCHER, input: publishInput(), target: { kind: 'networks', networkIds: ['net-a', 'net-b'] } });
    expect((await rows('alert_audience')).map((row) => row.person_id)).toEqual(['p1', 'p2']);
    const deliveries = await app.deliveries.listByAlert(result.alert.id);
    expect(deliveries.map((d) => [d.personId, d.channel, d.destination])).toEqual([
      ['p1', 'email', 'p1@example.test'],
      ['p2', 'email', 'p2@example.test'],
    ]);
    expect(await rows('alert_texts')).toHaveLength(4);
  });

  it('given a landline-only member who chose SMS, a red alert plans one voice call', async () => {
    await addMember(app, { id: 'p1', red: ['sms'], contacts: [{ kind: 'landline', value: '+3227001122' }] });
    const result = await publishAndPlan({ app, by: DISPATCHER, input: publishInput({ severity: 'red', checklist: RED_CHECKLIST }), target: { kind: 'networks', networkIds: ['net-a'] } });
    const deliveries = await app.deliveries.listByAlert(result.alert.id);
    expect(deliveries.map((d) => [d.channel, d.destination, d.dueAt])).toEqual([['voice', '+3227001122', DAYTIME]]);
  });

  it('given a member with only an e-mail address, a red alert falls back to e-mail', async () => {
    await addMember(app, { id: 'p1', red: ['voice'], contacts: [{ kind: 'email', value: 'p1@example.test' }] });
    const result = await publishAndPlan({ app, by: DISPATCHER, input: publishInput({ severity: 'red', checklist: RED_CHECKLIST }), target: { kind: 'networks', networkIds: ['net-a'] } });
    expect((await app.deliveries.listByAlert(result.alert.id)).map((d) => [d.channel, d.destination])).toEqual([['email', 'p1@example.test']]);
  });

  it('given push first among red channels but no device enabled, push is skipped and the next channel is planned', async () => {
    await addMember(app, { id: 'p1', red: ['push', 'voice'] });
    const result = await publishAndPlan({ app, by: DISPATCHER, input: publishInput({ severity: 'red', checklist: RED_CHECKLIST }), target: { kind: 'networks', networkIds: ['net-a'] } });
    expect((await app.deliveries.listByAlert(result.alert.id)).map((d) => [d.channel, d.step])).toEqual([['voice', 0]]);
  });

  it('given a green message during quiet hours (22:00–07:00), the e-mail is due when they end', async () => {
    clock.set(Date.UTC(2026, 0, 15, 22, 30)); // 23:30 in Brussels
    await addMember(app, { id: 'p1', quiet: { from: 22 * 60, until: 7 * 60 } });
    const result = await publishAndPlan({ app, by: DISPATCHER, input: publishInput(), target: { kind: 'networks', networkIds: ['net-a'] } });
    const [delivery] = await app.deliveries.listByAlert(result.alert.id);
    expect(delivery!.dueAt).toBe(Date.UTC(2026, 0, 16, 6, 0)); // 07:00 in Brussels
  });

  it('given a holiday pause, a green message waits for its end and a red one does not', async () => {
    const pause = { from: DAYTIME - 86_400_000, until: DAYTIME + 3 * 86_400_000 };
    await addMember(app, { id: 'p1', pause, quiet: { from: 0, until: 60 } });
    const green = await publishAndPlan({ app, by: DISPATCHER, input: publishInput(), target: { kind: 'networks', networkIds: ['net-a'] } });
    const red = await publishAndPlan({ app, by: DISPATCHER, input: publishInput({ severity: 'red', checklist: RED_CHECKLIST }), target: { kind: 'networks', networkIds: ['net-a'] } });
    // The pause ends at 10:00 Brussels time: outside the quiet hour (00:00–01:00).
    expect((await app.deliveries.listByAlert(green.alert.id))[0]!.dueAt).toBe(pause.until);
    expect((await app.deliveries.listByAlert(red.alert.id))[0]!.dueAt).toBe(DAYTIME);
  });

  it('given people without consent, without a verified contact point or not active, they are left out', async () => {
    await addMember(app, { id: 'p1' });
    await addMember(app, { id: 'p2', consent: false });
    await addMember(app, { id: 'p3', contacts: [{ kind: 'email', value: 'p3@example.test', verified: false }] });
    await addMember(app, { id: 'p4', membershipStatus: 'pending' });
    await addMember(app, { id: 'p5', membershipStatus: 'left' });
    const result = await publishAndPlan({ app, by: DISPATCHER, input: publishInput(), target: { kind: 'networks', networkIds: ['net-a'] } });
    expect((await rows('alert_audience')).map((row) => row.person_id)).toEqual(['p1']);
    expect((await app.deliveries.listByAlert(result.alert.id))).toHaveLength(1);
  });

  it('given a circle drawn around an address, only the people living inside it are reached', async () => {
    await addMember(app, { id: 'p1', networks: [], home: { lat: 50.879, lon: 4.527 } });
    await addMember(app, { id: 'p2', networks: [], home: { lat: 50.9, lon: 4.6 } });
    await addMember(app, { id: 'p3', networks: [] });
    const target = { kind: 'circle' as const, centre: { lat: 50.879, lon: 4.528 }, radiusMetres: 500 };
    expect(await countAudience({ app, actor: DISPATCHER.actor, zoneId: ZONE, target, severity: 'red' })).toEqual({ people: 1, channels: { email: 0, sms: 1, voice: 0, push: 0 }, escalation: null });
    await publishAndPlan({ app, by: DISPATCHER, input: publishInput(), target });
    expect((await rows('alert_audience')).map((row) => row.person_id)).toEqual(['p1']);
  });

  it('given the zone escalates by a call after ten minutes, the count announces the later calls beside the first steps', async () => {
    await addMember(app, { id: 'p1' });
    await addMember(app, { id: 'p2' });
    const count = await countAudience({ app, actor: DISPATCHER.actor, zoneId: ZONE, target: { kind: 'networks', networkIds: ['net-a'] }, severity: 'red', escalation: { channel: 'voice', afterMinutes: 10 } });
    expect(count).toEqual({ people: 2, channels: { email: 0, sms: 2, voice: 0, push: 0 }, escalation: { channel: 'voice', afterMinutes: 10, steps: 2 } });
  });

  it('given a failure in the middle of a chunk, none of the chunk is stored and the job plans it again, each person once', async () => {
    await addMember(app, { id: 'p1' });
    await addMember(app, { id: 'p2' });
    const { alert } = await publishAlert({ app, by: DISPATCHER, input: publishInput(), target: { kind: 'networks', networkIds: ['net-a'] } });
    // The same delivery id twice: the chunk's second row violates the primary key.
    const ids = app.ids;
    app.ids = { ...ids, id: () => 'same' };
    await expect(planAlerts(app)).rejects.toThrow(/unique|duplicate key/i);
    for (const table of ['alert_audience', 'deliveries'] as const) expect(await rows(table)).toEqual([]);
    app.ids = ids;
    clock.advance(60_000); // the failed planner's lease runs out
    await planAlerts(app);
    expect((await app.deliveries.listByAlert(alert.id)).map((d) => d.personId)).toEqual(['p1', 'p2']);
    expect((await rows('alert_audience')).map((row) => row.person_id)).toEqual(['p1', 'p2']);
  });

  it('given a double click on send, one alert is created and the second submit returns it', async () => {
    await addMember(app, { id: 'p1' });
    const input = publishInput({ requestKey: 'form-123' });
    const target = { kind: 'networks' as const, networkIds: ['net-a'] };
    const [first, second] = await Promise.all([publishAndPlan({ app, by: DISPATCHER, input, target }), publishAndPlan({ app, by: DISPATCHER, input, target })]);
    const third = await publishAndPlan({ app, by: DISPATCHER, input, target });
    expect(new Set([first.alert.id, second.alert.id, third.alert.id]).size).toBe(1);
    expect(await rows('alerts')).toHaveLength(1);
    expect(await rows('deliveries')).toHaveLength(1);
  });

  it('given texts the sender edited, those are sent (with the exercise marker kept) and a too long short text is refused', async () => {
    await addMember(app, { id: 'p1' });
    const edited = { subject: 'Inbraak', shortText: 'Inbraak Kerkstraat, let op.', fullText: 'Inbraak in de Kerkstraat.' };
    const { alert } = await publishAndPlan({ app, by: DISPATCHER, input: publishInput({ exercise: true, texts: { nl: edited } }), target: { kind: 'networks', networkIds: ['net-a'] } });
    const nl = await app.database.db.selectFrom('alert_texts').select(['short_text', 'full_text']).where('alert_id', '=', alert.id).where('locale', '=', 'nl').executeTakeFirstOrThrow();
    expect(nl).toEqual({ short_text: 'OEFENING – Inbraak Kerkstraat, let op.', full_text: 'OEFENING – Inbraak in de Kerkstraat.' });
    const tooLong = publishAndPlan({ app, by: DISPATCHER, input: publishInput({ texts: { fr: { ...edited, shortText: 'x '.repeat(200) } } }), target: { kind: 'networks', networkIds: ['net-a'] } });
    await expect(tooLong).rejects.toBeInstanceOf(ValidationError);
  });

  it('given a red alert without the checklist, nothing is stored and the rules are listed', async () => {
    await addMember(app, { id: 'p1' });
    const error = await publishAndPlan({ app, by: DISPATCHER, input: publishInput({ severity: 'red' }), target: { kind: 'networks', networkIds: ['net-a'] } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields.map((f) => f.field)).toContain('happeningNow');
    expect(await rows('alerts')).toEqual([]);
  });

  it('given an alert in flight, cancelling stops its pending steps and is audited', async () => {
    await addMember(app, { id: 'p1' });
    await addMember(app, { id: 'p2' });
    const { alert } = await publishAndPlan({ app, by: DISPATCHER, input: publishInput(), target: { kind: 'networks', networkIds: ['net-a'] } });
    const { cancelled } = await cancelAlert({ app, by: DISPATCHER, alertId: alert.id });
    expect(cancelled).toBe(2);
    expect((await app.deliveries.listByAlert(alert.id)).map((d) => d.status)).toEqual(['cancelled', 'cancelled']);
    expect((await rows('alerts'))[0]!.status).toBe('cancelled');
    const audit = await app.database.db.selectFrom('audit_log').select('action').where('object_id', '=', alert.id).orderBy('at').execute();
    expect(audit.map((row) => row.action)).toEqual(['alerts.send', 'alerts.cancel']);
    await expect(cancelAlert({ app, by: DISPATCHER, alertId: alert.id })).rejects.toThrow('alerts.invalid_transition');
  });

  it('given an escalation, the call waits N minutes and is skipped once the person acknowledges', async () => {
    await addMember(app, { id: 'p1' });
    const { alert } = await publishAndPlan({ app, by: DISPATCHER, input: publishInput(), target: { kind: 'networks', networkIds: ['net-a'] }, escalation: { channel: 'voice', afterMinutes: 3 } });
    const steps = await app.deliveries.listByAlert(alert.id);
    expect(steps.map((d) => [d.channel, d.dueAt - DAYTIME, d.unlessAcknowledged])).toEqual([
      ['email', 0, false],
      ['voice', 180_000, true],
    ]);
    await app.deliveries.acknowledge({ alertId: alert.id, personId: 'p1', via: 'link', now: DAYTIME + 60_000 });
    expect((await app.deliveries.listByAlert(alert.id)).map((d) => d.status)).toEqual(['planned', 'skipped']);
  });

  it('given a result message on the incident, it goes to the first alert\'s audience', async () => {
    await addMember(app, { id: 'p1' });
    const first = await publishAndPlan({ app, by: DISPATCHER, input: publishInput(), target: { kind: 'networks', networkIds: ['net-a'] } });
    await addMember(app, { id: 'p2' }); // joined later: not part of this incident
    const result = await publishFollowUpAndPlan({ app, by: DISPATCHER, incidentId: first.alert.incidentId, kind: 'result', input: { requestKey: 'result-1', severity: 'green', fields: { ...first.alert.fields, what: 'De verdachte is opgepakt' } } });
    expect(result.alert.incidentId).toBe(first.alert.incidentId);
    expect((await app.deliveries.listByAlert(result.alert.id)).map((d) => d.personId)).toEqual(['p1']);
    expect((await rows('incidents'))).toHaveLength(1);
  });

  it('given a dispatcher of another zone, sending is refused', async () => {
    const stranger = { actor: { ...DISPATCHER.actor!, grants: DISPATCHER.actor!.grants.map((g) => ({ ...g, zoneId: 'other', zoneIds: ['other'] })) } };
    await expect(publishAndPlan({ app, by: stranger, input: publishInput(), target: { kind: 'networks', networkIds: ['net-a'] } })).rejects.toThrow('forbidden');
    expect(await rows('alerts')).toEqual([]);
  });
});
