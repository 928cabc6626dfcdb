import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { deciderLabel } from "@/lib/datasets/application-labels";
import { deciderFor } from "@/lib/datasets/applications";
import { addDays, chinaToday } from "@/lib/calendar/china-date";
import { listDatasets } from "@/lib/datasets/catalog";
import { getMessages } from "@/lib/i18n/locale";
import { ApplicationForm } from "../application-form-client";

export const metadata: Metadata = { title: "申请使用数据" };

/** A new application starts today and runs for three months unless the applicant changes it. */
const DEFAULT_DAYS = 90;

export default async function NewDataApplicationPage({ searchParams }: { searchParams: Promise<{ dataset?: string }> }) {
  const actor = await requireActor();
  const { t } = await getMessages();
  if (!can(actor, "data_applications.create") || !can(actor, "datasets.read")) return <Forbidden t={t} />;
  const [catalog, params, decider] = await Promise.all([listDatasets(actor), searchParams, deciderFor(actor)]);
  const today = chinaToday();
  // ?dataset=<key> preselects it (a dataset's page can link here).
  const preselected = catalog.some((d) => d.key === params.dataset) ? (params.dataset ?? "") : "";
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="申请使用数据"
        description={`说明用途和期限，由${decider ? deciderLabel(decider.name) : "数据管理员"}审批。批准后，期限内本院的建模与运行可以使用该数据资源。`}
        actions={<Link href="/datasets/applications" className="btn-secondary">返回数据申请</Link>}
      />
      {decider ? (
        <p className="mb-3 text-sm text-slate-600" data-testid="application-decider">
          审批人：<span className="font-medium text-slate-800">{deciderLabel(decider.name)}</span>
          {decider.id === actor.orgId ? null : <span className="ml-1 text-slate-400">（本院没有数据管理员，由上级院审批）</span>}
        </p>
      ) : null}
      <div className="card p-6">
        {!decider ? (
          <EmptyState title="暂无可以审批的数据管理员">
            {actor.orgName}及其上级院都没有数据管理员（申请人本人除外），申请将无人审批，因此暂不能提交。请联系系统管理员为本院或上级院设置数据管理员。
          </EmptyState>
        ) : catalog.length === 0 ? (
          <EmptyState title="目录中还没有数据资源">数据管理员登记数据资源后，才能申请使用。</EmptyState>
        ) : (
          <ApplicationForm
            datasets={catalog.map((d) => ({ value: d.key, label: `${d.name}（${d.key}）` }))}
            defaults={{ datasetKey: preselected, validFrom: today, validTo: addDays(today, DEFAULT_DAYS) }}
            minFrom={addDays(today, -1)}
          />
        )}
      </div>
    </div>
  );
}
