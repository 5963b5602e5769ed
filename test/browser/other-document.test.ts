/**
 * Elements made here and first connected in another document (a frame's, as a page that builds an
 * iframe's content does): constructed style sheets cannot be adopted there, yet they render.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '../../src/entries/buttons.js';
import type { ShareButtonElement } from '../../src/entries/buttons.js';
import type { ShareableeBadgeElement, ShareCountElement } from '../../src/entries/share-count-widgets.js';
import { reset, startMocks, watchPageErrors } from './support/mocks.js';

describe("an element first connected in a frame's document", () => {
  const pageErrors = watchPageErrors();
  before(startMocks);
  beforeEach(reset);
  afterEach(() => expect(pageErrors, 'nothing reached window.onerror').to.deep.equal([]));

  it('renders, styled, with nothing thrown', async () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const doc = frame.contentDocument!;
    const frameErrors: string[] = [];
    frame.contentWindow!.addEventListener('error', (event) => frameErrors.push(event.message));
    try {
      const count = Object.assign(document.createElement('share-count'), { url: 'https://example.com/popular' });
      const button = Object.assign(document.createElement('share-button'), { network: 'facebook', url: 'https://example.com/popular' });
      const group = document.createElement('share-buttons');
      const badge = document.createElement('shareablee-badge') as ShareableeBadgeElement;
      doc.body.append(count, button, group, badge);
      // `state` turns ready a render before the count is on screen (the page-wide queue): wait for what shows.
      const shown = () => count.shadowRoot?.querySelector('[role=img]')?.textContent;
      await waitUntil(() => (count as ShareCountElement).state === 'ready' && shown() === '14K', 'the count shows', { timeout: 3000 });
      await (button as ShareButtonElement).updateComplete;
      expect(shown()).to.equal('14K');
      expect(button.shadowRoot!.querySelector('[part=button]'), 'the button rendered').to.exist;
      expect(getComputedStyle(button.shadowRoot!.querySelector('[part=button]')!).display, 'and is styled').to.equal('inline-flex');
      expect([...group.shadowRoot!.querySelectorAll('share-button')].map((each) => each.getAttribute('network'))).to.deep.equal([
        'facebook',
        'x',
        'linkedin',
        'bluesky',
        'whatsapp',
        'email',
        'copy',
      ]);
      // The badge's sheet reached the frame's document: its visually-hidden label is positioned out of sight.
      const label = badge.shadowRoot?.querySelector('.label');
      expect(label && getComputedStyle(label).position, 'the badge rendered, styled').to.equal('absolute');
      expect(frameErrors).to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });
});
