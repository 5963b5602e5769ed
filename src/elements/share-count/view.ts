/**
 * What a `<share-count>` shows, from its inputs: the text on screen, the name a screen reader
 * hears, the title, and whether it is the error dash. No DOM: the element renders it in the
 * browser and share-count-widgets/ssr writes it into HTML on a server, so both say the same.
 */
import { serviceKey } from '../../sharedcount/counts.js';
import type { SharedCountData } from '../../sharedcount/types.js';
import { countWords, formatCount, type Notation } from '../../wire/format.js';

export type ShareCountState = 'loading' | 'ready' | 'error';

/** The attributes that decide what is shown, as the element's properties and the renderer's options name them. */
export interface CountInputs {
  service?: string | undefined;
  field?: string | undefined;
  notation?: Notation | undefined;
  label?: string | undefined;
  hideBelow?: number | undefined;
}

/** `[text, name, title, error]`: `name` null for a count hidden by `hide-below`, `title` null when there is none. */
type CountView = [text: string, name: string | null, title: string | null, error: boolean];

/** What Facebook's fields count other than shares, for the accessible name. */
const FIELD_WORDS: Record<string, string> = {
  comment_count: 'comment',
  reaction_count: 'reaction',
  comment_plugin_count: 'plugin comment',
};

/**
 * What a screen reader hears for a count: "1,234 shares", "12,004 Facebook shares", "53 Facebook
 * comments", or the publisher's words (`label`, else `configure({ labels })` for `locale`), the
 * plural form picked by `Intl.PluralRules`, `#` the number in full; "no count" for `null`.
 */
export function describeCount(inputs: CountInputs, data: SharedCountData, count: number | null, locale: string | undefined): string {
  if (count === null) return 'no count';
  return countWords(count, locale, inputs.label, (number, one) => {
    const service = (inputs.service || 'total').trim().toLowerCase();
    const network = service === 'total' ? '' : (serviceKey(data, service) ?? service);
    // Shares, unless Facebook's field counts something else; every word here takes an s in the plural.
    const word = (service === 'facebook' && FIELD_WORDS[inputs.field || 'total_count']) || 'share';
    return [number, network, one ? word : `${word}s`].filter(Boolean).join(' ');
  });
}

/**
 * The element's one node, as it shows `state`: a dash naming `error` (its message) on error, an
 * ellipsis while loading, a dash for a network that failed, else the count in `locale`, or nothing
 * under `hide-below`. `name` is what `describeCount` says of the count.
 */
export function countView(
  inputs: CountInputs,
  state: ShareCountState,
  count: number | null,
  data: SharedCountData | undefined,
  error: string | undefined,
  locale: string | undefined,
  name: string,
): CountView {
  const message = error ?? 'Share count unavailable';
  if (state === 'error') return ['–', `Share count unavailable: ${message}`, message, true];
  if (state === 'loading') return ['…', 'Loading share count', null, false];
  const service = inputs.service || 'total';
  if (count === null) return ['–', name, `No ${(data && serviceKey(data, service)) || service} count`, false];
  const hidden = inputs.hideBelow != null && count < inputs.hideBelow;
  return hidden ? ['', null, null, false] : [formatCount(count, inputs.notation || 'compact', locale), name, null, false];
}
