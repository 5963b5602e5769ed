import { ShareButtonElement } from './share-button.js';
import { ShareButtonsElement } from './share-buttons.js';

ShareButtonElement.define();
ShareButtonsElement.define();

declare global {
  interface HTMLElementTagNameMap {
    'share-button': ShareButtonElement;
    'share-buttons': ShareButtonsElement;
  }
}

export { ShareButtonElement, ShareButtonsElement };
