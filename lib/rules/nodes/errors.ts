// Errors where the mistake is: what a malformed node is told, at its own path, in Chinese only.
import { z } from "zod";
import type { NodeKind } from "./types";

const TYPE_LABELS: Record<string, string> = { string: "文本", number: "数字", int: "整数", boolean: "是/否（true/false）", object: "对象", array: "数组", null: "空值（null）" };

/** How a JSON value's type is named to a builder. */
export function typeLabel(value: unknown): string {
  if (value === null) return TYPE_LABELS.null;
  if (Array.isArray(value)) return TYPE_LABELS.array;
  return TYPE_LABELS[typeof value] ?? typeof value;
}

/**
 * zod's messages for the shapes every node shares, rewritten to say what was expected there in
 * Chinese only (zod's own Chinese locale leaves type names such as “string” in English).
 */
export const ruleErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => `“${k}”`).join("、");
    const inst = (issue as { inst?: unknown }).inst;
    const allowed = inst instanceof z.ZodObject ? Object.keys(inst.shape) : [];
    return allowed.length > 0 ? `未知的键 ${keys}，此处可用：${allowed.join("、")}` : `未知的键 ${keys}`;
  }
  if ((issue.code === "invalid_type" || issue.code === "invalid_union") && issue.input === undefined) {
    const key = issue.path?.at(-1);
    return typeof key === "string" ? `缺少必填项“${key}”` : "缺少必填项";
  }
  if (issue.code === "invalid_type") return `应为${TYPE_LABELS[issue.expected] ?? "其他类型"}，实际为${typeLabel(issue.input)}`;
  if (issue.code === "invalid_value") return `应为以下之一：${issue.values.map(String).join("、")}`;
  if (issue.code === "too_big") return tooBig(issue.origin, Number(issue.maximum), issue.inclusive !== false, issue.input);
  if (issue.code === "too_small") return tooSmall(issue.origin, Number(issue.minimum), issue.inclusive !== false);
  if (issue.code === "not_multiple_of") return `应为 ${String(issue.divisor)} 的整数倍`;
  if (issue.code === "invalid_format") return "格式不正确";
  if (issue.code === "invalid_key") return "名称无效：只能由小写字母、数字和下划线组成，以字母开头";
  // Every other code (a union no option fits, a refinement without its own words): still Chinese.
  return "取值无效";
};

/** How long a text or how many items a list holds, when the input says. */
function sizeOf(input: unknown): number | undefined {
  return typeof input === "string" || Array.isArray(input) ? input.length : undefined;
}

/** zod's too_big, said for texts, lists and numbers. */
function tooBig(origin: string, max: number, inclusive: boolean, input: unknown): string {
  const size = sizeOf(input);
  if (origin === "string") return `文本过长：最多 ${max} 个字符${size === undefined ? "" : `，实为 ${size} 个`}`;
  if (origin === "array" || origin === "set") return `最多 ${max} 项${size === undefined ? "" : `，实为 ${size} 项`}`;
  return inclusive ? `不能大于 ${max}` : `应小于 ${max}`;
}

/** zod's too_small, said for texts, lists and numbers. */
function tooSmall(origin: string, min: number, inclusive: boolean): string {
  if (origin === "string") return min <= 1 ? "不能为空" : `文本过短：至少 ${min} 个字符`;
  if (origin === "array" || origin === "set") return `至少需要 ${min} 项`;
  return inclusive ? `不能小于 ${min}` : `应大于 ${min}`;
}

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
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
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
