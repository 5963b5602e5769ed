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

export function report({ environment: env, weight, requests, render, jsonp, leaks, checks }) {
  const sizeRow = (row) => [row.name, number(row.raw), number(row.gzip), number(row.brotli), row.note ?? ''];
  const ourRows = [];
  for (const row of weight.ours) {
    ourRows.push(sizeRow(row));
    if (row.withImports) ourRows.push(sizeRow({ name: `  + the ${row.withImports.files - 1} chunks it imports`, ...row.withImports }));
  }
  return [
    `share-count-widgets bench — Chromium ${env.chromium}, Node ${env.node}, ${env.cpus} × ${env.cpu}, load ${env.loadAverage}`,
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
    `RENDER: ${number(render.end.elements)} <share-count> over ${render.end.urls} URLs, empty profile, server answering at once`,
    table(
      ['script tag', render.end.script, render.head.script],
      [
        ['navigation start → all state="ready" (ms)', spread(render.end.readyMs), spread(render.head.readyMs)],
        ['longest main-thread task (ms; 0: none ≥ 50)', spread(render.end.longestTaskMs), spread(render.head.longestTaskMs)],
        ['long tasks (≥ 50 ms) until then', spread(render.end.longTasks), spread(render.head.longTasks)],
      ],
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
