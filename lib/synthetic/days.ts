/**
 * Dates as whole days since 1970-01-01 (UTC). Integer arithmetic keeps "asOf − 30 days" exact
 * and lets the CSV writer format a date from a lookup table instead of a Date per cell.
 */
export type Day = number;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD; throws on anything that is not a real calendar date. */
export function parseDay(text: string): Day {
  const m = ISO_DATE.exec(text);
  if (!m) throw new Error(`日期格式须为 YYYY-MM-DD：${text}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new Error(`不存在的日期：${text}`);
  }
  return ms / MS_PER_DAY;
}

export function dayFromYmd(year: number, month: number, day: number): Day {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function yearOf(day: Day): number {
  return Number(formatDay(day).slice(0, 4));
}

// 1900-01-01 .. 2099-12-31 covers every date the generator writes; formatted once, on demand.
const CACHE_START = dayFromYmd(1900, 1, 1);
const CACHE_END = dayFromYmd(2100, 1, 1);
let cache: string[] | null = null;

function slowFormat(day: Day): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** YYYY-MM-DD. */
export function formatDay(day: Day): string {
  if (day >= CACHE_START && day < CACHE_END && Number.isInteger(day)) {
    cache ??= Array.from({ length: CACHE_END - CACHE_START }, (_, i) => slowFormat(CACHE_START + i));
    return cache[day - CACHE_START];
  }
  return slowFormat(day);
}

const compactCache = new Map<Day, string>();

/** YYYYMMDD, as embedded in an ID number (cached: every person needs one). */
export function compactDay(day: Day): string {
  let compact = compactCache.get(day);
  if (compact === undefined) {
    const s = formatDay(day);
    compact = s.slice(0, 4) + s.slice(5, 7) + s.slice(8, 10);
    compactCache.set(day, compact);
  }
  return compact;
}

/** The UTC midnight Date of a day (for spreadsheet cells). */
export function dateOfDay(day: Day): Date {
  return new Date(day * MS_PER_DAY);
}

/** The first day of the month `months` months after the month of `day` (negative: before). */
export function monthStart(day: Day, months = 0): Day {
  const [year, month] = formatDay(day).split("-").map(Number);
  return dayFromYmd(year, month + months, 1);
}
