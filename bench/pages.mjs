// The pages the bench opens, as a publisher would write them: the built IIFE from a plain
// <script> tag configured by its data attributes, pointing at the fake SharedCount.

const IIFE = '/dist/share-count-widgets.iife.js';

/**
 * `elements` <share-count> over `urls` distinct page URLs (element i counts URL i % urls), each
 * on its own 24 px row so that which elements are near the viewport does not depend on fonts.
 *
 * `window.bench` records, from the first script of the page on: every long task (buffered, so
 * tasks before the observer existed are kept), the `share-count-load` and `share-count-error`
 * events, and `readyAt`, the time since navigation start of the last expected load.
 */
export function countsPage({ api, elements, urls, lazy, prefix, head }) {
  const path = String(prefix).replace(/[^\w-]/g, '');
  const rows = Array.from(
    { length: elements },
    (_, i) => `<share-count url="https://publisher.example/${path}/${i % urls}"${lazy ? ' lazy' : ''}></share-count>`,
  );
  // The publisher's tag, at the end of the body (the usual place) or in <head>.
  const script = `<script src="${IIFE}" data-sharedcount-key="bench-key" data-sharedcount-endpoint="${api}"></script>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>share-count bench: ${elements} elements, ${urls} URLs${lazy ? ', lazy' : ''}</title>
<script>
  const bench = (window.bench = { expected: ${elements}, loads: 0, errors: [], readyAt: undefined, longTasks: [] });
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) bench.longTasks.push({ startTime: task.startTime, duration: task.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('share-count-load', () => {
    if (++bench.loads === bench.expected) bench.readyAt = performance.now();
  });
  document.addEventListener('share-count-error', (event) => bench.errors.push(String(event.detail.error)));
</script>
<style>
  body { margin: 0; font: 16px/24px sans-serif; }
  share-count { display: block; height: 24px; }
</style>
${head ? script : ''}
</head>
<body>
${rows.join('\n')}
${head ? '' : script}
</body>
</html>
`;
}

/**
 * Our jsonp() (from the IIFE) and fetch-jsonp side by side. `bench.sequential(lib, urls)`
 * awaits one call after the other and returns each call's duration in ms;
 * `bench.concurrent(lib, urls, size)` runs them `size` at a time.
 */
export function jsonpPage({ api }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>share-count bench: JSONP</title>
<script src="${IIFE}" data-sharedcount-endpoint="${api}"></script>
<script src="/vendor/fetch-jsonp.js"></script>
<script>
  const call = {
    ours: (url) => ShareCountWidgets.jsonp(url),
    // fetch-jsonp resolves a Response-like object; .json() gives the same data as ours.
    'fetch-jsonp': (url) => fetchJsonp(url).then((response) => response.json()),
  };
  window.bench = {
    async sequential(lib, urls) {
      const durations = [];
      for (const url of urls) {
        const start = performance.now();
        await call[lib](url);
        durations.push(performance.now() - start);
      }
      return durations;
    },
    async concurrent(lib, urls, size) {
      for (let i = 0; i < urls.length; i += size) await Promise.all(urls.slice(i, i + size).map(call[lib]));
    },
  };
</script>
</head>
<body></body>
</html>
`;
}
