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

/**
 * Three rows of the distance table, reused from call to call: closestNames() measures every profile
 * of a config file, up to ~190,000 in a 4 MiB one, and fresh arrays per row made that half a second.
 * Made on the first use, not at `import 'credchain'`.
 */
let rows: Uint32Array | undefined;

/** Damerau–Levenshtein (optimal string alignment: a swap of two neighbours is one edit); stops early once above `cap`. */
export function editDistance(a: string, b: string, cap = Infinity): number {
  const width = b.length + 1;
  if (!rows || rows.length < 3 * width) rows = new Uint32Array(Math.max(3 * 64, 3 * width));
  // Offsets of the rows for i - 2, i - 1 and i.
  let before = 0;
  let previous = width;
  let current = 2 * width;
  for (let j = 0; j < width; j++) rows[previous + j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[current] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(rows[previous + j]! + 1, rows[current + j - 1]! + 1, rows[previous + j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) value = Math.min(value, rows[before + j - 2]! + 1);
      rows[current + j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > cap) return cap + 1;
    const oldest = before;
    before = previous;
    previous = current;
    current = oldest;
  }
  return rows[previous + b.length]!;
}
