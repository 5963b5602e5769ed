/**
 * dist/custom-elements.json (written by `npm run build`) describes the elements completely: every
 * attribute and property the class declares, every event its source dispatches, every part its
 * templates render and every public custom property its styles read, each with a description.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { CSSResultGroup, PropertyDeclarations } from 'lit';
import { describe, expect, it } from 'vitest';
import { ShareButtonElement, ShareButtonsElement } from '../../src/entries/buttons.js';
import { ShareableeBadgeElement, ShareCountElement } from '../../src/entries/share-count-widgets.js';

interface Documented {
  name: string;
  description?: string;
}
interface Member extends Documented {
  kind: 'field' | 'method';
  privacy?: string;
  static?: boolean;
}
interface Declaration {
  name: string;
  tagName?: string;
  customElement?: boolean;
  summary?: string;
  attributes?: (Documented & { fieldName?: string })[];
  events?: Documented[];
  cssParts?: Documented[];
  cssProperties?: Documented[];
  members?: Member[];
}
interface Export {
  kind: string;
  name: string;
  declaration: { name: string; module: string };
}
interface Manifest {
  modules: { path: string; declarations?: Declaration[]; exports?: Export[] }[];
}

function manifest(): Manifest {
  const file = 'dist/custom-elements.json';
  if (!existsSync(file)) throw new Error(`${file} is missing: npm test builds it; run npm run build first`);
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

function declaration(name: string): Declaration {
  const found = manifest()
    .modules.flatMap((module) => module.declarations ?? [])
    .find((d) => d.name === name);
  if (!found) throw new Error(`${name} is not in dist/custom-elements.json`);
  return found;
}

const names = (items: Documented[] = []) => items.map((item) => item.name).sort();
const undocumented = (items: Documented[] = []) => items.filter((item) => !item.description?.trim()).map((item) => item.name);
const cssText = (group: CSSResultGroup): string =>
  Array.isArray(group)
    ? group.map(cssText).join('\n')
    : group instanceof CSSStyleSheet
      ? [...group.cssRules].map((rule) => rule.cssText).join('\n')
      : (group as { cssText: string }).cssText;
const matches = (text: string, pattern: RegExp) => [...new Set([...text.matchAll(pattern)].map((match) => match[1]!))].sort();

const ELEMENTS = [
  { element: ShareCountElement, tag: 'share-count', source: 'src/elements/share-count/share-count.ts' },
  { element: ShareableeBadgeElement, tag: 'shareablee-badge', source: 'src/elements/shareablee-badge/shareablee-badge.ts' },
  { element: ShareButtonElement, tag: 'share-button', source: 'src/elements/share-button/share-button.ts' },
  { element: ShareButtonsElement, tag: 'share-buttons', source: 'src/elements/share-button/share-buttons.ts' },
];

describe.each(ELEMENTS)('custom-elements.json: <$tag>', ({ element, tag, source }) => {
  const d = declaration(element.name);
  const properties = (element as unknown as { properties: PropertyDeclarations }).properties;
  const code = readFileSync(source, 'utf8');

  it('names the tag and sums the element up', () => {
    expect(d.customElement).toBe(true);
    expect(d.tagName).toBe(tag);
    expect(d.summary?.trim()).toBeTruthy();
  });

  it('lists every attribute the class declares, each described and tied to its property', () => {
    const declared: [string, string | undefined][] = Object.entries(properties)
      .filter(([, options]) => options.attribute !== false)
      .map(([name, options]) => [typeof options.attribute === 'string' ? options.attribute : name.toLowerCase(), name]);
    // An attribute the element reflects itself (`setAttr(this, 'state', …)`: not observed, so no Lit declaration).
    declared.push(...matches(code, /\bsetAttr\(this, '([\w-]+)'/g).map((name): [string, string] => [name, name]));
    // Attributes read once, with no property: a server's `answer` and `answer-at`, which servedCounts() reads.
    if (/\bservedCounts\(this\b/.test(code)) declared.push(['answer', undefined], ['answer-at', undefined]);
    expect(d.attributes?.map((attribute) => [attribute.name, attribute.fieldName]).sort()).toEqual(declared.sort());
    expect(undocumented(d.attributes)).toEqual([]);
  });

  it('lists every public property and method, each described', () => {
    const members = (d.members ?? []).filter((member) => (member.privacy ?? 'public') === 'public');
    const fields = members.filter((member) => member.kind === 'field').map((member) => member.name);
    expect(fields).toEqual(expect.arrayContaining(Object.keys(properties)));
    expect(members.filter((member) => member.kind === 'method').map((member) => member.name)).toContain('define');
    expect(undocumented(members)).toEqual([]);
  });

  it('lists every event the source dispatches, each described', () => {
    const dispatched = matches(code, /new CustomEvent\(\s*'([\w-]+)'/g);
    // <share-buttons> dispatches none of its own: its buttons' events bubble through it.
    expect(dispatched.length).toBeGreaterThan(tag === 'share-buttons' ? -1 : 0);
    expect(names(d.events)).toEqual(dispatched);
    expect(dispatched.every((name) => name.startsWith(`${tag}-`))).toBe(true);
    expect(undocumented(d.events)).toEqual([]);
  });

  it('lists every part the templates render, each described', () => {
    // Parts in a template (`part="count"`), or set on a node of the element's own (`setAttribute('part', … 'count' …)`).
    const set = matches(code, /\bsetAttr(?:ibute)?\((?:\w+, )?'part', ([^)]*)\)/g).flatMap((argument) => matches(argument, /'([\w-]+)'/g));
    // Parts a group passes on from its children (`setAttribute('exportparts', 'button,icon')`).
    const exported = matches(code, /'exportparts', '([\w,-]+)'/g).flatMap((list) => list.split(','));
    const rendered = [...new Set([...matches(code, /\bpart="([\w-]+)"/g), ...set, ...exported])].sort();
    expect(rendered.length).toBeGreaterThan(0);
    expect(names(d.cssParts)).toEqual(rendered);
    expect(undocumented(d.cssParts)).toEqual([]);
  });

  it('lists every custom property the styles read, each described', () => {
    const css = cssText(element.styles as CSSResultGroup);
    // `--_…` properties are internal; the public ones carry the tag's name.
    const read = matches(css, /var\(\s*(--[\w-]+)/g).filter((name) => !name.startsWith('--_'));
    expect(read.every((name) => name.startsWith(`--${tag}-`))).toBe(true);
    expect(names(d.cssProperties)).toEqual(read);
    expect(undocumented(d.cssProperties)).toEqual([]);
  });
});

describe('custom-elements.json: share-count-widgets/define', () => {
  it('defines every tag', () => {
    const module = manifest().modules.find((m) => m.path === 'src/entries/define.ts');
    const definitions = module?.exports?.filter((e) => e.kind === 'custom-element-definition');
    expect(definitions?.map((e) => [e.name, e.declaration.name]).sort()).toEqual(
      ELEMENTS.map(({ element, tag }) => [tag, element.name]).sort(),
    );
  });
});
