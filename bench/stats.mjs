// Small statistics for the benchmark: medians and per-pair ratios (credchain / SDK).

/** Median of the finite numbers in `values`; NaN when there are none. */
export function median(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Median of the per-pair ratios credchain/SDK for one metric. Pairing (rather than a ratio of
 * medians) cancels drift on a shared machine: both runs of a pair saw the same background load.
 */
export function medianPairRatio(pairs, metric) {
  return median(pairs.map(({ credchain, sdk }) => credchain[metric] / sdk[metric]));
}
