import { clearSharedCountCache } from './sharedcount/client.js';

/** Removes everything the widget stored, at once: cached answers (memory and storage) and the quota latch. */
export function clearCache(): void {
  clearSharedCountCache();
}
