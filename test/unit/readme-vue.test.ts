// @vitest-environment node
/**
 * The README's `vite.config.ts` for Vue, evaluated as Vite would load it, with the Vue plugin
 * replaced by one that hands back its options; those options then compile a template as the plugin
 * compiles a single-file component's (`vue/compiler-sfc`). With them, the four tags are elements;
 * without, Vue resolves them as components and warns `Failed to resolve component` at run time.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { compileTemplate, type SFCTemplateCompileOptions } from 'vue/compiler-sfc';
import { describe, expect, it } from 'vitest';

const readme = readFileSync('README.md', 'utf8');
const section = readme.slice(readme.indexOf('### From React 19 and Vue 3'));
const TAGS = ['share-count', 'shareablee-badge', 'share-button', 'share-buttons'];
const TEMPLATE = `<div>${TAGS.map((tag) => `<${tag} :hide-below="10" @share-count-load="onLoad"></${tag}>`).join('')}</div>`;

type PluginOptions = Pick<SFCTemplateCompileOptions, 'compilerOptions'> & { template?: Pick<SFCTemplateCompileOptions, 'compilerOptions'> };

/** The block's default export, with `defineConfig` as it is and `vue(options)` handing back its options. */
function viteConfig(): { plugins: { options: PluginOptions }[] } {
  const match = /```ts\n(\/\/ vite\.config\.ts\n[\s\S]*?)```/.exec(section);
  if (!match) throw new Error('no vite.config.ts block under "From React 19 and Vue 3"');
  const code = match[1]!;
  expect(code).toContain("import vue from '@vitejs/plugin-vue';");
  expect(code).toContain("import { defineConfig } from 'vite';");
  const js = ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  const body = js.replace(/^import .*$/gm, '').replace('export default', 'return');
  return new Function('vue', 'defineConfig', body)(
    (options: PluginOptions) => ({ options }),
    (config: unknown) => config,
  );
}

const compiled = (compilerOptions: SFCTemplateCompileOptions['compilerOptions']) =>
  compileTemplate({ source: TEMPLATE, filename: 'App.vue', id: 'app', ...(compilerOptions ? { compilerOptions } : {}) }).code;

describe('README: Vue 3 with templates compiled at build time', () => {
  it('the vite.config.ts as written makes every element a custom element, not a component to resolve', () => {
    const [plugin] = viteConfig().plugins;
    const compilerOptions = plugin!.options.template?.compilerOptions;
    expect(compilerOptions?.isCustomElement, 'vue({ template: { compilerOptions: { isCustomElement } } })').to.be.a('function');
    const code = compiled(compilerOptions);
    expect(code).not.toContain('resolveComponent');
    for (const tag of TAGS) expect(code).toContain(`"${tag}"`);
    expect(compilerOptions!.isCustomElement!('my-component')).toBe(false);
  });

  it('without it, the tags are components Vue must resolve (the warning the README names)', () => {
    const code = compiled(undefined);
    for (const tag of TAGS) expect(code).toContain(`_resolveComponent("${tag}")`);
    expect(section).toContain('Failed to resolve component: share-count');
  });
});
