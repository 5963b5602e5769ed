/**
 * Waiting for elements the way a reader would: until they show an answer. `state` changes as the
 * answer arrives, and the render that shows it runs in a later slice of the page-wide scheduler,
 * so waiting on `state` alone can read the shadow tree one render early.
 */
import { fixture, waitUntil } from '@open-wc/testing';

interface Settling {
  readonly state: string;
  readonly updateComplete: Promise<boolean>;
  readonly outerHTML: string;
}

/** Resolves once every element is past `loading` (or meets `until`) and has rendered it. */
export async function settledAll<T extends Settling>(
  elements: readonly T[],
  { until = (el: T) => el.state !== 'loading', timeout = 5000 }: { until?: (el: T) => boolean; timeout?: number } = {},
): Promise<T[]> {
  await Promise.all(elements.map((el) => el.updateComplete)); // a pending attribute change starts its request in the update
  await waitUntil(() => elements.every(until), `${elements.length} element(s) settled, first ${elements[0]?.outerHTML}`, { timeout });
  await Promise.all(elements.map((el) => el.updateComplete));
  return [...elements];
}

/** One element: past `loading` and rendered. One parameter, so that `elements.map(settled)` works. */
export const settled = async <T extends Settling>(el: T): Promise<T> => (await settledAll([el]))[0]!;

/** Renders `template` as a fixture and resolves with its element once that has settled. */
export const mount = async <T extends Settling & Element>(template: Parameters<typeof fixture>[0], timeout = 8000): Promise<T> =>
  (await settledAll([await fixture<T>(template)], { timeout }))[0]!;
