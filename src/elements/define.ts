import type { CSSResult } from '@lit/reactive-element';

/**
 * Registers an element as `tag`. A tag already defined is left alone; under a second tag the
 * element registers a subclass (a constructor can be registered once). Without a registry
 * (server-side rendering) it does nothing.
 *
 * `page`: a sheet of the element's that the document adopts first, before the definition upgrades
 * the elements already on the page (share-count.styles.ts, `box`). Appended to the page's own
 * sheets, which stay; a constructed sheet, so no `<style>` and no CSP nonce. Once per document: a
 * second file of ours finds the tag defined and adds nothing. Lit makes no sheet where the
 * browser cannot adopt one (Firefox before 101): there the page's own rule alone holds (README).
 */
export function defineElement(
  element: CustomElementConstructor,
  tag: string,
  registry: CustomElementRegistry | undefined,
  page?: CSSResult,
): void {
  if (!registry || registry.get(tag)) return;
  const sheet = page?.styleSheet;
  if (sheet) document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  try {
    registry.define(tag, element);
  } catch {
    registry.define(tag, class extends (element as { new (): HTMLElement }) {});
  }
}

/** Sets (or, for `null`, removes) an attribute that differs: only what changed is written. */
export function setAttr(element: Element, name: string, value: string | null): void {
  if (element.getAttribute(name) === value) return;
  if (value === null) element.removeAttribute(name);
  else element.setAttribute(name, value);
}
