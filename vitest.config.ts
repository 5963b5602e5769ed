// Fast unit tests in happy-dom. Locale and time zone are pinned by scripts/test.mjs (and here for direct runs).
import { defineConfig } from 'vitest/config';
import { shareIcons } from './scripts/icons.mjs';

process.env.TZ = 'UTC';

export default defineConfig({
  // This file replaces vite.config.ts for Vitest: the share buttons' icons (`virtual:share-icon/NAME`) need its plugin here too.
  plugins: [shareIcons()],
  // Lit's production build, as publishers run it (and no dev-mode warning in the output).
  resolve: { conditions: ['production', 'module', 'browser', 'default'] },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'happy-dom',
    environmentOptions: {
      happyDOM: {
        url: 'https://publisher.example/articles/post?ref=1#comments',
      },
    },
    restoreMocks: true,
    reporters: process.env.CI_JSON ? ['default', 'json'] : ['default'],
    outputFile: { json: '.test-results/unit.json' },
  },
});
