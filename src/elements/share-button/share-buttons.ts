import { ReactiveElement, type PropertyDeclarations } from '@lit/reactive-element';
import { group } from './share-button.styles.js';
import { defineElement } from '../define.js';
import { DEFAULT_NETWORKS } from './networks.js';
import { ShareButtonElement } from './share-button.js';
import { servedCounts } from '../../sharedcount/client.js';
import { renderRoot } from '../render-root.js';

/** What the group passes down to every button: its properties of the same names (set from attributes or from a framework). */
const PASSED = [
  'url',
  'text',
  'media',
  'via',
  'hashtags',
  'mastodonServer',
  'display',
  'hideBelow',
  'notation',
  'locale',
  'label',
  'apiKey',
  'endpoint',
  'transport',
] as const satisfies readonly (keyof ShareButtonElement)[];

/**
 * A row of share buttons, one `<share-button>` per network, in order; it wraps on narrow screens.
 *
 * @summary Share buttons for several networks, with their counts.
 * @tagname share-buttons
 *
 * @attr networks - Space-separated networks, in display order. Default: `facebook x linkedin bluesky whatsapp email copy`.
 * @attr counts - Show SharedCount's counts (Facebook, Pinterest).
 * @attr url - The page shared, for every button.
 * @attr text - The words shared with it. Default: `og:title`, else the document's title.
 * @attr media - Pinterest's image. Default: `og:image`.
 * @attr via - X only: an account, without `@`.
 * @attr hashtags - X only: comma-separated tags, without `#`.
 * @attr mastodon-server - The reader's Mastodon server. Without it, a click on Mastodon asks the reader.
 * @attr display - `both` (default), `icon` or `label`.
 * @attr hide-below - A count under this number is not shown.
 * @attr notation - `compact` (default) or `standard`.
 * @attr locale - The counts' number format locale. Default: the nearest `lang`.
 * @attr label - The words for the counts, `#` standing for the number.
 * @attr api-key - SharedCount API key for the counts. Default: the configured key.
 * @attr endpoint - SharedCount endpoint for the counts. Default: the configured one.
 * @attr transport - `auto`, `cors` or `jsonp`, for the counts.
 * @attr answer - SharedCount's answer as JSON, written by a server (share-count-widgets/ssr): the buttons show its counts at once, without a request while it is fresh.
 * @attr answer-at - When the server got `answer`, in ms since the epoch.
 *
 * @csspart button - Each button's link or button.
 * @csspart icon - Each button's icon.
 * @csspart label - Each button's name.
 * @csspart count - Each button's count.
 *
 * @cssprop --share-buttons-gap - Space between buttons. Default: 0.5em.
 */
export class ShareButtonsElement extends ReactiveElement {
  static override styles = group;

  /** Styled in another document too (a frame's), where Lit's sheets cannot be adopted. */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    return renderRoot(this, super.createRenderRoot);
  }

  static override properties: PropertyDeclarations = {
    networks: {},
    counts: { type: Boolean },
    // The buttons' own declarations (attribute names, types), without reflection: the group passes them on.
    ...Object.fromEntries(PASSED.map((name) => [name, { ...ShareButtonElement.properties[name], reflect: false }])),
  };

  /**
   * Registers the element as `tag`. A tag already defined is left alone; under a second tag it
   * registers a subclass. Without a registry (server-side rendering) it does nothing.
   */
  static define(tag = 'share-buttons', registry: CustomElementRegistry | undefined = globalThis.customElements): void {
    defineElement(this, tag, registry);
  }

  /** Space-separated networks, in display order. Default: `facebook x linkedin bluesky whatsapp email copy`. */
  declare networks: string | undefined;
  /** Shows SharedCount's counts on the buttons of networks that have one (Facebook, Pinterest). */
  declare counts: boolean;
  /** The page shared, for every button. */
  declare url: string | undefined;
  /** The words shared with it, for every button. */
  declare text: string | undefined;
  /** Pinterest's image. */
  declare media: string | undefined;
  /** X's account, without `@`. */
  declare via: string | undefined;
  /** X's hashtags, comma-separated, without `#`. */
  declare hashtags: string | undefined;
  /** The reader's Mastodon server. */
  declare mastodonServer: string | undefined;
  /** `both`, `icon` or `label`, for every button. */
  declare display: ShareButtonElement['display'];
  /** A count under this is not shown. */
  declare hideBelow: number | undefined;
  /** `compact` or `standard`, for the counts. */
  declare notation: ShareButtonElement['notation'];
  /** The counts' number format locale. */
  declare locale: string | undefined;
  /** The words for the counts, `#` standing for the number. */
  declare label: string | undefined;
  /** SharedCount API key for the counts. */
  declare apiKey: string | undefined;
  /** SharedCount endpoint for the counts. */
  declare endpoint: string | undefined;
  /** `auto`, `cors` or `jsonp`, for the counts. */
  declare transport: ShareButtonElement['transport'];

  constructor() {
    super();
    this.counts = false;
  }

  protected override update(changed: Map<PropertyKey, unknown>): void {
    super.update(changed);
    const names = this.networks?.trim() ? this.networks.trim().split(/\s+/) : DEFAULT_NETWORKS;
    // The buttons (a server-rendered tree has its <style> beside them: share-count-widgets/ssr).
    const buttons = [...this.renderRoot.querySelectorAll<ShareButtonElement>('share-button')];
    // The answer a server wrote into the page, for the first render's buttons: they show it at once.
    const served = this.hasUpdated ? undefined : servedCounts(this);
    names.forEach((network, i) => {
      let button = buttons[i];
      if (!button) {
        button = this.renderRoot.appendChild(document.createElement('share-button'));
        // The buttons' parts are the group's too: share-buttons::part(button) styles every one.
        button.setAttribute('exportparts', 'button,icon,label,count');
      }
      // The attribute, so that page CSS can tell the buttons apart (and the brand colour follows).
      button.setAttribute('network', network);
      button.count = this.counts;
      button.served = served;
      Object.assign(button, Object.fromEntries(PASSED.map((name) => [name, this[name]])));
    });
    for (const extra of buttons.slice(names.length)) extra.remove();
  }
}
