import type { ReactiveElement } from '@lit/reactive-element';

/**
 * The element's shadow root, styled: `create` is Lit's `createRenderRoot`. Lit adopts the class's
 * constructed style sheets, which only the document that made them accepts: in another one (an
 * element made here and first connected in a frame's document) the same CSS goes in as one sheet
 * made by that document's window, and nothing is thrown.
 */
export function renderRoot(el: ReactiveElement, create: () => HTMLElement | DocumentFragment): HTMLElement | DocumentFragment {
  try {
    return create.call(el);
  } catch {
    const sheet = new (el.ownerDocument.defaultView as typeof globalThis).CSSStyleSheet();
    // A CSSResult's string is its CSS.
    sheet.replaceSync((el.constructor as typeof ReactiveElement).elementStyles.join(''));
    el.shadowRoot!.adoptedStyleSheets = [sheet];
    return el.shadowRoot!;
  }
}
