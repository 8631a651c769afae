/** Edit distance (insert, delete, substitute, swap of neighbours), case-insensitive. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= s.length; i += 1) {
    for (let j = 1; j <= t.length; j += 1) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[s.length]![t.length]!;
}

/**
 * The candidate a typo most likely meant, or undefined when none is close: at most
 * a third of the word may differ (`fail-on` → `failOn`, `retry` → `retries` are found;
 * an unrelated key gets no guess, which would only mislead).
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  // Separators do not count: `fail-on`, `fail_on` and `failOn` name the same thing.
  const bare = (text: string) => text.replace(/[-_]/g, '');
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const score = distance(bare(word), bare(candidate));
    if (!best || score < best.score) best = { candidate, score };
  }
  if (!best) return undefined;
  const limit = Math.max(1, Math.ceil(Math.max(word.length, best.candidate.length) / 3));
  return best.score <= limit ? best.candidate : undefined;
}

/** ` (did you mean failOn?)` or nothing. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const guess = closest(word, candidates);
  return guess ? ` (did you mean ${guess}?)` : '';
}
