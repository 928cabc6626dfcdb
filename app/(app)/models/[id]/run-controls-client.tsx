"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { useKeptFormAction } from "@/components/forms/use-kept-form-action";
import { ProgressBar } from "@/components/ui/progress-bar";
import { cancelRunAction, scheduleAction, startRunAction } from "../actions";

export function RunNowButton({ modelId, disabled }: { modelId: string; disabled: boolean }) {
  const [state, action, pending] = useActionState(startRunAction, null);
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="modelId" value={modelId} />
      <button type="submit" className="btn-primary" disabled={pending || disabled} data-testid="run-now">
        {pending ? "提交中…" : disabled ? "运行中…" : "立即运行"}
      </button>
      <div className="max-w-md">
        <FormMessage state={state} />
      </div>
    </form>
  );
}

export function CancelRunButton({ modelId, runId }: { modelId: string; runId: string }) {
  const [state, action, pending] = useActionState(cancelRunAction, null);
  return (
    <form action={action}>
      <input type="hidden" name="modelId" value={modelId} />
      <input type="hidden" name="runId" value={runId} />
      <button type="submit" className="btn-danger" disabled={pending} data-testid="cancel-run">
        {pending ? "取消中…" : "取消运行"}
      </button>
      <FormMessage state={state} />
    </form>
  );
}

export function ScheduleForm({ modelId, cron, presets }: { modelId: string; cron: string | null; presets: { cron: string; label: string }[] }) {
  // A refused schedule keeps the choice shown (a form action would put the saved one back).
  const [state, onSubmit, pending, action] = useKeptFormAction(scheduleAction, null);
  return (
    <form action={action} onSubmit={onSubmit} className="flex flex-wrap items-center gap-2" data-testid="schedule-form">
      <input type="hidden" name="modelId" value={modelId} />
      <select name="cron" defaultValue={cron ?? ""} className="input w-44" aria-label="定时运行">
        <option value="">不定时（仅手动）</option>
        {presets.map((p) => (
          <option key={p.cron} value={p.cron}>
            {p.label}
          </option>
        ))}
        {cron && !presets.some((p) => p.cron === cron) ? <option value={cron}>cron：{cron}</option> : null}
      </select>
      <button type="submit" className="btn-secondary" disabled={pending}>
        保存
      </button>
      <FormMessage state={state} />
    </form>
  );
}

/** A live view of the active run: refreshes the page until it ends. The bar estimates from the previous run's duration. */
export function ActiveRunProgress({ status, elapsedMs, expectedMs }: { status: "queued" | "running"; elapsedMs: number; expectedMs: number | null }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), 1500);
    return () => clearInterval(timer);
  }, [router]);
  const seconds = Math.round(elapsedMs / 1000);
  if (status === "queued") return <ProgressBar percent={null} label="排队中，等待后台任务…" />;
  const percent = expectedMs ? Math.min(95, (100 * elapsedMs) / expectedMs) : null;
  const label = expectedMs ? `数据碰撞中，已用 ${seconds} 秒（上次用时 ${Math.max(1, Math.round(expectedMs / 1000))} 秒）` : `数据碰撞中，已用 ${seconds} 秒`;
  return <ProgressBar percent={percent} label={label} />;
}
