/**
 * What both elements do alike around their requests: events that leave the shadow root and
 * bubble, dispatched only once the element shows what they report, and failures that always
 * reach the page as one of our errors.
 */
import type { ReactiveElement } from '@lit/reactive-element';
import { isShareCountWidgetsError, ShareCountWidgetsError } from '../wire/errors.js';

/** Bubbling and composed, so a page can listen on `document`. */
export const EVENT_INIT = { bubbles: true, composed: true } as const;

/** Dispatches `event` after the next render, unless `current()` says the answer it reports was superseded. */
export function dispatchWhenRendered(element: ReactiveElement, event: Event, current: () => boolean): void {
  void element.updateComplete.then(() => current() && element.dispatchEvent(event));
}

/** `cause` when it is one of ours; anything else (a browser quirk) wrapped, naming the URL. */
export function ownError(cause: unknown, message: string, url?: string): ShareCountWidgetsError {
  return isShareCountWidgetsError(cause) ? cause : new ShareCountWidgetsError(message, { url, cause });
}
