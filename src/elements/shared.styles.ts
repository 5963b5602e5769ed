import { css } from '@lit/reactive-element/css-tag.js';

/**
 * What both elements draw alike: the error dash, in a red that suits the page's colour scheme
 * (`color-scheme`, inherited: a light page stays light with the system in dark mode) unless the
 * element's own `--…-error-color` (mapped to `--_error-color`) says otherwise, and the label that
 * screen readers read but nobody sees.
 */
export default css`
  [part='error'] {
    color: var(--_error-color, light-dark(#b3261e, #f2b8b5));
    cursor: help;
  }
  .label {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
