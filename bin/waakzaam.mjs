#!/usr/bin/env node
// Runs the TypeScript sources directly: nothing to build before `npm start`.
import { PACKAGE_VERSION, onPinnedNode } from './pinned-node.mjs';

await onPinnedNode();
if (process.argv[2] === '--version') {
  process.stdout.write(`waakzaam ${PACKAGE_VERSION} on Node.js ${process.versions.node}\n`);
  process.exit(0);
}
const { register } = await import('tsx/esm/api');
register();
const { runCli } = await import('../src/cli/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
