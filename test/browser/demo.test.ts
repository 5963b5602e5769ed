/** The demo page (`npm start`) runs: its markup from index.html, its script from demo/main.ts, MSW answering. */
import { expect, waitUntil } from '@open-wc/testing';

describe('demo page', () => {
  before(async () => {
    localStorage.clear();
    const html = await (await fetch('/index.html')).text();
    const page = new DOMParser().parseFromString(html, 'text/html');
    page.querySelectorAll('script').forEach((script) => script.remove());
    document.body.innerHTML = page.body.innerHTML;
    await import('../../demo/main.js');
  });

  it('fills the jQuery examples, including the error cases', async () => {
    const counts = () => [...document.querySelectorAll<HTMLElement>('.share-count')];
    await waitUntil(() => counts().every((el) => el.dataset['sharedcountState'] !== 'loading'), 'counts loaded', { timeout: 5000 });
    expect(counts().map((el) => el.textContent)).to.deep.equal(['13,834', '12,004', '13.834', '13,834', '–', '–']);
    expect(counts()[5]!.dataset['sharedcountState']).to.equal('error');
    expect(counts()[5]!.title).to.contain('Not a valid URL');
  });

  it('answers $.sharedCount(url, fn) from the form, and the quota buttons', async () => {
    document.querySelector<HTMLButtonElement>('#lookup button')!.click();
    const result = document.getElementById('lookup-result')!;
    await waitUntil(() => result.textContent!.includes('total_count'), 'lookup answered', { timeout: 5000 });
    document.getElementById('over-quota-button')!.click();
    const quota = document.getElementById('quota-result')!;
    await waitUntil(() => quota.textContent!.includes('no request'), 'quota latch shown', { timeout: 5000 });
    expect(quota.textContent).to.contain('SharedCountError (quota_exceeded)');
    const wire = [...document.querySelectorAll('#wire-log li')].map((li) => li.textContent);
    expect(wire.filter((line) => line!.includes('apikey=over-quota')), 'the second call stayed local').to.have.length(1);
  });
});
