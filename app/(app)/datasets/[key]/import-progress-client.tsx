"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { ImportStatusBody } from "@/lib/datasets/import/status";

/** Polls a queued or running import and refreshes the page when it finishes (survives reloads). */
export function ImportProgress({ id, initial }: { id: string; initial: Pick<ImportStatusBody, "status" | "bytesRead" | "fileSize" | "counts"> }) {
  const router = useRouter();
  const [status, setStatus] = useState(initial);
  useEffect(() => {
    let stopped = false;
    const timer = setInterval(async () => {
      const res = await fetch(`/datasets/imports/${id}`, { cache: "no-store" });
      if (!res.ok || stopped) return;
      const body = (await res.json()) as ImportStatusBody;
      setStatus(body);
      if (body.status === "failed" || body.status === "cancelled" || (body.status === "succeeded" && body.qualityReady)) {
        stopped = true;
        clearInterval(timer);
        router.refresh();
      }
    }, 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [id, router]);
  const percent = status.status === "queued" ? null : status.status === "succeeded" ? 100 : status.fileSize > 0 ? (100 * status.bytesRead) / status.fileSize : null;
  const label =
    status.status === "queued" ? "排队中，等待后台任务…"
    : status.status === "succeeded" ? "已导入，正在检测数据质量…"
    : `已读取 ${status.counts.read.toLocaleString("zh-CN")} 行（${percent === null ? "…" : `${percent.toFixed(0)}%`}）`;
  return <ProgressBar percent={percent} label={label} />;
}
