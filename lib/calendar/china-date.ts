// Calendar days and months as people in China count them, whatever the server's zone. No database
// and no framework here: pages, forms, workers and scripts all import it. (Whether a string is a
// real day at all is lib/validation's isIsoDate.)

/** A calendar day, "YYYY-MM-DD". */
export type Day = string;
/** A calendar month, "YYYY-MM". */
export type Month = string;

// China Standard Time has had no daylight saving since 1991, so a fixed offset is exact for every
// instant the platform handles — and far cheaper than Intl's formatToParts (see lib/format.ts).
const CHINA_OFFSET_MS = 8 * 3600 * 1000;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The China calendar day an instant falls on. */
export function chinaDay(at: Date): Day {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today as YYYY-MM-DD in China. */
export function chinaToday(now: Date = new Date()): Day {
  return chinaDay(now);
}

/** The instant a China calendar day begins, as a timestamptz literal PostgreSQL and Date both read. */
export function chinaDayStart(day: Day): string {
  return `${day}T00:00:00+08:00`;
}

export function addDays(day: Day, days: number): Day {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The same calendar date `years` later (29 Feb rolls to 1 Mar). */
export function addYears(day: Day, years: number): Day {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString().slice(0, 10);
}

/** The month `n` months after `month` (negative: before). */
export function addMonths(month: Month, n: number): Month {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  const index = Number(m[1]) * 12 + Number(m[2]) - 1 + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

export function monthOf(day: Day): Month {
  return day.slice(0, 7);
}

export function firstDayOfMonth(month: Month): Day {
  return `${month}-01`;
}

export function lastDayOfMonth(month: Month): Day {
  return addDays(firstDayOfMonth(addMonths(month, 1)), -1);
}

/** A month's bounds as China-time instants [start, end). */
export function monthBounds(month: Month): { start: string; end: string } {
  return { start: chinaDayStart(firstDayOfMonth(month)), end: chinaDayStart(firstDayOfMonth(addMonths(month, 1))) };
}

/**
 * The same day of the month `n` months later (negative: earlier); a day the target month lacks
 * becomes its last day (31 March − 1 month = 28 or 29 February), as PostgreSQL's `date + interval
 * 'n months'` does.
 */
export function addMonthsToDay(day: Day, n: number): Day {
  const target = addMonths(monthOf(day), n);
  const last = lastDayOfMonth(target);
  const wanted = `${target}-${day.slice(8, 10)}`;
  return wanted > last ? last : wanted;
}

/** "2026-03" → "2026年3月", as explanations write a month. */
export function monthLabel(month: Month): string {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  return `${m[1]}年${Number(m[2])}月`;
}

