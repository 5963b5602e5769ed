// Browser tests: Debian's Chromium, MSW answering every remote API, locale, time zone and viewport pinned.
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';

const workerFile = fileURLToPath(import.meta.resolve('msw/mockServiceWorker.js'));

/** Writes passed/failed totals for scripts/test.mjs, which sums every suite into one line. */
function countingReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      const walk = (suite) => {
        for (const test of suite.tests) {
          if (test.skipped) continue;
          if (test.passed) passed++;
          else failed++;
        }
        for (const child of suite.suites) walk(child);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        // A file that failed to load or threw outside a test counts as one failure.
        if (!session.passed && (session.errors?.length || !session.testResults)) failed++;
      }
      mkdirSync('.test-results', { recursive: true });
      writeFileSync(file, JSON.stringify({ passed, failed }));
    },
  };
}

/**
 * `executeServerCommand('screenshot', { clip, path? })`: a PNG of part of the test page, taken by
 * Chromium itself, as base64 (and saved to `path` when given), so a test can check what is painted.
 */
const screenshotCommand = {
  name: 'screenshot',
  async executeCommand({ command, payload, session }) {
    if (command !== 'screenshot') return undefined;
    const page = session.browser.getPage(session.id);
    const { clip, path } = payload ?? {};
    const image = await page.screenshot({ clip, fullPage: !clip, encoding: 'base64' });
    if (path) {
      mkdirSync('.test-results', { recursive: true });
      writeFileSync(path, Buffer.from(image, 'base64'));
    }
    return image;
  },
};

export default {
  files: ['test/browser/**/*.test.ts'],
  // Lit's production build: no dev-mode warnings in the logs, the same code publishers run.
  nodeResolve: { exportConditions: ['production'] },
  // One file at a time: test pages share one origin, so one localStorage (caches, quota latch).
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022' }), a11ySnapshotPlugin(), screenshotCommand],
  middleware: [
    // MSW's worker must be served at the root to control the test pages (scope '/').
    function mswWorker(ctx, next) {
      if (ctx.path !== '/mockServiceWorker.js') return next();
      ctx.type = 'text/javascript';
      ctx.body = createReadStream(workerFile);
    },
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          '--lang=en-US',
        ],
      },
      // The viewport: the launcher sets 800×600 before every test file, so that is the pinned size.
      async createPage({ context }) {
        const page = await context.newPage();
        await page.emulateTimezone('UTC');
        const cdp = await page.createCDPSession();
        await cdp.send('Emulation.setLocaleOverride', { locale: 'en-US' });
        return page;
      },
    }),
  ],
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countingReporter('.test-results/browser.json')],
};
