// The modules scripts/icons.mjs makes at build time, for the compiler. (Not next to icons.ts as
// icons.d.ts: the compiler would take that for icons.ts's own declarations and skip it.)

/** `virtual:share-icon/NAME`: one network's icon, read from simple-icons or Bootstrap Icons at build time. */
declare module 'virtual:share-icon/*' {
  const icon: { viewBox: string; d: string; hex: string; evenodd?: boolean };
  export default icon;
}

/** scripts/icons.mjs itself, as vite.config.ts and vitest.config.ts load it (web-test-runner's config, in JS, too). */
declare module '*/scripts/icons.mjs' {
  /** The Vite (and Vitest) plugin that resolves and loads `virtual:share-icon/NAME`. */
  export function shareIcons(): import('vite').Plugin;
  /** The source of `virtual:share-icon/NAME`. */
  export function iconModule(name: string): Promise<string>;
  export const ICON_NAMES: string[];
  export const PREFIX: 'virtual:share-icon/';
}
