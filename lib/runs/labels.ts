import type { RunStatus, RunTrigger } from "@/db/schema";

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  queued: "排队",
  running: "运行中",
  succeeded: "成功",
  failed: "失败",
  cancelled: "已取消",
};

export const RUN_TRIGGER_LABELS: Record<RunTrigger, string> = {
  manual: "手动",
  api: "接口",
  schedule: "定时",
};

/** Cron presets offered in the UI (Asia/Shanghai). */
export const SCHEDULE_PRESETS: { cron: string; label: string }[] = [
  { cron: "0 2 * * *", label: "每日 02:00" },
  { cron: "0 2 * * 1", label: "每周一 02:00" },
  { cron: "0 2 1 * *", label: "每月 1 日 02:00" },
];

export function scheduleLabel(cron: string | null): string {
  if (!cron) return "未设置（仅手动运行）";
  return SCHEDULE_PRESETS.find((p) => p.cron === cron)?.label ?? `cron：${cron}`;
}

export function isActiveRun(status: RunStatus): boolean {
  return status === "queued" || status === "running";
}
