/**
 * React 19 server rendering: test/browser/pages/react-ssr.html renders the four elements with every
 * prop `share-count-widgets/react` types, with `renderToString` (`react-dom/server`), and hydrates
 * them with `hydrateRoot`. Hydration sets no property on a custom element: what the server wrote as
 * attributes is all the element gets, so each typed prop must be one the element reads as written.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { ShareableeBadgeElement, ShareButtonElement, ShareButtonsElement, ShareCountElement } from '../../src/entries/define.js';
import * as page from './pages/react-ssr-props.js';
import { openDemo } from './support/demo-frame.js';

/** What a typed prop becomes on the element: its property, by the prop's name or its attribute's. */
const PROPERTY: Record<string, string> = {
  'hide-below': 'hideBelow',
  'api-key': 'apiKey',
  'entity-id': 'entityId',
  'category-id': 'categoryId',
  'start-date': 'startDate',
  'end-date': 'endDate',
  'mastodon-server': 'mastodonServer',
};

describe('React 19: renderToString, then hydrateRoot', () => {
  let doc: Document;
  before(async function () {
    this.timeout(60000);
    doc = await openDemo('test/browser/pages/react-ssr.html', 'share-count');
    const win = doc.defaultView! as unknown as Window & { hydrated?: boolean; serverHtml: string; hydrationErrors?: unknown[] };
    await waitUntil(() => win.hydrated, 'hydrated', { timeout: 10000 });
    expect(win.hydrationErrors ?? [], 'hydration errors').to.deep.equal([]);
  });
  after(() => document.body.replaceChildren());

  const cases = () =>
    [
      ['share-count', () => page.COUNT],
      ['shareablee-badge', () => page.BADGE],
      ['share-button', () => page.BUTTON],
      ['share-buttons', () => page.BUTTONS],
    ] as const;

  for (const [tag, props] of cases()) {
    it(`<${tag}>: every typed prop reaches the element`, () => {
      const el = doc.querySelector(tag)! as unknown as Record<string, unknown>;
      const got = Object.fromEntries(Object.keys(props()).map((prop) => [prop, el[PROPERTY[prop] ?? prop]]));
      expect(got).to.deep.equal(props());
    });
  }

  it('hides a count below hide-below, as the server rendered it (177 < 2000)', async () => {
    const el = doc.querySelector<ShareCountElement>('share-count')!;
    await waitUntil(() => el.state === 'ready', 'the count arrived', { timeout: 8000 });
    expect(el.count).to.equal(177);
    expect(el.shadowRoot!.querySelector('span')!.textContent, 'the count is hidden').to.equal('');
    const button = doc.querySelector<ShareButtonElement>('share-button')!;
    expect(button.hideBelow).to.equal(3000);
    const badge = doc.querySelector<ShareableeBadgeElement>('shareablee-badge')!;
    expect(badge.entityId).to.equal('42');
    expect(doc.querySelector<ShareButtonsElement>('share-buttons')!.mastodonServer).to.equal('mastodon.example');
  });
});
