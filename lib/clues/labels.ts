import type { ClueStatus, OutcomeKind } from "@/db/schema";

export const CLUE_STATUS_LABELS: Record<ClueStatus, string> = {
  new: "待分派",
  assigned: "已分派",
  verifying: "核查中",
  confirmed: "成案",
  dismissed: "不成案",
  transferred: "已移送",
};

export const OPEN_STATUSES: readonly ClueStatus[] = ["new", "assigned", "verifying"];
export const CLOSED_STATUSES: readonly ClueStatus[] = ["confirmed", "dismissed", "transferred"];

export const OUTCOME_KIND_LABELS: Record<OutcomeKind, string> = {
  recommendation: "检察建议",
  correction_notice: "纠正违法通知书",
  case_supervision: "立案监督",
  protest: "抗诉",
  clue_transfer: "移送线索",
  recovery: "挽回经济损失",
  rectification: "整改反馈",
};

export const CLUE_ACTIONS = ["assign", "verify", "confirm", "dismiss", "transfer", "reopen", "comment"] as const;
export type ClueAction = (typeof CLUE_ACTIONS)[number];

export const CLUE_ACTION_LABELS: Record<ClueAction | "created" | "transferred_in" | "outcome", string> = {
  created: "模型发现线索",
  transferred_in: "接收移送线索",
  assign: "分派",
  verify: "开始核查",
  confirm: "成案",
  dismiss: "不成案",
  transfer: "移送",
  reopen: "重新打开",
  comment: "备注",
  outcome: "记录监督成效",
};
