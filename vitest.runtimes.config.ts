// The wire tests under Node, Deno, Bun and workerd: scripts/runtimes.mjs installs the runtimes and runs these.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/runtimes/**/*.test.ts'],
    environment: 'node',
    // One runtime after another: their timings (5 a second upstream) must not compete.
    fileParallelism: false,
    reporters: process.env.CI_JSON ? ['default', 'json'] : ['default'],
    outputFile: { json: '.test-results/runtimes.json' },
  },
});
