import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { deciderLabel } from "@/lib/datasets/application-labels";
import { listApplications, type ApplicationView } from "@/lib/datasets/applications";
import { DISPLAY_STATUS_LABELS, DISPLAY_STATUSES, ZApplicationFilter, type DisplayStatus } from "@/lib/datasets/applications-schemas";
import { getMessages } from "@/lib/i18n/locale";
import { ApplicationsTable } from "./applications-table";

export const metadata: Metadata = { title: "数据申请" };

type Search = { status?: string; submitted?: string };

const TABS: { status: DisplayStatus | null; label: string }[] = [
  { status: null, label: "全部" },
  ...DISPLAY_STATUSES.map((s) => ({ status: s, label: DISPLAY_STATUS_LABELS[s] })),
];

function StatusTabs({ current }: { current: DisplayStatus | undefined }) {
  return (
    <nav className="mb-3 flex flex-wrap gap-1 border-b border-slate-200" aria-label="按状态筛选" data-testid="status-tabs">
      {TABS.map((tab) => {
        const active = (tab.status ?? undefined) === current;
        return (
          <Link
            key={tab.label}
            href={tab.status ? `/datasets/applications?status=${tab.status}` : "/datasets/applications"}
            aria-current={active ? "page" : undefined}
            prefetch={false}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${active ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-500 hover:text-slate-800"}`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}

function Empty({ status, canApply }: { status: DisplayStatus | undefined; canApply: boolean }) {
  if (status) return <EmptyState title={`没有${DISPLAY_STATUS_LABELS[status]}的申请`}>切换上方的状态查看其他申请。</EmptyState>;
  if (canApply) {
    return <EmptyState title="您还没有提交数据申请">建模需要使用某项数据资源时，点击“申请使用数据”，说明用途和期限，由本院（本院没有时由上级院）数据管理员审批。</EmptyState>;
  }
  return <EmptyState title="暂无数据申请">本院（及没有数据管理员的下级院）人员提交数据使用申请后，会在这里等待您审批。</EmptyState>;
}

/** The note after a submission, naming who decides it. */
function Submitted({ item }: { item: ApplicationView | undefined }) {
  const who = item?.deciderOrgName ? deciderLabel(item.deciderOrgName) : "数据管理员";
  return (
    <p className="mb-4 rounded border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-700" data-testid="form-success">
      申请已提交，等待{who}审批。
    </p>
  );
}

export default async function DataApplicationsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requireActor();
  const { t } = await getMessages();
  const canApply = can(actor, "data_applications.create");
  const canDecide = can(actor, "data_applications.decide");
  if (!canApply && !canDecide) return <Forbidden t={t} />;
  const params = await searchParams;
  // An unknown status in a hand-edited URL shows all rather than an error page.
  const parsed = ZApplicationFilter.shape.status.safeParse(params.status || undefined);
  const status = parsed.success ? parsed.data : undefined;
  const items = await listApplications(actor, { status });
  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader
        title="数据申请"
        description={
          canDecide
            ? "交由您审批的数据使用申请（本院，及没有数据管理员的下级院）：审批、驳回，或撤销已批准的授权。已批准且在期限内的数据资源才能用于建模与运行。"
            : "您提交的数据使用申请与审批结果。已批准且在期限内的数据资源才能用于建模与运行。"
        }
        actions={
          <>
            <Link href="/datasets" className="btn-secondary">
              返回数据
            </Link>
            {canApply ? (
              <Link href="/datasets/applications/new" className="btn-primary">
                申请使用数据
              </Link>
            ) : null}
          </>
        }
      />
      {params.submitted ? <Submitted item={items.find((i) => i.id === params.submitted)} /> : null}
      <StatusTabs current={status} />
      <div className="card overflow-x-auto">
        {items.length === 0 ? <Empty status={status} canApply={canApply} /> : <ApplicationsTable items={items} canDecide={canDecide} actorId={actor.id} />}
      </div>
      {items.length >= 100 ? <p className="mt-2 text-xs text-slate-400">仅显示最近 100 条，可按状态筛选。</p> : null}
    </div>
  );
}
