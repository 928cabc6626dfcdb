import { z } from "zod";
import { addMonths, chinaToday, monthOf, type Month } from "../calendar/china-date";
import { DATE_YEARS, isIsoDate } from "../validation";

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const ZStatsQuery = z.object({
  month: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.string().regex(MONTH, { message: "月份格式应为 YYYY-MM", abort: true }).refine((m) => isIsoDate(`${m}-01`), `月份应在 ${DATE_YEARS.min}—${DATE_YEARS.max} 年间`).optional(),
  ),
  org: z.preprocess((v) => (v === "" ? undefined : v), z.uuid("院标识无效").optional()),
});
export type StatsQuery = z.infer<typeof ZStatsQuery>;

/** The month before the current one in China: what a monthly report is about. */
export function lastFullMonth(today = chinaToday()): Month {
  return addMonths(monthOf(today), -1);
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
