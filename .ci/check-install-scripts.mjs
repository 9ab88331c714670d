#!/usr/bin/env node
// Lists the dependencies that run scripts at install time (preinstall, install, postinstall;
// package-lock.json marks them with "hasInstallScript") and fails on any that package.json's
// "allowScripts" does not allow. A new install script in the tree is where a compromised or
// typo-squatted package would run its code, so each one is a decision written down in review.
// Usage: node .ci/check-install-scripts.mjs [directory]   (no network, no install needed)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? process.cwd();
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const allowed = manifest.allowScripts ?? {};

if (!lock.packages) {
  console.error('package-lock.json has no "packages" map (lockfileVersion 2 or 3 is needed)');
  process.exit(2);
}

const withScripts = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  if (!path || !entry.hasInstallScript) continue;
  // "node_modules/a/node_modules/@scope/b" → "@scope/b"
  const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
  withScripts.push({ name, version: entry.version, path, allowed: allowed[name] === true });
}

for (const d of withScripts) console.log(`${d.allowed ? 'allowed   ' : 'NOT ALLOWED'} ${d.name}@${d.version} (${d.path})`);
const refused = withScripts.filter((d) => !d.allowed);
const unused = Object.keys(allowed).filter((name) => allowed[name] === true && !withScripts.some((d) => d.name === name));
for (const name of unused) console.log(`note: "${name}" is allowed in allowScripts but no longer has an install script`);
if (refused.length > 0) {
  console.error(`\n${refused.length} dependenc${refused.length === 1 ? 'y runs' : 'ies run'} install scripts without being in package.json "allowScripts": ${refused.map((d) => d.name).join(', ')}`);
  process.exit(1);
}
console.log(`\n${withScripts.length} dependencies with install scripts, all allowed.`);
