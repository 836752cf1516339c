/**
 * "Did you mean ...?" for every unknown name Kustodian reports (columns, tables, operators,
 * detection keys, check ids): one notion of "close" everywhere, so users get the same hints
 * from the parser, the evaluator, the loader and the validator.
 */

/** Levenshtein distance, case-sensitive; stops early once it reaches `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin >= limit) return limit;
    prev = cur;
  }
  return prev[b.length];
}

/** How many edits still count as a typo of a name this long. */
function typoBudget(name: string): number {
  return Math.max(2, Math.floor(name.length / 3));
}

/**
 * The candidate the user most likely meant: the same name in another letter case first,
 * else the nearest within the typo budget; null when nothing is close.
 */
export function closestName(name: string, candidates: readonly string[]): string | null {
  return closeNames(name, candidates, 1)[0] ?? null;
}

/** Up to `limit` close candidates, closest first (ties by name). Substring matches count as close. */
export function closeNames(name: string, candidates: readonly string[], limit = 3): string[] {
  const lower = name.toLowerCase();
  const budget = typoBudget(name);
  return candidates
    .map((c) => {
      const cl = c.toLowerCase();
      const d = cl === lower ? 0 : editDistance(lower, cl, budget + 1);
      return { c, d: d <= budget ? d : cl.includes(lower) || (lower.length > 3 && lower.includes(cl)) ? budget : Number.POSITIVE_INFINITY };
    })
    .filter(({ d }) => Number.isFinite(d))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, limit)
    .map(({ c }) => c);
}

/** ` (did you mean 'x'?)` (noting case-sensitivity when only the case differs), or empty when nothing is close. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const best = closestName(name, candidates);
  if (best === null) return "";
  return best.toLowerCase() === name.toLowerCase() ? ` (did you mean '${best}'? names are case-sensitive)` : ` (did you mean '${best}'?)`;
}
