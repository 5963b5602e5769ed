import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import {
  configure,
  ShareableeBadgeElement,
  type ShareableeBadgeErrorDetail,
  type ShareableeBadgeLoadDetail,
} from '../../src/entries/share-count-widgets.js';
import { FAKE_PROXY, shareableeHandlers } from '../fakes/shareablee.js';
import { remoteUrls, reset, startMocks, watchPageErrors, worker } from './support/mocks.js';
import { mount as mountElement, settled } from './support/settle.js';

const mount = (template: Parameters<typeof mountElement>[0]) => mountElement<ShareableeBadgeElement>(template);

const part = (el: ShareableeBadgeElement, name: string) => el.shadowRoot!.querySelector(`[part=${name}]`);

describe('<shareablee-badge>', () => {
  const pageErrors = watchPageErrors();
  before(startMocks);
  beforeEach(() => {
    reset();
    worker.use(...shareableeHandlers());
    configure({ shareablee: { endpoint: FAKE_PROXY } });
  });
  afterEach(() => expect(pageErrors, 'nothing reached window.onerror').to.deep.equal([]));

  it("shows the entity's name and the metric, formatted like <share-count>, through the proxy", async () => {
    const el = await mount(html`<shareablee-badge entity-id="42"></shareablee-badge>`);
    expect(el.state).to.equal('ready');
    expect(el.getAttribute('state')).to.equal('ready');
    expect(part(el, 'name')!.textContent).to.equal('The Daily Example');
    expect(part(el, 'value')!.querySelector('[aria-hidden]')!.textContent).to.equal('1.2M');
    expect(part(el, 'value')!.querySelector('.label')!.textContent).to.equal('1,234,567 total actions');
    expect(remoteUrls()).to.deep.equal([`${FAKE_PROXY}user/42/facebook/metrics/`]);
    expect(part(el, 'sparkline')).to.equal(null);
  });

  it('takes category-id, service, metric, dates, notation and locale', async () => {
    const el = await mount(html`<shareablee-badge
      category-id="7"
      service="twitter"
      metric="likes_count"
      start-date="2026-10-01"
      end-date="2026-10-31"
      notation="standard"
      locale="de"
    ></shareablee-badge>`);
    expect(part(el, 'name')!.textContent).to.equal('News publishers');
    expect(part(el, 'value')!.querySelector('[aria-hidden]')!.textContent).to.equal('54.321');
    expect(remoteUrls()).to.deep.equal([`${FAKE_PROXY}category/7/twitter/metrics/?start_date=2026-10-01&end_date=2026-10-31`]);
  });

  it('with sparkline, draws the time series as an inline SVG with an accessible description', async () => {
    const el = await mount(html`<shareablee-badge entity-id="42" sparkline></shareablee-badge>`);
    const sparkline = part(el, 'sparkline') as SVGSVGElement;
    expect(sparkline.tagName.toLowerCase()).to.equal('svg');
    expect(sparkline.getAttribute('role')).to.equal('img');
    expect(sparkline.getAttribute('aria-label')).to.equal(
      'total actions from 2026-10-01 to 2026-10-05: first 120, last 340, lowest 90, highest 400',
    );
    const points = sparkline.querySelector('polyline')!.getAttribute('points')!.split(' ');
    expect(points).to.have.length(5);
    expect(points[2], 'the highest point at the top').to.equal('50.00,2.00');
    expect(el.series!.map((point) => point.value)).to.deep.equal([120, 90, 400, 250, 340]);
    expect(remoteUrls()[1]).to.equal(`${FAKE_PROXY}user/42/facebook/time_series/?fields=total_actions`);
    await expect(el).to.be.accessible();
  });

  it('renders text from the API as text: a name with markup stays literal', async () => {
    const el = await mount(html`<shareablee-badge entity-id="xss"></shareablee-badge>`);
    expect(part(el, 'name')!.textContent).to.equal('<img src=x onerror="window.__xss = true">');
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect((window as unknown as { __xss?: boolean }).__xss).to.equal(undefined);
  });

  it('fires shareablee-badge-load once shown, and persists nothing in the browser', async () => {
    localStorage.clear();
    let seen: unknown[] = [];
    const loaded = new Promise<CustomEvent<ShareableeBadgeLoadDetail>>((resolve) =>
      document.addEventListener(
        'shareablee-badge-load',
        (event) => {
          // Read at dispatch time: the event says the value is shown, so it must already be.
          const badge = event.target as ShareableeBadgeElement;
          seen = [badge.getAttribute('state'), part(badge, 'value')?.querySelector('.label')?.textContent];
          resolve(event);
        },
        { once: true },
      ),
    );
    const el = await fixture<ShareableeBadgeElement>(html`<shareablee-badge entity-id="42" metric="comments_count"></shareablee-badge>`);
    const { detail, bubbles, composed } = await loaded;
    expect(seen).to.deep.equal(['ready', '999 comments']);
    expect(bubbles && composed).to.equal(true);
    expect([detail.id, detail.metric, detail.value, detail.data.name]).to.deep.equal(['42', 'comments_count', 999, 'The Daily Example']);
    expect(el.state).to.equal('ready');
    expect(localStorage.length, 'nothing about the entity stored').to.equal(0);
  });

  describe('bad input', () => {
    const cases: [string, ReturnType<typeof html>, string, RegExp][] = [
      ['no id', html`<shareablee-badge></shareablee-badge>`, 'ValidationError', /entity-id or category-id/],
      ['both ids', html`<shareablee-badge entity-id="1" category-id="2"></shareablee-badge>`, 'ValidationError', /one of/],
      ['an invalid id', html`<shareablee-badge entity-id="../me"></shareablee-badge>`, 'ValidationError', /not a Shareablee id/],
      [
        'half a date range',
        html`<shareablee-badge entity-id="42" start-date="2026-10-01"></shareablee-badge>`,
        'ValidationError',
        /both or neither/,
      ],
      [
        'reversed dates',
        html`<shareablee-badge entity-id="42" start-date="2026-10-31" end-date="2026-10-01"></shareablee-badge>`,
        'ValidationError',
        /before/,
      ],
      ['an unknown service', html`<shareablee-badge entity-id="42" service="myspace"></shareablee-badge>`, 'ValidationError', /service/],
      [
        'an unknown metric',
        html`<shareablee-badge entity-id="42" metric="vibes"></shareablee-badge>`,
        'ValidationError',
        /no "vibes" metric/,
      ],
      [
        'a metric that is no name',
        // eslint-disable-next-line lit/attribute-value-entities -- markup in an attribute is the hostile input under test
        html`<shareablee-badge entity-id="42" metric="<b>"></shareablee-badge>`,
        'ValidationError',
        /not a metric/,
      ],
      ['401 from upstream', html`<shareablee-badge entity-id="401"></shareablee-badge>`, 'ShareableeError', /Invalid credentials/],
      ['a 429 storm', html`<shareablee-badge entity-id="429"></shareablee-badge>`, 'RateLimitError', /rate limit/],
      ['an upstream failure', html`<shareablee-badge entity-id="500"></shareablee-badge>`, 'ShareableeError', /HTTP 502/],
    ];
    for (const [what, template, name, message] of cases) {
      it(`${what}: the error state, a titled dash and shareablee-badge-error`, async () => {
        const errored = oneEvent(document, 'shareablee-badge-error');
        const el = await fixture<ShareableeBadgeElement>(template);
        const { detail } = (await errored) as CustomEvent<ShareableeBadgeErrorDetail>;
        await settled(el);
        expect([el.state, detail.error.name]).to.deep.equal(['error', name]);
        expect(part(el, 'error')!.getAttribute('title')).to.match(message);
      });
    }

    it('a proxy that is down: NetworkError, the error state', async () => {
      worker.use(http.get(/proxy\.publisher\.test/, () => HttpResponse.error()));
      const el = await mount(html`<shareablee-badge entity-id="42"></shareablee-badge>`);
      expect([el.state, el.error?.name]).to.deep.equal(['error', 'NetworkError']);
    });

    it('no proxy configured: a ValidationError saying what to set', async () => {
      configure({ shareablee: { endpoint: '' } });
      const el = await mount(html`<shareablee-badge entity-id="42"></shareablee-badge>`);
      expect(el.error!.message).to.contain('proxy');
      expect(remoteUrls()).to.deep.equal([]);
    });
  });

  it("retries a 429 with the server's Retry-After before giving up: 4 requests", async () => {
    const started = performance.now();
    await mount(html`<shareablee-badge entity-id="429"></shareablee-badge>`);
    expect(remoteUrls().filter((url) => url.includes('/user/429/'))).to.have.length(4);
    // The fake says Retry-After: 0. Ignoring it, the client's own backoff would wait 3.5 s or more.
    expect(performance.now() - started, 'waited as the server said, not the fallback backoff').to.be.below(2000);
  });

  it('is typed in HTMLElementTagNameMap and defining twice is harmless', () => {
    const el: ShareableeBadgeElement = document.createElement('shareablee-badge');
    expect(el).to.be.instanceOf(ShareableeBadgeElement);
    expect(() => ShareableeBadgeElement.define()).not.to.throw();
  });
});
