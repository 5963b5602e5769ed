import { ReactiveElement, type PropertyDeclarations } from '@lit/reactive-element';
import { fetchCounts, MASTODON_KEY } from '../../sharedcount/client.js';
import type { SharedCountData } from '../../sharedcount/types.js';
import { pickCount } from '../../sharedcount/counts.js';
import { readStored, writeStored } from '../../wire/cache.js';
import { watchSharedCountConfig } from '../../wire/config.js';
import { localeFor, type Notation } from '../../wire/format.js';
import type { Transport } from '../../wire/transport.js';
import { defineElement, setAttr } from '../define.js';
import { EVENT_INIT } from '../events.js';
import { pageToCount } from '../share-count/share-count.js';
import { ICONS } from './icons.js';
import { isNetwork, mastodonServer, NETWORKS, type Network, type NetworkRow } from './networks.js';
import styles from './share-button.styles.js';
import { renderRoot } from '../render-root.js';
import { buttonView, buttonWords } from './view.js';

export interface ShareButtonClickDetail {
  network: Network;
  /** The page shared. */
  url: string;
  /** The share link about to open; empty for `copy` and `native`. */
  href: string;
}

const meta = (property: string) =>
  document.querySelector<HTMLMetaElement>(`meta[property="${property}"],meta[name="${property}"]`)?.content || undefined;

const SVG = 'http://www.w3.org/2000/svg';

/**
 * A button that shares the page on one network: a real link to the network's own share page
 * (nothing is loaded from it before the click), with the page's SharedCount count beside it.
 *
 * @summary Share the page on one network, with its count.
 * @tagname share-button
 *
 * @attr network - `facebook`, `x`, `linkedin`, `pinterest`, `reddit`, `bluesky`, `threads`, `mastodon`, `telegram`, `whatsapp`, `email`, `copy` or `native`.
 * @attr url - The page shared (and counted). Default: the canonical URL, else this page without its hash.
 * @attr text - The words shared with it. Default: `og:title`, else the document's title.
 * @attr media - Pinterest's image. Default: `og:image`.
 * @attr via - X only: an account, without `@`.
 * @attr hashtags - X only: comma-separated tags, without `#`.
 * @attr mastodon-server - The reader's Mastodon server, e.g. `mastodon.social`. Without it, a click asks the reader.
 * @attr count - Show SharedCount's count for the network (Facebook, Pinterest; others have none).
 * @attr display - `both` (default), `icon` or `label`.
 * @attr hide-below - A count under this number is not shown.
 * @attr notation - `compact` (default) or `standard`.
 * @attr locale - Number format locale. Default: the nearest `lang`.
 * @attr label - The words for the count, `#` standing for the number.
 * @attr api-key - SharedCount API key for the count. Default: the configured key.
 * @attr endpoint - SharedCount endpoint for the count. Default: the configured one.
 * @attr transport - `auto`, `cors` or `jsonp`, for the count.
 *
 * @fires share-button-click - Before the share opens; cancelable: `preventDefault()` stops it. `detail: { network, url, href }`.
 *
 * @csspart button - The link (or, for `copy` and `native`, the button).
 * @csspart icon - The network's icon.
 * @csspart label - The network's name.
 * @csspart count - The count.
 * @csspart dialog - The dialog that asks a reader for their Mastodon server.
 *
 * @cssprop --share-button-background - Background. Default: the network's colour.
 * @cssprop --share-button-color - Text and icon colour. Default: white.
 * @cssprop --share-button-size - Icon size. Default: 1.25em.
 * @cssprop --share-button-radius - Corner radius. Default: 0.4em.
 * @cssprop --share-button-gap - Space between icon, name and count. Default: 0.4em.
 * @cssprop --share-button-padding - Padding. Default: 0.5em 0.75em.
 * @cssprop --share-button-focus - Focus ring colour. Default: a blue that suits the colour scheme.
 * @cssprop --share-button-font-size - Font size. Default: 0.9375em.
 */
export class ShareButtonElement extends ReactiveElement {
  static override styles = styles;

  /** Styled in another document too (a frame's), where Lit's sheets cannot be adopted. */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    return renderRoot(this, super.createRenderRoot);
  }

  static override properties: PropertyDeclarations = {
    // Reflected: the brand colour and a page's CSS key on the attribute, also when a framework sets the property.
    network: { reflect: true },
    url: {},
    text: {},
    media: {},
    via: {},
    hashtags: {},
    mastodonServer: { attribute: 'mastodon-server' },
    count: { type: Boolean },
    display: { reflect: true },
    hideBelow: { attribute: 'hide-below', type: Number },
    notation: { reflect: true },
    locale: {},
    label: {},
    apiKey: { attribute: 'api-key' },
    endpoint: {},
    transport: {},
    fetch: { attribute: false },
    shares: { attribute: false },
  };

  /**
   * Registers the element as `tag`. A tag already defined is left alone; under a second tag it
   * registers a subclass. Without a registry (server-side rendering) it does nothing.
   */
  static define(tag = 'share-button', registry: CustomElementRegistry | undefined = globalThis.customElements): void {
    defineElement(this, tag, registry);
  }

  /** The network this button shares on. */
  declare network: Network | undefined;
  declare url: string | undefined;
  declare text: string | undefined;
  declare media: string | undefined;
  declare via: string | undefined;
  declare hashtags: string | undefined;
  declare mastodonServer: string | undefined;
  /** Shows the network's count, when SharedCount has one for it. */
  declare count: boolean;
  declare display: 'both' | 'icon' | 'label';
  declare hideBelow: number | undefined;
  declare notation: Notation;
  declare locale: string | undefined;
  declare label: string | undefined;
  declare apiKey: string | undefined;
  declare endpoint: string | undefined;
  declare transport: Transport | undefined;
  /** The `fetch` the count's request uses (tests). Default: the global one. */
  declare fetch: typeof globalThis.fetch | undefined;
  /** The count shown, once it arrived; `null` before, on error, or for a network without one. */
  declare shares: number | null;
  /**
   * The answer a server wrote into the page, and whether it is still fresh: `<share-buttons>` passes
   * its `answer` on (share-count-widgets/ssr). Shown at once; asked for again only when stale.
   */
  declare served: [SharedCountData, boolean] | undefined;

  #button: HTMLAnchorElement | HTMLButtonElement | undefined;
  #path: SVGPathElement | undefined;
  #name: HTMLSpanElement | undefined;
  #number: HTMLSpanElement | undefined;
  #status: HTMLSpanElement | undefined;
  #dialog: HTMLDialogElement | undefined;
  #copyTimer: ReturnType<typeof setTimeout> | undefined;
  #request: AbortController | undefined;
  #counted = '';
  #copied = false;
  #stopFollowing: (() => void) | undefined;

  constructor() {
    super();
    this.count = false;
    this.display = 'both';
    this.notation = 'compact';
    this.shares = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // New words, or a new endpoint for the count.
    this.#stopFollowing = watchSharedCountConfig((sharedcount) => {
      if (sharedcount) this.#counted = '';
      this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#request?.abort();
    this.#counted = '';
    this.#stopFollowing?.();
  }

  /** The network's row, or undefined for a name this element does not know. */
  get #row(): NetworkRow | undefined {
    return this.network && isNetwork(this.network) ? NETWORKS[this.network] : undefined;
  }

  /** The page shared, as `<share-count>` counts it: `url` as written (relative to the document), else the canonical URL, else this page. */
  get #page(): string {
    try {
      return pageToCount(this.url || undefined);
    } catch {
      return this.url ?? '';
    }
  }

  /** The reader's Mastodon server: the attribute, else the one the reader gave before. */
  get #server(): string | undefined {
    return mastodonServer(this.mastodonServer) ?? mastodonServer(readStored(MASTODON_KEY));
  }

  /** The share link, or '' when there is none (yet: Mastodon without a server). */
  get href(): string {
    const row = this.#row;
    if (!row?.href) return '';
    const server = this.#server;
    if (this.network === 'mastodon' && !server) return '';
    return row.href({
      url: this.#page,
      text: this.text ?? meta('og:title') ?? document.title,
      media: this.media ?? meta('og:image'),
      via: this.via,
      hashtags: this.hashtags,
      server,
    });
  }

  /** The buttons' words in the element's language (`locale`, else the nearest `lang`), English where it has none. */
  get #words() {
    return buttonWords(localeFor(this, this.locale));
  }

  /** The count's lookup, before the render: a count it has at once (a server's) is in this render, with no second one. */
  protected override willUpdate(): void {
    const row = this.#row;
    if (row) this.#loadCount(row);
  }

  protected override update(changed: Map<PropertyKey, unknown>): void {
    super.update(changed);
    const row = this.#row;
    const network = this.network as Network;
    // No Web Share in this browser: the native button is not there at all.
    this.hidden = !row || (network === 'native' && !('share' in navigator));
    if (!row) return;
    const link = Boolean(row.href);
    if (!this.#button || this.#button instanceof HTMLAnchorElement !== link) this.#build(link);
    const button = this.#button!;
    const href = this.href;
    if (button instanceof HTMLAnchorElement) {
      // Mastodon without a server is a link once the reader named one; until then a click asks.
      setAttr(button, 'href', href || null);
      setAttr(button, 'role', href ? null : 'button');
      setAttr(button, 'tabindex', href ? null : '0');
      setAttr(button, 'target', network === 'email' ? null : '_blank');
    }
    const icon = ICONS[network];
    setAttr(this.#path!, 'd', icon.d);
    setAttr(this.#path!.ownerSVGElement!, 'viewBox', icon.viewBox);
    setAttr(this.#path!, 'fill-rule', icon.evenodd ? 'evenodd' : null);
    const locale = localeFor(this, this.locale);
    const words = buttonWords(locale);
    this.#name!.textContent = this.#copied ? words.copied : row.name;
    const [text, name] = buttonView(network, this, this.shares, locale, words);
    this.#number!.hidden = !(this.count && row.count);
    if (this.#number!.textContent !== text) this.#number!.textContent = text;
    setAttr(button, 'aria-label', name);
  }

  /**
   * The shadow tree, once per kind: a link, or a button for `copy`, `native` and nothing else. The
   * tree a server rendered (share-count-widgets/ssr) is kept, node for node, when it is of that kind.
   */
  #build(link: boolean): void {
    const root = this.renderRoot;
    const kind = link ? 'a' : 'button';
    let button = this.#button ? undefined : root.querySelector<HTMLAnchorElement | HTMLButtonElement>('[part=button]');
    if (button?.localName !== kind) {
      root.replaceChildren();
      this.#dialog = undefined; // it went with the rest: the next #ask() builds it in the new tree
      button = document.createElement(kind);
      button.setAttribute('part', 'button');
      if (link) button.setAttribute('rel', 'noopener noreferrer');
      else button.setAttribute('type', 'button');
      const svg = document.createElementNS(SVG, 'svg');
      svg.setAttribute('part', 'icon');
      svg.setAttribute('aria-hidden', 'true');
      svg.setAttribute('focusable', 'false');
      svg.appendChild(document.createElementNS(SVG, 'path'));
      const name = document.createElement('span');
      name.setAttribute('part', 'label');
      const number = document.createElement('span');
      number.setAttribute('part', 'count');
      // The space is not drawn (the button is a flex box) but read: "Facebook 12K", not "Facebook12K".
      button.append(svg, name, ' ', number);
      // What the copy button says is also heard: a polite status beside it.
      const status = document.createElement('span');
      status.className = 'label';
      status.setAttribute('role', 'status');
      root.append(button, status);
    }
    // Built here, or rendered by a server (share-count-widgets/ssr): the same nodes either way.
    this.#button = button;
    this.#path = button.querySelector('path')!;
    this.#name = button.querySelector<HTMLSpanElement>('[part=label]')!;
    this.#number = button.querySelector<HTMLSpanElement>('[part=count]')!;
    this.#status = root.querySelector<HTMLSpanElement>('[role=status]')!;
    button.addEventListener('click', (event) => this.#click(event as MouseEvent));
    button.addEventListener('keydown', (event) => {
      const { key } = event as KeyboardEvent;
      // A link without href acts as a button: Space and Enter press it.
      if (button.getAttribute('role') === 'button' && (key === ' ' || key === 'Enter')) {
        event.preventDefault();
        this.#click(new MouseEvent('click'));
      }
    });
  }

  /** Asks for the count once per page and endpoint; the client shares one request per URL with every other element. */
  #loadCount(row: NetworkRow): void {
    const page = this.#page;
    const key = [page, this.apiKey, this.endpoint, this.transport].join('\n');
    if (!this.count || !row.count || !this.isConnected || key === this.#counted) return;
    this.#counted = key;
    this.#request?.abort();
    const controller = (this.#request = new AbortController());
    const [service, field] = row.count;
    const pick = (data: SharedCountData) => {
      try {
        return pickCount(data, service, field, page);
      } catch {
        return null;
      }
    };
    // The server's answer, in this render already; asked for again only once stale.
    const served = this.served;
    if (served) {
      this.shares = pick(served[0]);
      if (served[1]) return;
    }
    fetchCounts(page, {
      apiKey: this.apiKey,
      endpoint: this.endpoint,
      transport: this.transport,
      fetch: this.fetch,
      signal: controller.signal,
    }).then(
      (data) => {
        if (controller === this.#request) this.shares = pick(data);
      },
      () => {
        // The share link works without its count: a failed count shows none (a stale one from the server stays).
        if (controller === this.#request && !served) this.shares = null;
      },
    );
  }

  #click(event: MouseEvent): void {
    // A modified click (new tab, new window, download) or another button is the browser's.
    if (event.button || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const network = this.network as Network;
    const row = this.#row;
    if (!row) return;
    const href = this.href;
    if (network === 'mastodon' && !href) {
      event.preventDefault();
      this.#ask();
      return;
    }
    const url = this.#page;
    const go = this.dispatchEvent(
      new CustomEvent('share-button-click', {
        ...EVENT_INIT,
        cancelable: true,
        detail: { network, url, href } satisfies ShareButtonClickDetail,
      }),
    );
    if (!go) return event.preventDefault();
    if (network === 'copy') return void this.#copy(url);
    if (network === 'native') {
      const text = this.text ?? meta('og:title') ?? document.title;
      return void navigator.share({ url, title: text, text }).catch(() => {});
    }
    // A mail program, or a touch screen (a new tab suits it better than a window): the link's own way.
    if (!row.size || matchMedia('(pointer: coarse)').matches) return;
    const [width, height] = row.size;
    const left = Math.round(screenX + (outerWidth - width) / 2);
    const top = Math.round(screenY + (outerHeight - height) / 2);
    const opened = open(href, '_blank', `popup,width=${width},height=${height},left=${left},top=${top}`);
    // Blocked: the link opens a tab instead.
    if (opened) {
      opened.opener = null;
      event.preventDefault();
    }
  }

  async #copy(url: string): Promise<void> {
    await navigator.clipboard.writeText(url);
    this.#copied = true;
    this.#status!.textContent = this.#words.copied;
    this.requestUpdate();
    // A later copy starts the 3 s again.
    clearTimeout(this.#copyTimer);
    this.#copyTimer = setTimeout(() => {
      this.#copied = false;
      this.#status!.textContent = '';
      this.requestUpdate();
    }, 3000);
  }

  /** The dialog that asks a reader for their Mastodon server: the element's own, built on first use. */
  #ask(): void {
    const words = this.#words;
    const dialog = (this.#dialog ??= this.#buildDialog());
    const [form] = dialog.children as unknown as [HTMLFormElement];
    const label = form.querySelector('label')!;
    const input = form.querySelector('input')!;
    const error = form.querySelector('p')!;
    const [share, cancel] = form.querySelectorAll('button');
    label.firstChild!.textContent = words.mastodonPrompt;
    share!.textContent = words.mastodonShare;
    cancel!.textContent = words.cancel;
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    input.value = '';
    dialog.showModal();
  }

  #buildDialog(): HTMLDialogElement {
    const dialog = document.createElement('dialog');
    dialog.setAttribute('part', 'dialog');
    dialog.setAttribute('aria-labelledby', 'prompt');
    const form = dialog.appendChild(document.createElement('form'));
    form.method = 'dialog';
    const label = form.appendChild(document.createElement('label'));
    label.id = 'prompt';
    label.append('', document.createElement('input'));
    const input = label.lastElementChild as HTMLInputElement;
    Object.assign(input, { type: 'text', name: 'server', autocomplete: 'url', spellcheck: false, placeholder: 'mastodon.social' });
    input.setAttribute('inputmode', 'url');
    input.setAttribute('aria-describedby', 'invalid');
    const error = form.appendChild(document.createElement('p'));
    error.id = 'invalid';
    error.setAttribute('role', 'alert');
    const share = form.appendChild(document.createElement('button'));
    share.value = 'share';
    const cancel = form.appendChild(document.createElement('button'));
    cancel.value = 'cancel';
    cancel.formNoValidate = true;
    form.addEventListener('submit', (event) => {
      if ((event.submitter as HTMLButtonElement | null)?.value !== 'share') return;
      const server = mastodonServer(input.value);
      if (!server) {
        event.preventDefault();
        error.textContent = this.#words.mastodonInvalid;
        input.setAttribute('aria-invalid', 'true');
        input.focus();
        return;
      }
      writeStored(MASTODON_KEY, server);
      this.requestUpdate();
      // The dialog closes (method="dialog"), focus goes back to the button, and the share opens.
      queueMicrotask(() => this.#click(new MouseEvent('click')));
    });
    this.renderRoot.append(dialog);
    return dialog;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'share-button-click': CustomEvent<ShareButtonClickDetail>;
  }
}
