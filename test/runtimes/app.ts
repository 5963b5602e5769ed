/**
 * The app every runtime serves in the wire tests: both proxies, built from the environment
 * (Workers pass secrets in `env`, not module scope), in front of the test's fake upstream.
 *   /sharedcount/       createSharedCountProxy
 *   /shareablee/        createShareableeProxy
 *   /dead/sharedcount/, /dead/shareablee/   the same, in front of a port nothing listens on
 *   /budget/sharedcount/  createSharedCountProxy with a budget of 5 upstream calls per client a minute
 */
import { createShareableeProxy, createSharedCountProxy, type ProxyContext, type ProxyHandler } from '../../src/server/index.js';

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
  const routes: [string, ProxyHandler][] = [
    ['/sharedcount/', sharedCount(env.UPSTREAM, '/sharedcount/')],
    ['/shareablee/', shareablee(env.UPSTREAM, '/shareablee/')],
    ['/dead/sharedcount/', sharedCount(env.DEAD, '/dead/sharedcount/')],
    ['/dead/shareablee/', shareablee(env.DEAD, '/dead/shareablee/')],
    ['/budget/sharedcount/', sharedCount(env.UPSTREAM, '/budget/sharedcount/', 5)],
  ];
  return (request: Request, context?: ProxyContext) => {
    const path = /^[a-z]+:\/\/[^/?#]*([^?#]*)/i.exec(request.url)?.[1] ?? '/';
    const route = routes.find(([prefix]) => path.startsWith(prefix));
    if (!route) return Promise.resolve(new Response('{"error":"not found"}', { status: 404 }));
    return route[1](request, context);
  };
}
