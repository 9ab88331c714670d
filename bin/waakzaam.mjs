#!/usr/bin/env node
// Runs the TypeScript sources directly: nothing to build before `npm start`.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
