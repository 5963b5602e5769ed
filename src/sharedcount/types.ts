/** SharedCount's wire format (API v1.1). */
import type { SharedCountDefaults } from '../wire/config.js';

export type { CacheMode, SharedCountDefaults } from '../wire/config.js';

/** Facebook's counts. A field can be missing or `null` when Facebook did not answer. */
export interface FacebookCounts {
  total_count?: number | null;
  share_count?: number | null;
  comment_count?: number | null;
  reaction_count?: number | null;
  comment_plugin_count?: number | null;
  [field: string]: unknown;
}

/**
 * One URL's counts, as the API sent them. Every network is optional, `null`
 * means that network failed, and networks the API adds later are kept as they came.
 */
export interface SharedCountData {
  Facebook?: FacebookCounts | null;
  Pinterest?: number | null;
  LinkedIn?: number | null;
  StumbleUpon?: number | null;
  [network: string]: unknown;
}

/** `GET {endpoint}quota` */
export interface SharedCountQuota {
  quota_used_today: number;
  quota_remaining_today: number;
  quota_allocated_today: number;
  plan: string;
}

export interface SharedCountOptions extends SharedCountDefaults {
  /** Aborts the call; it then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** The `fetch` to use. Default: the global `fetch`. */
  fetch?: typeof fetch | undefined;
  /** Skip the cached answer and ask the API again (the new answer is cached). */
  refresh?: boolean | undefined;
}
