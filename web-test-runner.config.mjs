// Browser tests: Debian's Chromium, MSW answering every remote API, locale, time zone and viewport pinned.
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';
import { build as bundle } from 'rolldown';
import { createServer as createViteServer } from 'vite';
import { iconModule, PREFIX as ICON } from './scripts/icons.mjs';

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

/**
 * A fake SharedCount of the test server's own, for pages MSW cannot serve (pages with a real
 * CSP header, loaded in frames). Reached as http://127.0.0.1:PORT while test pages are
 * http://localhost:PORT: another origin, so JSONP from it needs the page's nonce.
 */
const FAKE_COUNTS = { Pinterest: 9, Facebook: { total_count: 168, share_count: 101 } };
const fakeLog = [];
/** The Referer of each request to the fake, in the order of the log ('' for none). */
const fakeReferrers = [];
async function fakeSharedCount(ctx, next) {
  if (ctx.path === '/__fake-sharedcount/referrers') {
    ctx.body = JSON.stringify(fakeReferrers.splice(0));
    return undefined;
  }
  if (ctx.path === '/__fake-sharedcount/log') {
    fakeReferrers.length = 0;
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.body = JSON.stringify(fakeLog.splice(0));
    return undefined;
  }
  if (ctx.path === '/__fake-sharedcount/bulk') return fakeBulk(ctx);
  if (ctx.path !== '/__fake-sharedcount/') return next();
  fakeLog.push(ctx.url);
  fakeReferrers.push(ctx.get('Referer'));
  const callback = ctx.query.callback;
  const page = String(ctx.query.url ?? '');
  ctx.set('Cache-Control', 'no-store');
  // A page URL with "slow" is answered after 600 ms; one with "no-cors" gets no CORS header; one
  // with "echo" gets itself back as `Echo`, so a test can tell whose answer a caller got.
  if (page.includes('slow')) await new Promise((resolve) => setTimeout(resolve, 600));
  // One with "late" after 300 ms, a SharedCount answering at its usual pace.
  if (page.includes('late')) await new Promise((resolve) => setTimeout(resolve, 300));
  // Failures, over CORS and JSONP, by a word in the page URL: "fake-404" is not found, "fake-429"
  // is rate limited (Retry-After: 7, exposed to scripts), "fake-500" a server error page, "fake-html" an HTML page with 200,
  // "fake-quota" SharedCount's refusal of a key whose quota is spent.
  const failure = /fake-(404|429|500|html|quota)/.exec(page)?.[1];
  if (failure) {
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.set('Access-Control-Expose-Headers', 'Retry-After');
    if (failure === '429') ctx.set('Retry-After', '7');
    ctx.status = { 404: 404, 429: 429, 500: 500, html: 200, quota: 403 }[failure];
    ctx.type = failure === 'quota' ? 'application/json' : 'text/html';
    ctx.body =
      failure === 'quota' ? JSON.stringify({ Error: 'Free quota exceeded', Type: 'quota_exceeded' }) : '<!doctype html><title>Oops</title>';
    return undefined;
  }
  const counts = JSON.stringify(page.includes('echo') ? { ...FAKE_COUNTS, Echo: page } : FAKE_COUNTS);
  if (callback) {
    ctx.type = 'text/javascript';
    ctx.body = `${callback}(${counts});`;
  } else {
    if (!page.includes('no-cors')) ctx.set('Access-Control-Allow-Origin', '*');
    ctx.type = 'application/json';
    ctx.body = counts;
  }
  return undefined;
}

/** SharedCount's bulk API, CORS only: a POST of URLs, then polls that answer every URL at once. */
const bulkJobs = new Map();
async function fakeBulk(ctx) {
  fakeLog.push(`${ctx.method} ${ctx.url}`);
  ctx.set('Access-Control-Allow-Origin', '*');
  ctx.set('Access-Control-Allow-Headers', 'Content-Type');
  ctx.type = 'application/json';
  if (ctx.method === 'OPTIONS') return ((ctx.status = 204), undefined);
  if (ctx.method === 'POST') {
    let body = '';
    for await (const chunk of ctx.req) body += chunk;
    const urls = body.split('\n').filter(Boolean);
    const id = `job${bulkJobs.size + 1}`;
    bulkJobs.set(id, urls);
    ctx.body = JSON.stringify({ bulk_id: id, count: urls.length });
    return undefined;
  }
  const urls = bulkJobs.get(ctx.query.bulk_id) ?? [];
  ctx.body = JSON.stringify({
    data: Object.fromEntries(urls.map((url) => [url, FAKE_COUNTS])),
    _meta: { completed: true, urls_completed: urls.length, urls_queued: 0, bulk_id: ctx.query.bulk_id },
  });
  return undefined;
}

/** Pages with a real Content-Security-Policy header, each loading only the built IIFE. */
const STRICT_PAGES = {
  'csp-nonce': { csp: "script-src 'self' 'nonce-abc123'", nonce: 'abc123' },
  'csp-no-nonce': { csp: "script-src 'self' 'nonce-abc123'", nonce: '' },
  'trusted-types': { csp: "require-trusted-types-for 'script'; trusted-types share-count-widgets lit-html", nonce: '' },
  'trusted-types-unlisted': { csp: "require-trusted-types-for 'script'; trusted-types lit-html", nonce: '' },
  // The counts-only script tag under the same CSP.
  'counts-csp-nonce': { csp: "script-src 'self' 'nonce-abc123'", nonce: 'abc123', script: 'share-count.iife.js' },
  // The counts file under a nonce-only CSP (not even 'self'), with counts CORS can get, and with
  // counts only JSONP can get ("no-cors" pages: the fake sends no CORS header for them).
  'counts-cors': { csp: "script-src 'nonce-abc123'", nonce: 'abc123', script: 'share-count.iife.js', urls: ['a', 'b'] },
  'counts-no-cors': { csp: "script-src 'nonce-abc123'", nonce: 'abc123', script: 'share-count.iife.js', urls: ['no-cors-1', 'no-cors-2'] },
  // The same, from a folder where the JSONP file is missing, or never answers (jsonpFolder below).
  'counts-no-jsonp-file': {
    csp: "script-src 'nonce-abc123'",
    nonce: 'abc123',
    script: '../__jsonp-missing/share-count.iife.js',
    urls: ['no-cors-1'],
  },
  'counts-jsonp-file-hangs': {
    csp: "script-src 'nonce-abc123'",
    nonce: 'abc123',
    script: '../__jsonp-hangs/share-count.iife.js',
    urls: [],
  },
};

/**
 * `/__jsonp-missing/FILE` and `/__jsonp-hangs/FILE`: dist/FILE, but share-count-widgets.jsonp.js is
 * a 404 in the first folder and is never answered in the second (the request is held 15 s).
 */
async function jsonpFolder(ctx, next) {
  const match = /^\/__jsonp-(missing|hangs)\/([\w.-]+\.js)$/.exec(ctx.path);
  if (!match) return next();
  if (match[2] !== 'share-count-widgets.jsonp.js') {
    ctx.type = 'text/javascript';
    ctx.body = createReadStream(`dist/${match[2]}`);
    return undefined;
  }
  if (match[1] === 'hangs') await new Promise((resolve) => setTimeout(resolve, 15_000));
  ctx.status = 404;
  return undefined;
}
function strictPages(ctx, next) {
  const match = /^\/__strict\/([\w-]+)\.html$/.exec(ctx.path);
  const page = match && STRICT_PAGES[match[1]];
  if (!page) return next();
  const api = `http://127.0.0.1:${ctx.host.split(':')[1]}/__fake-sharedcount/`;
  ctx.set('Content-Security-Policy', page.csp);
  ctx.type = 'text/html';
  ctx.body = `<!doctype html><html lang="en"><head><title>${match[1]}</title>
<script src="/dist/${page.script ?? 'share-count-widgets.iife.js'}" ${page.nonce ? `nonce="${page.nonce}"` : ''}
  data-sharedcount-key="demo-key" data-sharedcount-endpoint="${api}"></script></head><body>
${
  page.urls
    ? page.urls.map((path) => `<share-count url="https://example.com/${path}"></share-count>`).join('\n')
    : `<share-count id="jsonp" url="https://example.com/" transport="jsonp"></share-count>
<share-count id="cors" url="https://example.com/" transport="cors"></share-count>`
}
</body></html>`;
  return undefined;
}

/**
 * `/__strict-buttons/NAME.html`: share buttons under a nonce-only CSP that also enforces Trusted
 * Types (the policies README.md gives publishers), with only `dist/share-buttons.iife.js` on the
 * page, and a record of what went over the wire: every request to this server from such a page
 * (by its Referer) and every CSP violation report, read (and emptied) at `/__strict-buttons/log`.
 * The counts come from the fake SharedCount above (its own log). `plain`: buttons without counts;
 * `counts`: `<share-buttons counts>`; `consent`: that, with `data-consent="required"` on the tag.
 */
const STRICT_BUTTON_PAGES = { plain: {}, counts: { counts: true }, consent: { counts: true, consent: true } };
const strictButtonLog = [];
async function strictButtonPages(ctx, next) {
  if (ctx.path === '/__strict-buttons/log') {
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(strictButtonLog.splice(0));
    return undefined;
  }
  if (ctx.path === '/__strict-buttons/csp-report') {
    let body = '';
    for await (const chunk of ctx.req) body += chunk;
    strictButtonLog.push(`CSP report ${body}`);
    ctx.status = 204;
    return undefined;
  }
  if ((ctx.get('Referer') ?? '').includes('/__strict-buttons/')) strictButtonLog.push(`${ctx.method} ${ctx.url}`);
  // What a test fetches from such a page to show that the log sees its requests.
  if (ctx.path === '/__strict-buttons/probe') return ((ctx.status = 204), undefined);
  const match = /^\/__strict-buttons\/([\w-]+)\.html$/.exec(ctx.path);
  const page = match && STRICT_BUTTON_PAGES[match[1]];
  if (!page) return next();
  const fake = `http://127.0.0.1:${ctx.host.split(':')[1]}`;
  ctx.set(
    'Content-Security-Policy',
    [
      `default-src 'self' ${fake}`,
      "script-src 'nonce-abc123'",
      "object-src 'none'",
      "base-uri 'none'",
      "require-trusted-types-for 'script'",
      'trusted-types share-count-widgets lit-html',
      'report-uri /__strict-buttons/csp-report',
    ].join('; '),
  );
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'text/html';
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Share buttons, ${match[1]}</title>
<script nonce="abc123">
  window.pageErrors = [];
  addEventListener('error', (event) => pageErrors.push(String(event.message)));
  addEventListener('unhandledrejection', (event) => pageErrors.push(String(event.reason)));
</script>
<script src="/dist/share-buttons.iife.js" nonce="abc123" data-sharedcount-key="demo-key"
  data-sharedcount-endpoint="${fake}/__fake-sharedcount/"${page.consent ? ' data-consent="required"' : ''}></script></head><body>
<share-buttons id="group" url="https://example.com/" networks="facebook x pinterest mastodon email copy"${page.counts ? ' counts' : ''}></share-buttons>
</body></html>`;
  return undefined;
}

/** The CSS the README gives a page for elements that have not rendered yet, as the README has it. */
const README_RULE = /```css\n(share-count:not\(\[state\]\)[^`]*)```/.exec(readFileSync('README.md', 'utf8'))?.[1];
if (!README_RULE) throw new Error('README.md has no ```css block for share-count:not([state])');

/**
 * `/__article/FILE.html`: an article of running text with 20 counts in it, the script tag `dist/FILE`
 * at the end of `<body>` as publishers place it, and the README's rule for elements that have not
 * rendered yet. The counts come from the fake SharedCount after 600 ms ("slow" URLs), well after
 * the first paint, so a layout shift when they arrive would show. `?width=0` sets the element's
 * own reserved width to 0: the control that shows the harness sees a shift.
 */
function articlePage(ctx, next) {
  const match = /^\/__article\/([\w.-]+\.js)\.html$/.exec(ctx.path);
  if (!match) return next();
  const api = `http://127.0.0.1:${ctx.host.split(':')[1]}/__fake-sharedcount/`;
  const sentence = (i) =>
    `Readers shared the piece on the harbour <share-count url="https://example.com/slow/${i}"${i % 3 ? '' : ' notation="standard"'}></share-count> times
    before noon, and the follow-up on the ferry timetable drew <share-count url="https://example.com/slow/${i}b"></share-count> more by evening.`;
  ctx.type = 'text/html';
  ctx.body = `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width">
<title>Article</title>
<style>
  body { font: 18px/1.5 Georgia, serif; margin: 0 auto; padding: 16px; max-width: 40em; }
  ${README_RULE}
  ${ctx.query.width === '0' ? 'share-count { --share-count-min-width: 0; }' : ''}
</style></head><body><article><h1>The harbour, one year on</h1>
${Array.from({ length: 10 }, (_, i) => `<p>${sentence(i)} ${'The quay was rebuilt stone by stone, and the market came back to it. '.repeat(3)}</p>`).join('\n')}
</article>
<script src="/dist/${match[1]}" data-sharedcount-key="demo-key" data-sharedcount-endpoint="${api}"></script>
</body></html>`;
  return undefined;
}

/** share-count-widgets/ssr as a server runs it: dist/ssr.js, in this Node process (npm test builds dist/ first). */
let ssrModule;
const ssr = () => (ssrModule ??= import('./dist/ssr.js'));
let litModules;
/** Lit SSR with share-count-widgets/ssr/lit's renderers, loaded on the first `/__ssr/lit` only. */
const litSsr = () =>
  (litModules ??= Promise.all([
    import('@lit-labs/ssr'),
    import('@lit-labs/ssr/lib/render-result.js'),
    import('lit'),
    import('./dist/ssr-lit.js'),
  ]));

/**
 * Server rendering, by Node:
 * - `/__ssr/render?kind=count|buttons&input=JSON`: `renderShareCount(input)` or `renderShareButtons(input)`;
 *   `input.at` as a negative number is an age: that many ms before now.
 * - `/__ssr/lit?input=JSON`: `{ url, counts, age }` through Lit SSR (`dist/ssr-lit.js`'s renderers):
 *   a `<share-count>` and a `<share-buttons counts>` (Facebook, Pinterest) in a Lit template, the
 *   answer in their `answer` and `answer-at` attributes, fetched `age` ms ago.
 * - `/__ssr/article.html`: the article of `/__article/` (20 counts in running text, every third
 *   `notation="standard"`) and a row of share buttons with counts, every element server-rendered
 *   with the fake's answer (or `?served=JSON`, an answer the fake does not give: what is shown then
 *   tells whose it is), fetched `?age=` ms ago (default 0); no CSS of ours in the page. The
 *   script tag `?script=FILE` of dist/ (default share-buttons.iife.js; `none`: no script) against
 *   the fake, whose log tells the requests the page made.
 */
async function ssrPages(ctx, next) {
  if (ctx.path === '/__ssr/render') {
    const { renderShareCount, renderShareButtons } = await ssr();
    const input = JSON.parse(String(ctx.query.input));
    if (input.at < 0) input.at = Date.now() + input.at;
    ctx.type = 'text/html';
    ctx.body = (ctx.query.kind === 'buttons' ? renderShareButtons : renderShareCount)(input);
    return undefined;
  }
  if (ctx.path === '/__ssr/lit') {
    const [{ render, LitElementRenderer }, { collectResultSync }, { html }, { ShareCountRenderer, ShareButtonsRenderer }] = await litSsr();
    const { url, counts, age } = JSON.parse(String(ctx.query.input));
    const answer = JSON.stringify(counts);
    const at = Date.now() - age;
    const page = html`<share-count url=${url} answer=${answer} answer-at=${at} locale="en-US"></share-count>
      <share-buttons url=${url} networks="facebook pinterest" counts answer=${answer} answer-at=${at} locale="en-US"></share-buttons>`;
    ctx.type = 'text/html';
    ctx.body = collectResultSync(render(page, { elementRenderers: [ShareCountRenderer, ShareButtonsRenderer, LitElementRenderer] }));
    return undefined;
  }
  if (ctx.path !== '/__ssr/article.html') return next();
  const { renderShareCount, renderShareButtons } = await ssr();
  const at = Date.now() - Number(ctx.query.age ?? 0);
  const api = `http://127.0.0.1:${ctx.host.split(':')[1]}/__fake-sharedcount/`;
  const script = String(ctx.query.script ?? 'share-buttons.iife.js');
  const served = ctx.query.served ? JSON.parse(String(ctx.query.served)) : FAKE_COUNTS;
  const count = (url, i) => renderShareCount({ url, counts: served, at, locale: 'en', ...(i % 3 ? {} : { notation: 'standard' }) });
  const sentence = (i) =>
    `Readers shared the piece on the harbour ${count(`https://example.com/late/ssr-${i}`, i)} times
    before noon, and the follow-up on the ferry timetable drew ${count(`https://example.com/late/ssr-${i}b`, i + 1)} more by evening.`;
  ctx.type = 'text/html';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width">
<title>The harbour, one year on</title>
<style>
  body { font: 18px/1.5 Georgia, serif; margin: 0 auto; padding: 16px; max-width: 40em; }
</style></head><body><main><article><h1>The harbour, one year on</h1>
${Array.from({ length: 10 }, (_, i) => `<p>${sentence(i)} ${'The quay was rebuilt stone by stone, and the market came back to it. '.repeat(3)}</p>`).join('\n')}
${renderShareButtons({ url: 'https://example.com/late/ssr-0', text: 'The harbour, one year on', counts: served, at, locale: 'en', networks: 'facebook pinterest x linkedin email copy' })}
</article></main>
${/^[\w.-]+\.js$/.test(script) ? `<script src="/dist/${script}" data-sharedcount-key="demo-key" data-sharedcount-endpoint="${api}"></script>` : ''}
</body></html>`;
  return undefined;
}

/**
 * The README's React example ("Server rendering"), as a publisher's project has it: its App.jsx,
 * server.jsx and client.jsx saved in a fresh folder whose node_modules links this package (its
 * `exports`: dist/), React and React DOM, each bundled by rolldown as a publisher's bundler would.
 * - `/__readme-react/root.html`: what the README's `renderApp(url)` returns, run by Node, for
 *   https://www.example.com/harbour: server.jsx bundled for Node in production mode, as a server
 *   runs (React's development build would also wrap this process's console, which the test
 *   runner's does not allow). Two changes only: the proxy asks the fake SharedCount of this
 *   server (an `endpoint` in its options), and `process.env.SHAREDCOUNT_API_KEY` is the fake's
 *   key, given at build time as bundlers give environment variables.
 * - `/__readme-react/client.js`: client.jsx for the browser, React's development build (the one
 *   that reports hydration mismatches); `?without=suppressHydrationWarning` with that prop taken
 *   out of App.jsx, the control that shows a mismatch is seen.
 */
const readmeReactBuilds = new Map();
const readmeReact = (port, without) => {
  const key = `${port} ${without}`;
  if (!readmeReactBuilds.has(key)) readmeReactBuilds.set(key, buildReadmeReact(port, without));
  return readmeReactBuilds.get(key);
};
/** The README's blocks in a fresh project, bundled: Node's `renderApp` (none with `without`) and the browser's script. */
async function buildReadmeReact(port, without) {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('### React 19: `renderToString`'));
  const files = Object.fromEntries(
    [...section.matchAll(/```jsx\n(\/\/ ([\w.]+\.jsx)\b[\s\S]*?)```/g)].map((match) => [match[2], match[1]]),
  );
  if (Object.keys(files).sort().join() !== 'App.jsx,client.jsx,server.jsx') throw new Error(`README: React blocks ${Object.keys(files)}`);
  const options = "allowHosts: ['.example.com'] }";
  if (!files['server.jsx'].includes(options)) throw new Error(`README: server.jsx has no ${options}`);
  files['server.jsx'] = files['server.jsx'].replace(
    options,
    `${options.slice(0, -2)}, endpoint: 'http://127.0.0.1:${port}/__fake-sharedcount/' }`,
  );
  if (without) {
    if (!files['App.jsx'].includes(` ${without}`)) throw new Error(`README: App.jsx has no ${without}`);
    files['App.jsx'] = files['App.jsx'].replace(` ${without}`, '');
  }
  const dir = mkdtempSync(join(tmpdir(), 'readme-react-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(resolve('.'), join(dir, 'node_modules/share-count-widgets'), 'dir');
    for (const name of ['react', 'react-dom']) symlinkSync(resolve('node_modules', name), join(dir, 'node_modules', name), 'dir');
    for (const [name, code] of Object.entries(files)) writeFileSync(join(dir, name), code);
    const built = {};
    if (!without) {
      const server = join(dir, 'server.mjs');
      await bundle({
        input: join(dir, 'server.jsx'),
        platform: 'node',
        transform: {
          jsx: 'react-jsx',
          define: { 'process.env.SHAREDCOUNT_API_KEY': '"demo-key"', 'process.env.NODE_ENV': '"production"' },
        },
        logLevel: 'silent',
        output: { file: server, format: 'esm' },
      });
      built.renderApp = (await import(pathToFileURL(server).href)).renderApp;
    }
    const client = join(dir, 'client.js');
    await bundle({
      input: join(dir, 'client.jsx'),
      platform: 'browser',
      resolve: { conditionNames: ['production', 'browser', 'import', 'default'] },
      transform: { jsx: 'react-jsx', define: { 'process.env.NODE_ENV': '"development"' } },
      logLevel: 'silent',
      output: { file: client, format: 'esm' },
    });
    built.client = readFileSync(client, 'utf8');
    return built;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
async function readmeReactPages(ctx, next) {
  if (!ctx.path.startsWith('/__readme-react/')) return next();
  const port = ctx.host.split(':')[1];
  const without = String(ctx.query.without ?? '');
  if (ctx.path === '/__readme-react/root.html') {
    const { renderApp } = await readmeReact(port, '');
    ctx.type = 'text/html';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await renderApp('https://www.example.com/harbour');
    return undefined;
  }
  if (ctx.path !== '/__readme-react/client.js') return next();
  ctx.type = 'text/javascript';
  ctx.body = (await readmeReact(port, without)).client;
  return undefined;
}

/**
 * `/__bare/FILE.html`: the page of a publisher who pasted the script tag and the elements and
 * nothing else: no CSS for the elements, only the page's own typography (a stylesheet file, so
 * that it also loads under `?csp`). An article of running text with 20 `<share-count>` (every
 * third `notation="standard"`, two in a right-to-left paragraph) and one `hidden`; when FILE
 * defines the share buttons, a row of `<share-button>` (two with a count) and a
 * `<share-buttons counts>`. SharedCount answers after 300 ms. FILE is a script-tag build (its tag
 * at the end of `<body>`, or with `?head` `defer` in `<head>`) or `define.js`, the ES entry (from
 * a module script in `<head>`). Every script carries the nonce `abc123`; `window.violations`
 * lists what a CSP refused.
 *
 * The page does not paint before our script has run (`window.oursRan`): until then only the
 * README's rule in a page can keep the widths, and what is measured here is what our script does
 * from the moment it runs. With the tag at the end of `<body>`, `<link rel=expect>` holds the
 * first paint until the parser is past it; with `defer` (or a module), a deferred script of the
 * page's after ours, `blocking="render"`.
 * - `?csp`: a CSP header without 'unsafe-inline' for styles: scripts by nonce, styles from 'self' only.
 * - `?own`: the page adopts a constructed sheet of its own first (`window.ownSheet`, h1 in rgb(1, 2, 3)).
 * - `?also=FILE`: a second script tag of ours after the first.
 * - `?control`: a script of the page, run right after ours, takes the sheet our script adopted
 *   for `<share-count>` out of `document.adoptedStyleSheets`: the control, which must shift.
 */
const BARE_BUTTONS = new Set(['share-buttons.iife.js', 'define.js']);
const BARE_CONTROL = String.raw`document.adoptedStyleSheets = document.adoptedStyleSheets.filter(
  (sheet) => !/\bshare-count:not\(\[state\]/.test(sheet.cssRules[0]?.selectorText ?? ''),
);`;
const BARE_RAN = 'window.oursRan = performance.now();';
function barePage(ctx, next) {
  const scripts = { '/__bare/control.js': BARE_CONTROL, '/__bare/ran.js': BARE_RAN };
  if (ctx.path === '/__bare/page.css' || scripts[ctx.path]) {
    ctx.type = ctx.path.endsWith('.css') ? 'text/css' : 'text/javascript';
    ctx.body = scripts[ctx.path] ?? 'body { font: 18px/1.5 Georgia, serif; margin: 0 auto; padding: 16px; max-width: 40em; }';
    return undefined;
  }
  const match = /^\/__bare\/([\w.-]+\.js)\.html$/.exec(ctx.path);
  if (!match) return next();
  const [, file] = match;
  const { head, csp, own, control } = Object.fromEntries(['head', 'csp', 'own', 'control'].map((key) => [key, key in ctx.query]));
  const api = `http://127.0.0.1:${ctx.host.split(':')[1]}/__fake-sharedcount/`;
  if (csp) ctx.set('Content-Security-Policy', `default-src 'self' ${api}; script-src 'nonce-abc123'; style-src 'self'`);
  ctx.set('Cache-Control', 'no-store');
  const nonce = 'nonce="abc123"';
  const module = file === 'define.js';
  const inHead = module || head;
  const tag = (name) =>
    `<script src="/dist/${name}" ${head ? 'defer ' : ''}${nonce} data-sharedcount-key="demo-key" data-sharedcount-endpoint="${api}"></script>`;
  const ours = module
    ? `<script type="module" ${nonce}>
  import { configure } from '/dist/define.js';
  configure({ sharedcount: { apiKey: 'demo-key', endpoint: '${api}' } });
</script>`
    : tag(file);
  const also = /^[\w.-]+\.js$/.test(ctx.query.also ?? '') ? tag(ctx.query.also) : '';
  // After ours, in the same order: inline at the end of <body>, deferred in <head>.
  const after = (name, code, attributes = '') =>
    inHead ? `<script src="/__bare/${name}" defer ${attributes}${nonce}></script>` : `<script ${nonce}>${code}</script>`;
  const scriptsOfOurs = [
    ours,
    also,
    control ? after('control.js', BARE_CONTROL) : '',
    after('ran.js', BARE_RAN, 'blocking="render" '),
  ].join('\n');
  const count = (url, i, attributes = '') =>
    `<share-count url="https://example.com/late/${url}"${i % 3 ? '' : ' notation="standard"'}${attributes}></share-count>`;
  const paragraph = (i) =>
    i === 4
      ? `<p dir="rtl" lang="he">הכתבה על הנמל שותפה ${count(i, i)} פעמים עד הצהריים, והמשך שלה על לוח הזמנים של המעבורת ${count(`${i}b`, i + 1)} פעמים נוספות.</p>`
      : `<p>Readers shared the piece on the harbour ${count(i, i)} times before noon, and the follow-up on the ferry timetable
drew ${count(`${i}b`, i + 1)} more by evening.${i === 6 ? count('hidden', 0, ' hidden') : ''} ${'The quay was rebuilt stone by stone, and the market came back to it. '.repeat(2)}</p>`;
  const buttons = BARE_BUTTONS.has(file)
    ? `<p>Share it: <share-button network="facebook" count url="https://example.com/late/row"></share-button>
<share-button network="pinterest" count notation="standard" url="https://example.com/late/row"></share-button>
<share-button network="email" url="https://example.com/late/row"></share-button> or tell a friend.</p>
<share-buttons counts networks="facebook x pinterest email" url="https://example.com/late/group"></share-buttons>`
    : '';
  ctx.type = 'text/html';
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Article, no CSS for the elements</title>
<script ${nonce}>
  window.violations = [];
  addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective + ' ' + event.blockedURI));
  ${own ? "window.ownSheet = new CSSStyleSheet(); ownSheet.replaceSync('h1 { color: rgb(1, 2, 3) }'); document.adoptedStyleSheets = [ownSheet];" : ''}
</script>
<link rel="stylesheet" href="/__bare/page.css">
${inHead ? scriptsOfOurs : '<link rel="expect" href="#ours-ran" blocking="render">'}
</head><body><article><h1>The harbour, one year on</h1>
${Array.from({ length: 10 }, (_, i) => (i === 2 ? buttons : '') + paragraph(i)).join('\n')}
</article>
${inHead ? '' : `${scriptsOfOurs}\n<i id="ours-ran"></i>`}
</body></html>`;
  return undefined;
}

/**
 * `/__windows-1252/FILE.html`: a page in windows-1252, its elements and the script tag `dist/FILE`,
 * which comes as nginx sends it by default: `text/javascript` with no charset, so the browser reads
 * it in the page's encoding. One count still loading (SharedCount answers after 600 ms), one in
 * error (an empty `url`).
 */
function windows1252Page(ctx, next) {
  const match = /^\/__windows-1252\/([\w.-]+\.js)(\.html)?$/.exec(ctx.path);
  if (!match) return next();
  if (!match[2]) {
    ctx.set('Content-Type', 'text/javascript');
    ctx.body = readFileSync(`dist/${match[1]}`);
    return undefined;
  }
  const api = `http://127.0.0.1:${ctx.host.split(':')[1]}/__fake-sharedcount/`;
  ctx.set('Content-Type', 'text/html; charset=windows-1252');
  ctx.body = Buffer.from(
    `<!doctype html><html lang="en"><head><title>windows-1252</title></head><body>
<share-count id="loading" url="https://example.com/slow/windows-1252"></share-count>
<share-count id="error" url=""></share-count>
<script src="/__windows-1252/${match[1]}" data-sharedcount-key="demo-key" data-sharedcount-endpoint="${api}"></script>
</body></html>`,
    'latin1',
  );
  return undefined;
}

/**
 * The demo pages as `npm start` serves them (Vite with vite.config.ts: the React page needs
 * React's CommonJS turned into modules, which this server does not do), under /__demo/ on the
 * test server's own origin, so a test can load them in a frame and look inside. Started on the
 * first request; stopped with the test server. No file watching and no HMR socket (Vite's client
 * in the frames logs that it cannot connect; nothing depends on it).
 */
/**
 * The test server answers this machine only. Its dev server binds every interface when asked for
 * `localhost`, and it now also carries Vite's demo server and the fakes: anything else gets 403.
 */
function loopbackOnly(ctx, next) {
  const address = ctx.req.socket.remoteAddress ?? '';
  if (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.')) return next();
  ctx.status = 403;
  return undefined;
}

const DEMO_BASE = '/__demo/';
let demoServer;
function demoPages(ctx, next) {
  if (!ctx.path.startsWith(DEMO_BASE)) return next();
  demoServer ??= createViteServer({
    base: DEMO_BASE,
    appType: 'mpa',
    logLevel: 'warn',
    server: { middlewareMode: true, hmr: false, ws: false, watch: null },
  });
  ctx.respond = false;
  return demoServer.then(
    (vite) =>
      new Promise((resolve) => {
        ctx.res.on('close', resolve);
        vite.middlewares(ctx.req, ctx.res, () => {
          ctx.res.statusCode = 404;
          ctx.res.end();
        });
      }),
  );
}
const demoPagesPlugin = {
  name: 'demo-pages',
  async serverStop() {
    await (await demoServer)?.close();
  },
};

/**
 * `executeServerCommand('frame-a11y-snapshot', { frame, selector })`: Chromium's accessibility
 * tree under `selector` in the frame whose URL contains `frame` (the built-in a11y snapshot
 * only looks at the top page).
 */
const frameA11ySnapshotCommand = {
  name: 'frame-a11y-snapshot',
  async executeCommand({ command, payload, session }) {
    if (command !== 'frame-a11y-snapshot') return undefined;
    const page = session.browser.getPage(session.id);
    const frame = page.frames().find((candidate) => candidate.url().includes(payload.frame));
    if (!frame) throw new Error(`no frame at ${payload.frame}`);
    const root = await frame.$(payload.selector);
    if (!root) throw new Error(`nothing matches ${payload.selector} in ${payload.frame}`);
    return frame.accessibility.snapshot({ root });
  },
};

/**
 * `executeServerCommand('ax-node', { selector })`: Chromium's accessibility node for the first element
 * of the test page matching `selector`: its role, name and ARIA properties (`live`, `busy`, …), as
 * the browser computed them, ElementInternals' default semantics included.
 */
const axNodeCommand = {
  name: 'ax-node',
  async executeCommand({ command, payload, session }) {
    if (command !== 'ax-node') return undefined;
    const page = session.browser.getPage(session.id);
    const cdp = await page.createCDPSession();
    try {
      const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: payload.selector });
      if (!nodeId) throw new Error(`nothing matches ${payload.selector}`);
      const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
      const [node] = nodes;
      const properties = Object.fromEntries((node.properties ?? []).map(({ name, value }) => [name, value.value]));
      return { role: node.role?.value, name: node.name?.value, ...properties };
    } finally {
      await cdp.detach();
    }
  },
};

/**
 * `executeServerCommand('reader-page', { path, width, height, cpu?, screenshot? })`: opens `path`
 * of the test server as a reader would, not in a frame of the test page: a tab of its own in a
 * fresh browser context (empty storage and cache, a renderer process of its own, so the page's
 * first `Intl.NumberFormat` is as slow as on a reader's first visit), at a viewport of
 * `width`×`height`, the CPU `cpu` times slower (CDP's throttling; 1: as it is), time zone and
 * locale pinned as for the test pages. Once every `<share-count>` is `ready` and every share
 * button with a count (Facebook, Pinterest) shows it, two frames and 100 ms later, it reports the
 * page's layout shifts (`cls`: the sum of those without recent input; `shifts`: how many), what
 * each count shows, the first selector of each sheet in `document.adoptedStyleSheets`, the colour
 * of the `h1`, the page's `violations`, `oursRan` and its first paint (both ms from navigation).
 * `screenshot`: a PNG of the whole page, saved there. Also: `requests`, how many the page made to
 * the fake SharedCount; `elsewhere`, every URL it asked of another host than the test server;
 * `hrefs`, each `<share-buttons>`' links; `names`, the images, links and buttons of Chromium's
 * accessibility tree (`role: name`). `until`: a condition (JavaScript, in the page) waited for
 * too, before anything is read. `scripts: false` loads the page with scripts off (nothing is
 * waited for, and shifts are not measured); `axe: true` adds axe-core's violations (`axe`).
 */
const readerPageCommand = {
  name: 'reader-page',
  async executeCommand({ command, payload, session }) {
    if (command !== 'reader-page') return undefined;
    const { path, width, height, screenshot, cpu = 1, scripts = true, until } = payload;
    const testPage = session.browser.getPage(session.id);
    const context = await testPage.browser().createBrowserContext();
    try {
      const page = await context.newPage();
      await page.setJavaScriptEnabled(scripts);
      let requests = 0;
      const elsewhere = [];
      const own = new URL(testPage.url()).origin;
      page.on('request', (request) => {
        if (request.url().includes('/__fake-sharedcount/')) requests++;
        if (!request.url().startsWith(`${own}/`) && !request.url().startsWith('data:')) elsewhere.push(request.url());
      });
      await page.setViewport({ width, height });
      await page.emulateCPUThrottling(cpu);
      await page.emulateTimezone('UTC');
      await (await page.createCDPSession()).send('Emulation.setLocaleOverride', { locale: 'en-US' });
      await page.goto(new URL(path, testPage.url()).href, { waitUntil: 'load' });
      // A page without scripts is what it is once loaded.
      if (scripts)
        await page.waitForFunction(
          () => {
            const buttons = [
              ...document.querySelectorAll('share-button'),
              ...[...document.querySelectorAll('share-buttons')].flatMap((group) => [...(group.shadowRoot?.children ?? [])]),
            ];
            return (
              [...document.querySelectorAll('share-count')].every((el) => el.getAttribute('state') === 'ready') &&
              buttons
                .filter((button) => button.hasAttribute('count') && /^(facebook|pinterest)$/.test(button.getAttribute('network')))
                .every((button) => button.shadowRoot?.querySelector('[part=count]')?.textContent)
            );
          },
          { timeout: 8000, polling: 50 },
        );
      if (until) await page.waitForFunction(until, { timeout: 8000, polling: 50 });
      const report = await page.evaluate(async (scripts) => {
        // Without scripts, frames and timers do not run for DevTools either; neither is shift measured.
        if (scripts) await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 100))));
        const shifts = !scripts
          ? []
          : await new Promise((resolve) => {
              new PerformanceObserver((list, observer) => {
                observer.disconnect();
                resolve(list.getEntries());
              }).observe({ type: 'layout-shift', buffered: true });
              setTimeout(() => resolve([]), 500); // no entry at all: nothing shifted
            });
        const counted = [
          ...document.querySelectorAll('share-button[count]'),
          ...[...document.querySelectorAll('share-buttons[counts]')].flatMap((group) => [...group.shadowRoot.children]),
        ].filter((button) => /^(facebook|pinterest)$/.test(button.getAttribute('network')));
        return {
          cls: shifts.filter((shift) => !shift.hadRecentInput).reduce((sum, shift) => sum + shift.value, 0),
          shifts: shifts.length,
          shown: [...document.querySelectorAll('share-count')].map((el) => el.shadowRoot.querySelector('[role=img]').textContent),
          buttons: counted.map((button) => button.shadowRoot.querySelector('[part=count]').textContent),
          sheets: document.adoptedStyleSheets.map((sheet) => sheet.cssRules[0]?.selectorText ?? ''),
          ownFirst: Boolean(window.ownSheet) && document.adoptedStyleSheets[0] === window.ownSheet,
          h1: getComputedStyle(document.querySelector('h1')).color,
          violations: window.violations,
          oursRan: window.oursRan,
          firstPaint: performance.getEntriesByName('first-paint')[0]?.startTime,
        };
      }, scripts);
      if (screenshot) {
        mkdirSync('.test-results', { recursive: true });
        await page.screenshot({ path: screenshot, fullPage: true });
      }
      // Every share link on the page, and what Chromium's accessibility tree names, images and links.
      report.hrefs = await page.evaluate(() =>
        [...document.querySelectorAll('share-buttons')].flatMap((group) =>
          [...group.shadowRoot.querySelectorAll('share-button')].map(
            (button) => button.shadowRoot.querySelector('a')?.getAttribute('href') ?? null,
          ),
        ),
      );
      const names = [];
      const walk = (node) => {
        if (/^(image|link|button)$/.test(node.role)) names.push(`${node.role}: ${node.name}`);
        for (const child of node.children ?? []) walk(child);
      };
      walk(await page.accessibility.snapshot());
      report.names = names;
      report.requests = requests;
      // What the page asked of any other host than the test server (a third party).
      report.elsewhere = elsewhere;
      if (payload.axe) {
        // axe waits on timers, which do not run in a page without scripts: they are turned on for it,
        // once all else is read. The DOM is still the one the parser built without them.
        await page.setJavaScriptEnabled(true);
        await page.evaluate(readFileSync(fileURLToPath(import.meta.resolve('axe-core/axe.min.js')), 'utf8'));
        report.axe = await page.evaluate(async () => {
          const { violations } = await window.axe.run(document, { resultTypes: ['violations'] });
          return violations.map(({ id, nodes }) => `${id}: ${nodes.map((node) => node.target.join(' ')).join(', ')}`);
        });
      }
      return report;
    } finally {
      await context.close();
    }
  },
};

/**
 * The share buttons' icons (src/elements/share-button/icons.ts): `virtual:share-icon/NAME`, which
 * Vite's plugin makes in builds, served here as `/__share-icons/NAME.js`, made by the same code.
 */
const shareIconsPlugin = {
  name: 'share-icons',
  resolveImport: ({ source }) => (source.startsWith(ICON) ? `/__share-icons/${source.slice(ICON.length)}.js` : undefined),
  async serve(context) {
    const name = /^\/__share-icons\/([\w-]+)\.js$/.exec(context.path)?.[1];
    return name ? { body: await iconModule(name), type: 'js' } : undefined;
  },
};

export default {
  files: ['test/browser/**/*.test.ts'],
  // Lit's production build: no dev-mode warnings in the logs, the same code publishers run.
  nodeResolve: { exportConditions: ['production'] },
  // One file at a time: test pages share one origin, so one localStorage (caches, quota latch).
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  plugins: [
    shareIconsPlugin,
    esbuildPlugin({ ts: true, target: 'es2022' }),
    a11ySnapshotPlugin(),
    screenshotCommand,
    frameA11ySnapshotCommand,
    axNodeCommand,
    readerPageCommand,
    demoPagesPlugin,
  ],
  middleware: [
    loopbackOnly,
    demoPages,
    fakeSharedCount,
    strictPages,
    jsonpFolder,
    strictButtonPages,
    articlePage,
    ssrPages,
    readmeReactPages,
    barePage,
    windows1252Page,
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
