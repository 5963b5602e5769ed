/**
 * What a framework's templates may set on the two elements: their properties a page gives, not the
 * ones they report (`state`, `count`, `data`, `error`; `name`, `value`, `series` on the badge), which
 * the element overwrites and a page reads from a ref or from its events. Framework-neutral, so that
 * `./react` and `./vue` type the same properties.
 */
import type { ShareCountElement } from '../elements/share-count/share-count.js';
import type { ShareButtonElement } from '../elements/share-button/share-button.js';
import type { ShareButtonsElement } from '../elements/share-button/share-buttons.js';
import type { ShareableeBadgeElement } from '../elements/shareablee-badge/shareablee-badge.js';

/** `<share-count>`'s settable properties, each optional: unset, the element's default applies. */
export type ShareCountProperties = Partial<
  Pick<
    ShareCountElement,
    'url' | 'service' | 'field' | 'notation' | 'locale' | 'lazy' | 'hideBelow' | 'label' | 'apiKey' | 'endpoint' | 'transport' | 'fetch'
  >
>;

/** `<shareablee-badge>`'s settable properties, each optional. */
export type ShareableeBadgeProperties = Partial<
  Pick<
    ShareableeBadgeElement,
    'entityId' | 'categoryId' | 'service' | 'metric' | 'startDate' | 'endDate' | 'sparkline' | 'endpoint' | 'notation' | 'locale'
  >
>;

/** `<share-button>`'s settable properties, each optional. */
export type ShareButtonProperties = Partial<
  Pick<
    ShareButtonElement,
    | 'network'
    | 'url'
    | 'text'
    | 'media'
    | 'via'
    | 'hashtags'
    | 'mastodonServer'
    | 'count'
    | 'display'
    | 'hideBelow'
    | 'notation'
    | 'locale'
    | 'label'
    | 'apiKey'
    | 'endpoint'
    | 'transport'
    | 'fetch'
  >
>;

/** `<share-buttons>`' settable properties, each optional: the buttons', which it passes down, and its own. */
export type ShareButtonsProperties = Omit<ShareButtonProperties, 'network' | 'count' | 'fetch'> &
  Partial<Pick<ShareButtonsElement, 'networks' | 'counts'>>;
