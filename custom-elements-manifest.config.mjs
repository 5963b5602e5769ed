// custom-elements.json, generated from the elements' source and their class JSDoc.

/**
 * What the analyzer cannot see in our source: an attribute reflected by hand gets its field, a
 * property documented only through its attribute's `@attr` gets that description, and `share-count-widgets/define`, which registers the tags with
 * `static define()` rather than a `customElements.define()` call, gets the tag definitions.
 */
const publishedShape = {
  name: 'share-count-widgets-published-shape',
  packageLinkPhase({ customElementsManifest }) {
    const definitions = [];
    for (const module of customElementsManifest.modules) {
      for (const declaration of module.declarations ?? []) {
        if (!declaration.customElement) continue;
        for (const attribute of declaration.attributes ?? []) {
          // An attribute the element reflects by hand (`state`) has no declaration to tie it: its field has its name.
          // An attribute declared from another element's declarations (a group passing its buttons'
          // on) names its field only in camel case: `mastodon-server` is `mastodonServer`.
          const name = attribute.fieldName ?? attribute.name.replace(/-(\w)/g, (_, letter) => letter.toUpperCase());
          const field = declaration.members?.find((member) => member.kind === 'field' && member.name === name);
          if (field) attribute.fieldName = name;
          if (field && !field.description && attribute.description) field.description = attribute.description;
        }
        if (!declaration.tagName) continue;
        const reference = { name: declaration.name, module: module.path };
        definitions.push({ kind: 'js', name: declaration.name, declaration: reference });
        definitions.push({ kind: 'custom-element-definition', name: declaration.tagName, declaration: reference });
      }
    }
    customElementsManifest.modules.push({
      kind: 'javascript-module',
      path: 'src/entries/define.ts',
      declarations: [],
      exports: definitions,
    });
  },
};

export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/*.styles.ts', 'src/elements/**/*-define.ts', 'src/elements/visibility.ts', 'src/elements/scheduler.ts'],
  outdir: 'dist',
  litelement: true,
  // package.json is ours to write: it names the manifest in `customElements` already.
  packagejson: false,
  plugins: [publishedShape],
};
