/**
 * The publisher's dashboard: a bulk query against a fake SharedCount (MSW), a progress bar,
 * a sortable table with totals, and the table as CSV. Every cell is set as text, never HTML.
 */
import { setupWorker } from 'msw/browser';
import { configure } from '../src/wire/config.js';
import { FAKE_KEY, sharedCountHandlers } from '../test/fakes/sharedcount.js';

await setupWorker(...sharedCountHandlers(undefined, 150)).start({ quiet: true, onUnhandledRequest: 'bypass' });
configure({ sharedcount: { apiKey: FAKE_KEY } });
const { bulkCounts, bulkPartial, isShareCountWidgetsError, quota, totalCount } = await import('../src/entries/share-count-widgets.js');
type BulkPlan = import('../src/entries/share-count-widgets.js').BulkPlan;
type SharedCountData = import('../src/entries/share-count-widgets.js').SharedCountData;

type Column = 'url' | 'facebook' | 'pinterest' | 'linkedin' | 'total';
type Row = Record<Column, string | number | null>;

const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector)!;
const progress = $<HTMLProgressElement>('#bulk-progress');
const status = $<HTMLOutputElement>('#bulk-status');
const body = $<HTMLTableSectionElement>('#bulk-table tbody');
const footer = $<HTMLTableSectionElement>('#bulk-table tfoot');
const download = $<HTMLAnchorElement>('#bulk-download');
const notes = $<HTMLUListElement>('#bulk-notes');

let rows: Row[] = [];
let sort: { column: Column; direction: 'ascending' | 'descending' } | undefined;

const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const toRow = (url: string, data: SharedCountData): Row => ({
  url,
  facebook: count(data.Facebook?.total_count),
  pinterest: count(data.Pinterest),
  linkedin: count(data.LinkedIn),
  total: totalCount(data),
});

const numbers = new Intl.NumberFormat('en-US');

const COLUMNS = ['url', 'facebook', 'pinterest', 'linkedin', 'total'] as const;

function cellsOf(row: Row, cell: (column: Column) => HTMLTableCellElement): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const column of COLUMNS) {
    const element = cell(column);
    const value = row[column];
    element.textContent = typeof value === 'number' ? numbers.format(value) : (value ?? '–');
    tr.append(element);
  }
  return tr;
}

function render(): void {
  const sorted = [...rows];
  if (sort) {
    const { column, direction } = sort;
    const sign = direction === 'ascending' ? 1 : -1;
    sorted.sort((a, b) => {
      const [x, y] = [a[column], b[column]];
      if (typeof x === 'string' || typeof y === 'string') return sign * String(x).localeCompare(String(y));
      return sign * ((x ?? -1) - (y ?? -1));
    });
  }
  const header = (column: Column) =>
    Object.assign(document.createElement(column === 'url' ? 'th' : 'td'), column === 'url' ? { scope: 'row' } : {});
  body.replaceChildren(...sorted.map((row) => cellsOf(row, header)));
  const sum = (column: Column) => rows.reduce((total, row) => total + (typeof row[column] === 'number' ? (row[column] as number) : 0), 0);
  const totals: Row = {
    url: `All ${rows.length} pages`,
    facebook: sum('facebook'),
    pinterest: sum('pinterest'),
    linkedin: sum('linkedin'),
    total: sum('total'),
  };
  footer.replaceChildren(...(rows.length ? [cellsOf(totals, header)] : []));
  // The download is the table as shown: in the order the reader chose.
  URL.revokeObjectURL(download.href);
  download.href = URL.createObjectURL(new Blob([toCsv(sorted)], { type: 'text/csv' }));
  download.hidden = rows.length === 0;
  document.querySelectorAll<HTMLTableCellElement>('#bulk-table thead th').forEach((th) => {
    const column = th.querySelector('button')!.dataset['column'];
    th.setAttribute('aria-sort', sort && sort.column === column ? sort.direction : 'none');
  });
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

function show(result: { data: Map<string, SharedCountData>; dropped: string[]; invalid: string[]; duplicates: string[] }): void {
  rows = [...result.data].map(([url, data]) => toRow(url, data));
  render();
  notes.replaceChildren(
    ...(
      [
        ['Not valid URLs, not sent', result.invalid],
        ['Listed twice, sent once', result.duplicates],
        ['Dropped by the service', result.dropped],
      ] as const
    )
      .filter(([, list]) => list.length)
      .map(([label, list]) => Object.assign(document.createElement('li'), { textContent: `${label}: ${list.join(', ')}` })),
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

$<HTMLFormElement>('#bulk-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const urls = $<HTMLTextAreaElement>('#bulk-urls')
    .value.split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const plan = $<HTMLSelectElement>('#bulk-plan').value as BulkPlan;
  progress.value = 0;
  status.textContent = 'Sending…';
  try {
    const result = await bulkCounts(urls, {
      plan,
      pollInterval: 300, // SharedCount suggests 30 s; the fake answers at once
      force: true,
      onProgress: ({ completed, total }) => {
        progress.max = Math.max(total, 1);
        progress.value = completed;
        status.textContent = `${completed} of ${total} pages counted`;
      },
    });
    show(result);
    status.textContent = `Done: ${result.data.size} pages counted.`;
  } catch (error) {
    const partial = bulkPartial(error);
    if (partial) show(partial);
    status.textContent = isShareCountWidgetsError(error) ? `${error.name}: ${error.message}` : String(error);
  }
  quota().then(
    (q) =>
      ($('#quota-status').textContent =
        `Quota today: ${numbers.format(q.quota_used_today)} used, ${numbers.format(q.quota_remaining_today)} left (${q.plan}).`),
    () => {},
  );
});
