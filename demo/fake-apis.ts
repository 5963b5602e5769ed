/**
 * The fake APIs the framework demo pages run on: MSW answering SharedCount and the Shareablee
 * proxy in the browser, and every request that leaves the page listed in `#wire-log`, so a reader
 * (and the browser tests) can see exactly what went over the wire.
 */
import { setupWorker } from 'msw/browser';
import { FAKE_PROXY, shareableeHandlers } from '../test/fakes/shareablee.js';
import { FAKE_KEY, sharedCountHandlers } from '../test/fakes/sharedcount.js';

export { FAKE_KEY, FAKE_PROXY };

/** Starts the fake APIs; they answer after `latency` ms, so the pages show their loading state. */
export async function startFakeApis(latency = 300): Promise<void> {
  const worker = setupWorker(...sharedCountHandlers(undefined, latency), ...shareableeHandlers());
  const log = document.getElementById('wire-log');
  worker.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    // The page's own files are not listed; calls to the proxies it talks to are.
    if (url.origin === location.origin && !url.pathname.includes('/api/')) return;
    log?.append(Object.assign(document.createElement('li'), { textContent: `${request.method} ${request.url}` }));
  });
  await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
}
