// Errors where the mistake is: what a malformed node is told, at its own path, in Chinese only.
import { z } from "zod";
import { chineseErrorMap, typeLabel } from "../../zod-chinese";
import type { NodeKind } from "./types";

/**
 * zod's messages for the shapes every node shares, in Chinese only: the app-wide map (../../zod-chinese.ts),
 * named here for the rule parsers that pass it explicitly.
 */
export const ruleErrorMap: z.core.$ZodErrorMap = chineseErrorMap;
export { typeLabel };

/**
 * A schema that parses a value by the one schema `pick` chooses for it (by its keys), or reports
 * `pick`'s issue at its path: a union would try every option and say only “无效输入” at the top.
 */
export function dispatched<T>(pick: (value: unknown) => { schema: z.ZodType<T> } | { issue: NodeIssue }): z.ZodType<T> {
  return z.unknown().transform((value, ctx) => {
    const picked = pick(value);
    if ("issue" in picked) {
      ctx.addIssue({ code: "custom", message: picked.issue.message, path: picked.issue.path });
      return z.NEVER;
    }
    const parsed = picked.schema.safeParse(value, { error: ruleErrorMap });
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
    return z.NEVER;
  }) as unknown as z.ZodType<T>;
}

/** Whether a value is a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface NodeIssue {
  path: (string | number)[];
  message: string;
}

/** Why a value names no node kind, at the node or at its `op`. */
export function unknownNodeIssue(value: unknown, kinds: readonly NodeKind<unknown>[]): NodeIssue {
  const keyed = kinds.filter((k) => k.key !== undefined).map((k) => k.key!);
  const ops = kinds.filter((k) => k.key === undefined).flatMap((k) => k.meta.ops.map((o) => o.op));
  const shape = `应含 ${keyed.join("、")} 之一，或 field 与 op（op 可选：${ops.join("、")}）`;
  if (!isJsonObject(value)) {
    return { path: [], message: `条件应为 JSON 对象，如 {"field": "j.charge", "op": "eq", "value": "盗窃罪"}；${shape}` };
  }
  if ("op" in value) {
    const op = value.op;
    const shown = typeof op === "string" ? `“${op}”` : JSON.stringify(op);
    return { path: ["op"], message: `未知的比较方式${shown}，可选：${ops.join("、")}` };
  }
  const keys = Object.keys(value);
  return { path: [], message: `无法识别的条件${keys.length > 0 ? `（含键：${keys.join("、")}）` : ""}：${shape}` };
}
