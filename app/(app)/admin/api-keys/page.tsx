import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { listApiKeys } from "@/lib/api-keys/commands";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { getMessages } from "@/lib/i18n/locale";
import { listOrgs } from "@/lib/orgs/queries";
import { orgOptions } from "@/lib/users/options";
import { revokeApiKeyAction } from "./actions";
import { ApiKeyForm } from "./api-key-form-client";

export const metadata: Metadata = { title: "API 密钥" };

export default async function ApiKeysPage() {
  const actor = await requireActor();
  const { t, locale } = await getMessages();
  if (!can(actor, "admin.api_keys")) return <Forbidden t={t} />;
  const [keys, orgList] = await Promise.all([listApiKeys(actor), listOrgs(actor, "admin.api_keys")]);
  return (
    <div className="mx-auto max-w-6xl space-y-5">
      <PageHeader title={t.nav.apiKeys} description="供外部系统调用 /api/v1 接口。密钥以该院数据管理员和检察官的权限访问本院数据，每次调用均记入审计日志。" />
      <section className="card p-5">
        <h2 className="mb-3 font-medium">新建密钥</h2>
        <ApiKeyForm orgs={orgOptions(orgList, locale)} />
      </section>
      <section className="card overflow-x-auto">
        {keys.length === 0 ? (
          <EmptyState title="暂无 API 密钥" />
        ) : (
          <table className="table" data-testid="api-keys-table">
            <thead>
              <tr>
                <th>名称</th>
                <th>所属院</th>
                <th>密钥前缀</th>
                <th>创建</th>
                <th>最近使用</th>
                <th>状态</th>
                <th>{t.common.actions}</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id}>
                  <td className="font-medium">{k.name}</td>
                  <td>{k.orgName}</td>
                  <td className="font-mono text-xs">{k.prefix}…</td>
                  <td className="text-slate-500">
                    {formatDateTime(k.createdAt)}
                    {k.createdByName ? ` · ${k.createdByName}` : ""}
                  </td>
                  <td className="text-slate-500">{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "未使用"}</td>
                  <td>{k.revokedAt ? <Badge tone="red">已吊销</Badge> : <Badge tone="green">有效</Badge>}</td>
                  <td>
                    {k.revokedAt ? null : (
                      <form action={revokeApiKeyAction}>
                        <input type="hidden" name="id" value={k.id} />
                        <button className="btn-link text-red-600">吊销</button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
