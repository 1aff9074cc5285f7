// Prints "PASSED FAILED SKIPPED FLAKY" from a Vitest or Playwright JSON report, for the closing summary.
// Flaky tests (Playwright: failed, then passed on retry) are also counted as passed.
// Usage: node count-tests.mjs REPORT.json
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const report = JSON.parse(readFileSync(file, 'utf8'));

if (typeof report.numTotalTests === 'number') {
  // Vitest
  const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = report;
  console.log(numPassedTests, numFailedTests, numPendingTests + numTodoTests, 0);
} else if (report.stats) {
  // Playwright
  const { expected, unexpected, flaky, skipped } = report.stats;
  console.log(expected + flaky, unexpected, skipped, flaky);
} else {
  throw new Error(`${file} is neither a Vitest nor a Playwright JSON report`);
}
