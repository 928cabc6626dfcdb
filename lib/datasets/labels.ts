import type { ImportStatus } from "@/db/schema";

export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  queued: "排队中",
  running: "导入中",
  succeeded: "已完成",
  failed: "失败",
  cancelled: "已取消",
};

export const IMPORT_STATUS_TONES: Record<ImportStatus, "gray" | "blue" | "green" | "red"> = {
  queued: "gray",
  running: "blue",
  succeeded: "green",
  failed: "red",
  cancelled: "gray",
};

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** 1,234,567 → “123.5 万” for large counts, as Chinese reports write them. */
export function formatCount(n: number): string {
  return n >= 100_000 ? `${(n / 10_000).toFixed(1)} 万` : n.toLocaleString("zh-CN");
}
