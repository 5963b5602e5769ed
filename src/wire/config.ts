/**
 * Package-wide defaults: what `configure()` and the IIFE's script tag set.
 * Per-call options always win over these.
 */
import { ValidationError } from './errors.js';

/** `'auto'`: CORS, then JSONP if CORS fails at the network level. */
export type Transport = 'auto' | 'cors' | 'jsonp';

/** Where answers are kept: `'storage'` (memory and localStorage), `'memory'`, or `'none'`. */
export type CacheMode = 'storage' | 'memory' | 'none';

/** Options that `configure({ sharedcount })`, the script tag and `$.sharedCount.defaults` can set. */
export interface SharedCountDefaults {
  /** Your SharedCount API key (sent as `apikey`). Required with the default endpoint. */
  apiKey?: string | undefined;
  /** API base, ending in `/`. Default `https://api.sharedcount.com/v1.1/`. */
  endpoint?: string | undefined;
  /** Default `'auto'`: CORS, then JSONP when CORS fails at the network level. */
  transport?: Transport | undefined;
  /** Default `'storage'`: answers kept for an hour in memory and localStorage. */
  cache?: CacheMode | undefined;
  /** Milliseconds for the whole call. Default `10000`. */
  timeout?: number | undefined;
  /**
   * Lookups started together go to `{endpoint}batch?url=…&url=…` in one request (50 URLs at most),
   * a path the package's proxy answers. Default `false`. Never with SharedCount's own endpoint or JSONP.
   */
  batch?: boolean | undefined;
}

/**
 * The words for a count in one language, by plural form (`Intl.PluralRules`), `#` standing for
 * the number: `{ one: '# udostępnienie', few: '# udostępnienia', many: '# udostępnień', other: '# udostępnienia' }`.
 * A form that is missing falls back to `other`.
 */
export type CountWords = Partial<Record<Exclude<Intl.LDMLPluralRule, 'other'>, string>> & { other: string };

/**
 * The words of the share buttons in one language, beside its count words: each network's
 * accessible name (`facebook: 'Auf Facebook teilen'`), and what the copy button and the Mastodon
 * dialog say. English is built in; a missing key falls back to it.
 */
export type ButtonWords = Partial<
  Record<
    | 'facebook'
    | 'x'
    | 'linkedin'
    | 'pinterest'
    | 'reddit'
    | 'bluesky'
    | 'threads'
    | 'mastodon'
    | 'telegram'
    | 'whatsapp'
    | 'email'
    | 'copy'
    | 'native'
    | 'copied'
    | 'mastodonPrompt'
    | 'mastodonInvalid'
    | 'mastodonShare'
    | 'cancel',
    string
  >
>;

/** A language's words: its count words (`other` required) and, optionally, its button words. */
export type Words = CountWords & ButtonWords;

export interface ShareableeDefaults {
  /** Base URL of the Shareablee proxy the badge talks to. */
  endpoint?: string | undefined;
}

export interface Config {
  sharedcount: SharedCountDefaults;
  /** Absent until something configures it (a page of counts never does). */
  shareablee?: ShareableeDefaults;
  /** CSP nonce put on every JSONP `<script>`. */
  nonce?: string | undefined;
  /** `'required'`: no request leaves the page until `grantConsent()`. Default `'granted'`. */
  consent: 'granted' | 'required';
  /** Words for the counts and the share buttons, by language (`de`, `pt-BR`); English is built in. */
  labels: Record<string, Words>;
}

export interface ConfigureOptions {
  sharedcount?: SharedCountDefaults;
  shareablee?: ShareableeDefaults;
  /** CSP nonce for JSONP scripts; `undefined` removes one set before. */
  nonce?: string | undefined;
  consent?: 'granted' | 'required';
  /**
   * Words for the counts, by language: `{ de: { other: '# Mal geteilt' } }`. Merged form by form with
   * those set before; a language's words must include `other` once merged.
   */
  labels?: Record<string, Partial<Words>>;
}

const config = { sharedcount: {}, consent: 'granted', labels: {} } as Config;
const watchers = new Set<(sharedcount: boolean) => void>();

/**
 * Calls `listener` after each `configure()` that changes what a request to SharedCount carries
 * (endpoint, key, transport: `true`) or sets labels (`false`: re-render without asking again).
 * Returns the unsubscribe.
 */
export function watchSharedCountConfig(listener: (sharedcount: boolean) => void): () => void {
  watchers.add(listener);
  return () => watchers.delete(listener);
}

/**
 * Sets package-wide defaults; nested objects are merged, not replaced.
 * Elements already on the page follow new SharedCount defaults.
 */
export function configure(options: ConfigureOptions): void {
  const before = config.sharedcount;
  config.sharedcount = merge(before, options.sharedcount);
  config.shareablee = merge(config.shareablee, options.shareablee);
  if ('nonce' in options) config.nonce = options.nonce;
  if (options.consent) config.consent = options.consent;
  // Merged per language, form by form; every language keeps an `other` form to fall back on.
  for (const [language, words] of Object.entries(options.labels ?? {})) {
    const merged = { ...config.labels[language], ...words };
    if (typeof merged.other !== 'string') throw new ValidationError(`labels.${language} needs an "other" form`);
    config.labels = { ...config.labels, [language]: merged as Words };
  }
  // What a request carries: a change there is worth asking again. A timeout, a cache mode or
  // batching change nothing an element shows, nor the answer.
  const asks = (['endpoint', 'apiKey', 'transport'] as const).some((key) => config.sharedcount[key] !== before[key]);
  if (asks || options.labels) for (const watcher of [...watchers]) watcher(asks);
}

export const getConfig = (): Readonly<Config> => config;

/**
 * The configured words for a locale: its own (`pt-BR`), else its language's (`pt`). Given the tag as
 * asked, not as `Intl` resolves it: some runtimes resolve `pt-BR` to `pt`, others keep it.
 */
export function wordsFor(locale: string): Words | undefined {
  const { labels } = config;
  return labels[locale] ?? labels[locale.split('-')[0]!];
}

/** Layers of options, later over earlier; an `undefined` value never hides an earlier one. */
export function merge<T extends object>(...layers: (T | undefined)[]): T {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) if (value !== undefined) merged[key] = value;
  }
  return merged as T;
}

let granted = false;
/** Requests waiting for consent; an aborted one leaves the set, so nothing piles up. */
const waiting = new Set<() => void>();

/** Lets requests leave the page when `consent: 'required'` holds them back. */
export function grantConsent(): void {
  granted = true;
  for (const release of [...waiting]) release();
  waiting.clear();
}

/** Resolves once requests may go out; rejects with the signal's reason if aborted first. */
export function whenAllowed(signal?: AbortSignal): Promise<void> {
  if (config.consent !== 'required' || granted) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      waiting.delete(release);
      reject(signal!.reason);
    };
    const release = () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    if (signal?.aborted) return reject(signal.reason);
    waiting.add(release);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
