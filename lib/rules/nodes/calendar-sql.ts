// Calendar days and months in SQL, the same whatever the session's TimeZone: months are computed on
// `timestamp without time zone`, and a timestamptz is first read as China's wall-clock time.
import type { FieldType } from "../../datasets/definition";

/** The zone months and days are counted in (China has one, with no daylight saving since 1991). */
export const CHINA_ZONE = "Asia/Shanghai";

/** A date or timestamp as a China calendar day (a timestamptz is read in China's zone, not the session's). */
export function chinaDaySql(sql: string, type: FieldType): string {
  return type === "timestamp" ? `(${sql} at time zone '${CHINA_ZONE}')::date` : sql;
}

/** The first day of the month of a date or timestamp expression, moved by `interval` (months) when given: a date. */
export function monthStartSql(sql: string, type: FieldType, interval: string | null): string {
  const local = type === "timestamp" ? `(${sql} at time zone '${CHINA_ZONE}')` : `(${sql})::timestamp`;
  return interval === null ? `date_trunc('month', ${local})::date` : `(date_trunc('month', ${local}) + ${interval})::date`;
}

/** The last day of the month of a date expression: a date. */
export function monthEndSql(sql: string): string {
  return `(date_trunc('month', (${sql})::timestamp) + interval '1 month - 1 day')::date`;
}

/**
 * A date or timestamp expression moved by whole months (`interval`); the 31st becomes a shorter
 * month's last day. A timestamptz is moved on China's wall clock and turned back into an instant.
 */
export function addMonthsSql(sql: string, type: FieldType, interval: string | null): string {
  if (interval === null) return sql;
  return type === "timestamp" ? `(((${sql} at time zone '${CHINA_ZONE}') + ${interval}) at time zone '${CHINA_ZONE}')` : `(${sql} + ${interval})::date`;
}
