// "Did you mean …?": the names closest to a mistyped one, by edit distance (a typo, a swapped pair).

/** Up to `limit` candidates within a few edits of `name`, closest first. */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const target = name.toLowerCase();
  // One edit per three characters, at least two: "sso-dve" → "sso-dev", not "prod".
  const allowed = Math.max(2, Math.floor(target.length / 3));
  const found: Array<{ candidate: string; distance: number }> = [];
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - target.length) > allowed) continue;
    const distance = editDistance(target, candidate.toLowerCase(), allowed);
    if (distance <= allowed) found.push({ candidate, distance });
  }
  return found
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((entry) => entry.candidate);
}

/** Damerau–Levenshtein (adjacent swaps count as one edit); stops early once above `cap`. */
function editDistance(a: string, b: string, cap: number): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > cap) return cap + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}
