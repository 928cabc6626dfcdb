import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { ModelVersionStatus } from "@/db/schema";
import { formatDateTime } from "@/lib/format";
import { MODEL_STATUS_LABELS } from "@/lib/models/labels";
import type { VersionSummary } from "@/lib/models/queries";
import { RestoreVersionButton } from "./version-controls-client";

export function statusTone(status: ModelVersionStatus): "green" | "gray" | "blue" | "amber" {
  return status === "published" ? "green" : status === "retired" ? "gray" : status === "draft" ? "amber" : "blue";
}

/**
 * 版本历史: who made each version, when, its status and content hash, with 恢复为新草稿 for the
 * owner org's builders and a comparison of any two versions.
 */
export function VersionHistory({ modelId, versions, canEdit, hasDraft }: { modelId: string; versions: VersionSummary[]; canEdit: boolean; hasDraft: boolean }) {
  const newest = versions[0]?.version ?? 1;
  const previous = versions[1]?.version ?? newest;
  return (
    <section className="card mt-4 overflow-x-auto" data-testid="version-history">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-2.5">
        <h2 className="font-medium text-slate-800">版本历史</h2>
        {versions.length > 1 ? (
          <form action={`/models/${modelId}/diff`} className="flex shrink-0 items-center gap-2 whitespace-nowrap text-sm" data-testid="compare-form">
            <span className="text-slate-500">比较</span>
            <select name="from" defaultValue={previous} className="input w-24" aria-label="原版本">
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version}
                </option>
              ))}
            </select>
            <span className="text-slate-500">与</span>
            <select name="to" defaultValue={newest} className="input w-24" aria-label="新版本">
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version}
                </option>
              ))}
            </select>
            <button type="submit" className="btn-secondary whitespace-nowrap">
              查看差异
            </button>
          </form>
        ) : null}
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>版本</th>
            <th>状态</th>
            <th>创建人</th>
            <th>创建时间</th>
            <th>最后保存</th>
            <th>内容摘要</th>
            <th>操作</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} data-testid="version-row">
              <td className="tabular-nums">
                <Link href={`/models/${modelId}/versions/${v.version}`} className="btn-link" prefetch={false}>
                  v{v.version}
                </Link>
                {v.basedOnVersion ? <div className="text-xs text-slate-400">以 v{v.basedOnVersion} 为底稿</div> : null}
              </td>
              <td>
                <Badge tone={statusTone(v.status)}>{MODEL_STATUS_LABELS[v.status]}</Badge>
              </td>
              <td>{v.createdByName || "系统内置"}</td>
              <td className="whitespace-nowrap tabular-nums">{formatDateTime(v.createdAt).slice(0, 16)}</td>
              <td className="whitespace-nowrap text-xs text-slate-500">
                {v.status === "draft" ? `${formatDateTime(v.updatedAt).slice(0, 16)} ${v.updatedByName}` : "—"}
              </td>
              <td className="font-mono text-xs text-slate-500" title={v.contentHash}>
                {v.contentHash.slice(0, 12)}
              </td>
              <td className="whitespace-nowrap">
                {canEdit && !hasDraft && v.status !== "draft" ? <RestoreVersionButton modelId={modelId} version={v.version} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
