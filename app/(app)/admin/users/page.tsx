import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/locale";
import { listOrgs } from "@/lib/orgs/queries";
import { formatDateTime } from "@/lib/format";
import { listUsers } from "@/lib/users/queries";
import { ZUserFilter } from "@/lib/users/schemas";
import { orgOptions } from "@/lib/users/options";
import { filterErrorText } from "@/lib/validation";

export const metadata: Metadata = { title: "用户管理" };

type Search = { q?: string; orgId?: string; status?: string; created?: string };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requireActor();
  const { t, locale } = await getMessages();
  if (!can(actor, "admin.users")) return <Forbidden t={t} />;
  const params = await searchParams;
  // Bad filter values from a hand-edited URL fall back to no filter rather than an error page.
  const parsed = ZUserFilter.safeParse({ q: params.q || undefined, orgId: params.orgId || undefined, status: params.status || undefined });
  const filter = parsed.success ? parsed.data : { status: "all" as const };
  const filterError = parsed.success ? null : filterErrorText(parsed.error);
  const [users, orgList] = await Promise.all([listUsers(actor, filter), listOrgs(actor, "admin.users")]);
  return (
    <div className="mx-auto max-w-6xl">
      <PageHeader
        title={t.nav.users}
        description="本院及下级院的账号、角色与状态。"
        actions={
          <Link href="/admin/users/new" className="btn-primary">
            新建用户
          </Link>
        }
      />
      {params.created ? (
        <p className="mb-4 rounded border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-700" data-testid="form-success">
          已创建用户“{params.created}”。
        </p>
      ) : null}
      <form className="card mb-4 flex flex-wrap items-end gap-3 p-4" method="get">
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">姓名 / 用户名</span>
          <input name="q" defaultValue={filter.q} className="input w-48" placeholder="输入关键字" />
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">所属院</span>
          <select name="orgId" defaultValue={filter.orgId ?? ""} className="input w-72">
            <option value="">全部</option>
            {orgOptions(orgList, locale).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">状态</span>
          <select name="status" defaultValue={filter.status} className="input w-28">
            <option value="all">全部</option>
            <option value="active">在用</option>
            <option value="disabled">已停用</option>
          </select>
        </label>
        <button className="btn-primary">{t.common.search}</button>
        <Link href="/admin/users" className="btn-secondary">
          {t.common.reset}
        </Link>
      </form>
      {filterError ? (
        <p className="mb-3 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="filter-error">
          筛选条件有误：{filterError}。已显示全部账号。
        </p>
      ) : null}
      <div className="card overflow-x-auto">
        {users.length === 0 ? (
          <EmptyState title="没有符合条件的用户">调整筛选条件，或新建用户。</EmptyState>
        ) : (
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th>姓名</th>
                <th>用户名</th>
                <th>所属院</th>
                <th>角色</th>
                <th>状态</th>
                <th>最近登录</th>
                <th>{t.common.actions}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} data-testid="user-row" data-username={u.username}>
                  <td className="font-medium text-slate-800">{u.name}</td>
                  <td className="font-mono text-xs text-slate-600">{u.username}</td>
                  <td>{u.orgName}</td>
                  <td>
                    <div className="flex flex-wrap gap-1">
                      {u.roles.map((r) => (
                        <Badge key={r} tone="blue">
                          {ROLE_LABELS[r][locale]}
                        </Badge>
                      ))}
                    </div>
                  </td>
                  <td>{u.disabled ? <Badge tone="red">已停用</Badge> : <Badge tone="green">在用</Badge>}</td>
                  <td className="text-slate-500">{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : "从未登录"}</td>
                  <td>
                    <Link href={`/admin/users/${u.id}`} className="btn-link">
                      {t.common.edit}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <p className="mt-2 text-xs text-slate-400">共 {users.length} 个账号</p>
    </div>
  );
}
