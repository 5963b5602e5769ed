/**
 * The elements from Vue 3, with render functions: the build Vue gives bundlers is runtime-only
 * and cannot compile templates (a template would also need `isCustomElement` for these tags).
 * Vue assigns a prop as a property when the element has one (`key in el`): `notation`,
 * `entityId`, and `sparkline: true` as a boolean, not the string "true". A prop `onShareCountLoad`
 * listens for `share-count-load`: Vue hyphenates what follows `on`.
 */
import './vue-feature-flags.js';
import { computed, createApp, defineComponent, h, ref } from 'vue';
import { configure, type Notation, type ShareableeBadgeLoadDetail, type ShareCountLoadDetail } from '../src/entries/share-count-widgets.js';
import { FAKE_KEY, FAKE_PROXY, startFakeApis } from './fake-apis.js';

const POSTS = [
  { url: 'https://example.com/2026/11/recipes', title: 'Recipes for a cold November' },
  { url: 'https://example.com/popular', title: 'The post everyone shared' },
  { url: 'https://example.com/2026/11/election-night', title: 'Election night, as it happened' },
];

const numbers = new Intl.NumberFormat('en');

const App = defineComponent(() => {
  const notation = ref<Notation>('compact');
  /** What the elements reported, by URL: the ranking is built from the events alone. */
  const counts = ref<Record<string, number | null>>({});
  const badge = ref<ShareableeBadgeLoadDetail>();

  /** One row per post from the start; the order is known once every count is, and only the rows' text changes then. */
  const ranking = computed(() =>
    POSTS.every(({ url }) => url in counts.value)
      ? POSTS.map((post) => ({ ...post, count: counts.value[post.url] ?? 0 }))
          .sort((a, b) => b.count - a.count)
          .map(({ title, count }) => `${title}: ${numbers.format(count)} shares`)
      : POSTS.map(() => 'Counting…'),
  );

  const radio = (value: Notation, label: string) =>
    h('label', null, [
      h('input', {
        type: 'radio',
        name: 'notation',
        value,
        checked: notation.value === value,
        onChange: () => (notation.value = value),
      }),
      ` ${label}`,
    ]);

  return () => [
    h('section', { 'aria-labelledby': 'posts-title' }, [
      h('h2', { id: 'posts-title' }, 'Posts'),
      h('fieldset', { class: 'controls' }, [h('legend', null, 'Numbers'), radio('compact', 'Compact'), radio('standard', 'Full')]),
      h(
        'ul',
        { class: 'posts' },
        POSTS.map(({ url, title }) =>
          h('li', { key: url }, [
            h('a', { href: url }, title),
            h('share-count', {
              url,
              notation: notation.value,
              onShareCountLoad: ({ detail }: CustomEvent<ShareCountLoadDetail>) => {
                counts.value = { ...counts.value, [detail.url]: detail.count };
              },
            }),
          ]),
        ),
      ),
      h('h3', { id: 'ranking-title' }, 'Most shared first'),
      h(
        'ol',
        { id: 'ranking', 'aria-labelledby': 'ranking-title' },
        // Keyed by place, not by post: ranking rewrites a row's text and moves no row.
        ranking.value.map((line, place) => h('li', { key: place }, line)),
      ),
    ]),
    h('section', { 'aria-labelledby': 'badge-title' }, [
      h('h2', { id: 'badge-title' }, 'Shareablee'),
      h('p', null, [
        h('shareablee-badge', {
          entityId: '42',
          sparkline: true,
          onShareableeBadgeLoad: ({ detail }: CustomEvent<ShareableeBadgeLoadDetail>) => (badge.value = detail),
        }),
      ]),
      h(
        'p',
        { id: 'badge-summary' },
        badge.value
          ? `Vue heard: ${badge.value.data.name} has ${numbers.format(badge.value.value)} total actions.`
          : 'Waiting for the badge…',
      ),
    ]),
  ];
});

await startFakeApis();
configure({ sharedcount: { apiKey: FAKE_KEY, cache: 'memory' }, shareablee: { endpoint: FAKE_PROXY } });
// The app and then what follows it on the page, in one frame: nothing visible moves down (no layout shift).
createApp(App).mount('#app');
document.getElementById('after-app')!.hidden = false;
