/** The URL a widget counts when none is given: the canonical link, else this page without its fragment. */
export function pageUrl(doc: Document = document): string {
  const canonical = doc.querySelector<HTMLLinkElement>('link[rel~="canonical"][href]');
  // `.href` is already absolute, resolved against the document's base URL.
  return canonical?.href || doc.location.href.replace(/#.*$/, '');
}
