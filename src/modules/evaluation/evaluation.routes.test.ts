import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, signedInAs } from '../../../test/support/app.ts';
import { type EvaluationFixture, seedEvaluationFixture } from './evaluation.test-support.ts';

/** The PDF's text and its first page as a PNG (poppler-utils: pdftotext, pdftoppm). */
function inspectPdf(pdf: Buffer): { text: string; png: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'evaluation-pdf-'));
  try {
    writeFileSync(join(dir, 'report.pdf'), pdf);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'report.pdf'), '-'], { encoding: 'utf8' });
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', join(dir, 'report.pdf'), join(dir, 'page')]);
    const image = readdirSync(dir).find((name) => name.startsWith('page') && name.endsWith('.png'))!;
    return { text, png: readFileSync(join(dir, image)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the evaluation report pages', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let world: EvaluationFixture;
  let officer: TestUser;
  let coordinator: TestUser;

  beforeAll(async () => {
    app = await createTestApp();
    server = await createTestServer(app);
    world = await seedEvaluationFixture(app.database);
    officer = await signedInAs(app, 'zone_admin', { zoneId: world.zoneId });
    coordinator = await signedInAs(app, 'coordinator', { networkId: world.networkA });
  });
  afterAll(async () => {
    await server.close();
    await app.database.destroy();
  });

  const get = (user: TestUser, url: string) => server.inject({ method: 'GET', url, headers: { cookie: user.cookie, 'accept-language': 'nl' } });

  it('given the BIN officer, the zone report shows the figures, three charts with a title and a data table each, and the downloads', async () => {
    const response = await get(officer, `/zones/${world.zoneId}/evaluation?year=2026`);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('Jaarevaluatie 2026 — PZ Heidebeek');
    expect(html.match(/<svg [^>]*role="img"/g)).toHaveLength(3);
    expect(html).toContain('<title id="chart-months-title">Berichten per maand</title>');
    expect(html.match(/<figure class="evaluation-figure">[\s\S]*?<table class="data-table">/g)).toHaveLength(3);
    expect(html).toMatch(/Minuten tussen dringend bericht en afloop \(mediaan\)<\/th><td>75<\/td>/);
    expect(html).toMatch(/Te veel berichten<\/th><td>2<\/td>/);
    expect(html).toContain(`href="/zones/${world.zoneId}/evaluation.pdf?year=2026"`);
    expect(html).not.toMatch(/style=/);
  });

  it('given the CSV download, it is UTF-8 with a BOM, separated by semicolons, and holds the hand-computed figures', async () => {
    const response = await get(officer, `/zones/${world.zoneId}/evaluation.csv?year=2026`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="evaluatie-2026-PZ-[0-9a-zA-Z-]+\.csv"$/);
    const body = response.body;
    expect(body.startsWith('\uFEFFOnderdeel;Cijfer;Waarde\r\n')).toBe(true);
    const lines = body.slice(1).split('\r\n');
    expect(lines).toContain('Berichten;Rood (dringend);2');
    expect(lines).toContain('Bereik en snelheid;Rode berichten: minuten tot 50 % bereikt (mediaan);3');
    expect(lines).toContain('Terugkoppeling na dringende berichten;Minuten tussen dringend bericht en afloop (mediaan);75');
    expect(lines).toContain('Meldingen, waarnemingen en beoordelingen;Beoordeeld als nuttig;2');
    expect(lines).toContain('Meldingen, waarnemingen en beoordelingen;Beoordeeld als niet nuttig;1');
    expect(lines).toContain('Leden;Redenen van vertrek: Verhuisd — Aantal;1');
    expect(lines).toContain('Bereik per kanaal;Bereik per kanaal: Oproep — Bereikt;3 (75 %)');
  });

  it('given a leave reason and a comment written as formulas, no CSV cell starts with a formula character', async () => {
    await app.database.db.updateTable('membership_changes').set({ reason: '=HYPERLINK("x")' }).where('reason', '=', 'Verhuisd').execute();
    await app.database.db.updateTable('alert_ratings').set({ comment: '@SUM(1)' }).where('comment', '=', 'Te laat').execute();
    const body = (await get(officer, `/zones/${world.zoneId}/evaluation.csv?year=2026`)).body;
    expect(body).toContain('HYPERLINK(""x"")');
    const cells = body.slice(1).split('\r\n').flatMap((line) => line.split(';').map((cell) => cell.replace(/^"/, '')));
    expect(cells.filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);
    await app.database.db.updateTable('membership_changes').set({ reason: 'Verhuisd' }).where('reason', '=', '=HYPERLINK("x")').execute();
    await app.database.db.updateTable('alert_ratings').set({ comment: 'Te laat' }).where('comment', '=', '@SUM(1)').execute();
  });

  it('given the PDF download, its text holds the title and the figures and its first page renders to an image', async () => {
    const response = await get(coordinator, `/networks/${world.networkA}/evaluation.pdf?year=2026`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, png } = inspectPdf(pdf);
    expect(text).toContain('Jaarevaluatie 2026 — BIN Kerkstraat');
    expect(text).toMatch(/Minuten tussen dringend bericht en afloop \(mediaan\)\s+75/);
    expect(text).toMatch(/Te veel berichten\s+2/);
    expect(text).toContain('Berichten per maand');
    // A PNG signature, and more than an empty page's few hundred bytes.
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(3000);
  });

  it('given a French reader, the PDF keeps the accents, a Polish name and a Greek word; an emoji prints as a question mark', async () => {
    await app.database.db.updateTable('alert_ratings').set({ comment: 'Très clair 🙂 Łódź Ευχαριστώ' }).where('comment', '=', 'Duidelijk bericht').execute();
    const response = await server.inject({ method: 'GET', url: `/networks/${world.networkA}/evaluation.pdf?year=2026`, headers: { cookie: coordinator.cookie, 'accept-language': 'fr' } });
    await app.database.db.updateTable('alert_ratings').set({ comment: 'Duidelijk bericht' }).where('comment', '=', 'Très clair 🙂 Łódź Ευχαριστώ').execute();
    const { text } = inspectPdf(response.rawPayload);
    expect(text).toContain('Évaluation annuelle 2026 — BIN Kerkstraat');
    expect(text).toContain('Délai de portée des messages urgents par mois');
    expect(text).toContain('Utile: Très clair ? Łódź Ευχαριστώ');
  });

  it('given a coordinator of another network, a BIN officer of another zone or a dispatcher, the reports are refused', async () => {
    const otherCoordinator = await signedInAs(app, 'coordinator', { networkId: world.networkB });
    const otherOfficer = await signedInAs(app, 'zone_admin', { zoneId: world.otherZoneId });
    const dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: world.zoneId });
    expect((await get(otherCoordinator, `/networks/${world.networkA}/evaluation?year=2026`)).statusCode).toBe(403);
    expect((await get(otherCoordinator, `/networks/${world.networkA}/evaluation.csv?year=2026`)).statusCode).toBe(403);
    expect((await get(otherOfficer, `/zones/${world.zoneId}/evaluation?year=2026`)).statusCode).toBe(403);
    expect((await get(otherOfficer, `/networks/${world.networkA}/evaluation.pdf?year=2026`)).statusCode).toBe(403);
    expect((await get(dispatcher, `/zones/${world.zoneId}/evaluation?year=2026`)).statusCode).toBe(403);
    expect((await get(dispatcher, `/networks/${world.networkA}/evaluation?year=2026`)).statusCode).toBe(403);
    expect((await get(coordinator, `/zones/${world.zoneId}/evaluation?year=2026`)).statusCode).toBe(403);
    expect((await get(officer, '/networks/no-such-network/evaluation?year=2026')).statusCode).toBe(404);
  });
});
