/** dist/custom-elements.json (written by `npm run build`) describes the elements completely. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ShareableeBadgeElement, ShareCountElement } from '../../src/index.js';

interface Documented {
  name: string;
  description?: string;
}
interface Declaration {
  name: string;
  tagName?: string;
  summary?: string;
  attributes?: Documented[];
  events?: Documented[];
  cssParts?: Documented[];
  cssProperties?: Documented[];
  members?: (Documented & { privacy?: string })[];
}

function declaration(name: string): Declaration {
  const file = 'dist/custom-elements.json';
  if (!existsSync(file)) throw new Error(`${file} is missing: npm test builds it; run npm run build first`);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { modules: { declarations?: Declaration[] }[] };
  const found = manifest.modules.flatMap((module) => module.declarations ?? []).find((d) => d.name === name);
  if (!found) throw new Error(`${name} is not in ${file}`);
  return found;
}

const names = (items: Documented[] = []) => items.map((item) => item.name);
const undocumented = (items: Documented[] = []) => items.filter((item) => !item.description?.trim()).map((item) => item.name);

describe('custom-elements.json', () => {
  it('names <share-count> with every attribute the class declares, each described', () => {
    const d = declaration('ShareCountElement');
    expect(d.tagName).toBe('share-count');
    expect(d.summary).toBeTruthy();
    const declared = Object.entries(ShareCountElement.properties)
      .filter(([, options]) => options.attribute !== false)
      .map(([name, options]) => (typeof options.attribute === 'string' ? options.attribute : name));
    expect(names(d.attributes).sort()).toEqual(declared.sort());
    expect(undocumented(d.attributes)).toEqual([]);
  });

  it('names <shareablee-badge> with every attribute, event, part and custom property, each described', () => {
    const d = declaration('ShareableeBadgeElement');
    expect(d.tagName).toBe('shareablee-badge');
    const declared = Object.entries(ShareableeBadgeElement.properties)
      .filter(([, options]) => options.attribute !== false)
      .map(([name, options]) => (typeof options.attribute === 'string' ? options.attribute : name));
    expect(names(d.attributes).sort()).toEqual(declared.sort());
    expect(names(d.events)).toEqual(['shareablee-badge-load', 'shareablee-badge-error']);
    expect(names(d.cssParts)).toEqual(['name', 'value', 'sparkline', 'error']);
    for (const list of [d.attributes, d.events, d.cssParts, d.cssProperties]) expect(undocumented(list)).toEqual([]);
  });

  it('lists events, parts, custom properties and public members, each described', () => {
    const d = declaration('ShareCountElement');
    expect(names(d.events)).toEqual(['share-count-load', 'share-count-error']);
    expect(names(d.cssParts)).toEqual(['count', 'error']);
    expect(names(d.cssProperties)).toEqual(expect.arrayContaining(['--share-count-color', '--share-count-font', '--share-count-padding']));
    for (const list of [d.events, d.cssParts, d.cssProperties]) expect(undocumented(list)).toEqual([]);
    const members = d.members!.filter((member) => member.privacy !== 'private').map((member) => member.name);
    expect(members).toEqual(expect.arrayContaining(['count', 'data', 'error', 'state', 'refresh', 'define']));
  });
});
