// Rule parameters: named, typed thresholds a rule declares with a default, bounds and a Chinese
// label (`"params": { "graceDays": { "type": "integer", "default": 30, "min": 1, "max": 365,
// "label": "交付执行宽限天数" } }`), used as { "param": "graceDays" } wherever a literal may stand.
// A run uses the version's defaults overridden by the org's settings (lib/models/params.ts);
// the values are always bind parameters, so a setting never changes the statement's text.
import { z } from "zod";
import { FIELD_TYPE_LABELS, type FieldType } from "../../datasets/definition";
import { DATE_MESSAGE, isIsoDate } from "../../validation";
import { isDateType, isNumberType, ruleText, ZLiteral, ZParamName, type Literal, type ParamRef } from "./common";
import type { NodeMeta } from "./types";

/**
 * A parameter's type, named as the datasets name their fields' types. No yes/no parameters: a
 * threshold an org tunes is a number, a date or a text; a switch belongs in the rule itself.
 */
export const PARAM_TYPES = ["integer", "numeric", "text", "date"] as const;
export type ParamType = (typeof PARAM_TYPES)[number];
export const PARAM_TYPE_LABELS: Record<ParamType, string> = { integer: "整数", numeric: "数值", text: "文本", date: "日期" };

/** How many parameters a rule may declare (a form, not a spreadsheet). */
export const MAX_PARAMS = 30;
/** Whole days a parameter used as days may reach (as ZDays). */
const MAX_DAYS = 36500;

const ZBound = z.union([z.number().finite(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)], { error: "上下限应为数字，或日期（YYYY-MM-DD）" });

export const ZParamDecl = z
  .object({
    type: z.enum(PARAM_TYPES),
    default: ZLiteral,
    /** Bounds, both included: numbers for integer/number, dates for date. */
    min: ZBound.optional(),
    max: ZBound.optional(),
    /** What the org's form and the explanation call it. */
    label: ruleText(1, 50),
  })
  .strict();
export type ParamDecl = z.infer<typeof ZParamDecl>;

export const ZParamDecls = z
  .record(ZParamName, ZParamDecl)
  .refine((d) => Object.keys(d).length <= MAX_PARAMS, `一条规则最多声明 ${MAX_PARAMS} 个参数`);
export type ParamDecls = z.infer<typeof ZParamDecls>;

/** Values by parameter name, as an org sets them. */
export type ParamValues = Readonly<Record<string, Literal>>;

/** A parameter's value for one statement, and where it came from. */
export interface ResolvedParam {
  name: string;
  label: string;
  type: ParamType;
  value: Literal;
  source: "default" | "org";
}
export type ResolvedParams = ReadonlyMap<string, ResolvedParam>;

export const PARAM_SOURCE_LABELS: Record<ResolvedParam["source"], string> = { default: "默认", org: "本院设置" };

/** “交付执行宽限天数 45；最少起诉次数 8”: the values an org set, as a run list shows them ("" when all are defaults). */
export function orgSetParamsText(params: readonly ResolvedParam[] | null | undefined): string {
  return (params ?? []).filter((p) => p.source === "org").map((p) => `${p.label} ${String(p.value)}`).join("；");
}

function typeProblem(type: ParamType, value: Literal): string | null {
  const want = PARAM_TYPE_LABELS[type];
  switch (type) {
    case "integer":
      if (typeof value !== "number") return `应为${want}`;
      return Number.isSafeInteger(value) ? null : `应为${want}（±9007199254740991 以内），实际为 ${value}`;
    case "numeric":
      return typeof value === "number" ? null : `应为${want}`;
    case "text":
      return typeof value === "string" ? null : `应为${want}`;
    case "date":
      if (typeof value !== "string") return `应为${want}（YYYY-MM-DD）`;
      return isIsoDate(value) ? null : `日期 ${value} 无效：${DATE_MESSAGE}`;
  }
}

/** Why `value` cannot be this parameter's value (type, then bounds), or null. */
export function paramValueProblem(decl: ParamDecl, value: Literal): string | null {
  const problem = typeProblem(decl.type, value);
  if (problem) return problem;
  if (decl.min !== undefined && value < decl.min) return `不能小于 ${decl.min}（下限），实际为 ${value}`;
  if (decl.max !== undefined && value > decl.max) return `不能大于 ${decl.max}（上限），实际为 ${value}`;
  return null;
}

export interface ParamIssue {
  path: string;
  message: string;
}

/** The declarations' own problems: a default of the wrong type or out of bounds, bounds on text, min above max. */
export function checkParamDecls(decls: ParamDecls, prefix = "params"): ParamIssue[] {
  const issues: ParamIssue[] = [];
  for (const [name, decl] of Object.entries(decls)) {
    const path = `${prefix}.${name}`;
    const bounded = decl.type !== "text";
    for (const end of ["min", "max"] as const) {
      const bound = decl[end];
      if (bound === undefined) continue;
      if (!bounded) issues.push({ path: `${path}.${end}`, message: `${PARAM_TYPE_LABELS[decl.type]}参数不能设上下限` });
      else if ((decl.type === "date") !== (typeof bound === "string")) issues.push({ path: `${path}.${end}`, message: `上下限应与参数同为${PARAM_TYPE_LABELS[decl.type]}` });
    }
    if (decl.min !== undefined && decl.max !== undefined && typeof decl.min === typeof decl.max && decl.min > decl.max) {
      issues.push({ path: `${path}.min`, message: `下限 ${decl.min} 大于上限 ${decl.max}` });
    }
    const problem = paramValueProblem(decl, decl.default);
    if (problem) issues.push({ path: `${path}.default`, message: `默认值${problem}` });
  }
  return issues;
}

/**
 * Values an org wants to set, checked against the declarations: unknown names, wrong types and
 * values out of bounds, each at `prefix.name`.
 */
export function checkParamValues(decls: ParamDecls, values: Readonly<Record<string, unknown>>, prefix = "values"): ParamIssue[] {
  const issues: ParamIssue[] = [];
  const names = Object.keys(decls);
  for (const [name, value] of Object.entries(values)) {
    const decl = Object.hasOwn(decls, name) ? decls[name] : undefined;
    if (!decl) {
      issues.push({ path: `${prefix}.${name}`, message: `模型没有参数“${name}”（可设置：${names.join("、") || "无"}）` });
      continue;
    }
    const literal = ZLiteral.safeParse(value);
    const problem = literal.success ? paramValueProblem(decl, literal.data) : `应为${PARAM_TYPE_LABELS[decl.type]}`;
    if (problem) issues.push({ path: `${prefix}.${name}`, message: `${decl.label}${problem}` });
  }
  return issues;
}

/**
 * Each declared parameter's value: the org's setting when it fits the declaration (a newer
 * version may have narrowed the bounds or dropped the parameter: the default then stands), else
 * the default.
 */
export function resolveParams(decls: ParamDecls | undefined, overrides: ParamValues = {}): ResolvedParams {
  const resolved = new Map<string, ResolvedParam>();
  for (const [name, decl] of Object.entries(decls ?? {})) {
    const set = Object.hasOwn(overrides, name) ? overrides[name] : undefined;
    const usable = set !== undefined && paramValueProblem(decl, set) === null;
    resolved.set(name, { name, label: decl.label, type: decl.type, value: usable ? set : decl.default, source: usable ? "org" : "default" });
  }
  return resolved;
}

/** Whether a parameter of this type may stand for a value of a field of that type. */
export function paramFitsField(param: ParamType, field: FieldType): boolean {
  if (field === "integer") return param === "integer";
  if (field === "numeric") return param === "integer" || param === "numeric";
  if (isDateType(field)) return param === "date";
  return field === "text" && param === "text";
}

/**
 * Why a parameter cannot stand where whole days go (run date ± days, a field ± days): it must
 * be an integer whose bounds keep it within 0 … 36500, so no org setting can break the statement.
 */
export function daysParamProblem(name: string, decl: ParamDecl): string | null {
  if (decl.type !== "integer") return `参数“${name}”用作天数，应为整数参数，实际为${PARAM_TYPE_LABELS[decl.type]}`;
  const inRange = (v: unknown) => typeof v === "number" && v >= 0 && v <= MAX_DAYS;
  if (!inRange(decl.min) || !inRange(decl.max)) return `参数“${name}”用作天数，须声明 0 至 ${MAX_DAYS} 之间的下限 min 与上限 max`;
  return null;
}

const MAX_MONTHS = 1200;

/** Why a parameter cannot stand where whole months go (the run date or a field's month ± months), or null. */
export function monthsParamProblem(name: string, decl: ParamDecl): string | null {
  if (decl.type !== "integer") return `参数“${name}”用作月数，应为整数参数，实际为${PARAM_TYPE_LABELS[decl.type]}`;
  const inRange = (v: unknown) => typeof v === "number" && v >= 0 && v <= MAX_MONTHS;
  if (!inRange(decl.min) || !inRange(decl.max)) return `参数“${name}”用作月数，须声明 0 至 ${MAX_MONTHS} 之间的下限 min 与上限 max`;
  return null;
}

/** Why a parameter cannot stand for a number (having thresholds, days between), or null. */
export function numberParamProblem(name: string, decl: ParamDecl, integer: boolean): string | null {
  if (decl.type === "integer" || (!integer && decl.type === "numeric")) return null;
  return `参数“${name}”应为${integer ? "整数" : "数值"}参数，实际为${PARAM_TYPE_LABELS[decl.type]}`;
}

/** Why a parameter cannot be compared with a field of this type, or null. */
export function fieldParamProblem(name: string, decl: ParamDecl, fieldName: string, type: FieldType): string | null {
  if (paramFitsField(decl.type, type)) return null;
  return `字段 ${fieldName} 是${FIELD_TYPE_LABELS[type]}，不能与${PARAM_TYPE_LABELS[decl.type]}参数“${name}”比较`;
}

/** “未声明的参数” with the names the rule does declare. */
export function undeclaredParam(ref: ParamRef, decls: ParamDecls | undefined): string {
  const names = Object.keys(decls ?? {});
  return `未声明的参数“${ref.param}”（${names.length > 0 ? `已声明：${names.join("、")}` : "请先在 params 中声明"}）`;
}

/**
 * What the builder offers for one declaration under `params` (the key is its name); where a
 * parameter may stand instead of a value, the inputs of the node kinds say `param: true`.
 */
export const paramDeclMeta = {
  kind: "param",
  label: "参数",
  ops: [],
  fieldTypes: [],
  inputs: [
    { name: "type", label: "类型", kind: "choice", choices: PARAM_TYPES.map((t) => ({ value: t, label: PARAM_TYPE_LABELS[t] })) },
    { name: "default", label: "默认值", kind: "literal" },
    { name: "min", label: "下限（含）", kind: "literal", optional: true },
    { name: "max", label: "上限（含）", kind: "literal", optional: true },
    { name: "label", label: "名称（中文）", kind: "text" },
  ],
} satisfies NodeMeta;
