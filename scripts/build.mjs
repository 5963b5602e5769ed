// npm run build: every file of dist/, from a clean dist/.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
for (const mode of ['esm', 'iife', 'counts', 'jquery', 'jquery-bulk', 'proxy'])
  run('npx', ['vite', 'build', '--mode', mode, '--logLevel', 'warn']);
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
run('npx', ['custom-elements-manifest', 'analyze', '--quiet']);
