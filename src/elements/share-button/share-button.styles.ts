import { css } from '@lit/reactive-element/css-tag.js';
import shared from '../shared.styles.js';

/**
 * Brand colours, each dark enough for white text at WCAG AA (4.5:1): where a brand's own colour
 * is lighter (Reddit, Bluesky, Telegram, WhatsApp, Mastodon), a darker shade of it.
 */
export default [
  shared,
  css`
  :host {
    --_brand: #4a4f57;
    display: inline-block;
    vertical-align: middle;
    font-size: var(--share-button-font-size, 0.9375em);
  }
  :host([hidden]) {
    display: none;
  }
  :host([network='facebook']) {
    --_brand: #0866ff;
  }
  :host([network='x']),
  :host([network='threads']) {
    --_brand: #000;
  }
  :host([network='linkedin']) {
    --_brand: #0a66c2;
  }
  :host([network='pinterest']) {
    --_brand: #bd081c;
  }
  :host([network='reddit']) {
    --_brand: #d13b00;
  }
  :host([network='bluesky']) {
    --_brand: #0068d6;
  }
  :host([network='mastodon']) {
    --_brand: #563acc;
  }
  :host([network='telegram']) {
    --_brand: #0b76ad;
  }
  :host([network='whatsapp']) {
    --_brand: #0e7a6e;
  }
  [part='button'] {
    display: inline-flex;
    align-items: center;
    gap: var(--share-button-gap, 0.4em);
    box-sizing: border-box;
    min-height: 2.5em;
    padding: var(--share-button-padding, 0.5em 0.75em);
    border: 0;
    border-radius: var(--share-button-radius, 0.4em);
    background: var(--share-button-background, var(--_brand));
    color: var(--share-button-color, #fff);
    font: inherit;
    line-height: 1.2;
    text-decoration: none;
    white-space: nowrap;
    cursor: pointer;
    box-shadow: inset 0 0 0 1px light-dark(#0000, rgb(255 255 255 / 0.3));
  }
  [part='button']:hover {
    filter: brightness(1.15);
  }
  [part='button']:focus-visible {
    outline: 3px solid var(--share-button-focus, light-dark(#1a5fd0, #8ab4f8));
    outline-offset: 2px;
  }
  [part='icon'] {
    flex: none;
    width: var(--share-button-size, 1.25em);
    height: var(--share-button-size, 1.25em);
    fill: currentColor;
  }
  /* The width a count takes, kept while it loads: no shift when it arrives. */
  [part='count'] {
    min-width: 5ch;
    padding-inline-start: 0.5em;
    border-inline-start: 1px solid rgb(255 255 255 / 0.4);
    font-variant-numeric: tabular-nums;
    text-align: center;
  }
  /* "12,004" in full takes more than "12K". */
  :host([notation='standard']) [part='count'] {
    min-width: 6ch;
  }
  [part='count'][hidden],
  :host([display='icon']) [part='label'],
  :host([display='label']) [part='icon'] {
    display: none;
  }
  dialog {
    /* Its colours, like the others here, follow the page's colour scheme (inherited). */
    max-width: min(24em, calc(100vw - 2em));
    border: 1px solid #8a8f98;
    border-radius: 0.5em;
    color: CanvasText;
    background: Canvas;
  }
  dialog label {
    display: grid;
    gap: 0.4em;
  }
  dialog input {
    font: inherit;
    padding: 0.4em;
  }
  dialog p {
    min-height: 1.2em;
    margin: 0.5em 0;
    color: var(--_error-color, light-dark(#b3261e, #f2b8b5));
  }
  dialog button {
    font: inherit;
    margin-inline-end: 0.5em;
    padding: 0.3em 0.9em;
  }
`,
];

/** `<share-buttons>`: a row that wraps. */
export const group = css`
  :host {
    display: flex;
    flex-wrap: wrap;
    gap: var(--share-buttons-gap, 0.5em);
  }
  :host([hidden]) {
    display: none;
  }
`;

/**
 * For server-rendered buttons only (share-count-widgets/ssr writes it into their `<style>`; no
 * browser file carries it): copy and the system's share sheet are buttons that need the script, so
 * a page without one does not show them. A button the browser renders has its script.
 */
export const withoutScript = css`
  @media (scripting: none) {
    :host([network='copy']),
    :host([network='native']) {
      display: none;
    }
  }
`;
