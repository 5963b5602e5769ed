// @vitest-environment node
/**
 * Both proxies on the wire, under every runtime they claim: Node 20 (node:http + nodeListener),
 * Deno (Deno.serve), Bun (Bun.serve) and workerd (Miniflare), each from npm into .runtimes/ by
 * scripts/runtimes.mjs, which runs this file (`RUNTIMES=deno,bun` picks some). The app each one
 * serves is test/runtimes/app.ts, bundled with esbuild; the upstream is a fake of this test's own
 * on 127.0.0.1 that records every request reaching it. Raw paths go out with node:http, which
 * sends `..`, `%2e%2e` and `\` as written. The app also renders a page with share-count-widgets/ssr
 * from the SharedCount proxy's own `counts(url)`: the SSR entry runs under each runtime too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { iconModule, PREFIX as ICON } from '../../scripts/icons.mjs';
import type { AppEnv } from './app.js';

const ROOT = join(import.meta.dirname, '../..');
const CACHE = join(ROOT, '.runtimes');
const RUNTIMES = (process.env['RUNTIMES'] ?? 'node,deno,bun,workerd').split(',');
const ENV: Omit<AppEnv, 'UPSTREAM' | 'DEAD'> = {
  SHAREDCOUNT_KEY: 'sc-key-4d1b9',
  SHAREABLEE_KEY: 'sb-key-77a2c',
  SHAREABLEE_SECRET: 'sb-secret-e03f1',
};
const TOKEN = Buffer.from(`${ENV.SHAREABLEE_KEY}:${ENV.SHAREABLEE_SECRET}`).toString('base64');
const SECRETS = [ENV.SHAREDCOUNT_KEY, ENV.SHAREABLEE_KEY, ENV.SHAREABLEE_SECRET, TOKEN];

/** SharedCount's answer for pages whose URL holds `ssr-page`: numbers that `Intl` abbreviates (compact notation). */
const SSR_ANSWER = '{"Facebook":{"total_count":12345,"share_count":9876},"Pinterest":1500}';

interface Seen {
  path: string;
  authorization: string | undefined;
  at: number;
}
const seen: Seen[] = [];
let upstream: Server;
let upstreamBase = '';
let deadBase = '';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)),
  );
}

beforeAll(async () => {
  upstream = createServer((request, response) => {
    const path = request.url ?? '';
    seen.push({ path, authorization: request.headers.authorization, at: Date.now() });
    const delay = path.includes('slowish') ? 300 : path.includes('slow') ? 3000 : 0;
    setTimeout(() => {
      if (response.destroyed) return;
      response.writeHead(path.includes('broken') ? 500 : 200, { 'Content-Type': 'application/json' });
      response.end(
        path.includes('ssr-page')
          ? SSR_ANSWER
          : path.startsWith('/sharedcount/')
            ? `{"Pinterest":${seen.length}}`
            : `{"name":"The Daily","n":${seen.length}}`,
      );
    }, delay);
  });
  upstreamBase = await listen(upstream);
  const dead = createServer();
  deadBase = await listen(dead);
  await new Promise((resolve) => dead.close(resolve));
});
afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}
/** Every answer any runtime gave: none may carry a secret. */
const answers: Answer[] = [];

/** A request with the path exactly as written, from `localAddress` (any 127.x.y.z: a client of its own). */
function send(base: string, path: string, method = 'GET', headers: Record<string, string> = {}, localAddress?: string): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ hostname, port, path, method, headers, agent: false, localAddress }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        const answer = { status: response.statusCode ?? 0, headers: response.headers, body };
        answers.push(answer);
        resolve(answer);
      });
    });
    request.on('error', reject);
    request.end();
  });
}

const count = (page: string) => `/sharedcount/?url=${encodeURIComponent(page)}`;

/** What the test uses of miniflare's API (its types live in .runtimes/, outside the project's). */
type MiniflareClass = new (options: Record<string, unknown>) => { ready: Promise<URL>; dispose(): Promise<void> };

interface Running {
  base: string;
  stop(): Promise<void>;
}

const fromCache = (name: string) => join(CACHE, 'node_modules', '.bin', name);

/**
 * The share buttons' icons (src/elements/share-button/icons.ts imports `virtual:share-icon/NAME`),
 * made by scripts/icons.mjs as Vite's plugin and web-test-runner make them.
 */
const shareIcons: Plugin = {
  name: 'share-icons',
  setup(build) {
    build.onResolve({ filter: /^virtual:share-icon\// }, ({ path }) => ({ path: path.slice(ICON.length), namespace: 'share-icon' }));
    build.onLoad({ filter: /^/, namespace: 'share-icon' }, async ({ path }) => ({ contents: await iconModule(path), loader: 'js' }));
  },
};

/** Each bundle, by entry: its file, and esbuild's metafile (what went into it). */
const bundled = new Map<string, { outfile: string; metafile: Metafile }>();

async function bundle(entry: string): Promise<string> {
  mkdirSync(join(CACHE, 'build'), { recursive: true });
  const outfile = join(CACHE, 'build', `${entry}.mjs`);
  const { metafile } = await build({
    entryPoints: [join(ROOT, 'test/runtimes', `${entry}.ts`)],
    bundle: true,
    format: 'esm',
    // `neutral` matches no condition but `import` and `default`, and reads no `main`/`module`
    // field: the one package of the app's outside src/, @lit/reactive-element (for `css`, in the
    // SSR styles), is reached through its `exports`, whose `./css-tag.js` has `browser`, `node`,
    // `development` and `default`. `default` is ./css-tag.js, the production file that
    // dist/ssr.js inlines (Vite's `browser` conditions pick the same one) and that a Workers
    // bundler picks: it touches `ShadowRoot` and `Document` only behind `globalThis.ShadowRoot &&`,
    // so it loads under Deno, Bun and workerd alike. No `conditions` or `mainFields` are set:
    // `node` would pick node/css-tag.js, which Node (platform `node`, below) gets and loads too.
    platform: entry === 'node' ? 'node' : 'neutral',
    target: 'es2022',
    outfile,
    metafile: true,
    plugins: [shareIcons],
    logLevel: 'warning',
  });
  bundled.set(entry, { outfile, metafile });
  return outfile;
}

/** Runs `command` and resolves once it prints `LISTENING <port>`. */
function serve(command: string, args: string[], env: AppEnv): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(command, args, { env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      const port = /LISTENING (\d+)/.exec(output)?.[1];
      if (port) {
        child.stdout!.off('data', onData);
        resolve({
          base: `http://127.0.0.1:${port}/`,
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill();
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`${command} exited with ${code}:\n${output}`)));
  });
}

async function start(runtime: string): Promise<Running> {
  const env: AppEnv = { ...ENV, UPSTREAM: upstreamBase, DEAD: deadBase };
  if (runtime === 'node') return serve(process.execPath, [await bundle('node')], env);
  if (runtime === 'deno') return serve(fromCache('deno'), ['run', '--allow-net=127.0.0.1', '--allow-env', await bundle('deno')], env);
  if (runtime === 'bun') return serve(fromCache('bun'), ['run', await bundle('bun')], env);
  if (runtime === 'workerd') {
    const entry = createRequire(join(CACHE, 'package.json')).resolve('miniflare');
    const { Miniflare } = (await import(pathToFileURL(entry).href)) as { Miniflare: MiniflareClass };
    const worker = new Miniflare({
      modules: true,
      scriptPath: await bundle('worker'),
      compatibilityDate: '2026-04-01',
      bindings: { ...env },
      host: '127.0.0.1',
      port: 0,
    });
    const url = await worker.ready;
    return { base: url.href, stop: () => worker.dispose() };
  }
  throw new Error(`unknown runtime ${runtime}`);
}

/**
 * What each path trick gets, per runtime. Node (nodeListener) and Deno hand the handler the raw
 * path: nodeListener refuses tricks with 400, Deno passes them to the proxies, which refuse them
 * (Shareablee 400) or find no such path (SharedCount 404). Bun and workerd resolve `..`, `%2e%2e`
 * and `\` before the handler sees the URL: the resolved path is then a documented endpoint (200)
 * or not (404). No trick ever reaches an undocumented upstream path.
 */
const TRICKS: { path: string; node: number; deno: number; bun: number; workerd: number }[] = [
  { path: '/shareablee/user/42/../../me/properties/', node: 400, deno: 400, bun: 200, workerd: 200 },
  { path: '/shareablee/user/42/%2e%2e/%2e%2e/me/properties/', node: 400, deno: 400, bun: 200, workerd: 200 },
  { path: '/shareablee/user/%2e%2e/%2e%2e/me/properties/', node: 400, deno: 400, bun: 404, workerd: 404 },
  { path: '/shareablee/me\\properties/', node: 400, deno: 400, bun: 200, workerd: 200 },
  { path: '/shareablee/../admin/', node: 400, deno: 400, bun: 404, workerd: 404 },
  { path: '/shareablee/user/42/facebook/metrics/../../../../../../etc/passwd', node: 400, deno: 400, bun: 404, workerd: 404 },
  { path: `/x/../sharedcount/?url=${encodeURIComponent('https://example.com/trick')}`, node: 400, deno: 404, bun: 200, workerd: 200 },
  {
    path: `/sharedcount/%2e%2e/sharedcount/?url=${encodeURIComponent('https://example.com/trick')}`,
    node: 400,
    deno: 404,
    bun: 200,
    workerd: 200,
  },
  { path: `/sharedcount\\?url=${encodeURIComponent('https://example.com/trick')}`, node: 400, deno: 404, bun: 200, workerd: 200 },
];

/** Upstream paths the proxies may ask for: documented endpoints only. */
const DOCUMENTED = [
  /^\/sharedcount\/v1\.1\/\?url=[^&]+&apikey=sc-key-4d1b9$/,
  /^\/shareablee\/v1\.4\/(?:user|category)\/[\w]+\/(?:facebook|twitter|instagram)\/metrics\/$/,
  /^\/shareablee\/v1\.4\/me\/properties\/$/,
];

for (const runtime of RUNTIMES) {
  describe(`both proxies under ${runtime}`, { timeout: 30_000 }, () => {
    let server: Running;
    beforeAll(async () => {
      server = await start(runtime);
    }, 60_000);
    afterAll(() => server?.stop());
    beforeEach(() => void (seen.length = 0));

    it('forwards with the token: the Basic header to Shareablee, the key to SharedCount', async () => {
      const metrics = await send(server.base, '/shareablee/user/42/facebook/metrics/');
      expect([metrics.status, JSON.parse(metrics.body).name]).toEqual([200, 'The Daily']);
      const counts = await send(server.base, count('https://example.com/forward'));
      expect([counts.status, counts.body]).toEqual([200, '{"Pinterest":2}']);
      expect(seen.map(({ path, authorization }) => [path, authorization])).toEqual([
        ['/shareablee/v1.4/user/42/facebook/metrics/', `Basic ${TOKEN}`],
        [`/sharedcount/v1.1/?url=${encodeURIComponent('https://example.com/forward')}&apikey=${ENV.SHAREDCOUNT_KEY}`, undefined],
      ]);
    });

    it('caches repeats and makes one upstream call for 5 identical requests at once', async () => {
      for (const path of ['/shareablee/user/slowish1/facebook/metrics/', count('https://example.com/slowish1')]) {
        const five = await Promise.all(Array.from({ length: 5 }, () => send(server.base, path)));
        expect(five.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
        expect(new Set(five.map((answer) => answer.body)).size, 'one answer for all').toBe(1);
        const again = await send(server.base, path);
        expect([again.status, again.body]).toEqual([200, five[0]!.body]);
      }
      expect(seen, 'one call per path').toHaveLength(2);
    });

    it('answers a burst of 20 distinct Shareablee requests, at most 5 a second upstream', async () => {
      const burst = await Promise.all(
        Array.from({ length: 20 }, (_, i) => send(server.base, `/shareablee/category/${i + 100}/facebook/metrics/`)),
      );
      expect(burst.map((answer) => answer.status)).toEqual(Array(20).fill(200));
      expect(seen).toHaveLength(20);
      const times = seen.map((request) => request.at);
      for (const at of times) expect(times.filter((other) => other >= at && other < at + 1000).length).toBeLessThanOrEqual(5);
    });

    it(`cuts a burst from one client at its budget, by the address ${runtime} reports, while a second client is answered`, async () => {
      const budget = (page: string) => `/budget/sharedcount/?url=${encodeURIComponent(page)}`;
      const first: number[] = [];
      for (let i = 0; i < 8; i++) {
        // A header the client sets picks no bucket of its own.
        const spoof = { 'X-Forwarded-For': `10.9.8.${i}` };
        first.push((await send(server.base, budget(`https://example.com/burst-${i}`), 'GET', spoof, '127.0.0.2')).status);
      }
      expect(first).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
      const refused = await send(server.base, budget('https://example.com/burst-9'), 'GET', {}, '127.0.0.2');
      expect([refused.status, JSON.parse(refused.body).Type, Number(refused.headers['retry-after'])]).toEqual([
        429,
        'rate_limited',
        expect.any(Number),
      ]);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      const cached = await send(server.base, budget('https://example.com/burst-0'), 'GET', {}, '127.0.0.2');
      expect(cached.status, 'a cached page still answers the same client').toBe(200);
      const second = await send(server.base, budget('https://example.com/other'), 'GET', {}, '127.0.0.3');
      expect(second.status, 'another address has its own budget').toBe(200);
      expect(seen, 'upstream calls: 5 of the burst, 1 of the second client').toHaveLength(6);
    });

    it('answers 405 for other methods and 404 for other paths', async () => {
      for (const path of ['/shareablee/me/properties/', count('https://example.com/')]) {
        const answer = await send(server.base, path, 'POST');
        expect([path, answer.status]).toEqual([path, 405]);
      }
      for (const path of ['/shareablee/admin/', '/shareablee/user/42/myspace/metrics/', '/sharedcount/quota?url=x', '/elsewhere/']) {
        expect([path, (await send(server.base, path)).status]).toEqual([path, 404]);
      }
      expect(seen).toEqual([]);
    });

    it(`gives the path tricks the statuses the README lists for ${runtime}, never an undocumented upstream path`, async () => {
      const statuses = [];
      for (const trick of TRICKS) statuses.push([trick.path, (await send(server.base, trick.path)).status]);
      expect(statuses).toEqual(TRICKS.map((trick) => [trick.path, trick[runtime as 'node']]));
      for (const { path } of seen)
        expect(
          DOCUMENTED.some((pattern) => pattern.test(path)),
          path,
        ).toBe(true);
    });

    it('answers CORS for the allowed origin only, and the preflight', async () => {
      for (const path of ['/shareablee/me/properties/', count('https://example.com/cors')]) {
        const allowed = await send(server.base, path, 'GET', { Origin: 'https://news.example' });
        expect(allowed.headers['access-control-allow-origin']).toBe('https://news.example');
        expect(allowed.headers.vary).toContain('Origin');
        const refused = await send(server.base, path, 'GET', { Origin: 'https://evil.example' });
        expect(refused.headers['access-control-allow-origin']).toBeUndefined();
        const preflight = await send(server.base, path, 'OPTIONS', {
          Origin: 'https://news.example',
          'Access-Control-Request-Method': 'GET',
        });
        expect([preflight.status, preflight.headers['access-control-allow-origin']]).toEqual([204, 'https://news.example']);
        expect(preflight.headers['access-control-allow-methods']).toMatch(/^GET, (HEAD, )?OPTIONS$/);
        const refusedPreflight = await send(server.base, path, 'OPTIONS', { Origin: 'https://evil.example' });
        expect(refusedPreflight.status).toBe(403);
      }
    });

    it('answers 502 for an unreachable or failing upstream and 504 for a slow one', async () => {
      expect((await send(server.base, '/dead/shareablee/me/properties/')).status).toBe(502);
      expect((await send(server.base, `/dead${count('https://example.com/dead')}`)).status).toBe(502);
      expect((await send(server.base, '/shareablee/user/broken/facebook/metrics/')).status).toBe(502);
      expect((await send(server.base, count('https://example.com/broken'))).status).toBe(502);
      expect((await send(server.base, '/shareablee/user/slow/facebook/metrics/')).status).toBe(504);
      expect((await send(server.base, count('https://example.com/slow'))).status).toBe(504);
    });

    it('bundles the SSR modules with Lit’s `css` only, never ReactiveElement (it extends HTMLElement, which Workers lack)', () => {
      const { outfile, metafile } = bundled.get(runtime === 'workerd' ? 'worker' : runtime)!;
      const inputs = Object.keys(metafile.inputs);
      const packages = inputs.filter((input) => input.includes('node_modules/'));
      const cssTag = runtime === 'node' ? 'node/css-tag.js' : 'css-tag.js';
      expect(packages).toEqual([`node_modules/@lit/reactive-element/${cssTag}`]);
      expect(inputs.filter((input) => input.startsWith('share-icon:'))).toHaveLength(13);
      // Lit's production files are minified (`class n extends HTMLElement`): the name alone would miss them.
      const code = readFileSync(outfile, 'utf8');
      expect(code).not.toContain('class ReactiveElement');
      expect(code).not.toMatch(/HTMLElement|customElements/);
    });

    it('renders a page with the counts from the proxy’s counts(url), whose cache /sharedcount/ then answers from', async () => {
      const page = 'https://example.com/ssr-page';
      const encoded = encodeURIComponent(page);
      const before = Date.now();
      const rendered = await send(server.base, `/ssr/?url=${encoded}`);
      expect([rendered.status, rendered.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
      expect(seen.map(({ path }) => path)).toEqual([`/sharedcount/v1.1/?url=${encoded}&apikey=${ENV.SHAREDCOUNT_KEY}`]);
      const html = rendered.body;
      // <share-count>: the total (12,345 on Facebook + 1,500 on Pinterest), compact, and in full for a screen reader.
      expect(html).toContain('<share-count url="https://example.com/ssr-page" locale="en-US" state="ready" answer="');
      expect(html).toContain('<span part="count" role="img" aria-label="13,845 shares">14K</span>');
      const answer = /<share-count [^>]*\banswer="([^"]*)" answer-at="(\d+)"/.exec(html);
      expect(JSON.parse(answer![1]!.replaceAll('&quot;', '"').replaceAll('&amp;', '&'))).toEqual(JSON.parse(SSR_ANSWER));
      expect(Number(answer![2])).toBeGreaterThanOrEqual(before - 1);
      expect(Number(answer![2])).toBeLessThanOrEqual(Date.now());
      expect(html).toMatch(
        /<share-buttons networks="facebook pinterest x" counts="" url="https:\/\/example\.com\/ssr-page" text="T" locale="en-US" answer="[^"]*" answer-at="\d+">/,
      );
      // One declarative shadow root per element: the count, the group, and its three buttons.
      expect(html.split('<template shadowrootmode="open">')).toHaveLength(6);
      // Each button a plain link to its network's share page, with its count (Facebook, Pinterest).
      expect(html).toContain(
        `<a part="button" rel="noopener noreferrer" href="https://www.facebook.com/sharer/sharer.php?u=${encoded}" target="_blank" aria-label="Share on Facebook, 12K shares">`,
      );
      expect(html).toContain(
        `<a part="button" rel="noopener noreferrer" href="https://www.pinterest.com/pin/create/button/?url=${encoded}&amp;description=T" target="_blank" aria-label="Save on Pinterest, 1.5K shares">`,
      );
      expect(html).toContain(
        `<a part="button" rel="noopener noreferrer" href="https://x.com/intent/tweet?text=T&amp;url=${encoded}" target="_blank" aria-label="Post on X">`,
      );
      expect(html).toContain('<span part="label">Facebook</span> <span part="count">12K</span>');
      expect(html).toContain('<span part="label">Pinterest</span> <span part="count">1.5K</span>');
      expect(html).toContain('<span part="label">X</span> <span part="count" hidden=""></span>');

      // The same proxy, over HTTP: its cache, no second call.
      const served = await send(server.base, count(page));
      expect([served.status, JSON.parse(served.body)]).toEqual([200, JSON.parse(SSR_ANSWER)]);
      expect(seen, 'one upstream call for the page and the HTTP request').toHaveLength(1);
    });

    it('renders the error state, in a 200 page, for a page the proxy does not count, with no upstream call', async () => {
      const page = 'https://elsewhere.example/ssr-page';
      const rendered = await send(server.base, `/ssr/?url=${encodeURIComponent(page)}`);
      expect([rendered.status, rendered.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
      // The proxy's refusal (domain_not_allowed, 403 over HTTP), naming the page, as the element shows it.
      const message = `This proxy does not count pages of that domain. (${page})`;
      expect(rendered.body).toContain(`<share-count url="${page}" locale="en-US" state="error"><template shadowrootmode="open"><style>`);
      expect(rendered.body).toContain(
        `<span part="error" role="img" aria-label="Share count unavailable: ${message}" title="${message}">–</span>`,
      );
      expect(rendered.body).not.toContain('answer=');
      // The buttons still link to the share pages, with no counts.
      expect(rendered.body).toContain(`href="https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(page)}"`);
      expect(rendered.body).toContain('aria-label="Share on Facebook">');
      expect(seen).toEqual([]);
    });

    it('never shows a secret in any answer it gave', () => {
      expect(answers.length).toBeGreaterThan(40);
      for (const answer of answers) {
        const text = JSON.stringify(answer.headers) + answer.body;
        for (const secret of SECRETS) expect(text).not.toContain(secret);
      }
      answers.length = 0;
    });
  });
}

it('has every runtime it was asked for', () => {
  for (const runtime of RUNTIMES.filter((name) => name !== 'node' && name !== 'workerd'))
    expect(existsSync(fromCache(runtime)), runtime).toBe(true);
});
