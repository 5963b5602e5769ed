/**
 * `share-count-widgets/define`: importing it defines `<share-count>`, `<shareablee-badge>`,
 * `<share-button>` and `<share-buttons>`, with only what the elements need (no bulk API, AddThis
 * client or jQuery plugin).
 */
export { ShareButtonElement, ShareButtonsElement } from '../elements/share-button/share-button-define.js';
export type { ShareButtonClickDetail } from '../elements/share-button/share-button.js';
export { ShareCountElement } from '../elements/share-count/share-count-define.js';
export type { ShareCountErrorDetail, ShareCountLoadDetail, ShareCountState } from '../elements/share-count/share-count.js';
export { ShareableeBadgeElement } from '../elements/shareablee-badge/shareablee-badge-define.js';
export type { ShareableeBadgeErrorDetail, ShareableeBadgeLoadDetail } from '../elements/shareablee-badge/shareablee-badge.js';
// What a page sets for the elements (key, endpoints, consent) without the script tag's data
// attributes, and how it empties what they stored (a reader withdrawing consent, say).
export { clearCache } from '../sharedcount/client.js';
export { configure, grantConsent } from '../wire/config.js';
export type { ConfigureOptions } from '../wire/config.js';
