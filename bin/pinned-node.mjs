// The platform runs on the Node.js that package.json pins (`engines.node`), installed from the npm
// registry as the `node` package. A command started by another Node (a system's older one, say)
// starts itself again on the pinned binary, so nobody runs the platform on an unsupported runtime
// by accident.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

export const PINNED_NODE = manifest.engines.node;
export const PACKAGE_VERSION = manifest.version;

/** The pinned binary, or undefined when `npm install` has not brought it. */
export function pinnedNodeBinary() {
  try {
    const binary = join(dirname(require.resolve('node/package.json')), 'bin', 'node');
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resolves when this process runs on the pinned Node. Otherwise runs the same command on it,
 * passing signals on, and ends this process with the child's exit; the promise never resolves.
 */
export function onPinnedNode() {
  if (process.versions.node === PINNED_NODE) return Promise.resolve();
  const binary = pinnedNodeBinary();
  if (!binary) {
    process.stderr.write(`waakzaam runs on Node.js ${PINNED_NODE}, this is ${process.version}: run "npm install" in ${dirname(dirname(new URL(import.meta.url).pathname))} first.\n`);
    process.exit(1);
  }
  const child = spawn(binary, [...process.execArgv, process.argv[1], ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    process.exit(code ?? 1);
  });
  return new Promise(() => {});
}
