// npm run test:runtimes: the proxies' wire tests under Node, Deno, Bun and workerd (test/runtimes/).
// The runtimes come from npm at the versions pinned here (FACTS.md: these run on Node 20), into
// .runtimes/ (gitignored), not into devDependencies: their binaries weigh some 300 MB, which every
// `npm ci` would fetch for nobody but this suite. Installed once; reinstalled when a pin changes.
// `RUNTIMES=deno,bun node scripts/runtimes.mjs` runs some of them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PINS = { deno: '2.9.6', bun: '1.4.5', miniflare: '4.20260426.0' };
const CACHE = '.runtimes';

const installed = (name) => {
  const file = join(CACHE, 'node_modules', name, 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : undefined;
};

const missing = Object.entries(PINS).filter(([name, version]) => installed(name) !== version);
if (missing.length) {
  console.log(`▶ installing ${missing.map(([name, version]) => `${name}@${version}`).join(', ')} into ${CACHE}/`);
  mkdirSync(CACHE, { recursive: true });
  // A package.json of its own, so that npm installs here and never touches the project's.
  writeFileSync(join(CACHE, 'package.json'), JSON.stringify({ private: true, name: 'runtimes', dependencies: {} }, null, 2));
  const specs = Object.entries(PINS).map(([name, version]) => `${name}@${version}`);
  const result = spawnSync('npm', ['install', '--prefix', CACHE, '--no-audit', '--no-fund', '--no-save', ...specs], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

for (const [name, args] of [
  ['deno', ['--version']],
  ['bun', ['--version']],
]) {
  const result = spawnSync(join(CACHE, 'node_modules', '.bin', name), args, { encoding: 'utf8' });
  console.log(`  ${name} ${result.status === 0 ? result.stdout.split('\n')[0] : `failed: ${result.stderr || result.error}`}`);
}
console.log(`  miniflare ${installed('miniflare')}, node ${process.version}`);

const run = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.runtimes.config.ts'], { stdio: 'inherit', env: process.env });
process.exit(run.status ?? 1);
