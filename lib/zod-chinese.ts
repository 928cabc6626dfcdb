// zod's messages in Chinese only. A schema's own message ("列表不能为空") always wins; this says the rest.
import { z } from "zod";

const TYPE_LABELS: Record<string, string> = { string: "文本", number: "数字", int: "整数", boolean: "是/否（true/false）", object: "对象", array: "数组", null: "空值（null）" };

/** How a JSON value's type is named to a user. */
export function typeLabel(value: unknown): string {
  if (value === null) return TYPE_LABELS.null;
  if (Array.isArray(value)) return TYPE_LABELS.array;
  return TYPE_LABELS[typeof value] ?? typeof value;
}

/**
 * zod's messages said in Chinese only, app-wide (lib/validation.ts installs it) and in the rule
 * parsers: what was expected there, what came, the bounds. zod's own Chinese locale leaves type
 * names (“期望 string”, “int”) and “(key)” in English.
 */
export const chineseErrorMap: z.core.$ZodErrorMap = (issue) => {
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
  if (issue.code === "invalid_key") return `名称${typeof issue.input === "string" ? `“${issue.input}”` : ""}无效${issue.issues[0] ? `：${issue.issues[0].message}` : ""}`;
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

