import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { listDatasets } from "@/lib/datasets/catalog";
import { codeLabel } from "@/lib/code-lists/kinds";
import { codeLabels } from "@/lib/code-lists/queries";
import { formatCount } from "@/lib/datasets/labels";
import { formatDateTime } from "@/lib/format";
import { getMessages } from "@/lib/i18n/locale";

export const metadata: Metadata = { title: "数据资源" };

function QualityBadge({ score }: { score: number | null }) {
  if (score === null) return <span className="text-xs text-slate-400">未检测</span>;
  const tone = score >= 95 ? "green" : score >= 80 ? "amber" : "red";
  return <Badge tone={tone}>{score.toFixed(1)} 分</Badge>;
}

export default async function DatasetsPage() {
  const actor = await requireActor();
  const { t, locale } = await getMessages();
  if (!can(actor, "datasets.read")) return <Forbidden t={t} />;
  const [items, agencies, lines] = await Promise.all([listDatasets(actor), codeLabels("agency"), codeLabels("businessLine")]);
  const scopeNote = actor.permissions.has("stats.read") && !actor.permissions.has("datasets.import") ? "本院及下级院" : "本院";
  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader
        title="数据资源目录"
        description="法院、公安、监狱及行政机关的数据资源：字段定义、导入记录与数据质量（数检通）。"
        actions={
          <>
            <Link href="/datasets/applications" className="btn-secondary">
              数据申请
            </Link>
            {can(actor, "datasets.manage") ? (
              <Link href="/datasets/new" className="btn-primary">
                登记数据资源
              </Link>
            ) : null}
          </>
        }
      />
      <div className="card overflow-x-auto">
        {items.length === 0 ? (
          <EmptyState title="尚未登记数据资源">数据管理员登记数据资源后，可在此导入数据并查看质量。</EmptyState>
        ) : (
          <table className="table" data-testid="datasets-table">
            <thead>
              <tr>
                <th>数据资源</th>
                <th>来源单位</th>
                <th>业务条线</th>
                <th className="text-right">字段</th>
                <th className="text-right">{scopeNote}数据量</th>
                <th>最近导入</th>
                <th>数据质量</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} data-testid="dataset-row" data-key={d.key}>
                  <td>
                    <Link href={`/datasets/${d.key}`} className="font-medium text-brand-700 hover:underline">
                      {d.name}
                    </Link>
                    <div className="font-mono text-xs text-slate-400">{d.key}</div>
                  </td>
                  <td>{codeLabel(agencies, d.definition.agency, locale)}</td>
                  <td>{codeLabel(lines, d.definition.businessLine, locale)}</td>
                  <td className="text-right tabular-nums">{d.definition.fields.length}</td>
                  <td className="text-right tabular-nums">{formatCount(d.rowCount)}</td>
                  <td className="text-slate-500">{d.lastImportAt ? formatDateTime(d.lastImportAt) : "—"}</td>
                  <td>
                    <QualityBadge score={d.qualityScore} />
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
