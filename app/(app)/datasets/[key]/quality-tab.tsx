import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import type { QualityReport } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import type { DatasetSummary } from "@/lib/datasets/catalog";
import { storedQuality } from "@/lib/datasets/quality";
import { formatDateTime } from "@/lib/format";

interface Check {
  key: keyof Pick<QualityReport, "missing" | "malformed" | "late" | "duplicates">;
  title: string;
  explain: string;
}

const CHECKS: Check[] = [
  { key: "missing", title: "漏填", explain: "必填字段为空" },
  { key: "malformed", title: "错填", explain: "未来日期、1900 年前日期、不应为负的数值为负" },
  { key: "late", title: "迟填", explain: "记录日期早于导入日期超过规定天数" },
  { key: "duplicates", title: "重复", explain: "业务主键相同的多余记录" },
];

function label(dataset: DatasetSummary, name: string): string {
  return dataset.definition.fields.find((f) => f.name === name)?.label ?? name;
}

export async function QualityTab({ actor, dataset }: { actor: Actor; dataset: DatasetSummary }) {
  const report = await storedQuality(dataset.id, actor.orgId);
  if (!report || report.rows === 0) {
    return (
      <div className="card">
        <EmptyState title="暂无质量报告">本院导入该数据资源后自动检测漏填、错填、迟填与重复。</EmptyState>
      </div>
    );
  }
  const tone = report.score >= 95 ? "text-emerald-600" : report.score >= 80 ? "text-amber-600" : "text-red-600";
  return (
    <div className="space-y-4" data-testid="quality-report">
      <div className="card flex flex-wrap items-center gap-8 p-5">
        <div>
          <div className="text-sm text-slate-500">质量评分</div>
          <div className={`text-4xl font-semibold ${tone}`} data-testid="quality-score">
            {report.score.toFixed(1)}
          </div>
        </div>
        <div className="text-sm text-slate-600">
          本院共 {report.rows.toLocaleString("zh-CN")} 行 · 检测于 {formatDateTime(new Date(report.computedAt))}
          <div className="text-xs text-slate-400">评分 = 100 ×（1 − 问题行数 ÷ 总行数）；每次导入后自动重新检测。</div>
        </div>
      </div>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
        {CHECKS.map((check) => {
          const part = report[check.key];
          const byField = "byField" in part ? Object.entries(part.byField).filter(([, n]) => n > 0) : [];
          return (
            <section key={check.key} className="card p-5" data-testid={`quality-${check.key}`}>
              <div className="flex items-baseline justify-between">
                <h3 className="font-medium">{check.title}</h3>
                <span className={`text-2xl font-semibold tabular-nums ${part.total > 0 ? "text-amber-600" : "text-slate-300"}`}>{part.total.toLocaleString("zh-CN")}</span>
              </div>
              <p className="mt-1 text-xs text-slate-500">{check.explain}</p>
              {byField.length > 0 ? (
                <ul className="mt-3 space-y-1 text-sm">
                  {byField.map(([name, n]) => (
                    <li key={name} className="flex justify-between">
                      <span>{label(dataset, name)}</span>
                      <span className="tabular-nums text-slate-600">{n.toLocaleString("zh-CN")}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
              {part.examples.length > 0 ? (
                <div className="mt-3 flex flex-wrap gap-2 text-xs">
                  <span className="text-slate-400">示例：</span>
                  {part.examples.map((id) => (
                    <Link key={id} href={`/datasets/${dataset.key}?tab=rows&rowId=${id}`} className="btn-link text-xs">
                      #{id}
                    </Link>
                  ))}
                </div>
              ) : null}
            </section>
          );
        })}
      </div>
    </div>
  );
}
