import { createHash } from "node:crypto";
import { z } from "zod";
import { ValidationError } from "../errors";
import { resolveParams, type ParamValues } from "./nodes/param";
import type { Rule } from "./schema";

// A preview pages through its hits by a keyset on the md5 of the hit's dedup key (as a run keys its
// clue; one hit per key, as a run keeps). The cursor carries only that hash — never a dedup key,
// which holds ID numbers — and a fingerprint of the rule and run date it was made for, so a cursor
// is refused for another rule instead of silently paging a different result.

/** The position after the last hit of a page: the md5 of its dedup key. */
export type PreviewPosition = string;

const HEX32 = /^[0-9a-f]{32}$/;

const ZCursor = z
  .object({
    v: z.literal(1),
    f: z.string().regex(/^[0-9a-f]{16}$/),
    k: z.string().regex(HEX32),
  })
  .strict();

/** The rule (as parsed, so key order and defaults do not matter), run date and parameter values a cursor belongs to. */
export function previewFingerprint(rule: Rule, runDate: string, params: ParamValues): string {
  const values = [...resolveParams(rule.params, params).values()].map((p) => [p.name, p.value]);
  return createHash("sha256").update(JSON.stringify([rule, runDate, values])).digest("hex").slice(0, 16);
}

export function encodeCursor(fingerprint: string, at: PreviewPosition): string {
  return Buffer.from(JSON.stringify({ v: 1, f: fingerprint, k: at })).toString("base64url");
}

const invalid = (message: string): ValidationError => new ValidationError(`分页游标无效：${message}`, [{ path: "cursor", message }]);

/** A cursor from the client back into a position; anything we did not issue for this rule is a 422 at `cursor`. */
export function decodeCursor(cursor: string, fingerprint: string): PreviewPosition {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid("无法识别的游标：请使用上一页返回的 nextCursor，或不带 cursor 从第一页开始");
  }
  const parsed = ZCursor.safeParse(raw);
  if (!parsed.success) throw invalid("无法识别的游标：请使用上一页返回的 nextCursor，或不带 cursor 从第一页开始");
  if (parsed.data.f !== fingerprint) throw invalid("游标属于另一条规则、另一个运行日期或另一组参数取值：改动后请从第一页重新预览");
  return parsed.data.k;
}
