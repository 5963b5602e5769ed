import { ReactiveElement, type PropertyDeclarations, type PropertyValues } from '@lit/reactive-element';
import { watchSharedCountConfig } from '../../wire/config.js';
import { SharedCountError, type ShareCountWidgetsError } from '../../wire/errors.js';
import { checkNotation, formatCount, localeFor, type Notation } from '../../wire/format.js';
import { pageUrl } from '../../wire/util.js';
import { fetchCounts, servedCounts } from '../../sharedcount/client.js';
import { batchLookups } from '../../sharedcount/batch.js';
import { pickCount } from '../../sharedcount/counts.js';
import type { SharedCountData } from '../../sharedcount/types.js';
import type { Transport } from '../../wire/transport.js';
import { defineElement, setAttr } from '../define.js';
import { dispatchWhenRendered, EVENT_INIT, ownError } from '../events.js';
import { scheduler } from '../scheduler.js';
import { whenNearViewport } from '../visibility.js';
import styles, { box } from './share-count.styles.js';
import { renderRoot } from '../render-root.js';
import { countView, describeCount, type ShareCountState } from './view.js';

// The elements' lookups go out together under `batch: true`, once the page's queue is done.
batchLookups();

export interface ShareCountLoadDetail {
  /** The absolute URL that was counted. */
  url: string;
  /** The count shown; `null` when the network answered `null` (it failed at SharedCount's end). */
  count: number | null;
  data: SharedCountData;
}

export interface ShareCountErrorDetail {
  /** The absolute URL that was counted, or the attribute as given when it is not a URL. */
  url: string;
  error: ShareCountWidgetsError;
}

export type { ShareCountState };

/**
 * The page URL to count: the `url` attribute (relative URLs resolve against
 * the document's base URL; absolute ones are kept exactly as written, since
 * SharedCount counts `/post` and `/post/` apart), else the canonical URL, else
 * this page without its fragment.
 */
export function pageToCount(attribute: string | null | undefined): string {
  if (attribute == null) return pageUrl();
  const url = attribute.trim();
  if (!url) throw new SharedCountError('The url attribute is empty', { type: 'invalid_url' });
  if (/^[a-z][a-z\d+.-]*:/i.test(url)) return url;
  try {
    return new URL(url, document.baseURI).href;
  } catch (cause) {
    throw new SharedCountError('Not a valid URL', { type: 'invalid_url', url, cause });
  }
}

/**
 * Shows how often a page was shared, from SharedCount.
 *
 * @summary A page's share count: total or one network, formatted for the reader's language.
 * @tagname share-count
 *
 * @attr url - Page to count. Default: the canonical URL, else this page without its hash.
 * @attr service - `total` (default) or a network key, case-insensitive: `facebook`, `pinterest`, `linkedin`, …
 * @attr field - With `service="facebook"`: the field. Default `total_count`.
 * @attr notation - `compact` (default, 1.2K) or `standard` (1,234).
 * @attr locale - Number format locale. Default: the nearest `lang`, else the browser's.
 * @attr lazy - Fetch only when the element comes near the viewport.
 * @attr hide-below - A count under this number shows nothing; the reserved width stays, and the load event still carries the count.
 * @attr label - The words for the count, `#` standing for the number (`# Mal geteilt`). Default: `configure({ labels })` for the element's language, else English.
 * @attr api-key - SharedCount API key for this element. Default: the configured key.
 * @attr endpoint - SharedCount endpoint for this element. Default: the configured one.
 * @attr transport - `auto`, `cors` or `jsonp`. Default: the configured one, else `auto`.
 * @attr state - Written by the element at each render: `loading`, `ready` or `error`; absent until its first render.
 * @attr answer - SharedCount's answer as JSON, written by a server (share-count-widgets/ssr): shown at once, without a request while it is fresh.
 * @attr answer-at - When the server got `answer`, in ms since the epoch: its age, against the hour an answer is fresh for.
 *
 * @fires share-count-load - The count is shown. `detail: { url, count, data }`.
 * @fires share-count-error - The count could not be shown. `detail: { url, error }`.
 *
 * @csspart count - The number (a dash when the network failed).
 * @csspart error - The dash shown on error; its title is the error's message.
 *
 * @cssprop --share-count-color - Text colour. Default: inherited.
 * @cssprop --share-count-background - Background. Default: transparent.
 * @cssprop --share-count-font - Font shorthand. Default: inherited.
 * @cssprop --share-count-weight - Weight of the number. Default: inherited.
 * @cssprop --share-count-padding - Padding. Default: 0.
 * @cssprop --share-count-radius - Corner radius. Default: 0.
 * @cssprop --share-count-min-width - Width kept for the count while it loads, so that the page does not shift. Default: 4ch, 6ch with `notation="standard"`.
 * @cssprop --share-count-error-color - Colour of the error dash. Default: a red that suits the colour scheme.
 */
export class ShareCountElement extends ReactiveElement {
  static override styles = styles;

  /** Styled in another document too (a frame's), where Lit's sheets cannot be adopted. */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    return renderRoot(this, super.createRenderRoot);
  }

  static override properties: PropertyDeclarations = {
    url: {},
    service: {},
    field: {},
    // Reflected: the width kept for the count follows the attribute (share-count.styles.ts), also
    // when a framework sets the property.
    notation: { reflect: true, useDefault: true },
    locale: {},
    lazy: { type: Boolean },
    hideBelow: { attribute: 'hide-below', type: Number },
    label: {},
    apiKey: { attribute: 'api-key' },
    endpoint: {},
    transport: {},
    state: { attribute: false }, // reflected in update()
    data: { attribute: false },
    error: { attribute: false },
    count: { attribute: false },
    fetch: { attribute: false },
  };

  /**
   * Registers the element as `tag`. A tag already defined is left alone; under a
   * second tag it registers a subclass (a constructor can be registered once).
   * Without a registry (server-side rendering) it does nothing.
   */
  static define(tag = 'share-count', registry: CustomElementRegistry | undefined = globalThis.customElements): void {
    defineElement(this, tag, registry, box);
  }

  declare url: string | undefined;
  declare service: string;
  declare field: string;
  declare notation: Notation;
  declare locale: string | undefined;
  declare lazy: boolean;
  /** A count under this shows nothing (the width stays reserved; `state` is still `ready`). */
  declare hideBelow: number | undefined;
  /** The words for this element's count, `#` standing for the number: `# Mal geteilt`. Default: the configured words. */
  declare label: string | undefined;
  declare apiKey: string | undefined;
  declare endpoint: string | undefined;
  declare transport: Transport | undefined;
  /** `loading`, `ready` or `error`; reflected as an attribute for CSS. */
  declare state: ShareCountState;
  /** The count shown, or `null` (loading, error, or a network that failed). */
  declare count: number | null;
  /** SharedCount's answer for the URL, once it arrived. */
  declare data: SharedCountData | undefined;
  /** Why the count could not be shown. */
  declare error: ShareCountWidgetsError | undefined;
  /** The `fetch` this element's requests use (tests, instrumentation). Default: the global one. */
  declare fetch: typeof globalThis.fetch | undefined;

  #request: AbortController | undefined;
  #stopWatching: (() => void) | undefined;
  #stopFollowing: (() => void) | undefined;
  #near = false;
  #refreshNext = false;
  /** Off until the first count is shown: a page of counts should not read itself out on load. */
  #announce = false;
  #countedUrl = '';
  #label = '';
  /** The locale the shown count was described in: the render formats it in the same one, without a second `lang` walk. */
  #shownLocale: string | undefined;
  /** The live region and its busy state live on the host, through ElementInternals: no wrapper node. */
  #internals: ElementInternals | undefined = this.attachInternals?.();
  /** The one node of the shadow tree: the number shown, named for screen readers by `aria-label`. */
  #node: HTMLSpanElement | undefined;

  constructor() {
    super();
    this.service = 'total';
    this.field = 'total_count';
    this.notation = 'compact';
    this.lazy = false;
    this.state = 'loading';
    this.count = null;
  }

  /** Asks SharedCount again, bypassing the cache. */
  refresh(): void {
    this.#refreshNext = true;
    // Before the first update, that update's load takes the flag.
    if (this.hasUpdated) this.#load();
  }

  /**
   * `customElements.define()` upgrades every element already on the page in one task, so an
   * upgrade only queues: the shadow root, the config subscription and the first update come in
   * the scheduler's slices. Until its first render an element has no `state` attribute, which is
   * what a page's CSS keys the reserved width on (README): no shift in between.
   */
  override connectedCallback(): void {
    // The first Intl.NumberFormat of a page loads the browser's number data: 30 to 80 ms here, in
    // one piece. The first element on the page puts it first in the queue, so that it runs in a
    // slice of its own, before any answer waits on it.
    warm ??= scheduler.run(() => void formatCount(0));
    void scheduler.run(() => this.#connect());
  }

  #connect(): void {
    if (!this.isConnected || this.#stopFollowing) return; // gone again, or connected by an earlier turn
    super.connectedCallback();
    // configure() after the element rendered (a module that awaited first): an element without
    // a count yet loads with the new defaults; one showing a count keeps it (counts do not depend on the key).
    // Before its first render it waits: that render loads with whatever is configured by then, so a
    // script tag placed after the elements (defining, then configuring) starts no request it throws away.
    this.#stopFollowing = watchSharedCountConfig((sharedcount) => {
      if (!this.hasUpdated) return;
      if (this.state === 'ready')
        this.#show(this.data!); // new words for the count it shows
      else if (sharedcount) this.#load();
    });
    // Moved within the page: it keeps what it shows, and only finishes what it had not.
    if (this.hasUpdated && this.state !== 'ready') this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#request?.abort();
    this.#stopWatching?.();
    this.#stopFollowing?.();
    this.#stopFollowing = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const wire = ['url', 'apiKey', 'endpoint', 'transport', 'lazy', 'fetch'] as const;
    if (!this.hasUpdated || wire.some((key) => changed.has(key))) this.#load();
    else if (this.data && (['service', 'field', 'notation', 'locale', 'label', 'hideBelow'] as const).some((key) => changed.has(key)))
      this.#show(this.data);
  }

  protected override updated(): void {
    // Once the first count is on screen (it was not read out), later changes are.
    if (this.state !== 'loading' && !this.#announce) {
      this.#announce = true;
      if (this.#internals) this.#internals.ariaLive = 'polite';
    }
  }

  #load(): void {
    this.#request?.abort();
    this.#request = undefined;
    this.#stopWatching?.();
    if (!this.isConnected) return;
    // The answer a server wrote into the page with the element (share-count-widgets/ssr): shown as
    // it is, on the node the server rendered, and asked for again only once it is stale.
    const served = !this.hasUpdated && this.hasAttribute('answer');
    this.#set('loading');
    if (this.lazy && !this.#near && !served) {
      this.#stopWatching = whenNearViewport(this, () => {
        this.#near = true;
        this.#load();
      });
      return;
    }
    // The flag holds until a request made with it settles: a reload meanwhile (configure(), a move) refreshes too.
    const refresh = this.#refreshNext;
    const controller = (this.#request = new AbortController());
    let url: string;
    try {
      url = this.#countedUrl = pageToCount(this.url);
    } catch (error) {
      this.#countedUrl = this.url ?? '';
      this.#fail(error);
      return;
    }
    const options = {
      apiKey: this.apiKey,
      endpoint: this.endpoint,
      transport: this.transport,
      fetch: this.fetch,
      signal: controller.signal,
      refresh,
    };
    const kept = served && servedCounts(this, url, options);
    // Before the first render: no `loading` is ever shown when there is an answer.
    if (kept) {
      this.#show(kept[0]);
      if (kept[1] && !refresh) return;
    }
    // An answer for a request this element has since dropped (new url, removed from the page) is ignored.
    const current = () => controller === this.#request && !controller.signal.aborted;
    fetchCounts(url, options).then(
      (data) => {
        if (!current()) return;
        this.#refreshNext = false;
        this.#show(data);
      },
      (error: unknown) => {
        if (!current()) return;
        this.#refreshNext = false;
        // A stale answer from the server stays rather than a dash: the refresh was a bonus.
        if (!kept) this.#fail(error);
      },
    );
  }

  /** Shows the service's count from an answer, or the error that reading it raised. */
  #show(data: SharedCountData): void {
    this.data = data;
    try {
      checkNotation(this.notation, this.#countedUrl);
      const count = pickCount(data, this.service || 'total', this.field || 'total_count', this.#countedUrl);
      const label = describeCount(this, data, count, (this.#shownLocale = localeFor(this, this.locale)));
      const unchanged = this.state === 'ready' && count === this.count && label === this.#label;
      this.#label = label;
      this.count = count;
      this.#set('ready');
      // The words are no property of their own: new words alone need a render too.
      this.requestUpdate();
      if (!unchanged)
        this.#dispatchAfterRender(new CustomEvent('share-count-load', { detail: { url: this.#countedUrl, count, data }, ...EVENT_INIT }));
    } catch (error) {
      this.#fail(error);
    }
  }

  #fail(cause: unknown): void {
    const error = ownError(cause, 'The share count could not be shown', this.#countedUrl);
    const repeated = this.state === 'error' && this.error?.message === error.message;
    this.count = null;
    this.error = error;
    this.state = 'error';
    if (!repeated)
      this.#dispatchAfterRender(new CustomEvent('share-count-error', { detail: { url: this.#countedUrl, error }, ...EVENT_INIT }));
  }

  #set(state: 'loading' | 'ready'): void {
    this.state = state;
    this.error = undefined;
    if (state === 'loading') {
      this.count = null;
      this.data = undefined;
    }
  }

  /** Events say what the element shows, so they wait until it shows it; a superseded one is dropped. */
  #dispatchAfterRender(event: CustomEvent): void {
    const request = this.#request;
    dispatchWhenRendered(this, event, () => request === this.#request);
  }

  /** Updates run in the page-wide queue, a few milliseconds at a time, not all in one task. */
  protected override scheduleUpdate(): Promise<void> {
    return scheduler.run(() => super.scheduleUpdate());
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    // The node a server rendered (share-count-widgets/ssr) is kept, not built again.
    const node = (this.#node ??= this.renderRoot.querySelector('span') ?? this.renderRoot.appendChild(document.createElement('span')));
    const { state } = this;
    const [text, label, title, error] = countView(this, state, this.count, this.data, this.error?.message, this.#shownLocale, this.#label);
    // Only what changed is written: a page of a thousand counts renders each twice.
    // `state` is reflected here rather than by Lit: Lit's reflection comes back through
    // attributeChangedCallback, a second trip per render.
    setAttr(this, 'state', state);
    if (node.textContent !== text) node.textContent = text;
    setAttr(node, 'part', error ? 'error' : 'count');
    // role="img": the number is what is seen, the label (the full number and what it counts) what is
    // heard. A count hidden by hide-below is not there for anyone.
    setAttr(node, 'role', label === null ? null : 'img');
    setAttr(node, 'aria-label', label);
    setAttr(node, 'title', title);
    const internals = this.#internals;
    if (internals) {
      // One live region that stays while its content changes: after the first count, changes
      // (a refresh, a new url) are announced politely, and it is busy while loading.
      internals.ariaLive = this.#announce ? 'polite' : 'off';
      internals.ariaBusy = String(state === 'loading');
    }
  }
}

let warm: Promise<void> | undefined;

declare global {
  interface GlobalEventHandlersEventMap {
    'share-count-load': CustomEvent<ShareCountLoadDetail>;
    'share-count-error': CustomEvent<ShareCountErrorDetail>;
  }
}
