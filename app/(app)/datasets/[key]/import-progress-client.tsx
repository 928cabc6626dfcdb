"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatBytes } from "@/lib/datasets/labels";
import type { QueuePlace } from "@/lib/datasets/import/queue";
import type { ImportStatusBody } from "@/lib/datasets/import/status";

type Shown = Pick<ImportStatusBody, "status" | "bytesRead" | "fileSize" | "counts" | "queue">;

const SHOWN_AHEAD = 5;

function waitText(seconds: number): string {
  if (seconds < 60) return "不到 1 分钟";
  if (seconds < 3600) return `约 ${Math.round(seconds / 60)} 分钟`;
  return `约 ${(seconds / 3600).toFixed(1)} 小时`;
}

/** Where a queued import stands: its place, the wait, and what is ahead of it. */
function QueueInfo({ queue }: { queue: QueuePlace }) {
  return (
    <div className="mt-2 text-xs text-slate-600" data-testid="queue-place">
      <div>
        排队第 <span className="font-medium text-slate-800">{queue.position}</span> 位
        {queue.ahead.length > 0 ? `，前面有 ${queue.ahead.length} 个导入（${queue.running} 个正在导入）` : "，即将开始"}
        {queue.estimateSeconds !== null && queue.ahead.length > 0 ? `，预计等待${waitText(queue.estimateSeconds)}` : ""}
      </div>
      {queue.ahead.length > 0 ? (
        <ul className="mt-1 space-y-0.5 text-slate-500" data-testid="queue-ahead">
          {queue.ahead.slice(0, SHOWN_AHEAD).map((a, i) => (
            <li key={i}>
              {a.status === "running" ? "正在导入" : "排队中"} · {a.datasetName} · {a.orgName ?? "其他院"} · {formatBytes(a.fileSize)}
              {a.status === "running" && a.fileSize > 0 ? `（已读取 ${Math.min(100, (100 * a.bytesRead) / a.fileSize).toFixed(0)}%）` : ""}
            </li>
          ))}
          {queue.ahead.length > SHOWN_AHEAD ? <li>……另有 {queue.ahead.length - SHOWN_AHEAD} 个</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

/** Polls a queued or running import and refreshes the page when it finishes (survives reloads). */
export function ImportProgress({ id, initial }: { id: string; initial: Shown }) {
  const router = useRouter();
  const [status, setStatus] = useState<Shown>(initial);
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
    : status.status === "cancelled" ? "已取消"
    : `已读取 ${status.counts.read.toLocaleString("zh-CN")} 行（${percent === null ? "…" : `${percent.toFixed(0)}%`}）`;
  return (
    <>
      <ProgressBar percent={percent} label={label} />
      {status.status === "queued" && status.queue ? <QueueInfo queue={status.queue} /> : null}
    </>
  );
}
