// npm test: type check, build (the browser tests load dist/), the weight of the script-tag files,
// the package as it would be published
// (files, publint, attw) and its types as a publisher's project compiles them, unit tests in happy-dom,
// browser tests in Chromium, then one line "N passed, M failed" over every suite.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const env = { ...process.env, TZ: 'UTC', LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8', CI_JSON: '1' };
let passed = 0;
let failed = 0;

function step(name, command, args, results) {
  console.log(`\n▶ ${name}`);
  if (results) rmSync(results, { force: true });
  const { status } = spawnSync(command, args, { stdio: 'inherit', env });
  const counts = results && existsSync(results) ? read(results) : undefined;
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  }
  // A step that failed without a count of its own (type errors, a crashed runner) is one failure.
  if (status !== 0 && !counts?.failed) failed++;
  else if (!results && status === 0) passed++;
}

function read(file) {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  // vitest's JSON reporter, or the counting reporter of web-test-runner.config.mjs
  return 'numPassedTests' in json ? { passed: json.numPassedTests, failed: json.numFailedTests } : json;
}

step('type check (tsc --noEmit)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
step('build', 'npm', ['run', 'build', '--silent']);
step('size (gzip against budgets and ceilings)', 'node', ['scripts/size.mjs']);
step('package (files, sideEffects, publint, attw)', 'node', ['scripts/check-package.mjs']);
step('types of the package, as a consumer (test/types)', 'node', ['scripts/check-types.mjs']);
step('unit tests (vitest, happy-dom)', 'npx', ['vitest', 'run'], '.test-results/unit.json');
step('browser tests (web-test-runner, Chromium)', 'npx', ['web-test-runner'], '.test-results/browser.json');

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
