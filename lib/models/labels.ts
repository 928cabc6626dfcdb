import type { ModelVersionStatus } from "@/db/schema";

export const MODEL_STATUS_LABELS: Record<ModelVersionStatus, string> = {
  draft: "草稿",
  submitted: "已提交",
  data_verified: "数据核查",
  rule_reviewed: "规则研判",
  validated: "异地验证",
  published: "已上架",
  retired: "已下架",
};
