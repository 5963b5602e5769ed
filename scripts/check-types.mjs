// The type tests (test/types/): the package's built types compiled as a publisher's project compiles
// them. First every file together, as `tsc -p test/types/tsconfig.json` does; then each file alone,
// because the tag names, events and jQuery's `$.sharedCount` are global declarations: together,
// one entry point's import could supply what another entry point fails to bring.
import { existsSync } from 'node:fs';
import ts from 'typescript';

const CONFIG = 'test/types/tsconfig.json';
if (!existsSync('dist/types/entries/share-count-widgets.d.ts')) {
  console.error('dist/types is missing: npm test builds it; run npm run build first');
  process.exit(1);
}

const fail = (diagnostic) => {
  console.error(ts.formatDiagnosticsWithColorAndContext([diagnostic], host));
  process.exit(1);
};
const host = {
  getCanonicalFileName: (name) => name,
  getCurrentDirectory: ts.sys.getCurrentDirectory,
  getNewLine: () => ts.sys.newLine,
};
const config = ts.getParsedCommandLineOfConfigFile(CONFIG, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: fail });
if (config.errors.length) fail(config.errors[0]);

const files = config.fileNames.filter((file) => !file.endsWith('/expect.ts'));
let failed = 0;
let program;
for (const roots of [config.fileNames, ...files.map((file) => [file])]) {
  program = ts.createProgram({ rootNames: roots, options: config.options, oldProgram: program });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const name = roots.length > 1 ? 'all together' : roots[0].replace(`${process.cwd()}/`, '');
  if (diagnostics.length) {
    failed++;
    console.error(`✗ ${name}\n${ts.formatDiagnosticsWithColorAndContext(diagnostics, host)}`);
  } else console.log(`✓ ${name}`);
}
process.exit(failed ? 1 : 0);
