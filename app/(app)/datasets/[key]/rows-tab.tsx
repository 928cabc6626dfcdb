import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import type { Actor } from "@/lib/auth/actor";
import { previewRows, type RowPage } from "@/lib/datasets/rows";
import { ValidationError } from "@/lib/errors";

/** The page, or the message for a hand-edited link (rowId=1e20) shown in place of the table. */
async function load(actor: Actor, datasetKey: string, cursor?: string, rowId?: string): Promise<RowPage | ValidationError> {
  try {
    return await previewRows(actor, datasetKey, { cursor: cursor || undefined, rowId: rowId || undefined, limit: 50 });
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
}

export async function RowsTab({ actor, datasetKey, cursor, rowId }: { actor: Actor; datasetKey: string; cursor?: string; rowId?: string }) {
  const page = await load(actor, datasetKey, cursor, rowId);
  if (page instanceof ValidationError) {
    return (
      <div className="card">
        <EmptyState title="链接中的参数有误">
          <span data-testid="rows-error">{page.message}</span>{" "}
          <Link href={`/datasets/${datasetKey}?tab=rows`} className="btn-link">
            回到第一页
          </Link>
        </EmptyState>
      </div>
    );
  }
  if (page.rows.length === 0) {
    return (
      <div className="card">
        <EmptyState title={rowId ? "该行不存在或不在您的权限范围内" : "暂无数据"}>{rowId ? null : "导入数据后可在此预览。身份证号、姓名、电话等个人信息已脱敏显示。"}</EmptyState>
      </div>
    );
  }
  return (
    <div>
      <p className="mb-2 text-xs text-slate-500">个人信息已脱敏显示。{rowId ? "正在查看质量问题示例行。" : "按导入顺序排列，每页 50 行。"}</p>
      <div className="card overflow-x-auto">
        <table className="table" data-testid="rows-table">
          <thead>
            <tr>
              <th>院</th>
              <th>文件行号</th>
              {page.fields.map((f) => (
                <th key={f.name}>{f.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {page.rows.map((r) => (
              <tr key={r.id} className={rowId && String(r.id) === rowId ? "bg-amber-50" : undefined}>
                <td className="whitespace-nowrap text-xs text-slate-500">{r.orgName}</td>
                <td className="text-xs text-slate-400 tabular-nums">{r.rowNo}</td>
                {r.values.map((v, i) => (
                  <td key={page.fields[i].name} className="whitespace-nowrap">
                    {v ?? <span className="text-slate-300">空</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="mt-3 flex gap-2">
        {cursor || rowId ? (
          <Link href={`/datasets/${datasetKey}?tab=rows`} className="btn-secondary">
            回到第一页
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link href={`/datasets/${datasetKey}?tab=rows&cursor=${page.nextCursor}`} className="btn-secondary">
            下一页
          </Link>
        ) : null}
      </div>
    </div>
  );
}
