/** The publisher's dashboard (demo/dashboard.html), driven as a person would: paste, run, sort, download. */
import { expect, waitUntil } from '@open-wc/testing';

const cells = () => [...document.querySelectorAll('#bulk-table tbody tr')].map((tr) => [...tr.children].map((cell) => cell.textContent));

describe('publisher dashboard', () => {
  let toCsv: typeof import('../../demo/dashboard.js').toCsv;
  before(async () => {
    const html = await (await fetch('/demo/dashboard.html')).text();
    const page = new DOMParser().parseFromString(html, 'text/html');
    page.querySelectorAll('script').forEach((script) => script.remove());
    document.body.innerHTML = page.body.innerHTML;
    ({ toCsv } = await import('../../demo/dashboard.js'));
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
    document.querySelector<HTMLButtonElement>('#bulk-form button')!.click();
    const progress = document.querySelector<HTMLProgressElement>('#bulk-progress')!;
    await waitUntil(() => progress.value > 0 && progress.value < progress.max, 'progress shown mid-way', { timeout: 5000, interval: 20 });
    await waitUntil(() => document.querySelector('#bulk-status')!.textContent!.startsWith('Done'), 'bulk done', { timeout: 8000 });
    expect([progress.value, progress.max]).to.deep.equal([4, 4]);
    expect(cells()).to.deep.equal([
      ['https://example.com/popular', '12,004', '1,520', '310', '13,834'],
      ['https://example.com/', '168', '9', '–', '177'],
      ['https://example.com/failing-network', '–', '4', '–', '4'],
    ]);
    const notes = [...document.querySelectorAll('#bulk-notes li')].map((li) => li.textContent);
    const footer = [...document.querySelectorAll('#bulk-table tfoot td, #bulk-table tfoot th')].map((cell) => cell.textContent);
    expect(footer, 'a row of totals').to.deep.equal(['All 3 pages', '12,172', '1,533', '310', '14,015']);
    expect(notes).to.deep.equal([
      'Not valid URLs, not sent: not a url',
      'Listed twice, sent once: https://example.com/popular',
      'Dropped by the service: https://example.com/drop-me',
    ]);
    await waitUntil(() => document.querySelector('#quota-status')!.textContent!.includes('Quota today'), 'quota shown');
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
});
