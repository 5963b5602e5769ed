// Small numeric helpers shared by the measurements and the report.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Rounds to `digits` decimals, so results.json does not carry float noise. */
export const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** `{ median, min, max }` of one figure over the runs. */
export function summarize(values, digits = 2) {
  return { median: round(median(values), digits), min: round(Math.min(...values), digits), max: round(Math.max(...values), digits) };
}
