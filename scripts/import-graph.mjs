// The static import graph of a built ES file, one reading for the bench (what loading an entry
// weighs) and the package check (what an entry loads).
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/** Static `import … from '…'`, `import '…'` and `export … from '…'`, minified or not. */
const IMPORT = /(?:^|[;}\n])\s*(?:import|export)\s*(?:[\w$*{}\s,]*?from\s*)?['"]([^'"]+)['"]/g;

/**
 * `entry` and every file it statically imports, transitively (`files`, paths in the style of
 * `entry`), and the bare imports it leaves to the publisher's bundler (`packages`: lit, jquery).
 * Dynamic imports load later and are not followed.
 */
export function importGraph(entry) {
  const files = [];
  const packages = new Set();
  const visit = (file) => {
    if (files.includes(file)) return;
    files.push(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if (specifier.startsWith('.')) visit(normalize(join(dirname(file), specifier)));
      else packages.add(specifier);
    }
  };
  visit(normalize(entry));
  return { files, packages: [...packages] };
}
