/**
 * Every network a `<share-button>` knows, one row each: where its share page is, the size of the
 * window it opens in, its words, and which SharedCount count it carries. Adding a network is
 * adding a row (and its icon in icons.ts).
 */

/** What a share link is built from. */
export interface Shared {
  /** The page shared. */
  url: string;
  /** The words shared with it. */
  text: string;
  media?: string | undefined;
  via?: string | undefined;
  hashtags?: string | undefined;
  /** The reader's Mastodon server: a host name, checked by `mastodonServer()`. */
  server?: string | undefined;
}

export interface NetworkRow {
  /** The share page's URL; absent for `copy` and `native`, which are buttons, not links. */
  href?: (shared: Shared) => string;
  /** The window a plain click opens, in CSS px. */
  size?: [width: number, height: number];
  /** The name shown beside the icon. */
  name: string;
  /** What the button does, in English: its accessible name. */
  action: string;
  /** The SharedCount answer's key for this network's count, and its field when it is an object. */
  count?: [key: string, field?: string];
}

const e = encodeURIComponent;
/** Both together, for networks that take one text: the words, a space, the link. */
const both = ({ text, url }: Shared) => e(text ? `${text} ${url}` : url);

export const NETWORKS = {
  facebook: {
    href: ({ url }) => `https://www.facebook.com/sharer/sharer.php?u=${e(url)}`,
    size: [600, 500],
    name: 'Facebook',
    action: 'Share on Facebook',
    count: ['Facebook', 'total_count'],
  },
  x: {
    href: ({ url, text, via, hashtags }) =>
      `https://x.com/intent/tweet?text=${e(text)}&url=${e(url)}${via ? `&via=${e(via)}` : ''}${hashtags ? `&hashtags=${e(hashtags)}` : ''}`,
    size: [600, 450],
    name: 'X',
    action: 'Post on X',
  },
  linkedin: {
    href: ({ url }) => `https://www.linkedin.com/sharing/share-offsite/?url=${e(url)}`,
    size: [600, 600],
    name: 'LinkedIn',
    action: 'Share on LinkedIn',
  },
  pinterest: {
    href: ({ url, text, media }) =>
      `https://www.pinterest.com/pin/create/button/?url=${e(url)}&description=${e(text)}${media ? `&media=${e(media)}` : ''}`,
    size: [750, 600],
    name: 'Pinterest',
    action: 'Save on Pinterest',
    count: ['Pinterest'],
  },
  reddit: {
    href: ({ url, text }) => `https://www.reddit.com/submit?url=${e(url)}&title=${e(text)}`,
    size: [850, 650],
    name: 'Reddit',
    action: 'Share on Reddit',
  },
  bluesky: {
    href: (shared) => `https://bsky.app/intent/compose?text=${both(shared)}`,
    size: [600, 600],
    name: 'Bluesky',
    action: 'Post on Bluesky',
  },
  threads: {
    href: ({ url, text }) => `https://www.threads.com/intent/post?text=${e(text)}&url=${e(url)}`,
    size: [600, 600],
    name: 'Threads',
    action: 'Post on Threads',
  },
  mastodon: {
    href: (shared) => `https://${shared.server}/share?text=${both(shared)}`,
    size: [600, 600],
    name: 'Mastodon',
    action: 'Share on Mastodon',
  },
  telegram: {
    href: ({ url, text }) => `https://t.me/share/url?url=${e(url)}&text=${e(text)}`,
    size: [600, 500],
    name: 'Telegram',
    action: 'Share on Telegram',
  },
  whatsapp: {
    href: (shared) => `https://wa.me/?text=${both(shared)}`,
    size: [600, 600],
    name: 'WhatsApp',
    action: 'Share on WhatsApp',
  },
  email: {
    href: ({ url, text }) => `mailto:?subject=${e(text)}&body=${e(url)}`,
    name: 'Email',
    action: 'Send by email',
  },
  copy: { name: 'Copy link', action: 'Copy link' },
  native: { name: 'Share…', action: 'Share…' },
} satisfies Record<string, NetworkRow>;

export type Network = keyof typeof NETWORKS;

/** The networks `<share-buttons>` shows when `networks` is absent. */
export const DEFAULT_NETWORKS: Network[] = ['facebook', 'x', 'linkedin', 'bluesky', 'whatsapp', 'email', 'copy'];

export const isNetwork = (name: string): name is Network => Object.hasOwn(NETWORKS, name);

/**
 * A Mastodon server as a reader types it, checked: a host name (an IDN is punycoded), maybe a
 * port, nothing else; undefined for anything else. It can only ever become `https://{host}/…`.
 */
export function mastodonServer(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!/^[^\s/?#@\\:]+(?::\d{1,5})?$/.test(text)) return undefined;
  let host: string;
  try {
    host = new URL(`https://${text}/`).host;
  } catch {
    return undefined;
  }
  // A name with at least one dot, made of what host names are made of, once the parser has read it.
  return /^(?:[a-z0-9-]+\.)+[a-z0-9-]+(?::\d+)?$/.test(host) && !/^[\d.]+(?::\d+)?$/.test(host) ? host : undefined;
}
