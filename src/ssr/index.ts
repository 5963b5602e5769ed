/**
 * `share-count-widgets/ssr`: the elements as HTML, written on a server (Node, Deno, Bun, Workers;
 * no DOM). Each element comes with a declarative shadow root holding its styles and the nodes the
 * element renders in the browser, computed by the same modules (`../elements/*\/view.ts`): the
 * page shows the count and the share links before any script runs, or with none at all. The
 * answer goes into the `answer` and `answer-at` attributes, which the element adopts when its
 * script upgrades it: no request while the answer is fresh. The code is in `./render.ts`, which
 * the Lit SSR renderers (`share-count-widgets/ssr/lit`) share.
 */
export {
  renderShareButtons,
  renderShareCount,
  type HostAttributes,
  type RenderShareButtonsOptions,
  type RenderShareCountOptions,
} from './render.js';
export { configure } from '../wire/config.js';
export type { ServedCounts } from '../server/sharedcount-proxy.js';
