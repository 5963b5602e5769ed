import { configure } from '../wire/config.js';

/**
 * Reads a build's defaults from its own `<script>` tag: `data-sharedcount-key`,
 * `data-sharedcount-endpoint`, `data-nonce` (else the tag's own nonce),
 * and `data-consent="required"`. (`data-shareablee-endpoint` is read by the files that have the badge.)
 */
export function configureFromScript(script: HTMLOrSVGScriptElement | null): void {
  if (!(script instanceof HTMLScriptElement)) return;
  const data = script.dataset;
  // `.nonce`, not the attribute: browsers hide the attribute once the script has run.
  const nonce = data['nonce'] || script.nonce;
  configure({
    sharedcount: { apiKey: data['sharedcountKey'], endpoint: data['sharedcountEndpoint'] },
    ...(nonce ? { nonce } : {}),
    ...(data['consent'] === 'required' ? { consent: 'required' as const } : {}),
  });
}
