/**
 * `share-count-widgets/ssr/lit`: element renderers for Lit SSR (`@lit-labs/ssr`), so that a Lit
 * template holding `<share-count>` or `<share-buttons>` renders them as share-count-widgets/ssr
 * does: the same host attributes and the same shadow root content, from the same code
 * (`./render.ts`). Lit's own `LitElementRenderer` renders LitElement subclasses only; our
 * elements are ReactiveElements, which it leaves to its fallback: the attributes, no shadow root.
 *
 * Lit SSR renders synchronously, so the renderer cannot ask SharedCount: the answer comes with the
 * element, in the attributes the element itself reads in the browser (`answer`, SharedCount's
 * answer as JSON, and `answer-at`, when it was fetched), or as the properties `answer` (the answer,
 * its JSON, or the Error that getting it raised) and `answerAt`. Without one the element renders
 * loading, and the browser asks.
 *
 * Importing this module registers stand-ins for the two tags in the server's registry (Lit's DOM
 * shim), unless they are defined already: Lit SSR hands a tag to a renderer only once it is defined.
 */
import { ElementRenderer, type RenderInfo } from '@lit-labs/ssr';
import {
  shareButtonsParts,
  shareCountParts,
  type ElementParts,
  type HostAttributes,
  type RenderShareButtonsOptions,
  type RenderShareCountOptions,
} from './render.js';

/** How an attribute's text becomes an option. */
type Kind = 'text' | 'number' | 'boolean' | 'answer';
/** `attribute: [option, kind]`; the property is the attribute's name in camel case. */
type Inputs = Record<string, [option: string, kind: Kind]>;

const SHARED: Inputs = {
  url: ['url', 'text'],
  notation: ['notation', 'text'],
  locale: ['locale', 'text'],
  'hide-below': ['hideBelow', 'number'],
  label: ['label', 'text'],
  'api-key': ['apiKey', 'text'],
  endpoint: ['endpoint', 'text'],
  transport: ['transport', 'text'],
  answer: ['counts', 'answer'],
  'answer-at': ['at', 'number'],
};
const COUNT: Inputs = { ...SHARED, service: ['service', 'text'], field: ['field', 'text'] };
const BUTTONS: Inputs = {
  ...SHARED,
  networks: ['networks', 'text'],
  // The group's switch for counts, as in the browser: an answer without it shows none.
  counts: ['showCounts', 'boolean'],
  text: ['text', 'text'],
  media: ['media', 'text'],
  via: ['via', 'text'],
  hashtags: ['hashtags', 'text'],
  'mastodon-server': ['mastodonServer', 'text'],
  display: ['display', 'text'],
};
const camel = (name: string) => name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());

/** `answer`'s text: its JSON, or the error it is when it is not JSON (shown as the element's error). */
function parseAnswer(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return new TypeError('answer is not JSON: SharedCount’s answer, as JSON.stringify writes it');
  }
}

/** An attribute's text as its option, as the element's own converters read it. */
function fromAttribute(kind: Kind, text: string): unknown {
  if (kind === 'boolean') return true;
  if (kind === 'answer') return parseAnswer(text);
  if (kind === 'number') return text === '' ? undefined : Number(text);
  return text;
}

/** A property's value as its option. */
function fromProperty(kind: Kind, value: unknown): unknown {
  if (kind === 'boolean') return Boolean(value);
  if (value === null || value === undefined) return undefined;
  if (kind === 'answer') return typeof value === 'string' ? parseAnswer(value) : value;
  if (kind === 'number') return Number(value);
  return String(value);
}

/**
 * What both renderers share: the attributes and properties Lit sets, read into share-count-widgets/ssr's
 * options, and its parts handed back to Lit, which writes the tag and the `<template>` around them.
 */
abstract class ShareRenderer extends ElementRenderer {
  readonly #attributes = new Map<string, string>();
  readonly #properties = new Map<string, unknown>();
  #parts: ElementParts | undefined;

  protected abstract readonly inputs: Inputs;
  protected abstract parts(options: Record<string, unknown>): ElementParts;

  /** Lit's attribute bindings and the template's own attributes. */
  override setAttribute(name: string, value: string): void {
    this.#attributes.set(name.toLowerCase(), value);
  }

  /** Lit's property bindings (`.answer=${data}`): those of the inputs; any other one the browser gets from the client. */
  override setProperty(name: string, value: unknown): void {
    this.#properties.set(name, value);
  }

  override renderAttributes(): string[] {
    return [this.#render()[0]];
  }

  override renderShadow(_renderInfo: RenderInfo): string[] {
    return [this.#render()[1]];
  }

  #render(): ElementParts {
    if (this.#parts) return this.#parts;
    const options: Record<string, unknown> = {};
    const attributes: HostAttributes = {};
    for (const [name, text] of this.#attributes) {
      const input = Object.hasOwn(this.inputs, name) ? this.inputs[name] : undefined;
      if (input) options[input[0]] = fromAttribute(input[1], text);
      // `state` is the renderer's to write.
      else if (name !== 'state') attributes[name] = text;
    }
    for (const [name, [option, kind]] of Object.entries(this.inputs)) {
      const property = camel(name);
      if (this.#properties.has(property)) options[option] = fromProperty(kind, this.#properties.get(property));
    }
    options.attributes = attributes;
    return (this.#parts = this.parts(options));
  }
}

/**
 * `<share-count>` for Lit SSR: `renderShareCount`'s host attributes and shadow root. Give it to
 * `render()` with Lit's own: `render(template, { elementRenderers: [ShareCountRenderer, ShareButtonsRenderer, LitElementRenderer] })`.
 */
export class ShareCountRenderer extends ShareRenderer {
  static override matchesClass(_ctor: typeof HTMLElement, tagName: string): boolean {
    return tagName === 'share-count';
  }

  protected readonly inputs = COUNT;

  protected parts(options: Record<string, unknown>): ElementParts {
    return shareCountParts(options as unknown as RenderShareCountOptions);
  }
}

/** `<share-buttons>` for Lit SSR: `renderShareButtons`' host attributes and shadow root (the buttons inside it). */
export class ShareButtonsRenderer extends ShareRenderer {
  static override matchesClass(_ctor: typeof HTMLElement, tagName: string): boolean {
    return tagName === 'share-buttons';
  }

  protected readonly inputs = BUTTONS;

  protected parts(options: Record<string, unknown>): ElementParts {
    // No `counts`, no counts, as in the browser (renderShareButtons' default shows them when it has an answer).
    return shareButtonsParts({ showCounts: false, ...options } as unknown as RenderShareButtonsOptions);
  }
}

// Lit SSR looks a tag up in the registry when it first parses a template, and renders with a
// renderer only a tag that is defined there. A stand-in class: the real elements are browser code.
// A server that imports them (`share-count-widgets/define`) first keeps them; defining them after
// this leaves these in place (their `define()` leaves a defined tag alone).
const registry = (globalThis as { customElements?: CustomElementRegistry }).customElements;
const Base = (globalThis as { HTMLElement?: typeof HTMLElement }).HTMLElement ?? (class {} as typeof HTMLElement);
for (const tag of ['share-count', 'share-buttons']) if (registry && !registry.get(tag)) registry.define(tag, class extends Base {});
