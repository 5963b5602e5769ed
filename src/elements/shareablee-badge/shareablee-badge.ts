import { html, LitElement, nothing, svg, type PropertyDeclarations } from 'lit';
import { getConfig } from '../../wire/config.js';
import { ResponseError, ValidationError, type ShareCountWidgetsError } from '../../wire/errors.js';
import { formatCount, localeFor, type Notation } from '../../wire/format.js';
import { createShareableeClient, type ShareableeClient } from '../../shareablee/client.js';
import { FIELD, type ShareableeService } from '../../shareablee/endpoints.js';
import type { CategoryMetrics, Point, UserMetrics } from '../../shareablee/types.js';
import { defineElement } from '../define.js';
import { dispatchWhenRendered, EVENT_INIT, ownError } from '../events.js';
import styles from './shareablee-badge.styles.js';
import { renderRoot } from '../render-root.js';

export interface ShareableeBadgeLoadDetail {
  /** The entity or category id shown. */
  id: string;
  metric: string;
  value: number;
  data: UserMetrics | CategoryMetrics;
}

export interface ShareableeBadgeErrorDetail {
  error: ShareCountWidgetsError;
}

type State = 'loading' | 'ready' | 'error';

/** Clients by proxy URL: one limiter budget and no repeated set-up per badge. Nothing is persisted. */
const clients = new Map<string, ShareableeClient>();

/** `total_actions` → "total actions", for what screen readers hear. */
const words = (metric: string) => metric.replace(/_count$/, '').replace(/_/g, ' ');

/**
 * Shows an entity's (or category's) name and one Shareablee metric, with an optional sparkline,
 * through a Shareablee proxy: the API's credentials never reach the page.
 *
 * @summary A Shareablee metric for a publisher or category, with an optional sparkline.
 * @tagname shareablee-badge
 *
 * @attr entity-id - The Shareablee entity (a property) to show. One of entity-id or category-id.
 * @attr category-id - The Shareablee category to show.
 * @attr service - `facebook` (default), `twitter` or `instagram`.
 * @attr metric - A metrics field. Default `total_actions`.
 * @attr start-date - `YYYY-MM-DD`; with end-date, both or neither, start before end.
 * @attr end-date - `YYYY-MM-DD`.
 * @attr sparkline - Also fetch the metric's time series and draw it (facebook and twitter).
 * @attr endpoint - Base URL of your Shareablee proxy. Default: the configured one.
 * @attr notation - `compact` (default) or `standard`.
 * @attr locale - Number format locale. Default: the nearest `lang`, else the browser's.
 * @attr state - Reflected: `loading`, `ready` or `error`.
 *
 * @fires shareablee-badge-load - The metric is shown. `detail: { id, metric, value, data }`.
 * @fires shareablee-badge-error - It could not be shown. `detail: { error }`.
 *
 * @csspart name - The entity's or category's name.
 * @csspart value - The metric.
 * @csspart sparkline - The inline SVG of the time series.
 * @csspart error - The dash shown on error; its title is the error's message.
 *
 * @cssprop --shareablee-badge-color - Text colour. Default: inherited.
 * @cssprop --shareablee-badge-background - Background. Default: transparent.
 * @cssprop --shareablee-badge-font - Font shorthand. Default: inherited.
 * @cssprop --shareablee-badge-padding - Padding. Default: 0.
 * @cssprop --shareablee-badge-radius - Corner radius. Default: 0.
 * @cssprop --shareablee-badge-gap - Space between name, value and sparkline. Default: 0.4em.
 * @cssprop --shareablee-badge-value-weight - Weight of the value. Default: 700.
 * @cssprop --shareablee-badge-sparkline-color - Line colour. Default: the text colour.
 * @cssprop --shareablee-badge-sparkline-width - Width of the sparkline. Default: 4em.
 * @cssprop --shareablee-badge-error-color - Colour of the error dash.
 */
export class ShareableeBadgeElement extends LitElement {
  static override styles = styles;

  /** Styled in another document too (a frame's), where Lit's sheets cannot be adopted. */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    return renderRoot(this, super.createRenderRoot);
  }

  static override properties: PropertyDeclarations = {
    entityId: { attribute: 'entity-id' },
    categoryId: { attribute: 'category-id' },
    service: {},
    metric: {},
    startDate: { attribute: 'start-date' },
    endDate: { attribute: 'end-date' },
    sparkline: { type: Boolean },
    endpoint: {},
    notation: {},
    locale: {},
    state: { reflect: true },
    name: { attribute: false },
    value: { attribute: false },
    series: { attribute: false },
    error: { attribute: false },
  };

  /** Registers the element (done on import); see `ShareCountElement.define`. */
  static define(tag = 'shareablee-badge', registry: CustomElementRegistry | undefined = globalThis.customElements): void {
    defineElement(this, tag, registry);
  }

  declare entityId: string | undefined;
  declare categoryId: string | undefined;
  declare service: ShareableeService;
  declare metric: string;
  declare startDate: string | undefined;
  declare endDate: string | undefined;
  declare sparkline: boolean;
  declare endpoint: string | undefined;
  declare notation: Notation;
  declare locale: string | undefined;
  /** `loading`, `ready` or `error`; reflected as an attribute for CSS. */
  declare state: State;
  /** The entity's or category's name, as the API gave it (shown as text, never HTML). */
  declare name: string | undefined;
  /** The metric's value. */
  declare value: number | undefined;
  /** The metric's time series, with `sparkline`. */
  declare series: Point[] | undefined;
  /** Why the badge could not be shown. */
  declare error: ShareCountWidgetsError | undefined;

  #request: AbortController | undefined;

  constructor() {
    super();
    this.service = 'facebook';
    this.metric = 'total_actions';
    this.sparkline = false;
    this.notation = 'compact';
    this.state = 'loading';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#request?.abort();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && this.state !== 'ready') this.#load();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const wire = ['entityId', 'categoryId', 'service', 'metric', 'startDate', 'endDate', 'sparkline', 'endpoint'];
    if (!this.hasUpdated || wire.some((key) => changed.has(key))) this.#load();
  }

  #load(): void {
    this.#request?.abort();
    if (!this.isConnected) return;
    const controller = (this.#request = new AbortController());
    this.state = 'loading';
    this.error = undefined;
    const current = () => controller === this.#request && !controller.signal.aborted;
    this.#fetch(controller.signal).then(
      ({ name, value, series, data }) => {
        if (!current()) return;
        Object.assign(this, { name, value, series, state: 'ready' });
        const id = String(this.entityId ?? this.categoryId);
        this.#dispatchAfterRender(
          controller,
          new CustomEvent('shareablee-badge-load', { detail: { id, metric: this.metric, value, data }, ...EVENT_INIT }),
        );
      },
      (cause: unknown) => {
        if (!current()) return;
        const error = ownError(cause, 'The Shareablee badge could not be shown');
        Object.assign(this, { error, state: 'error', name: undefined, value: undefined, series: undefined });
        this.#dispatchAfterRender(controller, new CustomEvent('shareablee-badge-error', { detail: { error }, ...EVENT_INIT }));
      },
    );
  }

  #dispatchAfterRender(request: AbortController, event: CustomEvent): void {
    dispatchWhenRendered(this, event, () => request === this.#request);
  }

  async #fetch(signal: AbortSignal) {
    const endpoint = this.endpoint ?? getConfig().shareablee?.endpoint;
    if (!endpoint) {
      throw new ValidationError(
        'shareablee-badge needs the URL of your Shareablee proxy: endpoint, data-shareablee-endpoint or configure()',
      );
    }
    if (Boolean(this.entityId) === Boolean(this.categoryId))
      throw new ValidationError('shareablee-badge needs one of entity-id or category-id');
    if (typeof this.metric !== 'string' || !FIELD.test(this.metric))
      throw new ValidationError(`"${String(this.metric)}" is not a metric name`);
    let client = clients.get(endpoint);
    if (!client) clients.set(endpoint, (client = createShareableeClient({ baseUrl: endpoint })));
    const dates = this.startDate || this.endDate ? { start_date: this.startDate, end_date: this.endDate } : {};
    const entity = this.entityId;
    const id = (entity ?? this.categoryId)!;
    const data = entity
      ? await client.userMetrics(id, this.service, dates, { signal })
      : await client.categoryMetrics(id, this.service, dates, { signal });
    const metrics = (data as { metrics?: unknown }).metrics;
    if (metrics === null || typeof metrics !== 'object' || Array.isArray(metrics)) {
      throw new ResponseError('Shareablee answered without metrics', { url: endpoint });
    }
    // No such field: the publisher asked for a metric that does not exist. A field that is not a
    // number: the API broke its promise.
    if (!(this.metric in metrics))
      throw new ValidationError(`Shareablee has no "${this.metric}" metric for ${entity ? 'entity' : 'category'} ${id}`);
    const value = (metrics as Record<string, unknown>)[this.metric];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ResponseError(`Shareablee answered "${this.metric}" with something that is not a number`, { url: endpoint });
    }
    let series: Point[] | undefined;
    // Time series exist for facebook and twitter only: for instagram the badge shows the value alone.
    if (this.sparkline && this.service !== 'instagram') {
      const query = { ...dates, fields: this.metric };
      const points = entity
        ? (await client.userTimeSeries(id, this.service, query, { signal }))[this.metric]
        : (await client.categoryTimeSeries(id, this.service, query, { signal }))[this.metric];
      if (Array.isArray(points)) series = points.filter((p): p is Point => typeof p?.value === 'number' && Number.isFinite(p.value));
    }
    return { name: typeof data.name === 'string' ? data.name : '', value, series, data };
  }

  #locale(): string | undefined {
    return localeFor(this, this.locale);
  }

  #number(value: number, notation: Notation = 'standard'): string {
    return formatCount(value, notation === 'compact' ? 'compact' : 'standard', this.#locale());
  }

  #sparkline() {
    const points = this.series;
    if (!points || points.length < 2) return nothing;
    const values = points.map((point) => point.value);
    const [min, max] = [Math.min(...values), Math.max(...values)];
    const span = max - min || 1;
    const path = values
      .map((value, i) => `${((i / (values.length - 1)) * 100).toFixed(2)},${(22 - ((value - min) / span) * 20).toFixed(2)}`)
      .join(' ');
    const description =
      `${words(this.metric)} from ${points[0]!.date} to ${points.at(-1)!.date}: ` +
      `first ${this.#number(values[0]!)}, last ${this.#number(values.at(-1)!)}, lowest ${this.#number(min)}, highest ${this.#number(max)}`;
    return html`<svg part="sparkline" viewBox="0 0 100 24" preserveAspectRatio="none" role="img" aria-label=${description}>
      ${svg`<polyline points=${path}></polyline>`}
    </svg>`;
  }

  #content() {
    if (this.state === 'error') {
      const message = this.error?.message ?? 'Shareablee metric unavailable';
      return html`<span part="error" title=${message}><span aria-hidden="true">&ndash;</span><span class="label">Metric unavailable: ${message}</span></span>`;
    }
    if (this.state === 'loading') return html`<span aria-hidden="true">&hellip;</span><span class="label">Loading metric</span>`;
    const value = this.value ?? 0;
    return html`<span part="name">${this.name}</span>
      <span part="value"
        ><span aria-hidden="true">${this.#number(value, this.notation)}</span
        ><span class="label">${this.#number(value)} ${words(this.metric)}</span></span
      >
      ${this.#sparkline()}`;
  }

  protected override render() {
    return html`<span class="content" aria-busy=${this.state === 'loading'}>${this.#content()}</span>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'shareablee-badge-load': CustomEvent<ShareableeBadgeLoadDetail>;
    'shareablee-badge-error': CustomEvent<ShareableeBadgeErrorDetail>;
  }
}
