import { css } from '@lit/reactive-element';

/**
 * What both elements draw alike: the error dash, in a red that suits the colour scheme unless
 * the element's own `--…-error-color` (mapped to `--_error-color`) says otherwise, and the
 * label that screen readers read but nobody sees.
 */
export default css`
  [part='error'] {
    color: var(--_error-color, #b3261e);
    cursor: help;
  }
  @media (prefers-color-scheme: dark) {
    [part='error'] {
      color: var(--_error-color, #f2b8b5);
    }
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
