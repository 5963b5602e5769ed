import { css } from '@lit/reactive-element/css-tag.js';
import shared from '../shared.styles.js';

/**
 * The element's box: what sets its width, from one source for two places. In the element's shadow
 * root, its `:host` rules. In the page, where `defineElement` adopts the same sheet before the
 * definition runs, the rules for every `<share-count>` that has not rendered yet (no `state`):
 * one on the page before the script ran keeps its width through its upgrade and its wait in the
 * queue, and its first render, where `:host` takes over with the same values, moves nothing.
 * Each side's selector matches nothing on the other. `:where()` weighs nothing, like `:host`:
 * any rule of the page overrides both alike.
 */
export const box = css`
  :host,
  :where(share-count:not([state], [hidden])) {
    display: inline-block;
    font: var(--share-count-font, inherit);
    font-variant-numeric: tabular-nums;
    padding: var(--share-count-padding, 0);
    /* The width a count takes, kept while it loads: numbers arriving do not shift the page. */
    min-width: var(--share-count-min-width, 4ch);
  }
  /* The attribute, which the element reflects when the property is set. */
  :host([notation='standard']),
  :where(share-count[notation='standard']:not([state], [hidden])) {
    min-width: var(--share-count-min-width, 6ch);
  }
`;

export default [
  shared,
  box,
  css`
  :host {
    --_error-color: var(--share-count-error-color);
    color: var(--share-count-color, inherit);
    background: var(--share-count-background, transparent);
    border-radius: var(--share-count-radius, 0);
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
