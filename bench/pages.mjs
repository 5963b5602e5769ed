// The pages the bench opens, as a publisher would write them: the built script from a plain
// <script> tag configured by its data attributes, pointing at the fake SharedCount.

/** The full script-tag build: the JSONP page needs its `ShareCountWidgets.jsonp`. */
export const FULL_IIFE = 'share-count-widgets.iife.js';
/** The counts-only script-tag build; the bench falls back to the full one when dist/ has none. */
export const COUNTS_IIFE = 'share-count.iife.js';

/** Element i of a counts page counts URL i % urls; the floor pages fetch the same URLs. */
const pageUrl = (path, i) => `https://publisher.example/${path}/${i}`;
const cleanPrefix = (prefix) => String(prefix).replace(/[^\w-]/g, '');

/**
 * The first script of every counts page. `window.bench` records, from then on: every long task
 * and every layout shift (buffered, so entries from before the observers existed are kept), the
 * `share-count-load` and `share-count-error` events, `firstFrame` (the first frame's animation
 * callbacks: what it paints is the page as it is then), `definedAt` (when the widget script had
 * defined the element) and `readyAt`, the time since navigation start of the last expected load. `bench.done()` also sets the mark `bench-ready`, which the trace-based figures use to
 * find the page's main thread and the moment it was ready.
 */
const recorder = (expected) => `<script>
  const bench = (window.bench = { expected: ${expected}, loads: 0, errors: [], readyAt: undefined, longTasks: [], shifts: [] });
  bench.done = () => {
    bench.readyAt = performance.now();
    performance.mark('bench-ready');
  };
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) bench.longTasks.push({ startTime: task.startTime, duration: task.duration });
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const shift of list.getEntries()) bench.shifts.push({ startTime: shift.startTime, value: shift.value, hadRecentInput: shift.hadRecentInput });
  }).observe({ type: 'layout-shift', buffered: true });
  document.addEventListener('share-count-load', () => {
    if (++bench.loads === bench.expected) bench.done();
  });
  document.addEventListener('share-count-error', (event) => bench.errors.push(String(event.detail.error)));
  customElements.whenDefined('share-count').then(() => (bench.definedAt = performance.now()));
  requestAnimationFrame(() => (bench.firstFrame = performance.now()));
</script>`;

/** The publisher's tag. `key: false`: no key in the page (the endpoint is the proxy); `batch`: `data-sharedcount-batch`. */
const widgetTag = (script, api, { key = true, batch = false } = {}) =>
  `<script src="/dist/${script}"${key ? ' data-sharedcount-key="bench-key"' : ''} data-sharedcount-endpoint="${api}"${batch ? ' data-sharedcount-batch' : ''}></script>`;

const ROWS_STYLE = `<style>
  body { margin: 0; font: 16px/24px sans-serif; }
  share-count, .count { display: block; height: 24px; }
</style>`;

/**
 * `elements` <share-count> over `urls` distinct page URLs, each on its own 24 px row so that
 * which elements are near the viewport does not depend on fonts. The script tag goes at the end
 * of the body (the usual place) or, with `head`, in <head> before the elements.
 */
export function countsPage({ api, key, batch, script, elements, urls, lazy, prefix, head }) {
  const path = cleanPrefix(prefix);
  const rows = Array.from(
    { length: elements },
    (_, i) => `<share-count url="${pageUrl(path, i % urls)}"${lazy ? ' lazy' : ''}></share-count>`,
  );
  const tag = widgetTag(script, api, { key, batch });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>share-count bench: ${elements} elements, ${urls} URLs${lazy ? ', lazy' : ''}${batch ? ', batch' : ''}</title>
${recorder(elements)}
${ROWS_STYLE}
${head ? tag : ''}
</head>
<body>
${rows.join('\n')}
${head ? '' : tag}
</body>
</html>
`;
}

/**
 * The network floor and the plain-spans page, beside the 1,000-element page:
 *  - `floor`: the same page (the same `<share-count>` tags, never defined: no widget script)
 *    plus, where the widget's tag would be, `urls` bare `fetch()` calls of the same counts,
 *    each answer read as JSON; ready when the last one is read. `key: false`: no `apikey`
 *    parameter (the endpoint is the proxy, `{proxy}?url=`).
 *  - `spans`: `elements` plain `<span>` rows, filled with their count (`Intl.NumberFormat`,
 *    compact, as the widget shows it) once the same `urls` fetches answer; ready when the last
 *    span is filled.
 */
export function floorPage({ api, key = true, kind, elements, urls, prefix }) {
  const path = cleanPrefix(prefix);
  const spans = kind === 'spans';
  const rows = Array.from({ length: elements }, (_, i) =>
    spans ? '<span class="count"></span>' : `<share-count url="${pageUrl(path, i % urls)}"></share-count>`,
  );
  const fill = spans
    ? `.then((data) => {
        const text = format.format(data.Facebook.total_count);
        for (let j = i; j < rows.length; j += urls) rows[j].textContent = text;
      })`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>share-count bench: network floor (${spans ? `${elements} plain spans` : 'bare fetch() calls'}), ${urls} URLs</title>
${recorder(elements)}
${ROWS_STYLE}
</head>
<body>
${rows.join('\n')}
<script>
  {
    const urls = ${urls};
    const rows = document.querySelectorAll('.count');
    const format = new Intl.NumberFormat('en-US', { notation: 'compact' });
    const endpoint = ${JSON.stringify(api)};
    Promise.all(
      Array.from({ length: urls }, (_, i) =>
        fetch(endpoint + '?' + new URLSearchParams({ url: ${JSON.stringify(pageUrl(path, ''))} + i${key ? ", apikey: 'bench-key'" : ''} }))
          .then((response) => response.json())${fill},
      ),
    ).then(bench.done, (error) => bench.errors.push(String(error)));
  }
</script>
</body>
</html>
`;
}

/**
 * After the recorder: checks every animation frame (its callbacks run before the frame is painted)
 * until `expected` elements show a count, then records that frame's time as `bench.shownAt`. An
 * element shows one when it has `state="ready"` and a number in its shadow root: a server
 * rendered both into the HTML, or the script rendered them.
 */
const shownWatcher = (expected) => `
<script>
  requestAnimationFrame(function frame() {
    let shown = 0;
    for (const element of document.querySelectorAll('share-count[state="ready"]'))
      if (/\\d/.test(element.shadowRoot?.querySelector('[part="count"]')?.textContent ?? '')) shown++;
    if (shown >= ${expected}) bench.shownAt = performance.now();
    else requestAnimationFrame(frame);
  });
</script>`;

/** Words of the article's running text; sentences are drawn from them by a fixed pseudo-random sequence. */
const WORDS = (
  'the council voted on a plan to rebuild the harbour wall after winter storms left parts of the old town ' +
  'under water residents said repairs had been promised for years while engineers warned that rising tides ' +
  'would test any design the budget covers stone steel and a new pumping station along with a walkway for ' +
  'visitors critics asked who will pay for upkeep and whether fishing boats can still reach the quay ' +
  'supporters point to jobs and to shops that close each time the road floods'
).split(' ');

/**
 * A news article as a publisher would serve it: a headline, then `paragraphs` paragraphs of
 * running text (about 90 words each) with `counts` `<share-count>` inline in the text, each
 * after a link to a related story (one URL per count), spread evenly; the script tag at the end
 * of the body. The element keeps its own display (inline-block), so its width moves the text. The
 * page has the rule the README gives publishers for elements not defined yet, so that they take
 * their width before the script has run; with `bare`, it has none: the page of a publisher who
 * pasted the tag and the elements and nothing else. `hold`: the page is not painted before the
 * parser is past the script tag (`<link rel="expect" blocking="render">`), so the script has run
 * by the first frame, as when it arrives before the browser paints. `ssr`: a function that gives
 * the HTML of the `<share-count>` for a URL, written on the server (share-count-widgets/ssr), in
 * place of the bare tag. `watch`: the page records `shownAt`, the first animation frame at which
 * every count shows a number (`state="ready"` and a count in its shadow root), defined or not.
 */
export function articlePage({ api, script, counts, paragraphs, prefix, bare = false, hold = false, ssr, watch = false }) {
  const path = cleanPrefix(prefix);
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
  const sentence = () => {
    const words = Array.from({ length: 10 + (next() % 12) }, () => WORDS[next() % WORDS.length]);
    return `${words.join(' ').replace(/^./, (first) => first.toUpperCase())}.`;
  };
  const body = [];
  let placed = 0;
  for (let p = 0; p < paragraphs; p++) {
    const text = Array.from({ length: 5 }, sentence);
    // Spread the counts over the paragraphs: paragraph p holds those numbered up to (p+1)·counts/paragraphs.
    const inHere = Math.floor(((p + 1) * counts) / paragraphs) - placed;
    for (let c = 0; c < inHere; c++, placed++) {
      const at = 1 + (c % 4);
      text[at] +=
        ` Read also <a href="${pageUrl(path, placed)}">the story of part ${placed + 1}</a>, shared ${ssr ? ssr(pageUrl(path, placed)) : `<share-count url="${pageUrl(path, placed)}"></share-count>`} times.`;
    }
    body.push(`<p>${text.join(' ')}</p>`);
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>share-count bench: an article with ${counts} counts</title>
${recorder(counts)}${watch ? shownWatcher(counts) : ''}
<style>
  body { margin: 0 auto; max-width: 40em; padding: 0 16px; font: 18px/1.5 serif; }
  h1 { font: bold 32px/1.2 sans-serif; }${bare ? '' : '\n  share-count:not([state]) { display: inline-block; min-width: 4ch; }'}
</style>${hold ? '\n<link rel="expect" href="#after-widget" blocking="render">' : ''}
</head>
<body>
<article>
<h1>Harbour wall: the council's plan, and who pays for it</h1>
${body.join('\n')}
</article>
${widgetTag(script, api)}${hold ? '\n<i id="after-widget"></i>' : ''}
</body>
</html>
`;
}

/**
 * Our jsonp() (from the full IIFE) and fetch-jsonp side by side. `bench.sequential(lib, urls)`
 * awaits one call after the other and returns each call's duration in ms;
 * `bench.concurrent(lib, urls, size)` runs them `size` at a time.
 */
export function jsonpPage({ api }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>share-count bench: JSONP</title>
<script src="/dist/${FULL_IIFE}" data-sharedcount-endpoint="${api}"></script>
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
