/**
 * What share-count-widgets/ssr writes, in parts: each element's host attributes and the content of
 * its declarative shadow root. `renderShareCount`/`renderShareButtons` put them together into HTML;
 * the Lit SSR renderers (`./lit.ts`) hand them to Lit, which writes the tag and the `<template>`.
 * One code path, so both write the same element.
 */
import shareCountStyles from '../elements/share-count/share-count.styles.js';
import shareButtonStyles, { group, withoutScript } from '../elements/share-button/share-button.styles.js';
import { countView, describeCount, type CountInputs, type ShareCountState } from '../elements/share-count/view.js';
import { buttonView, buttonWords } from '../elements/share-button/view.js';
import { ICONS } from '../elements/share-button/icons.js';
import { DEFAULT_NETWORKS, isNetwork, mastodonServer, NETWORKS, type Network, type NetworkRow } from '../elements/share-button/networks.js';
import { ownError } from '../elements/events.js';
import { checkPageUrl, interpret, type Resolved } from '../sharedcount/client.js';
import type { WireResponse } from '../wire/transport.js';
import { pickCount } from '../sharedcount/counts.js';
import type { SharedCountData } from '../sharedcount/types.js';
import { checkNotation, localeFor, type Notation } from '../wire/format.js';
import type { CSSResultOrNative } from '@lit/reactive-element/css-tag.js';

/** Extra attributes for the host element (`class`, `id`, `data-*`): `true` writes the name alone, `false` and `undefined` nothing. */
export type HostAttributes = Record<string, string | number | boolean | undefined>;

interface RenderCommon {
  /** The page counted and shared: an absolute http(s) URL (a server has no document to resolve a relative one against). */
  url: string;
  /**
   * SharedCount's answer for `url` (`fetchCounts`, or a proxy's `counts()`), or the error that
   * getting it raised: the element shows it as it would in the browser.
   */
  counts?: SharedCountData | Error | undefined;
  /** When the answer was fetched, in ms since the epoch (a proxy's `counts()` gives it). Default: now. */
  at?: number | undefined;
  /** A proxy's `counts()` says why an answer is stale; ignored here: `at` already tells the element its age. */
  stale?: string | undefined;
  /** The number format locale, and the words' language. Pass your page's `lang`: default, the server's own locale. */
  locale?: string | undefined;
  notation?: Notation | undefined;
  label?: string | undefined;
  hideBelow?: number | undefined;
  /** The CSP nonce for the `<style>` in each shadow root, when the page's policy allows no inline style. */
  nonce?: string | undefined;
  attributes?: HostAttributes | undefined;
  /** SharedCount options the element takes as attributes, written as they are. */
  apiKey?: string | undefined;
  endpoint?: string | undefined;
  transport?: 'auto' | 'cors' | 'jsonp' | undefined;
}

export interface RenderShareCountOptions extends RenderCommon, CountInputs {
  service?: string | undefined;
  field?: string | undefined;
}

export interface RenderShareButtonsOptions extends RenderCommon {
  /** Networks, in display order: a list or a space-separated string. Default: `facebook x linkedin bluesky whatsapp email copy`. */
  networks?: readonly string[] | string | undefined;
  /** The words shared with the page (the element's default, `og:title`, is the page's: give it here). */
  text?: string | undefined;
  /** Pinterest's image. */
  media?: string | undefined;
  via?: string | undefined;
  hashtags?: string | undefined;
  mastodonServer?: string | undefined;
  display?: 'both' | 'icon' | 'label' | undefined;
  /** Show the counts (Facebook, Pinterest) from `counts`. Default: true when `counts` is given. */
  showCounts?: boolean | undefined;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
/** Text or a double-quoted attribute value, escaped: whatever an API or a page says stays text. */
export const escapeHtml = (value: string): string => wellFormed(value).replace(/[&<>"]/g, (char) => ESCAPES[char]!);

/**
 * A string with each lone surrogate (half an emoji, from a title cut short) as U+FFFD, as a page's
 * UTF-8 carries it anyway: then every link can be encoded, and the browser reads back what the
 * server wrote.
 */
const wellFormed = (value: string): string => (value as string & { toWellFormed(): string }).toWellFormed();

/** ` name="value"` for each attribute given; `true` writes the name alone, `null`/`undefined`/`false` nothing. */
function attrs(list: [string, string | number | boolean | null | undefined][]): string {
  let out = '';
  const written = new Set<string>();
  for (const [name, value] of list) {
    if (value == null || value === false) continue;
    if (!/^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/.test(name)) throw new TypeError(`Not an attribute name: ${JSON.stringify(name)}`);
    // Twice, the first would win in the browser: one of `attributes` that the renderer writes itself.
    if (written.has(name.toLowerCase()))
      throw new TypeError(`The renderer writes ${name} itself: give it as its option, not in attributes`);
    written.add(name.toLowerCase());
    out += value === true ? ` ${name}=""` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return out;
}

const cssOf = (styles: CSSResultOrNative | CSSResultOrNative[]): string =>
  ([styles].flat() as { cssText?: string }[]).map((style) => style.cssText ?? '').join('');
const CSS = { count: cssOf(shareCountStyles), button: cssOf([shareButtonStyles, withoutScript].flat()), group: cssOf(group) };

/** What a shadow root holds: the styles, then the nodes. */
const styled = (css: string, nonce: string | undefined, nodes: string) => `<style${attrs([['nonce', nonce]])}>${css}</style>${nodes}`;
/** A declarative shadow root around `content`. */
const template = (content: string) => `<template shadowrootmode="open">${content}</template>`;
/** A declarative shadow root: the styles, then the nodes. */
const shadow = (css: string, nonce: string | undefined, nodes: string) => template(styled(css, nonce, nodes));

/** An element's parts: its host attributes (each with its leading space), and its shadow root's content. */
export type ElementParts = [host: string, shadow: string];

/** The answer as the element reads it back, or the error that `counts` is (or that reading it raised). */
function answerOf(options: RenderCommon): { data: SharedCountData; url: string } | { error: string } {
  try {
    const url = checkPageUrl(options.url);
    const { counts } = options;
    if (counts instanceof Error) throw counts;
    if (counts === null || typeof counts !== 'object') throw new TypeError('counts is required: SharedCount’s answer for url, or an Error');
    // Checked as the browser checks an answer: the same error for the same answer.
    return { data: interpret({ status: 200, body: counts } as WireResponse, url, {} as Resolved, false) as SharedCountData, url };
  } catch (error) {
    return { error: ownError(error, 'The share count could not be shown', String(options.url)).message };
  }
}

/** What both renderers refuse with a `TypeError`: options that are not, an `at` that is not a time, `counts` that is not an answer yet. */
function checkOptions(options: RenderCommon, name: string): void {
  if (options === null || typeof options !== 'object') throw new TypeError(`${name} needs options: { url, counts }`);
  const { at, counts } = options as { at?: unknown; counts?: unknown };
  if (at !== undefined && !(typeof at === 'number' && Number.isFinite(at) && at > 0))
    throw new TypeError(`at must be a time in ms since the epoch, such as a proxy's counts() gives: not ${String(at)}`);
  // A promise not awaited, or a proxy's { counts, at } not spread: its numbers would show as counts.
  if (counts && typeof counts === 'object' && ('then' in counts || ('counts' in counts && 'at' in counts)))
    throw new TypeError(`${name}: counts is SharedCount's answer; await it, and spread a proxy's: { url, ...(await proxy.counts(url)) }`);
}

/** The host attributes both elements end with: the words, the SharedCount options, then the caller's own. */
const commonHost = (options: RenderCommon): [string, string | number | boolean | undefined][] => [
  ['label', options.label],
  ['api-key', options.apiKey],
  ['endpoint', options.endpoint],
  ['transport', options.transport],
  ...Object.entries(options.attributes ?? {}),
];

/** `answer` and `answer-at`: what the element adopts when it upgrades. */
const answerAttributes = (data: SharedCountData, at = Date.now()): [string, string | number][] => [
  ['answer', JSON.stringify(data)],
  ['answer-at', Math.round(at)],
];

/**
 * `<share-count>` as HTML, with the count the element would show for `counts`: its text, its
 * accessible name and `state`, in a declarative shadow root with its styles. Errors (in `counts`,
 * or in the options: an invalid `url`, `notation` or count) render as the element's error dash;
 * without `counts`, it renders loading, and the browser asks. A `TypeError` for options that are
 * not options, an `at` that is not a time, or an attribute name that is not one.
 */
export function renderShareCount(options: RenderShareCountOptions): string {
  const [host, content] = shareCountParts(options);
  return `<share-count${host}>${template(content)}</share-count>`;
}

/** `renderShareCount`'s host attributes and shadow root content. */
export function shareCountParts(options: RenderShareCountOptions): ElementParts {
  checkOptions(options, 'renderShareCount');
  // A valid tag, else undefined: the view's formats and words then take this runtime's own locale.
  const locale = localeFor(undefined, options.locale);
  // No answer to give (no key on this server): the element as it loads, in the width it keeps; the browser asks.
  const got = options.counts === undefined ? undefined : answerOf(options);
  let state: ShareCountState = got ? 'error' : 'loading';
  let count: number | null = null;
  let data: SharedCountData | undefined;
  let error = got && 'error' in got ? got.error : undefined;
  if (got && 'data' in got) {
    try {
      checkNotation(options.notation ?? 'compact', got.url);
      count = pickCount(got.data, options.service || 'total', options.field || 'total_count', got.url);
      data = got.data;
      state = 'ready';
    } catch (cause) {
      error = ownError(cause, 'The share count could not be shown', got.url).message;
    }
  }
  const name = data ? describeCount(options, data, count, locale) : '';
  const [text, label, title, failed] = countView(options, state, count, data, error, locale, name);
  const host = attrs([
    ['url', options.url],
    ['service', options.service],
    ['field', options.field],
    ['notation', options.notation],
    ['locale', options.locale],
    ['hide-below', options.hideBelow],
    ...commonHost(options),
    ['state', state],
    ...(data ? answerAttributes(data, options.at) : []),
  ]);
  const node = `<span${attrs([
    ['part', failed ? 'error' : 'count'],
    ['role', label === null ? null : 'img'],
    ['aria-label', label],
    ['title', title],
  ])}>${escapeHtml(text)}</span>`;
  return [host, styled(CSS.count, options.nonce, node)];
}

/**
 * `<share-buttons>` as HTML: each button a plain link to the network's share page, which works
 * before any script runs (copy and the system's share sheet need the script: a page without it
 * does not show them), with the counts the elements would show for `counts`.
 */
export function renderShareButtons(options: RenderShareButtonsOptions): string {
  const [host, content] = shareButtonsParts(options);
  return `<share-buttons${host}>${template(content)}</share-buttons>`;
}

/** `renderShareButtons`' host attributes and shadow root content. */
export function shareButtonsParts(options: RenderShareButtonsOptions): ElementParts {
  checkOptions(options, 'renderShareButtons');
  // A notation that is not one stops the buttons' counts in the browser too: said here, at once.
  const notation = checkNotation(options.notation ?? 'compact');
  // A valid tag, else undefined: the view's formats and words then take this runtime's own locale.
  const locale = localeFor(undefined, options.locale);
  const list = typeof options.networks === 'string' ? options.networks.trim().split(/\s+/).filter(Boolean) : options.networks;
  // One name each, as the attribute lists them: anything else would read as other networks in the browser.
  if (list?.some((network) => typeof network !== 'string' || !/^\S+$/.test(network)))
    throw new TypeError(`networks are names such as 'facebook', one each: not ${JSON.stringify(list)}`);
  const names = list?.length ? list : DEFAULT_NETWORKS;
  const showCounts = options.showCounts ?? options.counts !== undefined;
  const got = options.counts === undefined ? undefined : answerOf(options);
  const data = got && 'data' in got ? got.data : undefined;
  const text = (value: string | undefined) => (value === undefined ? undefined : wellFormed(String(value)));
  const shared = {
    url: wellFormed(String(options.url)),
    text: text(options.text) ?? '',
    media: text(options.media),
    via: text(options.via),
    hashtags: text(options.hashtags),
    server: mastodonServer(options.mastodonServer),
  };
  const display = options.display ?? 'both';
  const words = buttonWords(locale);
  const buttons = names.map((network) => {
    const host = [
      ['exportparts', 'button,icon,label,count'],
      ['network', network],
      ['display', display],
      ['notation', notation],
    ] as [string, string | boolean | undefined][];
    // Unknown, or the system's share sheet, which only a script can tell is there: not shown (the element shows it where it is).
    if (!isNetwork(network) || network === 'native')
      return `<share-button${attrs([...host, ['hidden', true]])}>${shadow(CSS.button, options.nonce, '')}</share-button>`;
    return `<share-button${attrs(host)}>${shadow(CSS.button, options.nonce, button(network))}</share-button>`;
  });

  function button(network: Network): string {
    const row: NetworkRow = NETWORKS[network];
    const counted = Boolean(showCounts && row.count);
    let shares: number | null = null;
    try {
      if (counted && data) shares = pickCount(data, row.count![0], row.count![1], options.url);
    } catch {
      // Not a count: none shown, as the element shows none.
    }
    const [text, name] = buttonView(network, options, shares, locale, words);
    const href = row.href && !(network === 'mastodon' && !shared.server) ? row.href(shared) : '';
    const link = Boolean(row.href);
    const icon = ICONS[network];
    const opening = link
      ? `<a${attrs([
          ['part', 'button'],
          ['rel', 'noopener noreferrer'],
          ['href', href || null],
          ['role', href ? null : 'button'],
          ['tabindex', href ? null : '0'],
          ['target', network === 'email' ? null : '_blank'],
          ['aria-label', name],
        ])}>`
      : `<button${attrs([
          ['part', 'button'],
          ['type', 'button'],
          ['aria-label', name],
        ])}>`;
    const svg = `<svg${attrs([
      ['part', 'icon'],
      ['aria-hidden', 'true'],
      ['focusable', 'false'],
      ['viewBox', icon.viewBox],
    ])}><path${attrs([
      ['d', icon.d],
      ['fill-rule', icon.evenodd ? 'evenodd' : null],
    ])}></path></svg>`;
    const label = `<span part="label">${escapeHtml(row.name)}</span>`;
    const count = `<span${attrs([
      ['part', 'count'],
      ['hidden', !counted],
    ])}>${escapeHtml(text)}</span>`;
    return `${opening}${svg}${label} ${count}</${link ? 'a' : 'button'}><span class="label" role="status"></span>`;
  }

  const host = attrs([
    ['networks', list?.length ? names.join(' ') : undefined],
    ['counts', showCounts],
    ['url', options.url],
    ['text', options.text],
    ['media', options.media],
    ['via', options.via],
    ['hashtags', options.hashtags],
    ['mastodon-server', options.mastodonServer],
    ['display', options.display],
    ['hide-below', options.hideBelow],
    ['notation', options.notation],
    ['locale', options.locale],
    ...commonHost(options),
    ...(data && showCounts ? answerAttributes(data, options.at) : []),
  ]);
  return [host, styled(CSS.group, options.nonce, buttons.join(''))];
}
