// @vitest-environment node
/**
 * The package page: a registry shows README.md and links nothing of the repository, since
 * package.json names none. A relative link or image there points at nothing, whether or not the
 * file ships, so every link in the Markdown that ships is absolute https or an anchor of the page.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The link and image targets of a Markdown text, outside fenced code blocks and code spans. */
function targets(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  const found = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)/g), ...prose.matchAll(/<(?:img|a|source)\b[^>]*?\b(?:src|href|srcset)="([^"]+)"/g)];
  return found.map((match) => match[1]!);
}

/** The anchors a page's headings get, as the registry's renderer makes them. */
function anchors(markdown: string): Set<string> {
  const headings = markdown.replace(/^```[\s\S]*?^```/gm, '').match(/^#{1,6} .+$/gm) ?? [];
  return new Set(
    headings.map((heading) =>
      heading
        .replace(/^#+ /, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replaceAll(' ', '-'),
    ),
  );
}

describe('the package page', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { files: string[] };
  // npm adds README.md and package.json itself; the changelog ships through `files`.
  const shipped = ['README.md', ...pkg.files.filter((file) => file.endsWith('.md'))];

  it('finds the links it checks', () => {
    expect(targets('[a](docs/x.md) ![b](y.png) <img src="z.png"> `[c](not-a-link)`')).toEqual(['docs/x.md', 'y.png', 'z.png']);
  });

  for (const file of shipped) {
    it(`${file}: every link and image works without the repository`, () => {
      const markdown = readFileSync(file, 'utf8');
      const headings = anchors(markdown);
      const broken = targets(markdown).filter((target) =>
        target.startsWith('#') ? !headings.has(target.slice(1)) : !/^https:\/\/[^/]+/.test(target),
      );
      expect(broken, `${file} links to what its package page cannot show`).toEqual([]);
    });
  }
});
