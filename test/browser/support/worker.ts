/**
 * MSW in the test page: the fake SharedCount and a log of every request that
 * left for another origin. A request for a host no handler answers fails the
 * test instead of reaching the network. Nothing of the package's source is
 * imported here, so tests of the built files can use it on a clean page.
 */
import { setupWorker } from 'msw/browser';
import { sharedCountHandlers } from '../../fakes/sharedcount.js';

export const worker = setupWorker(...sharedCountHandlers());

/** Remote requests, in order, as the worker saw them. */
export const requests: Request[] = [];
export const remoteUrls = () => requests.map((request) => request.url);

worker.events.on('request:start', ({ request }) => {
  if (new URL(request.url).origin !== location.origin) requests.push(request);
});

let started: Promise<unknown> | undefined;

export function startMocks(): Promise<unknown> {
  started ??= worker.start({
    quiet: true,
    onUnhandledRequest(request, print) {
      if (new URL(request.url).origin !== location.origin) print.error();
    },
  });
  return started;
}

export const nextTick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** After the page's next idle period: the answer cache writes storage then, once for all its answers. */
export const afterIdle = () => new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve), { timeout: 2000 }));

/** Loads a classic script (jQuery, a built bundle) and resolves when it ran. */
export function loadScript(src: string, attributes: Record<string, string> = {}): Promise<HTMLScriptElement> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
    script.src = src;
    script.onload = () => resolve(script);
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

/** Resolves with what `promise` rejected with; fails if it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, got a value');
}

/** Scripts and globals the JSONP layer could have left behind. */
export const leftovers = () => ({
  scripts: [...document.querySelectorAll('script[src]')].filter((s) => new URL((s as HTMLScriptElement).src).origin !== location.origin)
    .length,
  globals: Object.keys(window).filter((key) => /^(sc_|jsonp_|cb_)/.test(key)),
});

/**
 * MSW's own race between two test pages, not the package's: the worker unregisters itself when
 * the last page it served closes (its CLIENT_CLOSED message), and the next page's `worker.start()`
 * can still find that registration and call `registration.update()` on it without awaiting it.
 * Chromium then rejects with "Failed to update a ServiceWorker … Not found", and MSW registers afresh.
 */
const isWorkerUpdateRace = (reason: unknown) =>
  reason instanceof TypeError && /^Failed to update a ServiceWorker for scope .*mockServiceWorker\.js.*: Not found$/.test(reason.message);

/**
 * Errors that reach `window.onerror` or go unhandled during each test of the
 * calling suite (registers its own beforeEach/afterEach).
 */
export function watchPageErrors(): string[] {
  const errors: string[] = [];
  const onError = (event: ErrorEvent) => errors.push(event.message);
  const onRejection = (event: PromiseRejectionEvent) => {
    if (!isWorkerUpdateRace(event.reason)) errors.push(String(event.reason));
  };
  beforeEach(() => {
    errors.length = 0;
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });
  afterEach(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  });
  return errors;
}

/**
 * A `<share-count url=… notation="standard">` appended to the page, once it fired
 * `share-count-load`: for tests of built files, which define the element themselves.
 */
export async function loadedShareCount(url: string): Promise<HTMLElementTagNameMap['share-count']> {
  const el = document.createElement('share-count');
  el.setAttribute('url', url);
  el.setAttribute('notation', 'standard');
  const loaded = new Promise((resolve) => el.addEventListener('share-count-load', resolve, { once: true }));
  document.body.append(el);
  await loaded;
  await el.updateComplete;
  return el;
}
