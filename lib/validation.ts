import { z } from "zod";
import { ValidationError, type FieldIssue } from "./errors";

// Any message a schema does not spell out itself reaches the user in Chinese, not zod's English.
z.config(z.locales.zhCN());

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
};

function labelOf(path: string): string {
  const [head, ...rest] = path.split(".");
  return [FIELD_LABELS[head] ?? head, ...rest].join(".");
}

/** Parses input with a zod schema, turning failures into a ValidationError whose issues name the field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(根)",
    message: issue.message,
  }));
  // One line per field (its first problem), in the user's words.
  const seen = new Set<string>();
  const summary = issues
    .filter((i) => !seen.has(i.path) && seen.add(i.path))
    .map((i) => `${labelOf(i.path)}：${i.message}`)
    .join("；");
  throw new ValidationError(`输入有误 — ${summary}`, issues);
}
