// "Did you mean …?": the known names closest to a mistyped one (a profile, a command, an option, a
// scenario key), by edit distance, or nothing when no known name is close enough to be a likely typo.

/**
 * Up to `limit` candidates within a typo's reach of `word` (one edit per three characters or part of three, at least
 * two: "sso-dve" → "sso-dev", not "prod"), closest first; when none is, the one candidate that `word`
 * begins (a shortened name: `role` for `roleName`). Case is ignored.
 */
export function closestNames(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const target = word.toLowerCase();
  const allowed = Math.max(2, Math.ceil(target.length / 3));
  const list = [...candidates];
  const found: Array<{ candidate: string; distance: number }> = [];
  for (const candidate of list) {
    if (Math.abs(candidate.length - target.length) > allowed) continue;
    const distance = editDistance(target, candidate.toLowerCase(), allowed);
    if (distance <= allowed) found.push({ candidate, distance });
  }
  if (found.length > 0) {
    return found
      .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
      .slice(0, limit)
      .map((entry) => entry.candidate);
  }
  const extended = target.length >= 3 ? list.filter((candidate) => candidate.toLowerCase().startsWith(target)) : [];
  return extended.length === 1 ? extended : [];
}

/** The one closest candidate (see closestNames), or undefined. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  return closestNames(word, candidates, 1)[0];
}

/** `; did you mean "x"?`, or '' when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>, quote = (text: string) => `"${text}"`): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : `; did you mean ${quote(match)}?`;
}

/** Damerau–Levenshtein (optimal string alignment: a swap of two neighbours is one edit); stops early once above `cap`. */
export function editDistance(a: string, b: string, cap = Infinity): number {
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
