/**
 * `npm start` in the shape of production: page → the SharedCount proxy → the API. A Vite plugin
 * mounts the real proxy (createSharedCountProxy through nodeListener) at `/api/sharedcount/`,
 * and the proxy asks a fake SharedCount of its own, a second server on 127.0.0.1. The page holds
 * no key; the proxy holds the fake's. The page learns the endpoint from a meta tag the plugin adds.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Plugin } from 'vite';
import { createSharedCountProxy, nodeListener } from '../src/server/index.js';
import { countsFor, FAKE_KEY } from '../test/fakes/sharedcount.js';

export const PROXY_PATH = 'api/sharedcount/';

/** SharedCount v1.1's `GET /v1.1/?url=&apikey=`, answered like the MSW fake, a little late (the page shows its loading state). */
function fakeSharedCount(latency: number): Server {
  return createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const page = url.searchParams.get('url') ?? '';
    const send = (status: number, body: unknown) =>
      setTimeout(() => {
        response.writeHead(status, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(body));
      }, latency);
    if (url.pathname !== '/v1.1/') return send(404, { Error: 'Not found', Type: 'not_found' });
    if (url.searchParams.get('apikey') !== FAKE_KEY) return send(401, { Error: 'Invalid API key.', Type: 'invalid_api_key' });
    if (!/^https?:\/\/[^/]+/.test(page) || page.includes('not-a-page'))
      return send(400, { Error: 'Not a valid URL.', Type: 'invalid_url' });
    send(200, countsFor(page));
  });
}

/**
 * The demo proxy's log: its lines to `info`, but for the warning that its endpoint is http, which
 * is about this demo's own fake on loopback, not a deployment. The proxy itself still warns of
 * any http endpoint (test/unit/sharedcount-proxy.test.ts).
 */
export const demoLog =
  (endpoint: string, info: (line: string) => void) =>
  (message: string): void => {
    if (!message.includes(`endpoint ${endpoint} is http;`))
      info(`[sharedcount proxy] ${message.replace(/^share-count-widgets proxy: /, '')}`);
  };

export function sharedCountProxy(latency = 400): Plugin {
  let upstream: Server | undefined;
  return {
    name: 'sharedcount-proxy',
    configureServer(server) {
      upstream = fakeSharedCount(latency);
      const listening = new Promise<string>((resolve) =>
        upstream!.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(upstream!.address() as AddressInfo).port}/v1.1/`)),
      );
      const proxy = listening.then((endpoint) =>
        nodeListener(
          createSharedCountProxy({
            apiKey: FAKE_KEY,
            allowHosts: ['example.com', '.example.com'],
            endpoint,
            log: demoLog(endpoint, (line) => server.config.logger.info(line)),
          }),
        ),
      );
      // Vite's CLI prints the URLs once it listens, before the shortcuts hint and any line of the
      // proxy's: printed after all of them, and then plainly, the demo's URL is the last line.
      const printUrls = server.printUrls.bind(server);
      server.printUrls = () =>
        void proxy.then(() =>
          setTimeout(() => {
            printUrls();
            server.config.logger.info(`\n  The demo: ${server.resolvedUrls?.local[0] ?? ''}\n`);
          }),
        );
      // connect strips the mount path: the proxy, mounted at its default prefix '/', sees `/?url=…`.
      server.middlewares.use(`${server.config.base}${PROXY_PATH}`, (request, response) => {
        void proxy.then((listener) => listener(request, response));
      });
    },
    transformIndexHtml: {
      order: 'pre',
      handler: (_html, context) => [
        {
          tag: 'meta',
          attrs: { name: 'sharedcount-endpoint', content: `${context.server?.config.base ?? '/'}${PROXY_PATH}` },
          injectTo: 'head',
        },
      ],
    },
    closeBundle() {
      upstream?.closeAllConnections();
      upstream?.close();
    },
  };
}
