/**
 * Each network's icon, inlined at build time from simple-icons (the brands) and Bootstrap Icons
 * (LinkedIn, email, copy, native) by scripts/icons.mjs, so a page fetches none. One module per icon,
 * so `npm run size` shows what each weighs. All are drawn in a `0 0 24 24` viewBox.
 */
import bluesky from 'virtual:share-icon/bluesky';
import copy from 'virtual:share-icon/copy';
import email from 'virtual:share-icon/email';
import facebook from 'virtual:share-icon/facebook';
import linkedin from 'virtual:share-icon/linkedin';
import mastodon from 'virtual:share-icon/mastodon';
import native from 'virtual:share-icon/native';
import pinterest from 'virtual:share-icon/pinterest';
import reddit from 'virtual:share-icon/reddit';
import telegram from 'virtual:share-icon/telegram';
import threads from 'virtual:share-icon/threads';
import whatsapp from 'virtual:share-icon/whatsapp';
import x from 'virtual:share-icon/x';
import type { Network } from './networks.js';

/**
 * One icon: a path for `<path d>` in `viewBox`, filled with the `fill-rule` `evenodd` when `evenodd`
 * is set (`nonzero` otherwise); `hex` is the brand's colour (a neutral grey for email, copy and native).
 */
export interface Icon {
  readonly viewBox: string;
  readonly d: string;
  readonly hex: string;
  readonly evenodd?: boolean;
}

export const ICONS: Readonly<Record<Network, Icon>> = {
  facebook,
  x,
  linkedin,
  pinterest,
  reddit,
  bluesky,
  threads,
  mastodon,
  telegram,
  whatsapp,
  email,
  copy,
  native,
};
