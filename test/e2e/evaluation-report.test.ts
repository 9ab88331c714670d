import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EvaluationFixture, seedEvaluationFixture } from '../../src/modules/evaluation/evaluation.test-support.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { navigation, useBrowserHarness } from './support/browser.ts';

/**
 * The BIN officer opens the yearly report of the zone from the zone's page after a small year of
 * activity, reads the charts (accessible SVG with their data tables), and downloads the PDF and
 * the CSV.
 */
describe('the yearly evaluation report in the browser', () => {
  const harness = useBrowserHarness();
  let world: EvaluationFixture;
  let downloads: string;

  beforeAll(async () => {
    world = await seedEvaluationFixture(harness.platform.app.database);
    downloads = mkdtempSync(join(tmpdir(), 'evaluation-e2e-'));
  });
  afterAll(() => rmSync(downloads, { recursive: true, force: true }));

  it('given the small year, the officer sees the charts of 2026, and the PDF and CSV download with its figures', async () => {
    const page = await harness.newPage({ as: 'zone_admin', scope: { zoneId: world.zoneId }, locale: 'nl-BE', bypassCSP: true });
    await page.goto(`/admin/zones/${world.zoneId}`);
    await navigation(page, () => page.getByRole('link', { name: 'Jaarevaluatie' }).click());
    await page.getByLabel('Jaar').selectOption('2026');
    await navigation(page, () => page.getByRole('button', { name: 'Tonen' }).click());
    expect(await page.locator('h1').textContent()).toBe('Jaarevaluatie 2026 — PZ Heidebeek');

    const charts = page.locator('main svg[role="img"]');
    expect(await charts.count()).toBe(3);
    expect(await page.getByRole('img', { name: 'Berichten per maand', exact: true }).count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Berichten per uur van de dag', exact: true }).locator('tbody tr').count()).toBe(24);
    expect(await page.locator('main').textContent()).toContain('Minuten tussen dringend bericht en afloop (mediaan)75');
    await expectNoAxeViolations(page);

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Rapport downloaden (PDF)' }).click()]);
    expect(pdf.suggestedFilename()).toMatch(/^evaluatie-2026-.+\.pdf$/);
    const pdfPath = join(downloads, 'report.pdf');
    await pdf.saveAs(pdfPath);
    expect(execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' })).toContain('Jaarevaluatie 2026 — PZ Heidebeek');
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', pdfPath, join(downloads, 'page')]);
    expect(readFileSync(join(downloads, 'page-1.png')).length).toBeGreaterThan(3000);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Cijfers downloaden (CSV)' }).click()]);
    const csvPath = join(downloads, 'figures.csv');
    await csv.saveAs(csvPath);
    const text = readFileSync(csvPath, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('Meldingen, waarnemingen en beoordelingen;Beoordeeld als nuttig;2\r\n');
  });
});
