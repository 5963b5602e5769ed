import { wordsFor, type CountWords } from './config.js';
import { oneOf, ValidationError } from './errors.js';

/** How counts are written for people: `Intl.NumberFormat`, in the reader's language. */

export type Notation = 'compact' | 'standard';

const formatters = new Map<string, Intl.NumberFormat>();
const rules = new Map<string | undefined, Intl.PluralRules>();

/** `Intl.PluralRules` for `locale` (the browser's when undefined), made once per locale. */
export function pluralRules(locale?: string): Intl.PluralRules {
  let made = rules.get(locale);
  if (!made) rules.set(locale, (made = new Intl.PluralRules(locale)));
  return made;
}

const canonical = (tag: string | null | undefined): string | undefined => {
  try {
    return tag ? Intl.getCanonicalLocales(tag)[0] : undefined;
  } catch {
    return undefined; // not a valid BCP 47 tag
  }
};

/**
 * The locale for an element: `explicit` when it is a valid tag, else the
 * nearest valid `lang` attribute, looking through shadow roots up to the
 * document, else `undefined` (the browser's own).
 */
export function localeFor(element: Element | undefined, explicit?: string | null): string | undefined {
  let locale = canonical(explicit);
  let node: Element | null | undefined = element;
  while (!locale && node) {
    const marked: Element | null = node.closest('[lang]');
    if (marked) {
      locale = canonical(marked.getAttribute('lang'));
      node = marked.parentElement;
    } else {
      // Out of this shadow root, on to its host (a component that holds this one).
      node = (node.getRootNode() as Partial<ShadowRoot>).host;
    }
  }
  return locale;
}

/** A notation `formatCount` takes; `ValidationError` naming `url` otherwise. */
export const checkNotation = (notation: unknown, url?: string): Notation =>
  oneOf(notation, ['compact', 'standard'] as const, 'notation', url);

/** `1234` → `"1.2K"` (compact) or `"1,234"` (standard), in `locale`. */
export function formatCount(count: number, notation: Notation = 'compact', locale?: string): string {
  if (typeof count !== 'number' || !Number.isFinite(count)) throw new ValidationError(`Not a count: ${String(count)}`);
  checkNotation(notation);
  const key = `${locale ?? ''}|${notation}`;
  let formatter = formatters.get(key);
  if (!formatter) formatters.set(key, (formatter = new Intl.NumberFormat(locale, { notation })));
  return formatter.format(count);
}

/**
 * A count in the reader's words: `label` (`#` standing for the number in full), else the words
 * `configure({ labels })` holds for the locale, the plural form picked by `Intl.PluralRules`;
 * else `english(number, one)`, `one` telling English's singular. The number is in full unless
 * `notation` says otherwise.
 */
export function countWords(
  count: number,
  locale: string | undefined,
  label: string | null | undefined,
  english: (number: string, one: boolean) => string,
  notation: Notation = 'standard',
): string {
  const rules = pluralRules(locale);
  const number = formatCount(count, notation, locale);
  const words = label ?? wordsFor(locale ?? rules.resolvedOptions().locale);
  // English has one singular: exactly 1.
  if (!words) return english(number, count === 1);
  const forms: CountWords = typeof words === 'string' ? { other: words } : words;
  return (forms[rules.select(count)] ?? forms.other).replaceAll('#', number);
}
