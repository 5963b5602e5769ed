/**
 * `share-buttons.iife.js`: the script tag for pages with share buttons. Everything of
 * `share-count.iife.js` (`<share-count>`, the counts client, the same global), plus
 * `<share-button>` and `<share-buttons>`.
 */
import '../elements/share-button/share-button-define.js';

export * from './share-count.iife.js';
export { ShareButtonElement, ShareButtonsElement } from '../elements/share-button/share-button-define.js';
