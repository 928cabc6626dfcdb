import { z } from "zod";
import { chinaToday } from "../datasets/applications-schemas";
import { DATE_YEARS, isIsoDate } from "../validation";

/** A calendar month, "YYYY-MM". */
export type Month = string;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const ZStatsQuery = z.object({
  month: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.string().regex(MONTH, { message: "月份格式应为 YYYY-MM", abort: true }).refine((m) => isIsoDate(`${m}-01`), `月份应在 ${DATE_YEARS.min}—${DATE_YEARS.max} 年间`).optional(),
  ),
  org: z.preprocess((v) => (v === "" ? undefined : v), z.uuid("院标识无效").optional()),
});
export type StatsQuery = z.infer<typeof ZStatsQuery>;

export function addMonths(month: Month, n: number): Month {
  const [, y, m] = MONTH.exec(month)!;
  const index = Number(y) * 12 + Number(m) - 1 + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** The month before the current one in China: what a monthly report is about. */
export function lastFullMonth(today = chinaToday()): Month {
  return addMonths(today.slice(0, 7), -1);
}

export function firstDay(month: Month): string {
  return `${month}-01`;
}

export function lastDay(month: Month): string {
  const next = new Date(`${addMonths(month, 1)}-01T00:00:00Z`);
  next.setUTCDate(0);
  return next.toISOString().slice(0, 10);
}

/** The month's bounds as China-time instants [start, end). */
export function monthBounds(month: Month): { start: string; end: string } {
  return { start: `${firstDay(month)}T00:00:00+08:00`, end: `${firstDay(addMonths(month, 1))}T00:00:00+08:00` };
}

/** 2026年10月 */
export function monthLabel(month: Month): string {
  const [, y, m] = MONTH.exec(month)!;
  return `${y}年${Number(m)}月`;
}

/** The `n` months ending with `month`, oldest first. */
export function trailingMonths(month: Month, n: number): Month[] {
  return Array.from({ length: n }, (_, i) => addMonths(month, i - n + 1));
}
