/**
 * Vue's build for bundlers reads three compile-time flags that a bundler is expected to define
 * (Vue's own Vite plugin does; this demo has no Vue plugin). Undefined, Vue falls back to globals
 * and warns: set here, imported before Vue so they exist when it loads.
 */
Object.assign(globalThis, {
  __VUE_OPTIONS_API__: false,
  __VUE_PROD_DEVTOOLS__: false,
  __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
});
