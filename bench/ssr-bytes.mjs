// The bytes server rendering added to the counts file: dist/share-count.iife.js as built now,
// against the same file built from the commit before the server-rendering work (BASE). The base
// file is built once, in a temporary git worktree (`vite build --mode counts`), and kept in
// .bench-cache/ (gitignored) under the commit's hash; later runs read it from there.
// Also runs alone: `node bench/ssr-bytes.mjs` (needs `npm run build` first).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { weigh } from '../scripts/weigh.mjs';
import { COUNTS_IIFE } from './pages.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The last commit before server rendering (share-count-widgets/ssr and the elements' hydration). */
export const SSR_BASE = process.env.SSR_BASE || 'f7752cb';
/** The ceiling for what hydration may add to the counts file, gzip -9 bytes. */
export const SSR_CAP_GZIP = 300;

const git = (args, cwd = root) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** The base commit's counts file, built once and cached under its full hash. */
async function baseFile(log) {
  const commit = git(['rev-parse', '--verify', `${SSR_BASE}^{commit}`]);
  const cached = join(root, '.bench-cache', `${commit}-${COUNTS_IIFE}`);
  if (existsSync(cached)) return { commit, file: cached, built: false };
  const dir = await mkdtemp(join(tmpdir(), 'share-count-bench-base-'));
  const tree = join(dir, 'tree');
  log(`ssr bytes: building ${COUNTS_IIFE} at ${commit.slice(0, 7)} in a temporary worktree (once; cached in .bench-cache/)…`);
  git(['worktree', 'add', '--detach', tree, commit]);
  try {
    // The same dependencies when the lock file is the same: borrowed rather than installed again.
    const sameLock = readFileSync(join(root, 'package-lock.json'), 'utf8') === readFileSync(join(tree, 'package-lock.json'), 'utf8');
    if (sameLock) await symlink(join(root, 'node_modules'), join(tree, 'node_modules'), 'dir');
    else execFileSync('npm', ['ci', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: tree, stdio: 'inherit' });
    execFileSync('npx', ['vite', 'build', '--mode', 'counts', '--logLevel', 'warn'], { cwd: tree, stdio: 'inherit' });
    await mkdir(join(root, '.bench-cache'), { recursive: true });
    await copyFile(join(tree, 'dist', COUNTS_IIFE), cached);
  } finally {
    git(['worktree', 'remove', '--force', tree]);
    await rm(dir, { recursive: true, force: true });
  }
  return { commit, file: cached, built: true };
}

/**
 * Raw, gzip -9 and brotli 11 bytes of the counts file in `dist` and at `SSR_BASE`, and what
 * the difference is. `null` when `dist` has no counts file.
 */
export async function measureSsrBytes(dist, log = () => {}) {
  const current = join(dist, COUNTS_IIFE);
  if (!existsSync(current)) return null;
  const base = await baseFile(log);
  const now = weigh(await readFile(current));
  const before = weigh(await readFile(base.file));
  return {
    file: COUNTS_IIFE,
    base: base.commit.slice(0, 7),
    before,
    now,
    added: { raw: now.raw - before.raw, gzip: now.gzip - before.gzip, brotli: now.brotli - before.brotli },
    capGzip: SSR_CAP_GZIP,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await measureSsrBytes(join(root, 'dist'), (message) => process.stderr.write(`${message}\n`));
  if (!result) throw new Error(`dist/${COUNTS_IIFE} is missing: run \`npm run build\` first`);
  console.log(JSON.stringify(result, null, 2));
}
