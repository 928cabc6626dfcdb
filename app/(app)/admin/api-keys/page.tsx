import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { defaultExpiryDay, EXPIRY_WARNING_DAYS, expiryDayRange, keyExpiry, lastValidDay } from "@/lib/api-keys/expiry";
import { listApiKeys, type ApiKeyView } from "@/lib/api-keys/queries";
import { API_KEY_SCOPES, ROLE_LABELS } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { getMessages } from "@/lib/i18n/locale";
import type { Locale } from "@/lib/i18n/messages";
import { listOrgs } from "@/lib/orgs/queries";
import { orgOptions } from "@/lib/users/options";
import { revokeApiKeyAction } from "./actions";
import { ApiKeyForm } from "./api-key-form-client";

export const metadata: Metadata = { title: "API 密钥" };

function KeyStatus({ apiKey }: { apiKey: ApiKeyView }) {
  if (apiKey.revokedAt) return <Badge tone="red">已吊销</Badge>;
  const expiry = keyExpiry(apiKey.expiresAt);
  if (expiry.state === "expired") return <Badge tone="red">已过期</Badge>;
  if (expiry.state === "expiring") return <Badge tone="amber">即将过期</Badge>;
  return <Badge tone="green">有效</Badge>;
}

/** Live keys that stop working within the warning window (or already have), for the banner. */
function expiringKeys(keys: ApiKeyView[]): ApiKeyView[] {
  return keys.filter((k) => !k.revokedAt && keyExpiry(k.expiresAt).state !== "valid");
}

function expiryNote(apiKey: ApiKeyView): string {
  const expiry = keyExpiry(apiKey.expiresAt);
  return expiry.state === "expired" ? "已过期" : `有效期至 ${lastValidDay(apiKey.expiresAt)}，还剩 ${expiry.daysLeft} 天`;
}

function scopeLabels(apiKey: ApiKeyView, locale: Locale): string {
  return apiKey.scopes.map((s) => ROLE_LABELS[s][locale]).join("、");
}

export default async function ApiKeysPage() {
  const actor = await requireActor();
  const { t, locale } = await getMessages();
  if (!can(actor, "admin.api_keys")) return <Forbidden t={t} />;
  const [keys, orgList] = await Promise.all([listApiKeys(actor), listOrgs(actor, "admin.api_keys")]);
  const warned = expiringKeys(keys);
  const scopes = API_KEY_SCOPES.map((s) => ({ value: s, label: ROLE_LABELS[s][locale] }));
  return (
    <div className="mx-auto max-w-6xl space-y-5">
      <PageHeader
        title={t.nav.apiKeys}
        description="供外部系统调用 /api/v1 接口。密钥只能以创建时选定的角色访问所属院的数据，到期自动失效；写操作每次记入审计日志，读操作每个接口每分钟记录一次。"
      />
      {warned.length > 0 ? (
        <div className="rounded border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-800" data-testid="api-key-expiry-warning">
          <p className="font-medium">以下 {warned.length} 个密钥已过期或将在 {EXPIRY_WARNING_DAYS} 天内过期，请生成新密钥并更换：</p>
          <ul className="mt-1 list-inside list-disc">
            {warned.map((k) => (
              <li key={k.id}>
                {k.name}（{k.orgName}，{k.prefix}…）：{expiryNote(k)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <section className="card p-5">
        <h2 className="mb-3 font-medium">新建密钥</h2>
        <ApiKeyForm orgs={orgOptions(orgList, locale)} scopes={scopes} expiry={{ defaultDay: defaultExpiryDay(), ...expiryDayRange() }} />
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
                <th>权限范围</th>
                <th>密钥前缀</th>
                <th>创建</th>
                <th>有效期至</th>
                <th>最近使用</th>
                <th>状态</th>
                <th>{t.common.actions}</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id} data-testid="api-key-row" data-prefix={k.prefix}>
                  <td className="font-medium">{k.name}</td>
                  <td>{k.orgName}</td>
                  <td>{scopeLabels(k, locale)}</td>
                  <td className="font-mono text-xs">{k.prefix}…</td>
                  <td className="text-slate-500">
                    {formatDateTime(k.createdAt)}
                    {k.createdByName ? ` · ${k.createdByName}` : ""}
                  </td>
                  <td className="whitespace-nowrap text-slate-500">{lastValidDay(k.expiresAt)}</td>
                  <td className="text-slate-500">{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "未使用"}</td>
                  <td className="whitespace-nowrap">
                    <KeyStatus apiKey={k} />
                  </td>
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
