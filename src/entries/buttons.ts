/**
 * `share-count-widgets/buttons`: importing it defines `<share-button>`, `<share-buttons>` and
 * `<share-count>`, with the counts client they share (one request per URL for all of them).
 */
export { ShareButtonElement, ShareButtonsElement } from '../elements/share-button/share-button-define.js';
export type { ShareButtonClickDetail } from '../elements/share-button/share-button.js';
export { DEFAULT_NETWORKS, NETWORKS } from '../elements/share-button/networks.js';
export type { Network } from '../elements/share-button/networks.js';
export { ShareCountElement } from '../elements/share-count/share-count-define.js';
export type { ShareCountErrorDetail, ShareCountLoadDetail, ShareCountState } from '../elements/share-count/share-count.js';
export { clearCache, fetchCounts } from '../sharedcount/client.js';
export { configure, grantConsent } from '../wire/config.js';
export type { ButtonWords, ConfigureOptions, CountWords, Words } from '../wire/config.js';
