/** The test page's MSW (support/worker.ts) plus a reset of the package's own state between tests. */
import { clearCache, configure } from '../../../src/entries/share-count-widgets.js';
import { requests, worker } from './worker.js';

export * from './worker.js';

/** Back to a blank page state: default handlers, no log, no cache, default config. */
export function reset(): void {
  worker.resetHandlers();
  requests.length = 0;
  clearCache();
  configure({ sharedcount: { apiKey: 'demo-key' }, consent: 'granted' });
}
