import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { DAYTIME, FIELDS, ZONE, addMember, seedAlertZone } from './alerts.test-support.ts';

describe('a test of the alert to the sender only', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let dispatcher: TestUser;

  beforeEach(async () => {
    app = await createTestApp({ clock: createManualClock(DAYTIME) });
    await seedAlertZone(app);
    await addMember(app, { id: 'p1' });
    server = await createTestServer(app);
    dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  const form = (overrides: Record<string, string> = {}) => ({ requestKey: 'test-to-self-1', zoneId: ZONE, severity: 'green', exercise: 'on', ...FIELDS, targetKind: 'networks', networkIds: 'net-a', centre: '', radiusMetres: '500', polygon: '', ...overrides });

  it('given a previewed alert, the test reaches the sender\'s own address marked as a test, and nothing is planned for members', async () => {
    const response = await postForm(server, dispatcher, '/alerts/test', form({ fullText_nl: 'Eigen tekst voor de test.', shortText_nl: 'Kort.' }));
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`Een test werd naar ${dispatcher.email} gestuurd.`);
    expect(app.email.sent).toHaveLength(1);
    const [mail] = app.email.sent;
    expect(mail!.to).toBe(dispatcher.email);
    expect(mail!.subject).toMatch(/^\[TEST\] /);
    expect(mail!.text).toContain('Eigen tekst voor de test.');
    expect(mail!.text).toContain('Niets werd naar de leden verzonden.');
    expect(await app.database.db.selectFrom('alerts').select('id').execute()).toEqual([]);
    expect(await app.database.db.selectFrom('deliveries').select('id').execute()).toEqual([]);
    const audit = await app.database.db.selectFrom('audit_log').select('action').where('action', '=', 'alerts.test_sent').execute();
    expect(audit).toHaveLength(1);
  });

  it('given a short text of 450 characters, the preview comes back with the composed alert, the text as typed and the reason beside the field; no test is sent', async () => {
    const typed = 'x'.repeat(450);
    const response = await postForm(server, dispatcher, '/alerts/test', form({ fullText_nl: 'Eigen tekst.', shortText_nl: typed }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<h1>Bericht nakijken</h1>');
    expect(response.body).toContain(`>${typed}</textarea>`);
    // The length counts the exercise marker the text gets ("OEFENING – ", 11 characters).
    expect(response.body).toContain('<a href="#field-shortText_nl">Korte tekst (Nederlands): maak hem korter, tot hoogstens 300 tekens (nu 461).</a>');
    expect(response.body).toContain('<input type="hidden" name="what" value="Inbraak bezig"');
    expect(response.body).toContain('U hebt 150 tekens te veel.');
    expect(app.email.sent).toHaveLength(0);
  });

  it('given a red alert without its checklist, no test is sent', async () => {
    const response = await postForm(server, dispatcher, '/alerts/test', form({ severity: 'red' }));
    expect(response.statusCode).toBe(400);
    expect(app.email.sent).toHaveLength(0);
  });
});
