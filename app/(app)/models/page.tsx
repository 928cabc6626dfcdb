import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { Run } from "@/db/schema";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { codeLabel } from "@/lib/code-lists/kinds";
import { codeLabels } from "@/lib/code-lists/queries";
import { getMessages } from "@/lib/i18n/locale";
import { MODEL_STATUS_LABELS } from "@/lib/models/labels";
import { listModels } from "@/lib/models/queries";
import { formatDateTime } from "@/lib/format";
import { RUN_STATUS_LABELS } from "@/lib/runs/labels";
import { latestRunsByModel } from "@/lib/runs/queries";

export const metadata: Metadata = { title: "监督模型" };

function LastRun({ run }: { run: Run | undefined }) {
  if (!run) return <>—</>;
  return (
    <>
      {RUN_STATUS_LABELS[run.status]} · {formatDateTime(run.queuedAt).slice(0, 16)}
      {run.newClues ? ` · 新线索 ${run.newClues}` : ""}
    </>
  );
}

export default async function ModelsPage() {
  const actor = await requireActor();
  const { t, locale } = await getMessages();
  if (!can(actor, "models.read")) return <Forbidden t={t} />;
  const [items, lastRuns, lines] = await Promise.all([listModels(actor), latestRunsByModel(actor), codeLabels("businessLine")]);
  return (
    <div className="mx-auto max-w-6xl">
      <PageHeader
        title="监督模型"
        description="本院的法律监督模型与已上架的模型：规则、版本与审核进度。点击模型查看规则与版本历史；已上架的模型可运行、设置定时运行并查看运行记录。"
        actions={
          can(actor, "models.build") ? (
            <Link href="/models/new" className="btn-primary" data-testid="new-model">
              新建模型
            </Link>
          ) : undefined
        }
      />
      <div className="card overflow-x-auto">
        {items.length === 0 ? (
          <EmptyState title="暂无模型">本院尚未建设或复用监督模型。</EmptyState>
        ) : (
          <table className="table" data-testid="models-table">
            <thead>
              <tr>
                <th>模型</th>
                <th>业务条线</th>
                <th>版本</th>
                <th>状态</th>
                <th>来源</th>
                <th>本院最近运行</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id} data-testid="model-row">
                  <td>
                    <Link href={`/models/${m.id}`} className="font-medium text-slate-800 hover:text-brand-700 hover:underline" prefetch={false}>
                      {m.name}
                    </Link>
                    <div className="font-mono text-xs text-slate-400">{m.key}</div>
                  </td>
                  <td>{codeLabel(lines, m.businessLine, locale)}</td>
                  <td className="tabular-nums">v{m.latestVersion}</td>
                  <td>
                    <Badge tone={m.status === "published" ? "green" : m.status === "retired" ? "gray" : "blue"}>{MODEL_STATUS_LABELS[m.status]}</Badge>
                  </td>
                  <td className="text-slate-500">{m.builtin ? "内置模型" : m.ownerOrgId === actor.orgId ? "本院建设" : m.ownerOrgName}</td>
                  <td className="whitespace-nowrap text-xs text-slate-500">
                    <LastRun run={lastRuns.get(m.id)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
