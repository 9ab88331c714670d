import { defineConfig } from 'vitest/config';

// The screenshots of docs/screenshots/ (not a test): `SCREENSHOTS=after npx vitest run --config vitest.screenshots.config.ts`.
export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    include: ['test/e2e/support/*.screenshots.ts'],
    maxWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
