import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium: tests never download a browser of their own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

// Runs as root in CI (hence no sandbox); the network is closed, so Chromium must not try to reach
// update, sync or QUIC endpoints of its own.
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
