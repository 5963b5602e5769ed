import { css } from 'lit';

export default css`
  :host {
    display: inline-block;
    color: var(--share-count-color, inherit);
    background: var(--share-count-background, transparent);
    font: var(--share-count-font, inherit);
    font-variant-numeric: tabular-nums;
    padding: var(--share-count-padding, 0);
    border-radius: var(--share-count-radius, 0);
  }
  :host([hidden]) {
    display: none;
  }
  [part='count'] {
    font-weight: var(--share-count-weight, inherit);
  }
  [part='error'] {
    color: var(--share-count-error-color, #b3261e);
    cursor: help;
  }
  @media (prefers-color-scheme: dark) {
    [part='error'] {
      color: var(--share-count-error-color, #f2b8b5);
    }
  }
  .loading {
    opacity: 0.6;
  }
  /* Read by screen readers, not shown: the full number and what it counts. */
  .label {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
