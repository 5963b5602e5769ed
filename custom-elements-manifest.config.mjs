// custom-elements.json, generated from the elements' source and their class JSDoc.
export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/*.styles.ts', 'src/elements/**/*-define.ts', 'src/elements/visibility.ts'],
  outdir: 'dist',
  litelement: true,
};
