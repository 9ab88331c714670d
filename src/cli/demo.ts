import type { App } from '../app.ts';

/** Loads the demo zone (filled in by the demo loader). */
export async function loadDemo(_app: App, out: (line: string) => void): Promise<void> {
  out('Demo data: not available yet.');
}
