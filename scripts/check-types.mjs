// The type tests (test/types/): the package's built types compiled as a publisher's project compiles
// them. First every file together, as `tsc -p test/types/tsconfig.json` does; then each file alone,
// because the tag names, events and jQuery's `$.sharedCount` are global declarations: together,
// one entry point's import could supply what another entry point fails to bring.
// - test/types/*.ts and *.tsx: a project with jQuery, React and Vue installed.
// - test/types/standalone/: a project with none of them. The compiler host hides their packages
//   and types, so an entry whose declarations reach for jQuery's (or React's, or Vue's) fails here.
import { existsSync } from 'node:fs';
import ts from 'typescript';

if (!existsSync('dist/types/entries/share-count-widgets.d.ts')) {
  console.error('dist/types is missing: npm test builds it; run npm run build first');
  process.exit(1);
}

/** The packages a project without jQuery, React or Vue lacks. */
const ABSENT = /\/node_modules\/(@types\/(jquery|react|react-dom)|jquery\d*|react|react-dom|vue|@vue\/[\w-]+)(\/|$)/;
const SUITES = [
  { config: 'test/types/tsconfig.json', hides: null },
  { config: 'test/types/standalone/tsconfig.json', hides: ABSENT },
];

const format = {
  getCanonicalFileName: (name) => name,
  getCurrentDirectory: ts.sys.getCurrentDirectory,
  getNewLine: () => ts.sys.newLine,
};
const fail = (diagnostic) => {
  console.error(ts.formatDiagnosticsWithColorAndContext([diagnostic], format));
  process.exit(1);
};

/** A compiler host on which the files and folders `hides` matches do not exist. */
function hostFor(options, hides) {
  const host = ts.createCompilerHost(options);
  if (!hides) return host;
  const hidden = (path) => hides.test(path.replaceAll('\\', '/'));
  const { fileExists, directoryExists, readFile, realpath } = host;
  host.fileExists = (path) => !hidden(path) && fileExists.call(host, path);
  host.directoryExists = (path) => !hidden(path) && (directoryExists?.call(host, path) ?? true);
  host.readFile = (path) => (hidden(path) ? undefined : readFile.call(host, path));
  if (realpath) host.realpath = (path) => realpath.call(host, path);
  return host;
}

let failed = 0;
for (const { config: path, hides } of SUITES) {
  const config = ts.getParsedCommandLineOfConfigFile(path, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: fail });
  if (config.errors.length) fail(config.errors[0]);
  const host = hostFor(config.options, hides);
  const files = config.fileNames.filter((file) => !file.endsWith('/expect.ts'));
  let program;
  for (const roots of [config.fileNames, ...files.map((file) => [file])]) {
    program = ts.createProgram({ rootNames: roots, options: config.options, host, oldProgram: program });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    const name = roots.length > 1 ? `${path}: all together` : roots[0].replace(`${process.cwd()}/`, '');
    if (diagnostics.length) {
      failed++;
      console.error(`✗ ${name}\n${ts.formatDiagnosticsWithColorAndContext(diagnostics, format)}`);
    } else console.log(`✓ ${name}`);
  }
}
process.exit(failed ? 1 : 0);
