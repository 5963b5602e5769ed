/**
 * <share-count> from React 19, with no wrapper. React 19 assigns a prop as a property when the
 * element has one (`service`, `notation`, and `fetch`, a function no attribute could hold), and a
 * prop named `on` + an event's exact name, hyphens included, adds a listener: `onshare-count-load`.
 * (`onShareCountLoad` would listen for an event called "ShareCountLoad".)
 *
 * Plain `createElement` rather than JSX, so the page needs no JSX set-up in the build or the type check.
 */
import { createElement as h, StrictMode, useCallback, useState, type ChangeEvent } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import {
  configure,
  type ShareCountElement,
  type ShareCountErrorDetail,
  type ShareCountLoadDetail,
} from '../src/entries/share-count-widgets.js';
import { FAKE_KEY, startFakeApis } from './fake-apis.js';

const POSTS = [
  { url: 'https://example.com/popular', title: 'The post everyone shared' },
  { url: 'https://example.com/2026/11/election-night', title: 'Election night, as it happened' },
  { url: 'https://example.com/2026/11/recipes', title: 'Recipes for a cold November' },
  { url: 'https://example.com/not-a-page', title: 'A page SharedCount refuses' },
];

const NETWORKS = { total: 'all networks', facebook: 'Facebook', pinterest: 'Pinterest' } as const;
type Network = keyof typeof NETWORKS;

const numbers = new Intl.NumberFormat('en');

function Posts() {
  const [network, setNetwork] = useState<Network>('total');
  const [standard, setStandard] = useState(false);
  /** What the elements reported, by URL, and for which network: React renders its summary from the events alone. */
  const [counts, setCounts] = useState<ReadonlyMap<string, { count: number | null; network: string }>>(new Map());
  const [failures, setFailures] = useState<ReadonlyMap<string, string>>(new Map());
  const [requests, setRequests] = useState(0);

  // The same function for every element and every render: a new one would be a new `fetch`,
  // and the elements would ask again.
  const countingFetch = useCallback<typeof fetch>((input, init) => {
    setRequests((n) => n + 1);
    return fetch(input, init);
  }, []);
  const onLoad = useCallback(({ detail, target }: CustomEvent<ShareCountLoadDetail>) => {
    const { service } = target as ShareCountElement;
    setCounts((previous) => new Map(previous).set(detail.url, { count: detail.count, network: service }));
  }, []);
  const onError = useCallback(({ detail }: CustomEvent<ShareCountErrorDetail>) => {
    setFailures((previous) => new Map(previous).set(detail.url, detail.error.message));
  }, []);

  // Until every element has reported the network now chosen, the summary says so rather than mix networks.
  const counted = POSTS.filter(({ url }) => counts.get(url)?.network === network);
  const total = counted.reduce((sum, { url }) => sum + (counts.get(url)?.count ?? 0), 0);
  const settled = counted.length + POSTS.filter(({ url }) => failures.has(url)).length;
  const summary =
    settled < POSTS.length
      ? `Counting… ${settled} of ${POSTS.length} posts`
      : `${numbers.format(total)} shares on ${NETWORKS[network]} across ${counted.length} posts`;

  return h(
    'section',
    { 'aria-labelledby': 'posts-title' },
    h('h2', { id: 'posts-title' }, 'Posts'),
    h(
      'fieldset',
      { className: 'controls' },
      h('legend', null, 'Show'),
      h('label', { htmlFor: 'network' }, 'Network'),
      h(
        'select',
        {
          id: 'network',
          value: network,
          onChange: (event: ChangeEvent<HTMLSelectElement>) => setNetwork(event.currentTarget.value as Network),
        },
        Object.entries(NETWORKS).map(([value, label]) => h('option', { key: value, value }, label)),
      ),
      h(
        'label',
        null,
        h('input', {
          id: 'standard',
          type: 'checkbox',
          checked: standard,
          onChange: (event: ChangeEvent<HTMLInputElement>) => setStandard(event.currentTarget.checked),
        }),
        ' Full numbers',
      ),
    ),
    h(
      'ul',
      { className: 'posts' },
      POSTS.map(({ url, title }) =>
        h(
          'li',
          { key: url },
          h('a', { href: url }, title),
          h('share-count', {
            url,
            service: network,
            notation: standard ? 'standard' : 'compact',
            fetch: countingFetch,
            'onshare-count-load': onLoad,
            'onshare-count-error': onError,
          }),
        ),
      ),
    ),
    h('p', null, h('output', { id: 'summary', 'aria-live': 'polite' }, summary)),
    // Folded, so a failure arriving late changes a line's text and pushes nothing down the page.
    h(
      'details',
      { id: 'failures-box' },
      h('summary', null, `Posts not counted: ${failures.size}`),
      h(
        'ul',
        { id: 'failures' },
        [...failures].map(([url, message]) => h('li', { key: url }, `Not counted: ${url} (${message})`)),
      ),
    ),
    h('p', { id: 'requests' }, `Requests made through the elements' fetch property: ${requests}`),
  );
}

await startFakeApis();
configure({ sharedcount: { apiKey: FAKE_KEY, cache: 'memory' } });
// The list is rendered whole at once, rows and elements, before the counts arrive; what follows
// it on the page shows only in the same frame, so nothing visible moves down (no layout shift).
flushSync(() => createRoot(document.getElementById('app')!).render(h(StrictMode, null, h(Posts))));
document.getElementById('after-app')!.hidden = false;
