/**
 * The script-tag files on a page in windows-1252 whose server sends them without a charset (nginx's
 * default): the browser reads them in the page's encoding, so only ASCII reads the same.
 */
import { expect, waitUntil } from '@open-wc/testing';

async function windows1252Page(file: string): Promise<{ doc: Document; frame: HTMLIFrameElement }> {
  const frame = document.createElement('iframe');
  frame.src = `/__windows-1252/${file}.html`;
  await new Promise((resolve) => ((frame.onload = resolve), document.body.append(frame)));
  return { doc: frame.contentDocument!, frame };
}

const shown = (doc: Document, id: string) => doc.getElementById(id)?.shadowRoot?.querySelector('[role=img]')?.textContent;

describe('a page in windows-1252, the script sent without a charset', () => {
  for (const file of ['share-count.iife.js', 'share-buttons.iife.js', 'share-count-widgets.iife.js']) {
    it(`shows ${file}'s dash and ellipsis as such`, async () => {
      const { doc, frame } = await windows1252Page(file);
      try {
        expect(doc.characterSet).to.equal('windows-1252');
        await waitUntil(() => shown(doc, 'error') && shown(doc, 'loading'), 'both rendered');
        expect([shown(doc, 'loading'), shown(doc, 'error')]).to.deep.equal(['\u2026', '\u2013']);
      } finally {
        frame.remove();
      }
    });
  }
});
