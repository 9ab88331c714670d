// Takes the screenshots shown in README.md from the running platform:
//   npx tsx test/e2e/support/take-screenshots.ts
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './chromium.ts';
import { startTestPlatform } from './platform.ts';

const DOCS = fileURLToPath(new URL('../../../docs/', import.meta.url));

const platform = await startTestPlatform({ dialect: 'sqlite' });
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ baseURL: platform.url, viewport: { width: 1280, height: 800 }, locale: 'nl-BE' });
  const page = await context.newPage();
  await page.goto('/');
  await page.screenshot({ path: `${DOCS}screenshot-home.png` });
  console.log(`${DOCS}screenshot-home.png`);
} finally {
  await browser.close();
  await platform.stop();
}
