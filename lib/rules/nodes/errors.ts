// Errors where the mistake is: what a malformed node is told, at its own path, in Chinese only.
import { z } from "zod";
import type { NodeKind } from "./types";

const TYPE_LABELS: Record<string, string> = { string: "文本", number: "数字", int: "整数", boolean: "是/否（true/false）", object: "对象", array: "数组", null: "空值（null）" };

/** How a JSON value's type is named to a builder. */
function typeLabel(value: unknown): string {
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
  if (issue.code === "invalid_type" && issue.input === undefined) {
    const key = issue.path?.at(-1);
    return typeof key === "string" ? `缺少必填项“${key}”` : "缺少必填项";
  }
  if (issue.code === "invalid_type") return `应为${TYPE_LABELS[issue.expected] ?? issue.expected}，实际为${typeLabel(issue.input)}`;
  if (issue.code === "invalid_value") return `应为以下之一：${issue.values.map(String).join("、")}`;
  return undefined;
};

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
