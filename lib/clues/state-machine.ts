import type { ClueStatus } from "@/db/schema";
import type { ClueAction } from "./labels";

/**
 * The triage state machine: from which statuses each action may be taken, and where it leads.
 * 待分派 → 已分派 → 核查中 → 成案 | 不成案 | 已移送; a leader may reopen a closed clue.
 */
const TRANSITIONS: Record<Exclude<ClueAction, "comment">, { from: readonly ClueStatus[]; to: (current: ClueStatus, hasAssignee: boolean) => ClueStatus }> = {
  assign: { from: ["new", "assigned"], to: () => "assigned" },
  verify: { from: ["assigned"], to: () => "verifying" },
  confirm: { from: ["verifying"], to: () => "confirmed" },
  dismiss: { from: ["verifying"], to: () => "dismissed" },
  transfer: { from: ["assigned", "verifying"], to: () => "transferred" },
  reopen: { from: ["confirmed", "dismissed", "transferred"], to: (_c, hasAssignee) => (hasAssignee ? "verifying" : "new") },
};

/** The status after `action`, or null when the action is not allowed from `current`. */
export function nextStatus(action: ClueAction, current: ClueStatus, hasAssignee: boolean): ClueStatus | null {
  if (action === "comment") return current;
  const t = TRANSITIONS[action];
  return t.from.includes(current) ? t.to(current, hasAssignee) : null;
}

export function isClosed(status: ClueStatus): boolean {
  return status === "confirmed" || status === "dismissed" || status === "transferred";
}
