// The table `npm run bench` prints, from the results it writes.

const number = (value, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** A figure over the runs: `median  [min–max]`. */
const spread = ({ median, min, max }, digits = 0) => `${number(median, digits)}  [${number(min, digits)}–${number(max, digits)}]`;

/** Columns padded to their widest cell: figures right-aligned, the first and any `notes` column left. */
function table(header, rows, { notes = -1 } = {}) {
  const cells = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  const left = (i) => i === 0 || i === notes;
  const line = (row) =>
    row
      .map((cell, i) => (left(i) ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('   ')
      .trimEnd();
  const rule = widths.map((width) => '─'.repeat(width)).join('   ');
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

const PAGES = {
  floor: 'network floor: the page + 100 bare fetch()',
  spans: '1,000 plain <span>s filled after the fetches',
  end: '<share-count>, script at the end of <body>',
  head: '<share-count>, script in <head>',
};

/** The widget's script time on a profiled page (bench/trace.mjs). */
const SCRIPT_HEADER = ['widget self', 'widget incl.', 'all page JS', 'GC', 'widget self, wall'];
const scriptCells = (profile) => [
  spread(profile.scriptSelfMs, 1),
  spread(profile.scriptInclusiveMs, 1),
  spread(profile.pageJsMs, 1),
  spread(profile.gcMs, 1),
  spread(profile.scriptSelfWallMs, 1),
];

const PROXY_PAGES = {
  floor: 'proxy floor: the page + 100 bare fetch() of {proxy}?url=',
  batch: '<share-count>, data-sharedcount-batch',
  single: '<share-count>, without batch',
};

/** A deterministic figure: the one value, or its range when the runs differed. */
const exact = ({ min, max }) => (min === max ? number(min) : `${number(min)}–${number(max)}`);

export function report({
  environment: env,
  weight,
  requests,
  downloads,
  render,
  throughProxy,
  article,
  serverRendered,
  layoutShift,
  jsonp,
  leaks,
  checks,
}) {
  const sizeRow = (row) => [row.name, number(row.raw), number(row.gzip), number(row.brotli), row.note ?? ''];
  const ourRows = [];
  for (const row of weight.ours) {
    ourRows.push(sizeRow(row));
    if (row.withImports) ourRows.push(sizeRow({ name: `  + the ${row.withImports.files - 1} chunks it imports`, ...row.withImports }));
  }
  return [
    `share-count-widgets bench — Chromium ${env.chromium}, Node ${env.node}, ${env.cpus} × ${env.cpu}, load ${env.loadAverage} at the start, ${env.loadAverageEnd} at the end`,
    `${env.runs} runs per figure: median [min–max]. Viewport ${env.viewport}, ${env.locale}, ${env.timeZone}.`,
    '',
    'WEIGHT (bytes; deterministic, measured once)',
    table(['ours', 'raw', 'gzip -9', 'brotli 11', ''], ourRows, { notes: 4 }),
    '',
    table(['anchors', 'raw', 'gzip -9', 'brotli 11', ''], weight.anchors.map(sizeRow), { notes: 4 }),
    '',
    table(
      ['ratio', 'gzip', 'brotli'],
      weight.ratios.map((ratio) => [ratio.name, `${ratio.gzip.toFixed(2)}×`, `${ratio.brotli.toFixed(2)}×`]),
    ),
    '',
    'REQUESTS to the fake SharedCount',
    table(
      ['page', 'requests'],
      [
        ['100 <share-count> over 10 URLs', spread(requests.page)],
        ['the same page reloaded (same profile)', spread(requests.reload)],
        ['1,000 lazy, one URL each, before scrolling', spread(requests.lazyBefore)],
        ['1,000 lazy, after jumping to the bottom', spread(requests.lazyAfter)],
      ],
    ),
    '',
    `DOWNLOADS: the script files a page of ${downloads.elements} <share-count> over ${downloads.urls} URLs downloads (bytes; the HTML page not counted)`,
    table(
      ['page', 'files', 'raw', 'gzip -9', 'brotli 11', 'JSONP file loads', 'JSONP requests'],
      [
        ['counts over CORS', downloads.cors],
        ['CORS fails (endpoint without CORS headers): JSONP', downloads.corsFails],
      ].map(([name, row]) => [
        name,
        row.files.map((file) => file.path.replace('/dist/', '')).join(' + ') + (row.sameFiles ? '' : ' (runs differed)'),
        number(row.raw),
        number(row.gzip),
        number(row.brotli),
        exact(row.jsonpFile),
        exact(row.jsonpRequests),
      ]),
      { notes: 1 },
    ),
    '',
    `MAIN THREAD: ${number(render.elements)} <share-count> over ${render.urls} URLs (${env.countsScript}), empty profile, server answering at once`,
    'Timed loads: ready = navigation start → last share-count-load (floor pages: last fetch read); tasks from a longtask observer,',
    "up to 500 ms after ready. Ready ÷ floor: within each round, then the median; medians ÷: the page's median over the floor's.",
    table(
      ['page', 'ready (ms)', 'ready ÷ floor', 'medians ÷', 'longest task (ms; 0: none ≥ 50)', 'long tasks'],
      ['floor', 'spans', 'end', 'head'].map((key) => [
        PAGES[key],
        spread(render[key].readyMs),
        key === 'floor' ? '1 (itself)' : spread(render[key].readyOverFloor, 2),
        key === 'floor' ? '' : render[key].readyMedianOverFloorMedian.toFixed(2),
        spread(render[key].longestTaskMs),
        spread(render[key].longTasks),
      ]),
    ),
    '',
    `Profiled loads (a trace; V8 samples every ${number(render.end.profile.sampleIntervalMs.median, 2)} ms, which slows the page), main-thread ms.`,
    'Busy: the tasks (outermost RunTask) that started before ready, in wall-clock and thread CPU time; CPU ÷ floor within each round.',
    table(
      ['page', 'busy, wall', 'busy, CPU', 'CPU ÷ floor', 'longest task', 'its CPU', 'long tasks'],
      ['floor', 'spans', 'end', 'head'].map((key) => {
        const profile = render[key].profile;
        return [
          PAGES[key],
          spread(profile.busyMs),
          spread(profile.busyCpuMs),
          key === 'floor' ? '1 (itself)' : spread(profile.busyCpuOverFloor, 2),
          spread(profile.longestTaskMs),
          spread(profile.longestTaskCpuMs),
          spread(profile.longTasks),
        ];
      }),
    ),
    '',
    "Script time (CPU ms: each sample scaled by its task's CPU ÷ wall time, unless 'wall'). Self: frames of the widget file (Lit",
    'inside it); incl.: also the built-ins and DOM calls under them; all page JS: every JavaScript sample of the main thread.',
    table(
      ['page', ...SCRIPT_HEADER],
      ['end', 'head'].map((key) => [PAGES[key], ...scriptCells(render[key].profile)]),
    ),
    '',
    `THROUGH THE PROXY: ${number(throughProxy.elements)} <share-count> over ${throughProxy.urls} URLs, endpoint = the product's proxy (dist/proxy.js, empty cache each load), no key in the page`,
    'Timed loads as above (no profiled rounds). Requests: what reached the proxy (batch / single ?url= / preflight); upstream: its calls to the fake SharedCount.',
    table(
      ['page', 'ready (ms)', 'ready ÷ floor', 'medians ÷', 'requests', 'batch / single / preflight', 'upstream'],
      ['floor', 'batch', 'single'].map((key) => {
        const row = throughProxy[key];
        return [
          PROXY_PAGES[key],
          spread(row.readyMs),
          key === 'floor' ? '1 (itself)' : spread(row.readyOverFloor, 2),
          key === 'floor' ? '' : row.readyMedianOverFloorMedian.toFixed(2),
          spread(row.requests),
          `${exact(row.batch)} / ${exact(row.single)} / ${exact(row.preflight)}`,
          spread(row.upstream),
        ];
      }),
    ),
    '',
    `ARTICLE: ${article.counts} <share-count> (one URL each) in ${article.paragraphs} paragraphs of running text, script at the end of <body>`,
    table(
      ['figure', 'result', 'goal'],
      [
        ['navigation start → all state="ready" (ms)', spread(article.readyMs), ''],
        ['longest main-thread task (ms; 0: none ≥ 50)', spread(article.longestTaskMs), '0: no long task'],
        ['long tasks (≥ 50 ms)', spread(article.longTasks), '0'],
        ["profiled: widget's own script time, self (CPU ms)", spread(article.profile.scriptSelfMs, 1), '< 16'],
        ['  with the built-ins and DOM calls it makes (CPU ms)', spread(article.profile.scriptInclusiveMs, 1), ''],
        ['  all JS of the page (CPU ms)', spread(article.profile.pageJsMs, 1), ''],
        ['  widget self, wall clock (ms)', spread(article.profile.scriptSelfWallMs, 1), ''],
        ['  main thread busy until ready, CPU (ms)', spread(article.profile.busyCpuMs), ''],
        [
          '  longest task in the trace (ms) / its CPU (ms)',
          `${spread(article.profile.longestTaskMs)} / ${spread(article.profile.longestTaskCpuMs)}`,
          '',
        ],
      ],
      { notes: 2 },
    ),
    '',
    ...(serverRendered ? serverRenderedReport(serverRendered, env) : []),
    `LAYOUT SHIFT: an article with ${layoutShift.counts} counts in running text, script at the end of <body>, SharedCount after 300 ms`,
    "floor: the README's rule for elements not rendered yet in the page; no CSS: none; held: no CSS, and the page not painted",
    'before the parser is past the script tag (goal: 0, as the floor). Painted first: runs whose first frame came before the script ran.',
    table(
      ['viewport', 'page', 'CLS', 'shifts', 'painted first'],
      layoutShift.viewports.flatMap((row) =>
        [
          ['floor', row],
          ['no CSS', row.bare],
          ['no CSS, held', row.held],
        ]
          .filter(([, figures]) => figures)
          .map(([page, figures]) => [
            row.viewport,
            page,
            spread(figures.cls, 4),
            spread(figures.shifts),
            figures.paintedFirst === undefined ? '' : `${figures.paintedFirst} of ${env.runs}`,
          ]),
      ),
      { notes: 1 },
    ),
    '',
    `JSONP: ${jsonp.calls} sequential calls each, ${jsonp.rounds} interleaved rounds, median per call`,
    table(
      ['', 'ms'],
      [
        ['ours: ShareCountWidgets.jsonp()', spread(jsonp.oursMs, 2)],
        ['fetch-jsonp', spread(jsonp.fetchJsonpMs, 2)],
        ['ratio ours / fetch-jsonp', spread(jsonp.ratio, 2)],
      ],
    ),
    '',
    `LEAKS after ${number(leaks.calls)} calls, ${leaks.concurrency} at a time`,
    table(
      ['', 'ours', 'fetch-jsonp'],
      [
        ['globals left', spread(leaks.ours.globals), spread(leaks['fetch-jsonp'].globals)],
        ['<script> nodes left', spread(leaks.ours.scripts), spread(leaks['fetch-jsonp'].scripts)],
        ['JS heap growth after GC (KB)', spread(leaks.ours.heapKB, 1), spread(leaks['fetch-jsonp'].heapKB, 1)],
      ],
    ),
    '',
    'CHECKS (every run)',
    ...checks.map(
      (check) =>
        `${check.ok ? '✓' : '✗'} ${check.name}: expected ${check.expected}, got ${check.min === check.max ? check.min : `${check.min}–${check.max}`}`,
    ),
  ].join('\n');
}

/** The article three ways: rendered in the browser, server-rendered fresh and 2 h old; and the bytes hydration added. */
export function serverRenderedReport({ counts, paragraphs, ways, bytes }, env) {
  const cell = (figure) => (figure ? spread(figure) : '–');
  const rows = ['browser', 'fresh', 'stale'].map((key) => {
    const way = ways[key];
    return [
      way.label,
      exact(way.requests),
      cell(way.fcpMs),
      cell(way.onScreenMs),
      cell(way.readyMs),
      cell(way.lastResponseMs),
      cell(way.longestTaskMs),
      `${number(way.htmlBytes.raw)} / ${number(way.htmlBytes.gzip)}`,
    ];
  });
  return [
    `SERVER RENDERING: the article (${counts} counts, one URL each, ${paragraphs} paragraphs, ${env.countsScript} at the end of <body>), fresh context each load`,
    'requests: to the fake SharedCount, once the network was quiet 500 ms. FCP: first contentful paint. On screen: the frame that',
    'paints all counts (the first animation frame with every count showing a number, or FCP if later). Ready: the last share-count-load,',
    'i.e. every element upgraded by the script and showing its count (served answer adopted, or fetched). Last answer: end of the last',
    'SharedCount response (resource timing). HTML: the page as served, raw / gzip -9 bytes. All ms from navigation start.',
    table(['page', 'requests', 'FCP', 'on screen', 'ready', 'last answer', 'longest task', 'HTML bytes'], rows),
    ...(bytes
      ? [
          `${bytes.file}, gzip -9: ${number(bytes.before.gzip)} at ${bytes.base} (before server rendering) → ${number(bytes.now.gzip)} now: ${bytes.added.gzip >= 0 ? '+' : ''}${number(bytes.added.gzip)} B` +
            ` (cap +${bytes.capGzip}); brotli ${bytes.added.brotli >= 0 ? '+' : ''}${number(bytes.added.brotli)}, raw ${bytes.added.raw >= 0 ? '+' : ''}${number(bytes.added.raw)}`,
        ]
      : [`no counts-only file in dist/: the bytes added by server rendering not measured`]),
    '',
  ];
}
