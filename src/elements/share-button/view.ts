/**
 * What a `<share-button>` shows, from its inputs: its words in the reader's language, its count as
 * seen and as heard, and its accessible name. No DOM: the element renders it in the browser and
 * share-count-widgets/ssr writes it into HTML on a server, so both say the same.
 */
import { wordsFor, type ButtonWords } from '../../wire/config.js';
import { countWords, formatCount, pluralRules, type Notation } from '../../wire/format.js';
import { NETWORKS, type Network } from './networks.js';

/** English, built in; `configure({ labels })` gives other languages (README, "Share buttons"). */
const ENGLISH: Required<ButtonWords> = {
  ...(Object.fromEntries(Object.entries(NETWORKS).map(([name, row]) => [name, row.action])) as Record<Network, string>),
  copied: 'Link copied',
  mastodonPrompt: 'Your Mastodon server',
  mastodonInvalid: 'Enter the name of your server only, such as mastodon.social',
  mastodonShare: 'Share',
  cancel: 'Cancel',
};

/** The buttons' words in `locale` (else the runtime's own), English where it has none. */
export const buttonWords = (locale: string | undefined): Required<ButtonWords> => ({
  ...ENGLISH,
  ...wordsFor(locale ?? pluralRules().resolvedOptions().locale),
});

/** The attributes that decide how a button's count is shown. */
interface ButtonCountInputs {
  hideBelow?: number | undefined;
  notation?: Notation | undefined;
  label?: string | undefined;
}

/**
 * A button's count and name: `[text, name]`, the count as shown ("12K", or nothing: none yet, a
 * failed network, under `hide-below`), and the accessible name, the action with the count as it is
 * shown ("Share on Facebook, 12K shares"): a name holds what a sighted speech-input user reads (WCAG 2.5.3).
 */
export function buttonView(
  network: Network,
  inputs: ButtonCountInputs,
  shares: number | null,
  locale: string | undefined,
  words: Required<ButtonWords>,
): [text: string, name: string] {
  // A framework may set `notation` to undefined: the default, for what is shown and what is heard alike.
  const notation = inputs.notation || 'compact';
  if (shares === null || (inputs.hideBelow != null && shares < inputs.hideBelow)) return ['', words[network]];
  const heard = countWords(shares, locale, inputs.label, (number, one) => `${number} ${one ? 'share' : 'shares'}`, notation);
  return [formatCount(shares, notation, locale), `${words[network]}, ${heard}`];
}
