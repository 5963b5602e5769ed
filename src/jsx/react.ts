/**
 * `share-count-widgets/react`: JSX types for `<share-count>`, `<shareablee-badge>`, `<share-button>`
 * and `<share-buttons>` in React 19.
 * Types only (its module is empty): `import type {} from 'share-count-widgets/react'` once in a
 * project, and import the elements themselves (`share-count-widgets` or `/define`) before rendering.
 *
 * As React 19 passes them: a prop the element has is set as that property (`service`, `fetch`), one
 * it has not as an attribute (`hide-below`, so that server rendering writes what the element reads),
 * and `on` + an event's exact name adds a listener that gets the event itself (`onshare-count-load`).
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { ShareCountElement, ShareCountErrorDetail, ShareCountLoadDetail } from '../elements/share-count/share-count.js';
import type {
  ShareableeBadgeElement,
  ShareableeBadgeErrorDetail,
  ShareableeBadgeLoadDetail,
} from '../elements/shareablee-badge/shareablee-badge.js';
import type { ShareButtonClickDetail, ShareButtonElement } from '../elements/share-button/share-button.js';
import type { ShareButtonsElement } from '../elements/share-button/share-buttons.js';
import type { ShareableeBadgeProperties, ShareButtonProperties, ShareButtonsProperties, ShareCountProperties } from './properties.js';

export type { ShareableeBadgeProperties, ShareButtonProperties, ShareButtonsProperties, ShareCountProperties } from './properties.js';

/** The share buttons' event as a React 19 prop; on `<share-buttons>` it comes from its buttons. */
export interface ShareButtonReactEvents {
  'onshare-button-click'?: (event: CustomEvent<ShareButtonClickDetail>) => void;
}

/** `<share-count>`'s events as React 19 props. */
export interface ShareCountReactEvents {
  'onshare-count-load'?: (event: CustomEvent<ShareCountLoadDetail>) => void;
  'onshare-count-error'?: (event: CustomEvent<ShareCountErrorDetail>) => void;
}

/** `<shareablee-badge>`'s events as React 19 props. */
export interface ShareableeBadgeReactEvents {
  'onshareablee-badge-load'?: (event: CustomEvent<ShareableeBadgeLoadDetail>) => void;
  'onshareablee-badge-error'?: (event: CustomEvent<ShareableeBadgeErrorDetail>) => void;
}

/** An element's JSX props: React's own for any HTML element (`ref`, `key`, `className`, ARIA), then its properties and events. */
type ElementProps<E extends HTMLElement, Own> = Omit<DetailedHTMLProps<HTMLAttributes<E>, E>, keyof Own> & Own;

/**
 * The properties whose attribute is spelled otherwise, and that attribute. React 19's server
 * rendering writes a prop as an attribute of the prop's own name (`hideBelow="10"`, which HTML reads
 * as `hidebelow`), and hydration sets no property: so these are offered by their attribute's name
 * (`hide-below`), which the element reads wherever the page was rendered.
 */
interface AttributeNames {
  hideBelow: 'hide-below';
  apiKey: 'api-key';
  entityId: 'entity-id';
  categoryId: 'category-id';
  startDate: 'start-date';
  endDate: 'end-date';
  mastodonServer: 'mastodon-server';
}
/** `P` with each property of `AttributeNames` under its attribute's name. */
type AsAttributes<P> = Omit<P, keyof AttributeNames> & {
  [K in keyof P & keyof AttributeNames as AttributeNames[K]]?: P[K];
};

export type ShareCountReactProps = ElementProps<ShareCountElement, AsAttributes<ShareCountProperties> & ShareCountReactEvents>;
export type ShareableeBadgeReactProps = ElementProps<
  ShareableeBadgeElement,
  AsAttributes<ShareableeBadgeProperties> & ShareableeBadgeReactEvents
>;
export type ShareButtonReactProps = ElementProps<ShareButtonElement, AsAttributes<ShareButtonProperties> & ShareButtonReactEvents>;
export type ShareButtonsReactProps = ElementProps<ShareButtonsElement, AsAttributes<ShareButtonsProperties> & ShareButtonReactEvents>;

declare module 'react' {
  // React 19 reads intrinsic elements from `React.JSX`, which `react/jsx-runtime` re-exports.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'share-count': ShareCountReactProps;
      'shareablee-badge': ShareableeBadgeReactProps;
      'share-button': ShareButtonReactProps;
      'share-buttons': ShareButtonsReactProps;
    }
  }
}
