/**
 * The four elements with every prop `share-count-widgets/react` types, rendered as a server renders
 * them (`renderToString` from React 19's `react-dom/server`), put in the page as the server's HTML,
 * then hydrated with `hydrateRoot` and the same props. Served by Vite (React is CommonJS) under
 * /__demo/; test/browser/react-ssr.test.ts opens it in a frame and checks each prop took effect.
 */
import { createElement as h } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import '../../../src/entries/define.js';
import { BADGE, BUTTON, BUTTONS, COUNT } from './react-ssr-props.js';

const app = () =>
  h(
    'main',
    null,
    h('share-count', { id: 'count', ...COUNT }),
    h('shareablee-badge', { id: 'badge', ...BADGE }),
    h('share-button', { id: 'button', ...BUTTON }),
    h('share-buttons', { id: 'buttons', ...BUTTONS }),
  );

const root = document.querySelector('#root')!;
const html = renderToString(app());
root.innerHTML = html;
hydrateRoot(root, app(), {
  onRecoverableError: (error) => ((window as unknown as { hydrationErrors: unknown[] }).hydrationErrors ??= []).push(error),
});
Object.assign(window, { serverHtml: html, hydrated: true });
