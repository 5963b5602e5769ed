import { ShareableeBadgeElement } from './shareablee-badge.js';

ShareableeBadgeElement.define();

declare global {
  interface HTMLElementTagNameMap {
    'shareablee-badge': ShareableeBadgeElement;
  }
}

export { ShareableeBadgeElement };
