/**
 * One IntersectionObserver for every lazy element on the page: a thousand
 * elements should not mean a thousand observers.
 */
const callbacks = new WeakMap<Element, () => void>();
let observer: IntersectionObserver | undefined;

/** Runs `callback` once, when `element` comes within `margin` of the viewport. */
export function whenNearViewport(element: Element, callback: () => void): () => void {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const run = callbacks.get(entry.target);
        stop(entry.target);
        run?.();
      }
    },
    { rootMargin: '300px 0px' },
  );
  callbacks.set(element, callback);
  observer.observe(element);
  return () => stop(element);
}

function stop(element: Element): void {
  callbacks.delete(element);
  observer?.unobserve(element);
}
