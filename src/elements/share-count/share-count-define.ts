import { ShareCountElement } from './share-count.js';

ShareCountElement.define();

declare global {
  interface HTMLElementTagNameMap {
    'share-count': ShareCountElement;
  }
}

export { ShareCountElement };
