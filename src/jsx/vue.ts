/**
 * `share-count-widgets/vue`: template types for `<share-count>`, `<shareablee-badge>`, `<share-button>`
 * and `<share-buttons>` in Vue 3,
 * through `GlobalComponents`, which Vue's template type checking (vue-tsc, Vue's editor tooling)
 * reads. Types only (its module is empty): `import type {} from 'share-count-widgets/vue'` once in
 * a project, and import the elements themselves (`share-count-widgets` or `/define`) before mounting.
 *
 * As Vue 3 passes them: a prop the element has is set as that property, and `@share-count-load`
 * (the prop `onShareCountLoad`) listens for `share-count-load` and gets the event itself.
 */
import type { AllowedComponentProps, ComponentCustomProps, HTMLAttributes, VNodeProps } from 'vue';
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

/** The share buttons' event as a Vue prop: `@share-button-click` in a template. */
export interface ShareButtonVueEvents {
  onShareButtonClick?: (event: CustomEvent<ShareButtonClickDetail>) => void;
}

/** `<share-count>`'s events as Vue props: `@share-count-load` in a template. */
export interface ShareCountVueEvents {
  onShareCountLoad?: (event: CustomEvent<ShareCountLoadDetail>) => void;
  onShareCountError?: (event: CustomEvent<ShareCountErrorDetail>) => void;
}

/** `<shareablee-badge>`'s events as Vue props: `@shareablee-badge-load` in a template. */
export interface ShareableeBadgeVueEvents {
  onShareableeBadgeLoad?: (event: CustomEvent<ShareableeBadgeLoadDetail>) => void;
  onShareableeBadgeError?: (event: CustomEvent<ShareableeBadgeErrorDetail>) => void;
}

/** An element's props in a template: Vue's own for any HTML element (`class`, `style`, `key`, `ref`, ARIA), then its properties and events. */
type ElementProps<Own> = Omit<HTMLAttributes, keyof Own> & Own & VNodeProps & AllowedComponentProps & ComponentCustomProps;

export type ShareCountVueProps = ElementProps<ShareCountProperties & ShareCountVueEvents>;
export type ShareableeBadgeVueProps = ElementProps<ShareableeBadgeProperties & ShareableeBadgeVueEvents>;
export type ShareButtonVueProps = ElementProps<ShareButtonProperties & ShareButtonVueEvents>;
export type ShareButtonsVueProps = ElementProps<ShareButtonsProperties & ShareButtonVueEvents>;

/**
 * An element as Vue's types see a component: a constructor whose instance (what a template ref
 * holds) is the element, and whose `$props` type what a template may pass. `$props` exists for the
 * type checker only; the element has no such property.
 */
export type VueCustomElement<E extends HTMLElement, Props> = new () => E & { $props: Props };

declare module 'vue' {
  interface GlobalComponents {
    'share-count': VueCustomElement<ShareCountElement, ShareCountVueProps>;
    'shareablee-badge': VueCustomElement<ShareableeBadgeElement, ShareableeBadgeVueProps>;
    'share-button': VueCustomElement<ShareButtonElement, ShareButtonVueProps>;
    'share-buttons': VueCustomElement<ShareButtonsElement, ShareButtonsVueProps>;
  }
}
