import { z } from "zod";
import { CLUE_STATUSES } from "@/db/schema";
import { CODE_PATTERN } from "../code-lists/schemas";
import { isIsoDate, ZIsoDate, ZQueryText } from "../validation";

const day = ZIsoDate;
const blankToUndefined = (v: unknown): unknown => (v === "" || v === null ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** The clue list's filters, as query parameters (the page's URL and the API share them). */
export const ZClueFilter = z.object({
  status: optional(z.enum([...CLUE_STATUSES, "open", "closed"], "状态取值无效")),
  model: optional(z.uuid("模型标识无效")),
  /** A code of the 业务条线 list; lib/clues/queries checks the list holds it (and answers with the codes). */
  businessLine: optional(z.string().regex(CODE_PATTERN, "业务条线取值无效，应为代码，如 criminal")),
  /** "me", "none" or a user id. */
  assignee: optional(z.union([z.enum(["me", "none"]), z.uuid("承办人取值无效")], "承办人取值无效")),
  /** An org and the orgs below it (within the actor's scope). */
  org: optional(z.uuid("院标识无效")),
  /** Found (first seen) between these days, inclusive. */
  from: optional(day),
  to: optional(day),
  /** Status last changed between these days (a month's 成案 / 不成案 drill-down). */
  changedFrom: optional(day),
  changedTo: optional(day),
  q: optional(ZQueryText.trim().max(100, "搜索词不能超过 100 字")),
  sort: optional(z.enum(["newest", "oldest"], "排序取值无效")),
  cursor: optional(z.string().max(200, "分页游标无效").refine((v) => decodeCursor(v) !== null, "分页游标无效，请从第一页重新浏览")),
  limit: z.preprocess(blankToUndefined, z.coerce.number("每页条数须为整数").int("每页条数须为整数").min(1, "每页至少 1 条").max(200, "每页最多 200 条").default(50)),
});
export type ClueFilter = z.infer<typeof ZClueFilter>;

export interface Cursor {
  seenAt: string;
  id: number;
}

/** Opaque to clients: the (first_seen_at, id) of the last row of the page. */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.seenAt}|${c.id}`).toString("base64url");
}

/** first_seen_at as PostgreSQL prints a timestamptz: "2026-11-01 10:23:45.123456+08". */
const SEEN_AT = /^(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?[+-](0\d|1[0-5])(:[0-5]\d)?$/;

/** The cursor, or null when it is not one this list handed out (PostgreSQL must never see a bad one). */
export function decodeCursor(value: string): Cursor | null {
  const [seenAt, id, ...rest] = Buffer.from(value, "base64url").toString().split("|");
  if (rest.length > 0 || !seenAt || !id || !/^[1-9]\d{0,15}$/.test(id) || !Number.isSafeInteger(Number(id))) return null;
  const m = SEEN_AT.exec(seenAt);
  if (!m || !isIsoDate(m[1])) return null;
  return { seenAt, id: Number(id) };
}

/** The filter as query parameters (for links: tabs, next page, export). */
export function filterParams(filter: Partial<ClueFilter>, overrides: Partial<Record<keyof ClueFilter, string | undefined>> = {}): URLSearchParams {
  const params = new URLSearchParams();
  const merged: Record<string, unknown> = { ...filter, ...overrides };
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined || value === null || value === "") continue;
    if (key === "limit" && Number(value) === 50) continue;
    params.set(key, String(value));
  }
  return params;
}
