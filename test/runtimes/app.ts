/**
 * The app every runtime serves in the wire tests: both proxies, built from the environment
 * (Workers pass secrets in `env`, not module scope), in front of the test's fake upstream.
 *   /sharedcount/       createSharedCountProxy
 *   /shareablee/        createShareableeProxy
 *   /dead/sharedcount/, /dead/shareablee/   the same, in front of a port nothing listens on
 *   /budget/sharedcount/  createSharedCountProxy with a budget of 5 upstream calls per client a minute
 *   /ssr/?url=          a page rendered on the server (share-count-widgets/ssr): <share-count> and
 *                       <share-buttons> with the counts from /sharedcount/'s own proxy, by `counts(url)`
 */
import { createShareableeProxy, createSharedCountProxy, type ProxyContext, type ProxyHandler } from '../../src/server/index.js';
import { renderShareButtons, renderShareCount } from '../../src/ssr/index.js';

export interface AppEnv {
  SHAREDCOUNT_KEY: string;
  SHAREABLEE_KEY: string;
  SHAREABLEE_SECRET: string;
  /** The fake upstream, `http://127.0.0.1:PORT/`. */
  UPSTREAM: string;
  /** A loopback address nothing listens on. */
  DEAD: string;
}

const ORIGINS = ['https://news.example'];
const quiet = () => {};

export function app(env: AppEnv): ProxyHandler {
  const sharedCount = (base: string, prefix: string, perClient?: number) =>
    createSharedCountProxy({
      budget: { perClient },
      apiKey: env.SHAREDCOUNT_KEY,
      allowHosts: ['example.com'],
      endpoint: `${base}sharedcount/v1.1/`,
      prefix,
      allowOrigins: ORIGINS,
      timeout: 1000,
      log: quiet,
    });
  const shareablee = (base: string, prefix: string) =>
    createShareableeProxy({
      apiKey: env.SHAREABLEE_KEY,
      secret: env.SHAREABLEE_SECRET,
      upstream: `${base}shareablee/v1.4/`,
      prefix,
      allowOrigins: ORIGINS,
      timeout: 1000,
      log: quiet,
    });
  const counted = sharedCount(env.UPSTREAM, '/sharedcount/');
  const routes: [string, ProxyHandler][] = [
    ['/sharedcount/', counted],
    ['/shareablee/', shareablee(env.UPSTREAM, '/shareablee/')],
    ['/dead/sharedcount/', sharedCount(env.DEAD, '/dead/sharedcount/')],
    ['/dead/shareablee/', shareablee(env.DEAD, '/dead/shareablee/')],
    ['/budget/sharedcount/', sharedCount(env.UPSTREAM, '/budget/sharedcount/', 5)],
    ['/ssr/', (request) => page(counted, request)],
  ];
  return (request: Request, context?: ProxyContext) => {
    const path = /^[a-z]+:\/\/[^/?#]*([^?#]*)/i.exec(request.url)?.[1] ?? '/';
    const route = routes.find(([prefix]) => path.startsWith(prefix));
    if (!route) return Promise.resolve(new Response('{"error":"not found"}', { status: 404 }));
    return route[1](request, context);
  };
}

/**
 * `/ssr/?url=`: the counts from the proxy itself (its caches, allow-list and budget; no HTTP round
 * trip), written into both elements. A refusal (`counts()` rejects) is the elements' error state,
 * still a 200 page: a server renders what it has, and never dies on a request.
 */
async function page(proxy: ReturnType<typeof createSharedCountProxy>, request: Request): Promise<Response> {
  const html = (body: string, status = 200) => new Response(body, { status, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
  try {
    const url = new URL(request.url).searchParams.get('url') ?? '';
    const { counts, at } = await proxy.counts(url).catch((error: unknown) => ({
      counts: error instanceof Error ? error : new Error(String(error)),
      at: undefined,
    }));
    const count = renderShareCount({ url, counts, at, locale: 'en-US' });
    const buttons = renderShareButtons({ url, text: 'T', networks: 'facebook pinterest x', counts, at, locale: 'en-US' });
    return html(`<!doctype html><html lang="en-US"><meta charset="utf-8"><title>SSR</title><body>${count}${buttons}</body></html>`);
  } catch (error) {
    // Rendering itself threw (a bug, not a refusal): a 500 page, and the server goes on.
    return html(`<!doctype html><title>Error</title><p>${String(error).replace(/[&<>]/g, '')}</p>`, 500);
  }
}
