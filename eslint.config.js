// npm run lint: ESLint's and typescript-eslint's recommended rules over everything we write,
// eslint-plugin-lit over the templates; Prettier checks the layout (.prettierrc.json).
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', '.test-results/', 'node_modules/', '.runtimes/', 'bench/results.json', '.bench-cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Unused arguments named `_` document a signature; anything else unused is a mistake.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': [
        'error',
        { 'ts-expect-error': 'allow-with-description', 'ts-ignore': 'allow-with-description' },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      // `typeof import('…')` types a module loaded at run time (a fresh copy per test); that is its use.
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
    },
  },
  {
    files: ['src/elements/**/*.ts', 'demo/**/*.ts', 'test/browser/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    // Chai's property assertions (`expect(x).to.exist`) are expressions by design.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // Node scripts and configs; the bench's also hand functions to the browser (page.evaluate).
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
