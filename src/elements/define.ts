/**
 * Registers an element as `tag`. A tag already defined is left alone; under a second tag the
 * element registers a subclass (a constructor can be registered once). Without a registry
 * (server-side rendering) it does nothing.
 */
export function defineElement(element: CustomElementConstructor, tag: string, registry: CustomElementRegistry | undefined): void {
  if (!registry || registry.get(tag)) return;
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
