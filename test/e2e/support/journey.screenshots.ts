// Takes the screenshots of the critical paths shown in docs/screenshots/ (README.md links them):
//   SCREENSHOTS=after npx vitest run --config vitest.screenshots.config.ts
// SCREENSHOTS names the set ("before" was taken on the code before the pass over these paths).
// Not a test: it runs under vitest only for the test database it needs.
import { mkdirSync } from 'node:fs';
import { it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { alertLinkPath } from '../../../src/modules/alerts/alert-links.models.ts';
import { publishAlert } from '../../../src/modules/alerts/alert-planning.usecases.ts';
import { DISPATCHER, FIELDS, ZONE, addMember, publishInput, seedAlertZone } from '../../../src/modules/alerts/alerts.test-support.ts';
import { signedInAs } from '../../support/app.ts';
import { launchBrowser } from './chromium.ts';
import { startTestPlatform } from './platform.ts';

const label = process.env.SCREENSHOTS ?? 'after';
const DIR = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
mkdirSync(DIR, { recursive: true });

it('takes the screenshots of the critical paths', async () => {
const platform = await startTestPlatform({ dialect: 'sqlite' });
const browser = await launchBrowser();
try {
  const app = platform.app;
  const now = app.clock.now();
  await seedAlertZone(app, now);
  for (const id of ['p1', 'p2', 'p3']) await addMember(app, { id, red: ['sms'], networks: ['net-a'] }, now);
  const checklist = { happeningNow: true, concreteDescription: true, noDangerToResidents: true, inTheAct: true, nightReason: '' };
  const { alert } = await publishAlert({ app, by: DISPATCHER, input: publishInput({ severity: 'red', checklist, fields: { ...FIELDS, where: 'Kerkstraat 20' } }), target: { kind: 'networks', networkIds: ['net-a'] } });
  const shot = (name: string) => `${DIR}${name}-${label}.png`;

  const dispatcher = await browser.newContext({ baseURL: platform.url, viewport: { width: 1280, height: 800 }, locale: 'nl-BE' });
  const user = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
  const separator = user.cookie.indexOf('=');
  await dispatcher.addCookies([{ name: user.cookie.slice(0, separator), value: user.cookie.slice(separator + 1), url: platform.url, httpOnly: true, sameSite: 'Lax' }]);
  const page = await dispatcher.newPage();
  await page.goto('/alerts/new');
  await page.getByLabel('Dringend (rood)', { exact: false }).check();
  await page.getByLabel('Wat', { exact: true }).fill('Inbraak bezig');
  await page.getByLabel('Voertuig', { exact: true }).fill('witte bestelwagen');
  await page.getByLabel('Waar', { exact: true }).fill('Kerkstraat 20');
  for (const text of ['De feiten gebeuren nu', 'Er is een concrete beschrijving', 'Het bericht brengt de bewoners niet in gevaar', 'Op heterdaad']) await page.getByLabel(text, { exact: false }).check();
  await page.getByLabel('Wie woont of werkt in een gebied dat ik op de kaart teken').check();
  await page.waitForTimeout(1500);
  await page.locator('[data-alert-compose-map]').screenshot({ path: shot('composer-map') }).catch(() => page.screenshot({ path: shot('composer-map') }));
  await page.getByLabel('Leden van buurtinformatienetwerken').check();
  await page.getByLabel('BIN Kerkstraat').check();
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Voorbeeld bekijken' }).click()]);
  await page.getByRole('button', { name: 'Nu verzenden' }).click();
  await page.waitForTimeout(1200);
  await page.screenshot({ path: shot('preview'), fullPage: true });

  const member = await browser.newContext({ baseURL: platform.url, viewport: { width: 390, height: 844 }, locale: 'nl-BE' });
  const memberPage = await member.newPage();
  await memberPage.goto(alertLinkPath(app.config.security.sessionSecret, alert.id, 'p1'));
  await memberPage.screenshot({ path: shot('member-alert-390'), fullPage: true });

  const citizen = await browser.newContext({ baseURL: platform.url, viewport: { width: 1280, height: 800 }, locale: 'nl-BE' });
  const join = await citizen.newPage();
  await join.goto('/join/ZA/register');
  await Promise.all([join.waitForEvent('load'), join.locator('main form button[type="submit"]').last().click()]);
  await join.screenshot({ path: shot('join-form-errors'), fullPage: true });
  for (const name of ['composer-map', 'preview', 'member-alert-390', 'join-form-errors']) console.log(shot(name));
} finally {
  await browser.close();
  await platform.stop();
}
}, 180_000);
