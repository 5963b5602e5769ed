import { css } from '@lit/reactive-element';
import shared from '../shared.styles.js';

export default [
  shared,
  css`
  :host {
    --_error-color: var(--share-count-error-color);
    display: inline-block;
    color: var(--share-count-color, inherit);
    background: var(--share-count-background, transparent);
    font: var(--share-count-font, inherit);
    font-variant-numeric: tabular-nums;
    padding: var(--share-count-padding, 0);
    border-radius: var(--share-count-radius, 0);
    /* The width a count takes, kept while it loads: numbers arriving do not shift the page. */
    min-width: var(--share-count-min-width, 4ch);
  }
  /* The attribute, which the element reflects when the property is set. */
  :host([notation='standard']) {
    min-width: var(--share-count-min-width, 6ch);
  }
  :host([hidden]) {
    display: none;
  }
  [part='count'] {
    font-weight: var(--share-count-weight, inherit);
  }
  :host([state='loading']) [part='count'] {
    opacity: 0.6;
  }
`,
];
