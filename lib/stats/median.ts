/** How many clues were found on a day (China date). */
export interface DayCount {
  day: string;
  n: number;
}

/**
 * The median age in days at `at` of clues counted per day found, each taken as found at noon
 * China time (day precision is what a backlog's age needs). The middle two of an even count are
 * averaged, as percentile_cont does.
 */
export function medianAgeDays(days: DayCount[], at: Date): number | null {
  const merged = new Map<string, number>();
  for (const d of days) merged.set(d.day, (merged.get(d.day) ?? 0) + d.n);
  const sorted = [...merged].filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0));
  const total = sorted.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  // A clue found this morning is not yet "half a day" old: no age is below zero (before noon China time
  // the noon rule would make today's clues younger than zero and pull the median of an even count down).
  const ageOf = (day: string): number => Math.max(0, (at.getTime() - Date.parse(`${day}T12:00:00+08:00`)) / 86_400_000);
  // Youngest first: positions lo and hi (0-based) hold the median.
  const lo = Math.floor((total - 1) / 2);
  const hi = Math.ceil((total - 1) / 2);
  let seen = 0;
  let loAge: number | null = null;
  for (const [day, n] of sorted) {
    if (loAge === null && lo < seen + n) loAge = ageOf(day);
    if (hi < seen + n) return Math.round(((loAge! + ageOf(day)) / 2) * 10) / 10;
    seen += n;
  }
  return null;
}
