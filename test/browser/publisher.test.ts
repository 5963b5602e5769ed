/**
 * What a publisher sees in an article: their readers' language and plural forms, thresholds,
 * networks that come and go, URLs that look like pages but are not, a missing key said out loud,
 * no layout shift, and a page of many counts rendered a slice at a time.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { a11ySnapshot } from '@web/test-runner-commands';
import { http } from 'msw';
import type { ShareCountElement } from '../../src/entries/share-count-widgets.js';
import { configure, fetchCounts, type ShareCountLoadDetail } from '../../src/entries/share-count-widgets.js';
import { answer, FAKE_ENDPOINT } from '../fakes/sharedcount.js';
import { rejectionOf, remoteUrls, reset, startMocks, watchPageErrors, worker } from './support/mocks.js';
import { mount as mountElement, settled, settledAll } from './support/settle.js';

const mount = (template: Parameters<typeof mountElement>[0]) => mountElement<ShareCountElement>(template);

const POPULAR = 'https://example.com/popular';

const node = (el: ShareCountElement) => el.shadowRoot!.querySelector('[part]') as HTMLElement;
const name = (el: ShareCountElement) => node(el).getAttribute('aria-label');
/** Answers every page URL with `counts`. */
const serve = (counts: object) => worker.use(http.get(FAKE_ENDPOINT, ({ request }) => answer(request, 200, counts)));

describe('what a publisher sees', () => {
  const pageErrors = watchPageErrors();
  before(startMocks);
  beforeEach(reset);
  afterEach(() => expect(pageErrors, 'nothing reached window.onerror').to.deep.equal([]));

  describe('a missing key', () => {
    it('warns once per page which setting to add, and keeps the error state', async () => {
      const warn = console.warn;
      const warnings: unknown[][] = [];
      console.warn = (...args: unknown[]) => void warnings.push(args);
      try {
        configure({ sharedcount: { apiKey: '' } });
        const first = await mount(html`<share-count url=${POPULAR}></share-count>`);
        const second = await mount(html`<share-count url="https://example.com/other"></share-count>`);
        await rejectionOf(fetchCounts(POPULAR));
        expect([first.state, second.state, first.error!.name]).to.deep.equal(['error', 'error', 'ValidationError']);
        expect(warnings, 'one warning for the page').to.have.length(1);
        expect(String(warnings[0]![0])).to.contain('data-sharedcount-key').and.to.contain('configure(');
        expect(remoteUrls()).to.deep.equal([]);
      } finally {
        console.warn = warn;
      }
    });
  });

  describe('words in the reader’s language', () => {
    it('keeps English built in', async () => {
      const el = await mount(html`<share-count id="english" url=${POPULAR}></share-count>`);
      expect(JSON.stringify(await a11ySnapshot({ selector: '#english' }))).to.contain('13,834 shares');
      expect(node(el).textContent).to.equal('14K');
    });

    it('takes configured words by language, the plural form from Intl.PluralRules, # the number', async () => {
      configure({
        labels: {
          de: { other: '# Mal geteilt' },
          pl: { one: '# udostępnienie', few: '# udostępnienia', many: '# udostępnień', other: '# udostępnienia' },
        },
      });
      const polish: [number, string][] = [
        [1, '1 udostępnienie'],
        [2, '2 udostępnienia'],
        [5, '5 udostępnień'],
        [22, '22 udostępnienia'],
        [1234, '1234 udostępnienia'],
      ];
      for (const [count, words] of polish) {
        serve({ Pinterest: count });
        const wrapper = await fixture<HTMLElement>(html`<p lang="pl"><share-count url="https://example.com/pl${count}"></share-count></p>`);
        const el = await settled(wrapper.querySelector('share-count')!);
        expect(name(el), String(count)).to.equal(words.replace('1234', (1234).toLocaleString('pl')));
      }
      serve({ Pinterest: 13834 });
      const wrapper = await fixture<HTMLElement>(
        html`<article lang="de-DE"><share-count id="german" url=${POPULAR}></share-count></article>`,
      );
      const german = await settled(wrapper.querySelector('share-count')!);
      // de-DE has no words of its own: de's serve it. The screen reader hears them, from Chromium's tree.
      expect(JSON.stringify(await a11ySnapshot({ selector: '#german' }))).to.contain('13.834 Mal geteilt');
      expect(node(german).textContent, 'what is seen stays the number').to.equal(
        new Intl.NumberFormat('de-DE', { notation: 'compact' }).format(13834),
      );
    });

    it('follows configure({ labels }) on elements already showing a count, and the label attribute wins', async () => {
      const el = await mount(html`<share-count url=${POPULAR} lang="fr"></share-count>`);
      expect(name(el)).to.equal('13\u202f834 shares');
      configure({ labels: { fr: { one: '# partage', other: '# partages' } } });
      await el.updateComplete;
      expect(name(el)).to.equal('13\u202f834 partages');
      el.setAttribute('label', '# lecteurs ont partagé');
      await el.updateComplete;
      expect(name(el)).to.equal('13\u202f834 lecteurs ont partagé');
    });
  });

  describe('thresholds', () => {
    it('hide-below shows nothing under the number, keeps the width and the ready state, and the event carries the count', async () => {
      serve({ Pinterest: 3 });
      const loaded = oneEvent(document, 'share-count-load');
      const el = await fixture<ShareCountElement>(html`<share-count url="https://example.com/small" hide-below="10"></share-count>`);
      await el.updateComplete;
      const reserved = el.getBoundingClientRect().width;
      const { detail } = (await loaded) as CustomEvent<ShareCountLoadDetail>;
      await settled(el);
      expect([el.state, el.count, detail.count]).to.deep.equal(['ready', 3, 3]);
      expect(node(el).textContent).to.equal('');
      expect(node(el).hasAttribute('aria-label'), 'nothing for a screen reader either').to.equal(false);
      expect(el.getBoundingClientRect().width, 'the reserved width stays').to.equal(reserved);
      expect(reserved).to.be.above(0);
      await expect(el).to.be.accessible();
      el.hideBelow = 2;
      await el.updateComplete;
      expect([node(el).textContent, name(el)]).to.deep.equal(['3', '3 shares']);
    });
  });

  describe('networks that come and go', () => {
    it('a network missing from the answer is a neutral dash named "no count", not an error', async () => {
      serve({ Pinterest: 3, Facebook: { total_count: 5 } });
      let errors = 0;
      const onError = () => errors++;
      document.addEventListener('share-count-error', onError);
      const loaded = oneEvent(document, 'share-count-load');
      const el = await mount(html`<share-count id="gone" url="https://example.com/gone" service="linkedin"></share-count>`);
      document.removeEventListener('share-count-error', onError);
      expect([el.state, el.count, el.getAttribute('state'), errors]).to.deep.equal(['ready', null, 'ready', 0]);
      expect(((await loaded) as CustomEvent<ShareCountLoadDetail>).detail.count).to.equal(null);
      expect(node(el).getAttribute('part')).to.equal('count');
      expect(node(el).textContent).to.equal('–');
      expect(JSON.stringify(await a11ySnapshot({ selector: '#gone' }))).to.contain('no count');
      // A Facebook field the answer lacks is the same.
      const field = await mount(html`<share-count url="https://example.com/gone" service="facebook" field="comment_count"></share-count>`);
      expect([field.state, field.count, name(field)]).to.deep.equal(['ready', null, 'no count']);
    });
  });

  describe('URLs that are not pages', () => {
    it('refuses hosts with spaces, control characters or markup, and URLs with credentials, with no request', async () => {
      const bad = [
        'https://exa mple.com/space',
        'https://exa%20mple.com/',
        'https://a<b.com/',
        'https://user:secret@example.com/',
        'https://example.com\u0000.evil/',
        'https:///nohost',
        'https:\\\\example.com/',
        'https://@example.com/',
        'https://example.com\\@evil.example/',
        'https://ex%61mple.com/',
      ];
      for (const url of bad) {
        const error = await rejectionOf(fetchCounts(url));
        expect(error, url).to.include({ name: 'SharedCountError', type: 'invalid_url' });
        const el = await mount(html`<share-count url=${url}></share-count>`);
        expect([el.state, el.error?.name], url).to.deep.equal(['error', 'SharedCountError']);
      }
      expect(remoteUrls()).to.deep.equal([]);
      // What publishers do have still goes through, exactly as written: IDN, ports, IPs, a trailing dot.
      const accepted = [
        'https://bücher.example/',
        'https://example.com:8443/a',
        'http://192.0.2.1/',
        'https://[2001:db8::1]/',
        'https://example.com./',
      ];
      for (const url of accepted) expect(await fetchCounts(url), url).to.have.property('Pinterest');
      expect(remoteUrls(), 'each sent as written').to.deep.equal(
        accepted.map((url) => `${FAKE_ENDPOINT}?url=${encodeURIComponent(url)}&apikey=demo-key`),
      );
    });
  });

  describe('what review found', () => {
    it('keeps the width of notation="standard" set as a property (a framework): the element writes the attribute', async () => {
      const el = await mount(html`<share-count url=${POPULAR}></share-count>`);
      const minWidth = () => parseFloat(getComputedStyle(el).minWidth);
      const compact = minWidth();
      expect(el.hasAttribute('notation'), 'the default is not written').to.equal(false);
      el.notation = 'standard';
      await el.updateComplete;
      expect([el.getAttribute('notation'), node(el).textContent]).to.deep.equal(['standard', '13,834']);
      expect(minWidth(), '6ch, not 4ch').to.be.closeTo(compact * 1.5, 0.1);
      el.removeAttribute('notation');
      await el.updateComplete;
      expect([el.notation, node(el).textContent, minWidth()]).to.deep.equal(['compact', '14K', compact]);
    });

    it('keeps refresh() when the element reloads before the refreshed answer came', async () => {
      let answers = 0;
      worker.use(http.get(FAKE_ENDPOINT, ({ request }) => answer(request, 200, { Pinterest: ++answers })));
      const el = await mount(html`<share-count url="https://example.com/refresh-kept"></share-count>`);
      expect(el.count).to.equal(1);
      el.refresh();
      configure({ sharedcount: { timeout: 9000 } }); // reloads an element that is loading
      await settled(el);
      await waitUntil(() => el.count !== null && el.count > 1, 'the refreshed answer', { timeout: 4000 });
      expect(el.count, 'asked again, not served from the cache').to.be.above(1);
    });

    it('a labels-only configure() re-words what is shown, and reloads nothing', async () => {
      let errors = 0;
      const onError = () => errors++;
      document.addEventListener('share-count-error', onError);
      const failed = await mount(html`<share-count url="ftp://example.com/"></share-count>`);
      const shown = await mount(html`<share-count url=${POPULAR} lang="nl"></share-count>`);
      const before = remoteUrls();
      expect(before, 'the one request, for the element that shows a count').to.have.length(1);
      configure({ labels: { nl: { one: '# keer gedeeld', other: '# keer gedeeld' } } });
      await new Promise((resolve) => setTimeout(resolve, 100));
      document.removeEventListener('share-count-error', onError);
      expect(name(shown), 're-worded').to.equal('13.834 keer gedeeld');
      expect([errors, remoteUrls(), failed.state, shown.state]).to.deep.equal([1, before, 'error', 'ready']);
    });

    it('merges labels form by form, and refuses a language without an "other" form', async () => {
      configure({ labels: { it: { other: '# condivisioni' } } });
      configure({ labels: { it: { one: '# condivisione' } } });
      serve({ Pinterest: 1 });
      const one = await mount(html`<share-count url="https://example.com/it1" lang="it"></share-count>`);
      serve({ Pinterest: 3 });
      const three = await mount(html`<share-count url="https://example.com/it3" lang="it"></share-count>`);
      expect([name(one), name(three)]).to.deep.equal(['1 condivisione', '3 condivisioni']);
      expect(() => configure({ labels: { sv: { one: '# delning' } } })).to.throw(/labels\.sv needs an "other" form/);
    });
  });

  describe('a page of many counts', () => {
    it('renders in slices of later tasks, not all in the task that added them', async () => {
      serve({ Pinterest: 1 });
      const host = await fixture<HTMLElement>(html`<div></div>`);
      host.innerHTML = '<share-count url="https://example.com/many"></share-count>'.repeat(300);
      const elements = [...host.querySelectorAll('share-count')] as ShareCountElement[];
      await Promise.resolve();
      const rendered = () => elements.filter((el) => el.shadowRoot?.querySelector('[part]')).length;
      expect(rendered(), 'nothing rendered in the microtasks after the insertion').to.equal(0);
      await settledAll(elements, { until: (el) => el.state === 'ready', timeout: 8000 });
      expect(rendered()).to.equal(300);
      expect(remoteUrls(), 'one request for the URL').to.have.length(1);
    });

    it('upgrades the elements already on the page without rendering them: the task that defines does no more', async () => {
      serve({ Pinterest: 2 });
      const host = await fixture<HTMLElement>(html`<div></div>`);
      host.innerHTML = '<share-count-late url="https://example.com/late"></share-count-late>'.repeat(200);
      const elements = [...host.children] as ShareCountElement[];
      (customElements.get('share-count') as typeof ShareCountElement).define('share-count-late');
      const seen = () => ({
        upgraded: elements.filter((el) => typeof el.refresh === 'function').length,
        shadowRoots: elements.filter((el) => el.shadowRoot).length,
        withState: elements.filter((el) => el.hasAttribute('state')).length,
        requests: remoteUrls().length,
      });
      expect(seen(), 'in the task that defined the tag').to.deep.equal({ upgraded: 200, shadowRoots: 0, withState: 0, requests: 0 });
      await Promise.resolve();
      expect(seen(), 'in its microtasks').to.deep.equal({ upgraded: 200, shadowRoots: 0, withState: 0, requests: 0 });
      await settledAll(elements, { until: (el) => el.state === 'ready', timeout: 8000 });
      expect(seen()).to.deep.equal({ upgraded: 200, shadowRoots: 200, withState: 200, requests: 1 });
      expect(elements.map((el) => el.shadowRoot!.textContent)).to.deep.equal(Array(200).fill('2'));
    });

    it('reflects state by hand: the attribute follows every render, and writing it changes nothing', async () => {
      serve({ Pinterest: 3 });
      const el = await mount(html`<share-count url="https://example.com/reflected"></share-count>`);
      expect([el.getAttribute('state'), el.state]).to.deep.equal(['ready', 'ready']);
      el.setAttribute('state', 'error');
      await el.updateComplete;
      expect(el.state, 'the attribute is not read back').to.equal('ready');
      el.url = '';
      await settled(el);
      expect([el.getAttribute('state'), el.state]).to.deep.equal(['error', 'error']);
    });
  });
});
