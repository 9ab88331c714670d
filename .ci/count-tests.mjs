// Adds up vitest JSON reports into the closing line of CI: "N passed, N failed".
// Usage: node .ci/count-tests.mjs report.json... (each report's exit code in report.json.exit).
// Each failed test is named on a line of its own first, so that the tail of the log tells which.
// In a test file that failed, a test that did not run (a beforeAll threw, …) counts as failed, and
// a failed file that ran no test at all (did not load, has no tests) counts as one failure. A run
// that exited non-zero without any failure counted (an error outside the tests) counts one too.
import { existsSync, readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;

for (const path of process.argv.slice(2)) {
  const exitFile = `${path}.exit`;
  const exitCode = existsSync(exitFile) ? Number(readFileSync(exitFile, 'utf8').trim()) : undefined;
  if (exitCode === undefined && !existsSync(path)) continue; // that run never started
  if (!existsSync(path)) {
    console.log(`${basename(path)}: no report (exit code ${exitCode}): 1 failure`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(path, 'utf8'));
  const runPassed = report.numPassedTests;
  let runFailed = report.numFailedTests;
  let runSkipped = 0;
  for (const file of report.testResults) {
    for (const test of file.assertionResults.filter((result) => result.status === 'failed')) {
      const reason = String(test.failureMessages?.[0] ?? '').split('\n')[0];
      console.log(`failed: ${relative(process.cwd(), file.name)} > ${test.fullName}: ${reason}`);
    }
    const notRun = file.assertionResults.filter((test) => test.status !== 'passed' && test.status !== 'failed').length;
    if (file.status !== 'failed') {
      runSkipped += notRun;
      continue;
    }
    runFailed += file.assertionResults.length === 0 ? 1 : notRun;
    if (file.message) console.log(`broken test file: ${file.name}: ${String(file.message).split('\n')[0]}`);
  }
  if (exitCode !== undefined && exitCode !== 0 && runFailed === 0) runFailed = 1;
  console.log(`${basename(path, '.json')}: passed ${runPassed}, failed ${runFailed}${runSkipped ? `, skipped ${runSkipped}` : ''}`);
  passed += runPassed;
  failed += runFailed;
  skipped += runSkipped;
}

if (skipped > 0) console.log(`skipped tests: ${skipped} (the project allows none)`);
console.log(`${passed} passed, ${failed} failed`);
