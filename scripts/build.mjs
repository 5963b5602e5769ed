// npm run build: every file of dist/, from a clean dist/.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
for (const mode of ['esm', 'iife', 'counts', 'buttons', 'jsonp-file', 'jquery', 'jquery-bulk', 'proxy', 'ssr'])
  run('npx', ['vite', 'build', '--mode', mode, '--logLevel', 'warn']);
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
// `./react` and `./vue` are types (src/jsx/): their modules are empty, so that a project which
// writes `import 'share-count-widgets/react'` rather than `import type` still builds and runs.
for (const name of ['react', 'vue'])
  writeFileSync(`dist/${name}.js`, `// share-count-widgets/${name}: JSX types only (dist/types/jsx/${name}.d.ts).\nexport {};\n`);
run('npx', ['custom-elements-manifest', 'analyze', '--quiet']);
