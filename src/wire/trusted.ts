/**
 * The one Trusted Types policy of the package, for the script URLs it loads (JSONP replies, and
 * the JSONP file of the script-tag builds). A name can be made a policy once per page, so every
 * file of ours on the page goes through the one that made it.
 */

/** The Trusted Types policy name publishers allow (`trusted-types share-count-widgets lit-html`). */
export const TRUSTED_TYPES_POLICY = 'share-count-widgets';

type Policy = { createScriptURL(url: string): unknown } | null;
let policy: Policy | undefined;

/**
 * The script URL as a TrustedScriptURL where the page enforces Trusted Types (the policy only
 * ever sees URLs its callers validated as http(s)), else as it is. Assigning it throws when the
 * page's CSP does not allow the policy's name.
 */
export function scriptUrl(src: string): string {
  if (policy === undefined) {
    try {
      policy =
        (globalThis as { trustedTypes?: { createPolicy(name: string, rules: object): Policy } }).trustedTypes?.createPolicy(
          TRUSTED_TYPES_POLICY,
          { createScriptURL: (url: string) => url },
        ) ?? null;
    } catch {
      policy = null; // the page's CSP does not allow our policy name: the assignment reports it
    }
  }
  return (policy ? policy.createScriptURL(src) : src) as string;
}
