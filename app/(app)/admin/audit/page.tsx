import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { AUDIT_ACTIONS, isAuditAction } from "@/lib/audit/actions";
import { describeAuditDetail } from "@/lib/audit/describe";
import { listAuditEntries, ZAuditFilter } from "@/lib/audit/queries";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { getMessages } from "@/lib/i18n/locale";
import { listUsers } from "@/lib/users/queries";
import { filterErrorText } from "@/lib/validation";

export const metadata: Metadata = { title: "审计日志" };

type Search = { actorId?: string; action?: string; from?: string; to?: string; cursor?: string };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requireActor();
  const { t } = await getMessages();
  if (!can(actor, "admin.audit")) return <Forbidden t={t} />;
  const params = await searchParams;
  const raw = Object.fromEntries(Object.entries(params).filter(([, v]) => typeof v === "string" && v !== ""));
  const parsed = ZAuditFilter.safeParse(raw);
  const filterError = parsed.success ? null : filterErrorText(parsed.error);
  const filter = parsed.success ? parsed.data : {};
  const [page, users] = await Promise.all([listAuditEntries(actor, filter), can(actor, "admin.users") ? listUsers(actor) : Promise.resolve([])]);
  const nextQuery = new URLSearchParams({ ...raw, cursor: page.nextCursor ?? "" });
  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader title={t.nav.audit} description="登录、账号与组织变更、数据与模型操作的完整记录（谁、何时、从哪里、做了什么）。" />
      <form className="card mb-4 flex flex-wrap items-end gap-3 p-4" method="get">
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">操作人</span>
          <select name="actorId" defaultValue={params.actorId ?? ""} className="input w-48">
            <option value="">全部</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}（{u.username}）
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">操作类型</span>
          <select name="action" defaultValue={params.action ?? ""} className="input w-44">
            <option value="">全部</option>
            {Object.entries(AUDIT_ACTIONS).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">起始日期</span>
          <input type="date" name="from" defaultValue={params.from} className="input w-40" />
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">截止日期</span>
          <input type="date" name="to" defaultValue={params.to} className="input w-40" />
        </label>
        <button className="btn-primary">{t.common.search}</button>
        <Link href="/admin/audit" className="btn-secondary">
          {t.common.reset}
        </Link>
      </form>
      {filterError ? <p className="mb-3 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">筛选条件有误：{filterError}</p> : null}
      <div className="card overflow-x-auto">
        {page.items.length === 0 ? (
          <EmptyState title="没有符合条件的记录" />
        ) : (
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th>时间</th>
                <th>操作人</th>
                <th>操作</th>
                <th>所属院</th>
                <th>IP 地址</th>
                <th>详情</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((e) => (
                <tr key={e.id} data-testid="audit-row">
                  <td className="whitespace-nowrap text-slate-500">{formatDateTime(e.at)}</td>
                  <td className="whitespace-nowrap">{e.actorName}</td>
                  <td className="whitespace-nowrap">
                    <Badge tone={e.action === "auth.sign_in_failed" ? "red" : e.action.startsWith("auth.") ? "gray" : "blue"}>
                      {isAuditAction(e.action) ? AUDIT_ACTIONS[e.action] : e.action}
                    </Badge>
                  </td>
                  <td className="whitespace-nowrap text-slate-600">{e.orgName ?? "—"}</td>
                  <td className="font-mono text-xs text-slate-500">{e.ip ?? "—"}</td>
                  <td className="max-w-md truncate text-xs text-slate-500" title={describeAuditDetail(e.detail)}>
                    {describeAuditDetail(e.detail)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="mt-3 flex gap-3">
        {params.cursor ? (
          <Link href={`/admin/audit?${new URLSearchParams({ ...raw, cursor: "" }).toString().replace(/&?cursor=/, "")}`} className="btn-secondary">
            {t.common.firstPage}
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link href={`/admin/audit?${nextQuery.toString()}`} className="btn-secondary">
            {t.common.nextPage}
          </Link>
        ) : null}
      </div>
    </div>
  );
}
