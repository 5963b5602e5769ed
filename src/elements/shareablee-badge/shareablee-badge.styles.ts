import { css } from 'lit';
import shared from '../shared.styles.js';

export default [
  shared,
  css`
  :host {
    --_error-color: var(--shareablee-badge-error-color);
    display: inline-flex;
    align-items: center;
    gap: var(--shareablee-badge-gap, 0.4em);
    color: var(--shareablee-badge-color, inherit);
    background: var(--shareablee-badge-background, transparent);
    font: var(--shareablee-badge-font, inherit);
    font-variant-numeric: tabular-nums;
    padding: var(--shareablee-badge-padding, 0);
    border-radius: var(--shareablee-badge-radius, 0);
  }
  :host([hidden]) {
    display: none;
  }
  .content {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: inherit;
  }
  [part='value'] {
    font-weight: var(--shareablee-badge-value-weight, 700);
  }
  [part='sparkline'] {
    width: var(--shareablee-badge-sparkline-width, 4em);
    height: 1em;
    stroke: var(--shareablee-badge-sparkline-color, currentColor);
    fill: none;
    stroke-width: 1.5;
    vector-effect: non-scaling-stroke;
  }
`,
];
