#!/usr/bin/env node
// Runs the benchmarks from the TypeScript sources (see bench/index.ts): `npm run bench [name…]`.
import { onPinnedNode } from './pinned-node.mjs';

await onPinnedNode();
const { register } = await import('tsx/esm/api');
register();
const { runBenchmarks } = await import('../bench/index.ts');
process.exitCode = await runBenchmarks(process.argv.slice(2));
