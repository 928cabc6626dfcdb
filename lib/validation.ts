import { z } from "zod";
import { ValidationError, type FieldIssue } from "./errors";
import { chineseErrorMap } from "./zod-chinese";

// Any message a schema does not spell out itself reaches the user in Chinese, not zod's English
// (nor the English type names zod's own Chinese locale keeps): see ./zod-chinese.ts.
z.config({ localeError: chineseErrorMap });

// How a field is named to the user in a summary message (the form also marks the field itself).
const FIELD_LABELS: Record<string, string> = {
  username: "用户名",
  name: "名称",
  orgId: "所属院",
  parentId: "上级院",
  roles: "角色",
  password: "密码",
  id: "标识",
  actorId: "操作人",
  action: "操作类型",
  from: "起始日期",
  to: "截止日期",
  cursor: "分页游标",
  limit: "每页条数",
  month: "月份",
  status: "状态",
  model: "监督模型",
  businessLine: "业务条线",
  assignee: "承办人",
  org: "院",
  q: "搜索词",
  sort: "排序",
  runDate: "运行日期",
  assigneeId: "承办人",
  caseNo: "案件号",
  reason: "理由",
  targetOrgId: "接收院",
  agency: "接收单位",
  amount: "金额",
  feedbackDate: "反馈日期",
  documentNo: "文书号",
  ids: "线索",
  rowId: "行标识",
  scopes: "权限范围",
  expiresOn: "有效期至",
  changedFrom: "状态变更起始日期",
  changedTo: "状态变更截止日期",
  currentPassword: "当前密码",
  newPassword: "新密码",
  confirmPassword: "确认新密码",
};

// ---- Shared field shapes -------------------------------------------------------------------------

/**
 * The years a date input may name. Wider than any record the product holds (the oldest judgment or
 * registration in the data is from the 1950s) and far inside PostgreSQL's date range, so a date that
 * passes never fails in the database (year 0000 does: PostgreSQL has no year zero).
 */
export const DATE_YEARS = { min: 1900, max: 2100 } as const;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written YYYY-MM-DD within DATE_YEARS (refuses 2026-02-30, 0000-01-01, 2026-13-45). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DAY.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < DATE_YEARS.min || y > DATE_YEARS.max || mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
}

export const DATE_MESSAGE = `应为 ${DATE_YEARS.min}—${DATE_YEARS.max} 年间的有效日期，格式 YYYY-MM-DD`;

/** The one schema for a date a user or a client sends (run dates, filters, forms). */
export const ZIsoDate = z.string().trim().refine(isIsoDate, DATE_MESSAGE);

/** PostgreSQL text cannot hold a NUL character: any text that reaches a query is refused with it. */
export const hasNul = (value: string): boolean => value.includes("\u0000");
export const NUL_MESSAGE = "不能包含空字符（\\0）";

/** Text that reaches a query (a search box, a name): no NUL. */
export const ZQueryText = z.string().refine((v) => !hasNul(v), NUL_MESSAGE);

/** Field names particular to one input, over the shared ones (a dataset's `agency` is 来源单位, a transfer's 接收单位). */
export type FieldLabels = Readonly<Record<string, string>>;

function labelOf(path: string, labels: FieldLabels = {}): string {
  const [head, ...rest] = path.split(".");
  return [labels[head] ?? FIELD_LABELS[head] ?? head, ...rest].join(".");
}

/** A zod failure as field issues (path "fields.0.name"), to merge with issues found elsewhere. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join(".") || "(根)", message: issue.message }));
}

/** One line per field (its first problem), in the user's words: "起始日期：应为…；搜索词：…". */
export function summarizeIssues(issues: readonly FieldIssue[], labels?: FieldLabels): string {
  const seen = new Set<string>();
  return issues
    .filter((i) => !seen.has(i.path) && seen.add(i.path))
    .map((i) => `${labelOf(i.path, labels)}：${i.message}`)
    .join("；");
}

/** What a page shows for a filter that failed its schema (the page then falls back to no filter). */
export function filterErrorText(error: z.ZodError): string {
  return summarizeIssues(fieldIssues(error));
}

/** Parses input with a zod schema, turning failures into a ValidationError whose issues name the field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, labels?: FieldLabels): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalidInput(fieldIssues(result.error), labels);
}

/** The 422 for these issues, its message one line per field in the user's words. */
export function invalidInput(issues: FieldIssue[], labels?: FieldLabels): ValidationError {
  return new ValidationError(`输入有误 — ${summarizeIssues(issues, labels)}`, issues);
}
