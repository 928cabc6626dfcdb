import { isRole, ROLE_LABELS } from "../auth/permissions";

/** Turns an audit entry's detail into a line an admin reads (Chinese labels, readable values). */
const FIELD_LABELS: Record<string, string> = {
  name: "名称",
  username: "用户名",
  roles: "角色",
  org: "所属院",
  parent: "上级院",
  from: "原名称",
  to: "新名称",
  reason: "原因",
  method: "方法",
  path: "路径",
  purpose: "用途",
  period: "期限",
  comment: "意见",
  file: "文件",
  status: "结果",
  imported: "导入行数",
  rejected: "错误行数",
  label: "中文名称",
};

const REASONS: Record<string, string> = {
  invalid: "用户名或密码错误",
  rate_limited: "失败次数过多被锁定",
  disabled: "账号已停用",
};

function valueText(key: string, value: unknown): string {
  if (key === "reason" && typeof value === "string") return REASONS[value] ?? value;
  if (key === "roles" && typeof value === "string") return isRole(value) ? ROLE_LABELS[value].zh : value;
  // A change is stored as [before, after].
  const isChange = Array.isArray(value) && value.length === 2 && (key !== "roles" || Array.isArray(value[0]));
  if (isChange) return `${valueText(key, value[0])} → ${valueText(key, value[1])}`;
  if (Array.isArray(value)) return value.map((v) => valueText(key, v)).join("、");
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function describeAuditDetail(detail: Record<string, unknown> | null): string {
  if (!detail) return "";
  return Object.entries(detail)
    .map(([key, value]) => `${FIELD_LABELS[key] ?? key}：${valueText(key, value)}`)
    .join("；");
}
