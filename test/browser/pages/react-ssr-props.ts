/**
 * Every prop `share-count-widgets/react` types for the four elements but `fetch` and the events,
 * with values a test can find back on the element. test/browser/pages/react-ssr.ts renders them.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  ShareableeBadgeReactProps,
  ShareButtonReactProps,
  ShareButtonsReactProps,
  ShareCountReactProps,
} from '../../../src/jsx/react.js';

/** What the types offer beyond React's own HTML props: all of it, so a prop added to the types must be added here. */
type Own<P, E extends HTMLElement> = Required<Omit<P, keyof DetailedHTMLProps<HTMLAttributes<E>, E>>>;

const endpoint = `${location.origin}/__fake-sharedcount/`;
export const COUNT = {
  url: 'https://example.com/ssr-post',
  service: 'total',
  field: 'total_count',
  notation: 'standard',
  locale: 'de-DE',
  lazy: true,
  'hide-below': 2000,
  label: '# Mal geteilt',
  'api-key': 'ssr-key',
  endpoint,
  transport: 'cors',
} satisfies Omit<Own<ShareCountReactProps, HTMLElement>, 'fetch' | `on${string}`>;
export const BADGE = {
  'entity-id': '42',
  'category-id': '7',
  service: 'facebook',
  metric: 'total_actions',
  'start-date': '2026-10-01',
  'end-date': '2026-10-31',
  sparkline: true,
  endpoint: `${location.origin}/__fake-shareablee/`,
  notation: 'compact',
  locale: 'fr-FR',
} satisfies Omit<Own<ShareableeBadgeReactProps, HTMLElement>, `on${string}`>;
/** What `<share-buttons>` passes down to its buttons, and a single button takes too. */
const PASSED = {
  url: 'https://example.com/ssr-post',
  text: 'A headline',
  media: 'https://example.com/cover.jpg',
  via: 'example',
  hashtags: 'news,ssr',
  'mastodon-server': 'mastodon.example',
  display: 'icon',
  notation: 'standard',
  locale: 'de-DE',
  label: 'Teilen',
  'api-key': 'ssr-key',
  endpoint,
  transport: 'cors',
} as const;
export const BUTTON = {
  ...PASSED,
  network: 'mastodon',
  count: true,
  'hide-below': 3000,
} satisfies Omit<Own<ShareButtonReactProps, HTMLElement>, 'fetch' | `on${string}`>;
export const BUTTONS = {
  ...PASSED,
  networks: 'facebook mastodon',
  counts: true,
  'hide-below': 4000,
} satisfies Omit<Own<ShareButtonsReactProps, HTMLElement>, `on${string}`>;
