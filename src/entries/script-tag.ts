import type { ConfigureOptions } from '../wire/config.js';

/**
 * A build's defaults as its own `<script>` tag gives them, for `configure()`: `data-sharedcount-key`,
 * `data-sharedcount-endpoint`, `data-sharedcount-batch`, `data-nonce` (else the tag's own nonce),
 * and `data-consent="required"`. (`data-shareablee-endpoint` is read by the files that have the badge.)
 */
export function scriptDefaults(script: HTMLOrSVGScriptElement | null): ConfigureOptions {
  if (!(script instanceof HTMLScriptElement)) return {};
  const data = script.dataset;
  // `.nonce`, not the attribute: browsers hide the attribute once the script has run.
  const nonce = data['nonce'] || script.nonce;
  return {
    sharedcount: {
      apiKey: data['sharedcountKey'],
      endpoint: data['sharedcountEndpoint'],
      // Present, and not "false": `data-sharedcount-batch` alone turns it on.
      ...('sharedcountBatch' in data ? { batch: data['sharedcountBatch'] !== 'false' } : {}),
    },
    ...(nonce ? { nonce } : {}),
    ...(data['consent'] === 'required' ? { consent: 'required' as const } : {}),
  };
}
