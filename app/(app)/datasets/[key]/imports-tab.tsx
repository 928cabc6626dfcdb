import { Badge } from "@/components/ui/badge";
import type { QualityReport } from "@/db/schema";
import { EmptyState } from "@/components/ui/empty-state";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/policy";
import { getOrgStats, type DatasetSummary } from "@/lib/datasets/catalog";
import { listImports, type ImportView } from "@/lib/datasets/import/commands";
import { queuePlaces, type QueuePlace } from "@/lib/datasets/import/queue";
import { formatBytes, IMPORT_STATUS_LABELS, IMPORT_STATUS_TONES } from "@/lib/datasets/labels";
import { formatDateTime } from "@/lib/format";
import { CancelImportForm } from "./cancel-import-client";
import { ImportForm } from "./import-form-client";
import { ImportProgress } from "./import-progress-client";

function ImportErrors({ imp }: { imp: ImportView }) {
  if (imp.errorCount === 0) return null;
  return (
    <div className="mt-2 rounded border border-red-100 bg-red-50/60 p-3" data-testid="import-errors">
      <div className="mb-2 flex items-center justify-between text-sm">
        <span className="font-medium text-red-800">
          共 {imp.errorCount.toLocaleString("zh-CN")} 处错误{imp.errorCount > imp.errors.length ? `，下表列出前 ${imp.errors.length} 处` : ""}
        </span>
        <a href={`/datasets/imports/${imp.id}/errors`} className="btn-link">
          下载全部错误（CSV）
        </a>
      </div>
      <table className="table bg-white">
        <thead>
          <tr>
            <th className="w-24">行号</th>
            <th className="w-40">列</th>
            <th>错误</th>
          </tr>
        </thead>
        <tbody>
          {imp.errors.slice(0, 20).map((e, i) => (
            <tr key={i}>
              <td className="tabular-nums">第 {e.row} 行</td>
              <td>{e.column}</td>
              <td className="text-red-700">{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The 数检通 figures of this import's own rows. */
function ImportQuality({ report }: { report: QualityReport }) {
  const parts: [string, number][] = [
    ["漏填", report.missing.total],
    ["错填", report.malformed.total],
    ["迟填", report.late.total],
    ["重复", report.duplicates.total],
  ];
  return (
    <div className="mt-1 text-xs text-slate-500" data-testid="import-quality">
      本次导入质量 {report.score.toFixed(1)} 分：
      {parts.map(([label, n]) => (
        <span key={label} className={`ml-2 ${n > 0 ? "text-amber-700" : ""}`}>
          {label} {n.toLocaleString("zh-CN")}
        </span>
      ))}
    </div>
  );
}

function ImportRow({ imp, queue, canCancel }: { imp: ImportView; queue: QueuePlace | null; canCancel: boolean }) {
  const finished = imp.status === "succeeded" || imp.status === "failed" || imp.status === "cancelled";
  // Still working: queued, running, or imported with its quality report not yet computed.
  const active = !finished || (imp.status === "succeeded" && imp.quality === null && Date.now() - (imp.finishedAt?.getTime() ?? 0) < 10 * 60_000);
  return (
    <li className="border-b border-slate-100 px-5 py-4 last:border-0" data-testid="import-row" data-status={imp.status}>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <Badge tone={IMPORT_STATUS_TONES[imp.status]}>{IMPORT_STATUS_LABELS[imp.status]}</Badge>
        <span className="font-medium">{imp.fileName}</span>
        <span className="text-slate-500">{formatBytes(imp.fileSize)}</span>
        <span className="text-slate-500">{imp.mode === "strict" ? "严格模式" : "宽松模式"}{imp.replace ? " · 替换" : " · 追加"}</span>
        <span className="text-slate-500">{imp.orgName}</span>
        <span className="text-slate-500">{imp.createdByName}</span>
        <span className="ml-auto text-slate-400">{formatDateTime(imp.createdAt)}</span>
        {canCancel && (imp.status === "queued" || imp.status === "running") ? <CancelImportForm id={imp.id} /> : null}
      </div>
      {active ? (
        <div className="mt-3 max-w-xl">
          <ImportProgress id={imp.id} initial={{ status: imp.status, bytesRead: imp.bytesRead, fileSize: imp.fileSize, counts: { read: imp.rowsRead, imported: imp.rowsImported, rejected: imp.rowsRejected }, queue }} />
        </div>
      ) : null}
      {finished ? (
        <div className="mt-1 text-sm text-slate-600">
          读取 {imp.rowsRead.toLocaleString("zh-CN")} 行，导入 <span className="font-medium text-emerald-700">{imp.rowsImported.toLocaleString("zh-CN")}</span> 行
          {imp.rowsRejected > 0 ? (
            <>
              ，错误 <span className="font-medium text-red-700">{imp.rowsRejected.toLocaleString("zh-CN")}</span> 行
            </>
          ) : null}
          {imp.detectedEncoding ? <span className="text-slate-400">（编码 {imp.detectedEncoding === "utf8" ? "UTF-8" : "GBK/GB18030"}）</span> : null}
          {imp.message ? <div className={imp.status === "failed" ? "mt-1 text-red-700" : "mt-1 text-amber-700"}>{imp.message}</div> : null}
          {imp.status === "succeeded" && imp.quality ? <ImportQuality report={imp.quality} /> : null}
        </div>
      ) : null}
      <ImportErrors imp={imp} />
    </li>
  );
}

export async function ImportsTab({ actor, dataset }: { actor: Actor; dataset: DatasetSummary }) {
  const imports = await listImports(actor, dataset.key);
  const places = await queuePlaces(actor, imports.filter((i) => i.status === "queued").map((i) => i.id));
  const canImport = can(actor, "datasets.import");
  // The replace confirmation names the rows it deletes: this org's own rows of the dataset.
  const ownRows = canImport ? ((await getOrgStats(dataset.id, actor.orgId))?.rowCount ?? 0) : 0;
  return (
    <div className="space-y-5">
      {canImport ? (
        <section className="card p-5">
          <h2 className="mb-1 font-medium">导入数据</h2>
          <p className="mb-4 text-xs text-slate-500">
            表头可用字段名或中文名称（{dataset.definition.fields.slice(0, 4).map((f) => f.label).join("、")}…）。导入在后台进行，刷新页面不影响进度；失败的导入不会改动已有数据。
          </p>
          <ImportForm datasetKey={dataset.key} datasetName={dataset.name} ownRows={ownRows} />
        </section>
      ) : null}
      <section className="card">
        <h2 className="border-b border-slate-100 px-5 py-3 font-medium">导入记录</h2>
        {imports.length === 0 ? (
          <EmptyState title="暂无导入记录" />
        ) : (
          <ul data-testid="imports-list">
            {imports.map((imp) => (
              <ImportRow key={imp.id} imp={imp} queue={places.get(imp.id) ?? null} canCancel={canImport && imp.orgId === actor.orgId} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
