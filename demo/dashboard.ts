/**
 * The publisher's dashboard: a bulk query against a fake SharedCount (MSW), a progress bar, a
 * chart of the most shared pages, a sortable table with totals, and the table as CSV. Every cell
 * and label is set as text, never HTML.
 */
import { setupWorker } from 'msw/browser';
import { configure } from '../src/wire/config.js';
import { FAKE_KEY, sharedCountHandlers } from '../test/fakes/sharedcount.js';

/** The fake SharedCount; exported so a test can watch what goes over the wire. */
export const worker = setupWorker(...sharedCountHandlers(undefined, 150));
await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
configure({ sharedcount: { apiKey: FAKE_KEY } });
const { BATCH_SIZES, bulkCounts, bulkPartial, isShareCountWidgetsError, quota, totalCount } =
  await import('../src/entries/share-count-widgets.js');
type BulkPlan = import('../src/entries/share-count-widgets.js').BulkPlan;
type SharedCountData = import('../src/entries/share-count-widgets.js').SharedCountData;

type Column = 'url' | 'facebook' | 'pinterest' | 'linkedin' | 'total';
type Row = Record<Column, string | number | null>;

const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector)!;
const form = $<HTMLFormElement>('#bulk-form');
const input = $<HTMLTextAreaElement>('#bulk-urls');
const planSelect = $<HTMLSelectElement>('#bulk-plan');
const runButton = $<HTMLButtonElement>('#bulk-run');
const cancelButton = $<HTMLButtonElement>('#bulk-cancel');
const progress = $<HTMLProgressElement>('#bulk-progress');
const status = $<HTMLOutputElement>('#bulk-status');
const quotaStatus = $<HTMLOutputElement>('#quota-status');
const body = $<HTMLTableSectionElement>('#bulk-table tbody');
const footer = $<HTMLTableSectionElement>('#bulk-table tfoot');
const download = $<HTMLAnchorElement>('#bulk-download');
const notes = $<HTMLUListElement>('#bulk-notes');

/** The rows by URL, in the order the answers came. */
let rows = new Map<string, Row>();
let sort: { column: Column; direction: 'ascending' | 'descending' } | undefined;
/** The job running, if one is: a second can only start once it ended. */
let job: AbortController | undefined;

const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const toRow = (url: string, data: SharedCountData): Row => ({
  url,
  facebook: count(data.Facebook?.total_count),
  pinterest: count(data.Pinterest),
  linkedin: count(data.LinkedIn),
  total: totalCount(data),
});

const numbers = new Intl.NumberFormat('en-US');
const format = (value: number) => numbers.format(value);

const COLUMNS = ['url', 'facebook', 'pinterest', 'linkedin', 'total'] as const;
const LABELS: Record<Column, string> = {
  url: 'address',
  facebook: 'Facebook',
  pinterest: 'Pinterest',
  linkedin: 'LinkedIn',
  total: 'total',
};

/**
 * `text` cut to at most `max` characters by an ellipsis in the middle, so both the host and the end
 * of a long URL stay readable. Counted in code points, so no emoji is cut in half.
 */
export function shorten(text: string, max = 80): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}

/** A URL as a table cell or list item shows it: shortened, the whole of it in `title`. */
function urlText(element: HTMLElement, url: string, max = 80): HTMLElement {
  element.textContent = shorten(url, max);
  if (element.textContent !== url) element.title = url;
  return element;
}

function cellsOf(row: Row, cell: (column: Column) => HTMLTableCellElement): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const column of COLUMNS) {
    const element = cell(column);
    const value = row[column];
    if (column === 'url' && typeof value === 'string') urlText(element, value);
    else element.textContent = typeof value === 'number' ? format(value) : (value ?? '–');
    tr.append(element);
  }
  return tr;
}

/** The rows in the order the reader chose, else as they came. */
function sortedRows(): Row[] {
  const sorted = [...rows.values()];
  if (sort) {
    const { column, direction } = sort;
    const sign = direction === 'ascending' ? 1 : -1;
    sorted.sort((a, b) => {
      const [x, y] = [a[column], b[column]];
      if (typeof x === 'string' || typeof y === 'string') return sign * String(x).localeCompare(String(y));
      return sign * ((x ?? -1) - (y ?? -1));
    });
  }
  return sorted;
}

function render(): void {
  const sorted = sortedRows();
  const header = (column: Column) =>
    Object.assign(document.createElement(column === 'url' ? 'th' : 'td'), column === 'url' ? { scope: 'row' } : {});
  body.replaceChildren(...sorted.map((row) => cellsOf(row, header)));
  const all = [...rows.values()];
  const sum = (column: Column) => all.reduce((total, row) => total + (typeof row[column] === 'number' ? (row[column] as number) : 0), 0);
  const totals: Row = {
    url: `All ${format(all.length)} pages`,
    facebook: sum('facebook'),
    pinterest: sum('pinterest'),
    linkedin: sum('linkedin'),
    total: sum('total'),
  };
  footer.replaceChildren(...(all.length ? [cellsOf(totals, header)] : []));
  // The download is the table as shown: in the order the reader chose.
  URL.revokeObjectURL(download.href);
  download.href = URL.createObjectURL(new Blob([toCsv(sorted)], { type: 'text/csv' }));
  download.hidden = all.length === 0;
  document.querySelectorAll<HTMLTableCellElement>('#bulk-table thead th').forEach((th) => {
    const column = th.querySelector('button')!.dataset['column'];
    th.setAttribute('aria-sort', sort && sort.column === column ? sort.direction : 'none');
  });
  drawChart(sorted);
}

const SVG = 'http://www.w3.org/2000/svg';
const svgElement = <K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>) => {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
};

/** How many pages the chart shows. */
export const CHART_PAGES = 20;
const BAR_ROW = 44;

/**
 * The chart: the first 20 pages in the table's order (by total, most first, until the reader
 * sorts), one horizontal bar each, Facebook and Pinterest stacked, on one scale. Drawn by hand:
 * a few rectangles and labels, in percentages of the width, so it fits any screen. The table
 * beside it (in a <details>) holds the same numbers as text.
 */
function drawChart(sorted: Row[]): void {
  const section = $<HTMLElement>('#chart-section');
  const ordered = sort ? sorted : [...sorted].sort((a, b) => (b.total as number) - (a.total as number));
  const top = ordered.slice(0, CHART_PAGES);
  section.hidden = top.length === 0;
  const order = sort ?? { column: 'total', direction: 'descending' };
  const title =
    order.column === 'url'
      ? `The first ${top.length} pages by address, ${order.direction === 'ascending' ? 'A to Z' : 'Z to A'}: Facebook and Pinterest shares, stacked`
      : `The ${top.length} pages with the ${order.direction === 'descending' ? 'most' : 'fewest'} ${LABELS[order.column]} shares: Facebook and Pinterest shares, stacked`;
  $('#bulk-chart-title').textContent = title;
  $('#chart-table-caption').textContent = title;

  const widest = Math.max(1, ...top.map((row) => ((row.facebook as number | null) ?? 0) + ((row.pinterest as number | null) ?? 0)));
  const percent = (value: number) => `${((value / widest) * 100).toFixed(3)}%`;
  const bars = top.map((row, place) => {
    const facebook = (row.facebook as number | null) ?? 0;
    const pinterest = (row.pinterest as number | null) ?? 0;
    const y = place * BAR_ROW;
    const group = svgElement('g', { class: 'bar', 'data-url': row.url as string });
    const label = svgElement('text', { x: 0, y: y + 15, class: 'bar-label', 'clip-path': 'url(#bulk-chart-label-room)' });
    label.textContent = shorten(String(row.url).replace(/^https?:\/\//, ''), 36);
    const value = svgElement('text', { x: '100%', y: y + 15, 'text-anchor': 'end', class: 'bar-value' });
    value.textContent = format((row.total as number | null) ?? 0);
    group.append(
      label,
      value,
      svgElement('rect', { class: 'bar-facebook', x: 0, y: y + 21, height: 16, width: percent(facebook) }),
      svgElement('rect', { class: 'bar-pinterest', x: percent(facebook), y: y + 21, height: 16, width: percent(pinterest) }),
    );
    return group;
  });
  $('#bulk-chart-bars').replaceChildren(...bars);
  $('#bulk-chart').setAttribute('height', String(top.length * BAR_ROW));

  $<HTMLTableSectionElement>('#chart-table tbody').replaceChildren(
    ...top.map((row) => {
      const tr = document.createElement('tr');
      tr.append(
        urlText(Object.assign(document.createElement('th'), { scope: 'row' }), row.url as string),
        ...(['facebook', 'pinterest', 'total'] as const).map((column) =>
          Object.assign(document.createElement('td'), { textContent: row[column] === null ? '–' : format(row[column] as number) }),
        ),
      );
      return tr;
    }),
  );
}

/** RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula. */
function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(table: Row[]): string {
  return [COLUMNS.join(','), ...table.map((row) => COLUMNS.map((column) => csvCell(row[column])).join(','))].join('\r\n') + '\r\n';
}

function addData(data: Iterable<[string, SharedCountData]>): void {
  for (const [url, counts] of data) rows.set(url, toRow(url, counts));
  render();
}

/** The notes under the table: what was not counted, and why; one URL per line, shortened. */
function showNotes(result: { dropped: string[]; invalid: string[]; duplicates: string[] }): void {
  notes.replaceChildren(
    ...(
      [
        ['Not valid URLs, not sent', result.invalid],
        ['Listed twice, sent once', result.duplicates],
        ['Dropped by the service', result.dropped],
      ] as const
    )
      .filter(([, list]) => list.length)
      .map(([label, list]) => {
        const item = document.createElement('li');
        const urls = Object.assign(document.createElement('ul'), { className: 'urls' });
        urls.append(...list.map((url) => urlText(document.createElement('li'), url)));
        item.append(Object.assign(document.createElement('span'), { textContent: `${label} (${format(list.length)}):` }), urls);
        return item;
      }),
  );
}

/**
 * A `fetch` that also hands every bulk poll's `data` to `onData` as it arrives: with `force=1` the
 * API returns what is done so far, and `bulkCounts` reports only how many until the job ends.
 */
function watchingFetch(onData: (data: Record<string, SharedCountData>) => void): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    if ((init?.method ?? 'GET') === 'GET' && url.searchParams.has('bulk_id') && response.ok) {
      response
        .clone()
        .json()
        .then(
          (answer: { data?: unknown }) => {
            if (answer.data && typeof answer.data === 'object') onData(answer.data as Record<string, SharedCountData>);
          },
          () => {},
        );
    }
    return response;
  };
}

function refreshQuota(choosePlan: boolean): void {
  quota().then(
    (q) => {
      quotaStatus.textContent = `Quota today: ${format(q.quota_used_today)} used, ${format(q.quota_remaining_today)} left of ${format(q.quota_allocated_today)}. Plan: ${q.plan}.`;
      // The batch size follows the plan the key has, when the API names one we know.
      if (choosePlan && !job && Object.hasOwn(BATCH_SIZES, q.plan)) planSelect.value = q.plan;
    },
    () => {},
  );
}

document.querySelectorAll<HTMLButtonElement>('#bulk-table thead button').forEach((button) =>
  button.addEventListener('click', () => {
    const column = button.dataset['column'] as Column;
    const direction = sort?.column === column && sort.direction === 'descending' ? 'ascending' : 'descending';
    sort = { column, direction: column === 'url' && !sort ? 'ascending' : direction };
    render();
  }),
);

cancelButton.addEventListener('click', () => job?.abort());

form.addEventListener('submit', (event) => {
  event.preventDefault();
  // The button is disabled while a job runs; this also covers Enter and a click queued before that.
  if (job) return;
  const urls = input.value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (urls.length === 0) {
    status.textContent = 'Paste at least one URL to count, one per line.';
    input.focus();
    return;
  }
  void run(urls, planSelect.value as BulkPlan);
});

async function run(urls: string[], plan: BulkPlan): Promise<void> {
  const controller = (job = new AbortController());
  runButton.disabled = true;
  cancelButton.disabled = false;
  rows = new Map();
  notes.replaceChildren();
  render();
  progress.value = 0;
  status.textContent = 'Sending…';
  let counted = { completed: 0, total: 0 };
  try {
    const result = await bulkCounts(urls, {
      plan,
      pollInterval: 300, // SharedCount suggests 30 s; the fake answers at once
      force: true,
      signal: controller.signal,
      fetch: watchingFetch((data) => {
        if (job === controller) addData(Object.entries(data));
      }),
      onProgress: (now) => {
        counted = now;
        progress.max = Math.max(now.total, 1);
        progress.value = now.completed;
        status.textContent = `${format(now.completed)} of ${format(now.total)} pages counted`;
      },
    });
    rows = new Map();
    addData(result.data);
    showNotes(result);
    const sent = result.data.size + result.dropped.length;
    status.textContent = sent
      ? `Done: ${format(result.data.size)} pages counted.`
      : 'No valid URL to count: see the notes below the table.';
  } catch (error) {
    if (controller.signal.aborted) {
      status.textContent = `Cancelled: ${format(counted.completed)} of ${format(counted.total)} pages counted.`;
    } else {
      const partial = bulkPartial(error);
      if (partial) {
        addData(partial.data);
        showNotes(partial);
      }
      status.textContent = isShareCountWidgetsError(error) ? `${error.name}: ${error.message}` : String(error);
    }
  } finally {
    job = undefined;
    runButton.disabled = false;
    cancelButton.disabled = true;
  }
  refreshQuota(false);
}

refreshQuota(true);
