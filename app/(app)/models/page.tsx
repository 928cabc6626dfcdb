import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { BUSINESS_LINES, type BusinessLine } from "@/lib/datasets/definition";
import { getMessages } from "@/lib/i18n/locale";
import { MODEL_STATUS_LABELS } from "@/lib/models/labels";
import { listModels } from "@/lib/models/registry";

export const metadata: Metadata = { title: "监督模型" };

export default async function ModelsPage() {
  const actor = await requireActor();
  const { t } = await getMessages();
  if (!can(actor, "models.read")) return <Forbidden t={t} />;
  const items = await listModels(actor);
  return (
    <div className="mx-auto max-w-6xl">
      <PageHeader title="监督模型" description="本院的法律监督模型与已上架的模型：规则、版本与审核进度。" />
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
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id} data-testid="model-row">
                  <td>
                    <div className="font-medium text-slate-800">{m.name}</div>
                    <div className="font-mono text-xs text-slate-400">{m.key}</div>
                  </td>
                  <td>{BUSINESS_LINES[m.businessLine as BusinessLine] ?? m.businessLine}</td>
                  <td className="tabular-nums">v{m.latestVersion}</td>
                  <td>
                    <Badge tone={m.status === "published" ? "green" : m.status === "retired" ? "gray" : "blue"}>{MODEL_STATUS_LABELS[m.status]}</Badge>
                  </td>
                  <td className="text-slate-500">{m.builtin ? "内置模型" : "本院建设"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
