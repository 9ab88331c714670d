import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { jpegWithMetadata } from '../../shared/image-metadata.test-support.ts';
import { DAYTIME, ZONE, addMember, seedAlertZone } from '../alerts/alerts.test-support.ts';
import { insertBareAlert } from '../deliveries/deliveries.test-support.ts';
import { createAlertRatingsRepository } from './alert-ratings.repository.ts';
import { type MemberBrowser, getAs, postAs, postReport, signedInMember } from './reports.test-support.ts';

describe('a member’s reports in their data download and their erasure', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let dataDir: string;
  let an: MemberBrowser;
  let bram: MemberBrowser;
  let clock: ReturnType<typeof createManualClock>;

  beforeEach(async () => {
    dataDir = join('.tmp', `reports-erasure-${process.pid}-${Date.now()}`);
    clock = createManualClock(DAYTIME);
    app = await createTestApp({ clock, env: { WAAKZAAM_DATA_DIR: dataDir } });
    await seedAlertZone(app);
    await addMember(app, { id: 'p1', networks: ['net-a', 'net-b'] });
    await addMember(app, { id: 'p2' });
    server = await createTestServer(app);
    an = await signedInMember(app, 'p1');
    bram = await signedInMember(app, 'p2');
    const photo = { filename: 'IMG_0042.JPG', contentType: 'image/jpeg', data: jpegWithMetadata() };
    const sent = [];
    sent.push((await postReport(server, an, { category: 'recurring_nuisance', what: 'Elke vrijdagnacht racen brommers over het Kerkplein.', where: 'Kerkplein, Zaventem', when: 'vrijdag na middernacht', networkId: 'net-b', share: 'on' }, photo)).statusCode);
    clock.advance(60_000);
    sent.push((await postReport(server, an, { category: 'prevention_question', what: 'Mag ik een camera op mijn oprit richten?', where: 'Kerkstraat', when: '', networkId: 'net-a' })).statusCode);
    sent.push((await postReport(server, bram, { category: 'other', what: 'Een kapotte straatlamp aan de school.', where: 'Schoolstraat', when: '', networkId: 'net-a' }, photo)).statusCode);
    expect(sent).toEqual([303, 303, 303]);
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const files = async () => (await app.blobs.list('reports/')).map((key) => key.slice('reports/'.length));
  const rowsOf = (personId: string) => app.database.db.selectFrom('reports').select(['id', 'photo_path']).where('person_id', '=', personId).execute();

  it('given two reports and an answer, the download holds their texts, network, status and the answer, without photos, names of staff or the neighbour’s report', async () => {
    const [first] = (await rowsOf('p1')).filter((r) => r.photo_path !== null);
    await app.database.db.insertInto('report_answers').values({ id: 'answer-1', report_id: first!.id, text: 'We patrouilleren vrijdagnacht extra.', author_id: null, author_name: 'Inspecteur Janssens', locale: 'nl', emailed_to: 1, created_at: DAYTIME + 1 }).execute();

    const response = await getAs(server, an, '/me/export');

    expect(response.statusCode).toBe(200);
    const data = response.json();
    expect(data.reports).toEqual([
      expect.objectContaining({ network: 'BIN Stationsstraat', category: 'recurring_nuisance', what: 'Elke vrijdagnacht racen brommers over het Kerkplein.', where: 'Kerkplein, Zaventem', when: 'vrijdag na middernacht', withPhoto: true, sharedWithCoordinator: true, status: 'new', answers: [{ text: 'We patrouilleren vrijdagnacht extra.', at: new Date(DAYTIME + 1).toISOString() }] }),
      expect.objectContaining({ network: 'BIN Kerkstraat', category: 'prevention_question', what: 'Mag ik een camera op mijn oprit richten?', withPhoto: false, sharedWithCoordinator: false, answers: [] }),
    ]);
    expect(response.body).not.toContain('Janssens');
    expect(response.body).not.toContain('straatlamp');
    expect(response.body).not.toContain(first!.photo_path!);
  });

  it('given erasure confirmed, the member’s reports and their photo are deleted at once, audited by count; the neighbour’s report and photo stay', async () => {
    const [bramReport] = await rowsOf('p2');
    expect(await files()).toHaveLength(2);
    await insertBareAlert(app.database, { alertId: 'alert-rated', now: DAYTIME, zoneId: ZONE });
    const ratings = createAlertRatingsRepository({ database: app.database });
    await ratings.save({ alertId: 'alert-rated', personId: 'p1', zoneId: ZONE, useful: false, comment: 'Mijn buurman aan nr. 12 weet meer', now: DAYTIME });

    const response = await postAs(server, an, '/me/delete', { confirm: 'yes' });

    expect(response.headers.location).toBe('/me/deleted');
    expect(await rowsOf('p1')).toEqual([]);
    expect(await files()).toEqual([bramReport!.photo_path]);
    expect(await rowsOf('p2')).toHaveLength(1);
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1, actionPrefix: 'members.erased' });
    expect(JSON.parse(String(entry!.details))).toMatchObject({ reports: 2, reportPhotos: 1, ratingComments: 1 });
    // The rating stays as a figure for the evaluation; the words go.
    expect(await ratings.find('alert-rated', 'p1')).toMatchObject({ useful: false, comment: null });
    expect(String(entry!.details)).not.toContain('brommers');
  });
});
