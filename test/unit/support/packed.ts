/**
 * A fresh project folder with this package installed from its `npm pack` tarball, as
 * `npm install share-count-widgets` leaves it for a publisher: the README's examples run there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Makes the folder (`prefix` names it in the temp dir); `built` is a file of dist/ the examples need. */
export function packedProject(prefix: string, built: string): string {
  if (!existsSync(built)) throw new Error('dist/ is missing: npm test builds it; run npm run build first');
  const folder = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'my-site', version: '1.0.0', type: 'commonjs' }));
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', folder], { encoding: 'utf8' })) as {
    filename: string;
  }[];
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(folder, packed!.filename)], {
    cwd: folder,
    stdio: 'ignore',
  });
  return folder;
}
