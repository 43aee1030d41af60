// Small statistics for the benchmark: medians, the spread around them (interquartile range), and
// ratios taken per round (credchain / SDK, credchain / floor), which cancel the machine's drift.

/** The finite numbers of `values`, sorted. */
function finiteSorted(values) {
  return values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
}

/** The q-quantile (0–1) of sorted values, linearly interpolated (the default of R and NumPy). */
function quantileOfSorted(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  const above = Math.ceil(at);
  return sorted[below] + (sorted[above] - sorted[below]) * (at - below);
}

/** Median of the finite numbers in `values`; NaN when there are none. */
export function median(values) {
  return quantileOfSorted(finiteSorted(values), 0.5);
}

/**
 * Median and spread of the finite numbers in `values`: the interquartile range (q1–q3, the middle
 * half of the runs) and min–max. `n` counts the finite values; all NaN when there are none.
 */
export function spreadOf(values) {
  const sorted = finiteSorted(values);
  return {
    n: sorted.length,
    median: quantileOfSorted(sorted, 0.5),
    q1: quantileOfSorted(sorted, 0.25),
    q3: quantileOfSorted(sorted, 0.75),
    min: sorted.length ? sorted[0] : Number.NaN,
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
  };
}

/**
 * Median and spread of the per-round ratios `rounds[i][a][metric] / rounds[i][b][metric]`. Both
 * sides of a round ran back to back, so they saw the same background load: a ratio per round is
 * steadier than a ratio of medians.
 */
export function ratioSpread(rounds, a, b, metric, metricOfB = metric) {
  return spreadOf(rounds.filter((round) => round[a] && round[b]).map((round) => round[a][metric] / round[b][metricOfB]));
}

/** Median of the per-pair ratios credchain/SDK for one metric. */
export function medianPairRatio(pairs, metric) {
  return ratioSpread(pairs, 'credchain', 'sdk', metric).median;
}

/** `items` rotated left by `by`: round i of a bench starts with a different side each time. */
export function rotated(items, by) {
  const shift = ((by % items.length) + items.length) % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
