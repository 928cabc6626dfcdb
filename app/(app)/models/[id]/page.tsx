import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import type { RunStatus } from "@/db/schema";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { catalogDefinitions } from "@/lib/clues/queries";
import { codeLabel } from "@/lib/code-lists/kinds";
import { codeLabels } from "@/lib/code-lists/queries";
import { NotFoundError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { getMessages } from "@/lib/i18n/locale";
import { MODEL_STATUS_LABELS } from "@/lib/models/labels";
import { describeRule } from "@/lib/rules/describe";
import { orgSetParamsText } from "@/lib/rules/nodes/param";
import { isActiveRun, RUN_STATUS_LABELS, RUN_TRIGGER_LABELS, SCHEDULE_PRESETS, scheduleLabel } from "@/lib/runs/labels";
import { canEdit } from "@/lib/models/policy";
import { getModelParams } from "@/lib/models/params";
import { getModelPage, type ModelPageData } from "@/lib/models/queries";
import { getSchedule, listRuns } from "@/lib/runs/queries";
import { ModelParamsForm } from "./params-client";
import { ModelPreviewPanel } from "./preview-client";
import { ActiveRunProgress, CancelRunButton, RunNowButton, ScheduleForm } from "./run-controls-client";
import { CopyModelButton, EditModelButton } from "./version-controls-client";
import { RuleExplanationList } from "./rule-explanation";
import { VersionHistory } from "./version-history";

export const metadata: Metadata = { title: "模型运行" };

const TONES: Record<RunStatus, "gray" | "blue" | "green" | "red" | "amber"> = { queued: "amber", running: "blue", succeeded: "green", failed: "red", cancelled: "gray" };

function count(n: number | null): string {
  return n === null ? "—" : n.toLocaleString("zh-CN");
}

function duration(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 1000 ? `${ms} 毫秒` : `${(ms / 1000).toFixed(1)} 秒`;
}

export default async function ModelPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const { t, locale } = await getMessages();
  if (!can(actor, "models.read")) return <Forbidden t={t} />;
  const { id } = await params;
  let page: ModelPageData;
  try {
    page = await getModelPage(actor, id);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const { model, runnable, shown } = page;
  const [runs, cron, defs, lines, orgParams] = await Promise.all([
    runnable ? listRuns(actor, model.id) : Promise.resolve([]),
    runnable ? getSchedule(actor, model.id) : Promise.resolve(null),
    catalogDefinitions(),
    codeLabels("businessLine"),
    runnable ? getModelParams(actor, model.id) : Promise.resolve(null),
  ]);
  // The running version is explained with this org's values (本院参数); another version with its defaults.
  const usedParams = orgParams && shown.version === orgParams.version ? orgParams.params : undefined;
  const explanation = describeRule(shown.definition, defs, undefined, usedParams);
  const active = runs.find((r) => isActiveRun(r.status));
  const canRun = Boolean(runnable) && can(actor, "models.run");
  const editable = canEdit(actor, model.ownerOrgId);
  const hasDraft = page.versions.some((v) => v.status === "draft");
  const point = model.supervisionPoint ? codeLabel(await codeLabels("supervisionPoint"), model.supervisionPoint, locale) : null;
  const now = Date.now();
  return (
    <div className="mx-auto max-w-6xl">
      <div className="mb-2 text-sm">
        <Link href="/models" className="btn-link" prefetch={false}>
          ← 模型列表
        </Link>
      </div>
      <PageHeader
        title={model.name}
        description={[codeLabel(lines, model.businessLine, locale), point ? `监督点：${point}` : null, `${MODEL_STATUS_LABELS[shown.status]} v${shown.version}`, page.owner.name, model.builtin ? "内置模型" : null].filter(Boolean).join(" · ")}
        actions={
          <div className="flex flex-wrap items-start gap-2">
            {editable ? <EditModelButton modelId={model.id} hasDraft={hasDraft} /> : null}
            {can(actor, "models.build") ? <CopyModelButton modelId={model.id} /> : null}
            {canRun ? <RunNowButton modelId={model.id} disabled={Boolean(active)} /> : null}
          </div>
        }
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <section className="card p-4 lg:col-span-2" data-testid="model-rule">
          <h2 className="mb-2 font-medium text-slate-800">
            规则 <span className="text-sm font-normal text-slate-500">（v{shown.version}{runnable ? "，运行所用版本" : `，${MODEL_STATUS_LABELS[shown.status]}`}）</span>
          </h2>
          {model.description ? <p className="mb-3 text-sm text-slate-600">{model.description}</p> : null}
          <RuleExplanationList explanation={explanation} />
        </section>
        <section className="card space-y-3 p-4 text-sm">
          <div>
            <h2 className="mb-1 font-medium text-slate-800">法律依据</h2>
            <p className="text-slate-600">{model.legalBasis || "—"}</p>
          </div>
          {orgParams && orgParams.params.length > 0 ? (
            <div>
              <h2 className="mb-1 font-medium text-slate-800">本院参数</h2>
              <ModelParamsForm modelId={model.id} params={orgParams.params} canEdit={orgParams.canEdit} />
            </div>
          ) : null}
          <div>
            <h2 className="mb-1 font-medium text-slate-800">定时运行</h2>
            <p className="mb-2 text-slate-600" data-testid="schedule-label">
              {scheduleLabel(cron)}
            </p>
            {canRun ? <ScheduleForm modelId={model.id} cron={cron} presets={SCHEDULE_PRESETS} /> : null}
          </div>
          <div>
            <Link href={`/clues?model=${model.id}`} className="btn-link" prefetch={false}>
              查看本模型的线索 →
            </Link>
          </div>
        </section>
      </div>
      {active ? (
        <section className="card mt-4 flex flex-wrap items-center gap-4 p-4" data-testid="active-run">
          <div className="min-w-64 flex-1">
            <div className="mb-1 text-sm text-slate-700">
              {RUN_STATUS_LABELS[active.status]} · {active.createdByName} 于 {formatDateTime(active.queuedAt)} 发起
            </div>
            <ActiveRunProgress status={active.status as "queued" | "running"} elapsedMs={now - (active.startedAt ?? active.queuedAt).getTime()} expectedMs={active.expectedMs} />
          </div>
          {canRun && !active.cancelRequested ? <CancelRunButton modelId={model.id} runId={active.id} /> : null}
        </section>
      ) : null}
      <VersionHistory modelId={model.id} versions={page.versions} canEdit={editable} hasDraft={hasDraft} />
      {runnable ? <ModelPreviewPanel modelId={model.id} /> : null}
      {runnable ? (
      <section className="card mt-4 overflow-x-auto">
          <h2 className="border-b border-slate-100 px-4 py-2.5 font-medium text-slate-800">本院运行记录</h2>
          {runs.length === 0 ? (
            <EmptyState title="本院尚未运行该模型">点击“立即运行”在本院数据上执行一次，或设置定时运行。</EmptyState>
          ) : (
            <table className="table" data-testid="runs-table">
              <thead>
                <tr>
                  <th>发起</th>
                  <th>状态</th>
                  <th className="text-right">检查记录</th>
                  <th className="text-right">命中</th>
                  <th className="text-right">新线索</th>
                  <th className="text-right">再次命中</th>
                  <th className="text-right">不再命中</th>
                  <th className="text-right">用时</th>
                  <th>说明</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <tr key={r.id} data-testid="run-row">
                    <td className="whitespace-nowrap">
                      <div className="tabular-nums">{formatDateTime(r.queuedAt)}</div>
                      <div className="text-xs text-slate-400">
                        {RUN_TRIGGER_LABELS[r.trigger]} · {r.createdByName} · v{r.modelVersion} · 数据截至 {r.runDate}
                      </div>
                    </td>
                    <td>
                      <Badge tone={TONES[r.status]}>{RUN_STATUS_LABELS[r.status]}</Badge>
                    </td>
                    <td className="text-right tabular-nums">{count(r.rowsConsidered)}</td>
                    <td className="text-right tabular-nums">{count(r.hits)}</td>
                    <td className="text-right tabular-nums font-medium text-slate-800">{count(r.newClues)}</td>
                    <td className="text-right tabular-nums">{count(r.redetectedClues)}</td>
                    <td className="text-right tabular-nums">{count(r.missingClues)}</td>
                    <td className="text-right tabular-nums whitespace-nowrap">{duration(r.durationMs)}</td>
                    <td className="max-w-xs text-xs text-slate-500">
                      {r.error ?? (r.attempts > 1 ? `第 ${r.attempts} 次尝试完成` : "")}
                      {orgSetParamsText(r.params) ? <div data-testid="run-params">本院参数：{orgSetParamsText(r.params)}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
    </div>
  );
}
