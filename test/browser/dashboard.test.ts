/** The publisher's dashboard (demo/dashboard.html), driven as a person would: paste, run, sort, download. */
import { expect, waitUntil } from '@open-wc/testing';
import { a11ySnapshot, emulateMedia, sendMouse } from '@web/test-runner-commands';

const cells = () => [...document.querySelectorAll('#bulk-table tbody tr')].map((tr) => [...tr.children].map((cell) => cell.textContent));
const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const text = (selector: string) => $(selector).textContent!;
const statusText = () => text('#bulk-status');
/** The notes under the table: each heading, with the URLs it lists, one per line. */
const noteLists = () =>
  [...document.querySelectorAll('#bulk-notes > li')].map((li) => [
    li.querySelector('span')!.textContent,
    [...li.querySelectorAll('.urls li')].map((item) => item.textContent),
  ]);

/** Pastes `lines` and runs them, as a person would: a real mouse click on "Count them". */
async function run(lines: string[]): Promise<void> {
  $<HTMLTextAreaElement>('#bulk-urls').value = lines.join('\n');
  await click('#bulk-run');
}

async function click(selector: string, times = 1): Promise<void> {
  const button = $(selector);
  button.scrollIntoView({ block: 'center' });
  const { x, y, width, height } = button.getBoundingClientRect();
  for (let i = 0; i < times; i++) await sendMouse({ type: 'click', position: [Math.round(x + width / 2), Math.round(y + height / 2)] });
}

const done = () => waitUntil(() => /^(Done|No valid)/.test(statusText()), 'bulk done', { timeout: 8000 });

describe('publisher dashboard', () => {
  let toCsv: typeof import('../../demo/dashboard.js').toCsv;
  /** Bulk requests as the fake SharedCount saw them, `METHOD url`. */
  const wire: string[] = [];
  const posts = () => wire.filter((line) => line.startsWith('POST '));
  const polls = () => wire.filter((line) => line.startsWith('GET ') && line.includes('bulk_id='));
  before(async () => {
    const html = await (await fetch('/demo/dashboard.html')).text();
    const page = new DOMParser().parseFromString(html, 'text/html');
    page.querySelectorAll('script').forEach((script) => script.remove());
    // The page's own styles too: what a reader sees is laid out by them.
    document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: '/demo/demo.css' }));
    document.body.innerHTML = page.body.innerHTML;
    const dashboard = await import('../../demo/dashboard.js');
    toCsv = dashboard.toCsv;
    dashboard.worker.events.on('request:start', ({ request }) => {
      if (new URL(request.url).pathname.endsWith('/bulk')) wire.push(`${request.method} ${request.url}`);
    });
  });
  beforeEach(() => {
    wire.length = 0;
  });
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  it('shows the quota and the plan SharedCount reports, and counts in batches of that plan', async () => {
    await waitUntil(() => text('#quota-status'), 'quota shown', { timeout: 5000 });
    expect(text('#quota-status')).to.equal('Quota today: 1,234 used, 8,766 left of 10,000. Plan: business.');
    expect($<HTMLSelectElement>('#bulk-plan').value).to.equal('business');
  });

  it('runs a pasted list through the bulk API with a progress bar, and fills the table', async () => {
    document.querySelector<HTMLTextAreaElement>('#bulk-urls')!.value = [
      'https://example.com/popular',
      'https://example.com/',
      'https://example.com/popular',
      'not a url',
      'https://example.com/drop-me',
      'https://example.com/failing-network',
    ].join('\n');
    document.querySelector<HTMLButtonElement>('#bulk-run')!.click();
    const progress = document.querySelector<HTMLProgressElement>('#bulk-progress')!;
    await waitUntil(() => progress.value > 0 && progress.value < progress.max, 'progress shown mid-way', { timeout: 5000, interval: 20 });
    await waitUntil(() => document.querySelector('#bulk-status')!.textContent!.startsWith('Done'), 'bulk done', { timeout: 8000 });
    expect([progress.value, progress.max]).to.deep.equal([4, 4]);
    expect(cells()).to.deep.equal([
      ['https://example.com/popular', '12,004', '1,520', '310', '13,834'],
      ['https://example.com/', '168', '9', '–', '177'],
      ['https://example.com/failing-network', '–', '4', '–', '4'],
    ]);
    const footer = [...document.querySelectorAll('#bulk-table tfoot td, #bulk-table tfoot th')].map((cell) => cell.textContent);
    expect(footer, 'a row of totals').to.deep.equal(['All 3 pages', '12,172', '1,533', '310', '14,015']);
    expect(noteLists()).to.deep.equal([
      ['Not valid URLs, not sent (1):', ['not a url']],
      ['Listed twice, sent once (1):', ['https://example.com/popular']],
      ['Dropped by the service (1):', ['https://example.com/drop-me']],
    ]);
    expect(posts(), 'one batch').to.have.length(1);
  });

  it('sorts by a column, descending then ascending, and says so', async () => {
    const total = document.querySelector<HTMLButtonElement>('button[data-column="total"]')!;
    total.click();
    expect(cells().map((row) => row[4])).to.deep.equal(['13,834', '177', '4']);
    expect(total.parentElement!.getAttribute('aria-sort')).to.equal('descending');
    total.click();
    expect(cells().map((row) => row[4])).to.deep.equal(['4', '177', '13,834']);
    expect(total.parentElement!.getAttribute('aria-sort')).to.equal('ascending');
    document.querySelector<HTMLButtonElement>('button[data-column="pinterest"]')!.click();
    expect(cells().map((row) => row[2])).to.deep.equal(['1,520', '9', '4']);
    expect(total.parentElement!.getAttribute('aria-sort')).to.equal('none');
  });

  it('has no axe violations with the table filled', async () => {
    await expect(document.querySelector('main')).to.be.accessible();
  });

  it('downloads the table as CSV, in the order shown', async () => {
    const total = document.querySelector<HTMLButtonElement>('button[data-column="total"]')!;
    total.click();
    total.click(); // ascending
    const link = document.querySelector<HTMLAnchorElement>('#bulk-download')!;
    expect(link.hidden).to.equal(false);
    expect(link.download).to.equal('share-counts.csv');
    const csv = await (await fetch(link.href)).text();
    expect(csv).to.equal(
      'url,facebook,pinterest,linkedin,total\r\n' +
        'https://example.com/failing-network,,4,,4\r\n' +
        'https://example.com/,168,9,,177\r\n' +
        'https://example.com/popular,12004,1520,310,13834\r\n',
    );
  });

  it('quotes CSV cells, and keeps a spreadsheet from running one as a formula', () => {
    expect(toCsv([{ url: 'https://x/?a="1",b', facebook: null, pinterest: 1, linkedin: 0, total: 1 }])).to.contain(
      '"https://x/?a=""1"",b",,1,0,1',
    );
    expect(toCsv([{ url: '=HYPERLINK("evil")', facebook: 1, pinterest: 1, linkedin: 1, total: 3 }])).to.contain(`"'=HYPERLINK(""evil"")"`);
  });
  it('lists a 5,000-character bad line shortened, with the whole of it in its title, and the page keeps its width', async () => {
    const long = `https://example.com/${'x'.repeat(2500)} ${'y'.repeat(2479)}`;
    expect(long).to.have.length(5000);
    await run(['https://example.com/', long, 'ftp://example.com/file']);
    await done();
    const [invalid] = [...document.querySelectorAll<HTMLLIElement>('#bulk-notes .urls')];
    const items = [...invalid!.querySelectorAll('li')];
    expect(items.map((li) => li.textContent)).to.deep.equal([
      `https://example.com/${'x'.repeat(20)}…${'y'.repeat(39)}`,
      'ftp://example.com/file',
    ]);
    expect(items[0]!.textContent).to.have.length(80);
    expect(items[0]!.title).to.equal(long);
    expect(items[1]!.hasAttribute('title'), 'a short URL as it is').to.equal(false);
    expect(items[0]!.getBoundingClientRect().height, 'one line each').to.be.below(2 * items[1]!.getBoundingClientRect().height);
    expect(document.documentElement.scrollWidth).to.be.at.most(innerWidth);
  });

  it('gives a hint for an empty list, and sends nothing', async () => {
    await run(['', '   ', '']);
    expect(statusText()).to.equal('Paste at least one URL to count, one per line.');
    expect(document.activeElement).to.equal($('#bulk-urls'));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(wire).to.deep.equal([]);
  });

  it('sends one bulk POST for a double click: Count is disabled while the job runs', async () => {
    $<HTMLTextAreaElement>('#bulk-urls').value = ['https://example.com/', 'https://example.com/popular'].join('\n');
    await click('#bulk-run', 2);
    expect($<HTMLButtonElement>('#bulk-run').disabled, 'Count disabled during the job').to.equal(true);
    expect($<HTMLButtonElement>('#bulk-cancel').disabled, 'Cancel enabled during the job').to.equal(false);
    await done();
    expect(posts()).to.have.length(1);
    expect($<HTMLButtonElement>('#bulk-run').disabled).to.equal(false);
    expect($<HTMLButtonElement>('#bulk-cancel').disabled).to.equal(true);
  });

  it('fills the table and the chart as partial answers arrive, with separators, and Cancel stops the job', async () => {
    const urls = Array.from({ length: 1200 }, (_, i) => `https://example.com/article-${i + 1}`);
    await run(urls);
    await waitUntil(() => /^\d+ of 1,200 pages counted$/.test(statusText()) && cells().length > 0, 'partial data shown', { timeout: 5000 });
    const shownRows = cells().length;
    expect(shownRows, 'a part, not all').to.be.below(1000);
    expect(cells()[0]![0]).to.equal('https://example.com/article-1');
    expect(document.querySelectorAll('#bulk-chart .bar').length, 'the chart follows').to.equal(Math.min(shownRows, 20));
    await click('#bulk-cancel');
    await waitUntil(() => statusText().startsWith('Cancelled'), 'cancelled', { timeout: 3000 });
    expect(statusText()).to.match(/^Cancelled: \d+ of 1,200 pages counted\.$/);
    expect($<HTMLButtonElement>('#bulk-run').disabled).to.equal(false);
    expect($<HTMLButtonElement>('#bulk-cancel').disabled).to.equal(true);
    expect(cells().length, 'what arrived stays').to.be.at.least(shownRows);
    expect(posts(), 'the first batch of 1,000 (business plan)').to.have.length(1);
    expect(polls().length, 'polled').to.be.above(0);
    expect(
      polls().every((line) => new URL(line.slice(4)).searchParams.get('force') === '1'),
      'every poll asks for what is done so far',
    ).to.equal(true);
    const pollsAtCancel = polls().length;
    await new Promise((resolve) => setTimeout(resolve, 1000)); // three poll intervals
    expect(polls(), 'no poll after Cancel').to.have.length(pollsAtCancel);
    expect(posts()).to.have.length(1);
  });

  describe('the chart', () => {
    const urls = Array.from({ length: 25 }, (_, i) => `https://example.com/story-${i + 1}`);
    const bars = () => [...document.querySelectorAll<SVGGElement>('#bulk-chart .bar')];
    const width = (bar: SVGGElement, part: string) => bar.querySelector(`.bar-${part}`)!.getAttribute('width')!;
    before(async () => {
      await run(urls);
      await done();
      // Back to the order the chart starts with: by total, most first.
      const total = $<HTMLButtonElement>('button[data-column="total"]');
      while (total.parentElement!.getAttribute('aria-sort') !== 'descending') total.click();
    });

    it('draws the 20 pages with the most shares, Facebook and Pinterest stacked on one scale', async () => {
      const rows = [...document.querySelectorAll('#bulk-table tbody tr')].map((tr) => ({
        url: tr.children[0]!.textContent!,
        facebook: Number(tr.children[1]!.textContent!.replace(/,/g, '')),
        pinterest: Number(tr.children[2]!.textContent!.replace(/,/g, '')),
        total: Number(tr.children[4]!.textContent!.replace(/,/g, '')),
      }));
      expect(rows).to.have.length(25);
      const top = [...rows].sort((a, b) => b.total - a.total).slice(0, 20);
      expect(bars().map((bar) => bar.dataset['url'])).to.deep.equal(top.map((row) => row.url));
      const widest = Math.max(...top.map((row) => row.facebook + row.pinterest));
      for (const [i, bar] of bars().entries()) {
        const row = top[i]!;
        expect(parseFloat(width(bar, 'facebook'))).to.be.closeTo((row.facebook / widest) * 100, 0.01);
        expect(parseFloat(width(bar, 'pinterest'))).to.be.closeTo((row.pinterest / widest) * 100, 0.01);
        expect(bar.querySelector('.bar-pinterest')!.getAttribute('x'), 'Pinterest starts where Facebook ends').to.equal(
          width(bar, 'facebook'),
        );
        expect(bar.querySelector('.bar-label')!.textContent).to.equal(row.url.replace('https://', ''));
        expect(bar.querySelector('.bar-value')!.textContent).to.equal(row.total.toLocaleString('en-US'));
        expect(bar.querySelector('.bar-label')!.getAttribute('clip-path'), 'a long label stops before the total').to.equal(
          'url(#bulk-chart-label-room)',
        );
      }
      const longest = bars()[top.findIndex((row) => row.facebook + row.pinterest === widest)]!;
      const painted = ['facebook', 'pinterest'].map((part) => longest.querySelector(`.bar-${part}`)!.getBoundingClientRect().width);
      expect(painted[0]! + painted[1]!, 'the longest bar spans the chart').to.be.closeTo($('#bulk-chart').getBoundingClientRect().width, 1);
    });

    it('is an image named by its title, with the same numbers in a table', async () => {
      const title = 'The 20 pages with the most total shares: Facebook and Pinterest shares, stacked';
      type Node = { role: string; name: string; children?: Node[] };
      const snapshot = (await a11ySnapshot({ selector: '#bulk-chart' })) as unknown as Node;
      expect(snapshot, JSON.stringify(snapshot)).to.include({ role: 'image', name: title });
      expect(text('#chart-table caption')).to.equal(title);
      const table = [...document.querySelectorAll('#chart-table tbody tr')].map((tr) => [...tr.children].map((cell) => cell.textContent));
      expect(table).to.have.length(20);
      const bar = bars()[0]!;
      const row = cells().find((cells) => cells[0] === bar.dataset['url'])!;
      expect(table[0]).to.deep.equal([row[0], row[1], row[2], row[4]]);
    });

    it('redraws when the table is sorted', async () => {
      const pinterest = () =>
        [...document.querySelectorAll('#chart-table tbody tr')].map((tr) => Number(tr.children[2]!.textContent!.replace(/,/g, '')));
      $<HTMLButtonElement>('button[data-column="pinterest"]').click();
      expect(text('#bulk-chart title')).to.equal('The 20 pages with the most Pinterest shares: Facebook and Pinterest shares, stacked');
      const byPinterest = cells()
        .slice(0, 20)
        .map((row) => row[0]);
      expect(bars().map((bar) => bar.dataset['url'])).to.deep.equal(byPinterest);
      expect(pinterest()).to.deep.equal([...pinterest()].sort((a, b) => b - a));
      $<HTMLButtonElement>('button[data-column="pinterest"]').click();
      expect(text('#bulk-chart title')).to.equal('The 20 pages with the fewest Pinterest shares: Facebook and Pinterest shares, stacked');
      expect(pinterest()).to.deep.equal([...pinterest()].sort((a, b) => a - b));
    });

    it('follows the dark colour scheme', async () => {
      const fill = () => getComputedStyle(document.querySelector('#bulk-chart .bar-facebook')!).fill;
      const label = () => getComputedStyle(document.querySelector('#bulk-chart .bar-label')!).fill;
      expect([fill(), label()]).to.deep.equal(['rgb(26, 95, 180)', 'rgb(0, 0, 0)']);
      await emulateMedia({ colorScheme: 'dark' });
      expect([fill(), label()]).to.deep.equal(['rgb(138, 180, 248)', 'rgb(255, 255, 255)']);
    });

    it('has no axe violations, light and dark', async () => {
      await expect(document.querySelector('main')).to.be.accessible();
      await emulateMedia({ colorScheme: 'dark' });
      await expect(document.querySelector('main')).to.be.accessible();
    });
  });
});
