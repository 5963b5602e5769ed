/** Cloudflare Workers (workerd, through Miniflare): a module worker reading its secrets from `env`, as the README's recipe does. */
import type { ProxyContext, ProxyHandler } from '../../src/server/index.js';
import { app, type AppEnv } from './app.js';

let handler: ProxyHandler | undefined;

export default {
  fetch(request: Request, env: AppEnv, context: ProxyContext): Promise<Response> {
    // Made on the first request: env exists only then. The proxies' caches live as long as the isolate.
    handler ??= app(env);
    return handler(request, context);
  },
};
