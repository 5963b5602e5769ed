// Types for the tests that import scripts/size.mjs.
export interface Limit {
  name: string;
  budget: number;
  ceiling: number;
}
export const LIMITS: readonly Limit[];
export function verdicts(gzip: number, limit: { budget: number; ceiling: number }): { check: string; goal: string };
