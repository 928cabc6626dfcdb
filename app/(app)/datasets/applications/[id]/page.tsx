import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { deciderLabel } from "@/lib/datasets/application-labels";
import { getApplication, type ApplicationView } from "@/lib/datasets/applications";
import { DISPLAY_STATUS_LABELS, DISPLAY_STATUS_TONES } from "@/lib/datasets/applications-schemas";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { getMessages } from "@/lib/i18n/locale";

export const metadata: Metadata = { title: "数据申请" };

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_1fr] gap-3 border-b border-slate-100 py-2.5 text-sm last:border-0">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-slate-800">{children}</dd>
    </div>
  );
}

/** Who decides (pending) or decided it. */
function Decider({ item }: { item: ApplicationView }) {
  if (item.status !== "pending") return <>{item.deciderName ?? "—"}</>;
  if (!item.deciderOrgName) return <span className="text-red-600">本院及上级院暂无可审批的数据管理员，请联系系统管理员</span>;
  return <>{deciderLabel(item.deciderOrgName)}</>;
}

export default async function DataApplicationPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const { t } = await getMessages();
  if (!can(actor, "data_applications.create") && !can(actor, "data_applications.decide")) return <Forbidden t={t} />;
  const { id } = await params;
  let item: ApplicationView;
  try {
    item = await getApplication(actor, id);
  } catch (error) {
    // Another org's application, or a malformed id: never revealed.
    if (error instanceof NotFoundError || error instanceof ValidationError) notFound();
    throw error;
  }
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={`数据申请：${item.datasetName}`} actions={<Link href="/datasets/applications" className="btn-secondary">返回数据申请</Link>} />
      <div className="card px-6 py-2">
        <dl data-testid="application-detail">
          <Row label="状态">
            <span data-testid="application-status">
              <Badge tone={DISPLAY_STATUS_TONES[item.displayStatus]}>{DISPLAY_STATUS_LABELS[item.displayStatus]}</Badge>
            </span>
          </Row>
          <Row label={item.status === "pending" ? "审批人" : "审批人（已审批）"}>
            <span data-testid="application-decider">
              <Decider item={item} />
            </span>
          </Row>
          {item.decidedAt ? <Row label="审批时间">{formatDateTime(item.decidedAt)}</Row> : null}
          {item.comment ? <Row label="审批意见">{item.comment}</Row> : null}
          <Row label="数据资源">
            {item.datasetName} <span className="font-mono text-xs text-slate-400">{item.datasetKey}</span>
          </Row>
          <Row label="申请人">
            {item.applicantName} · {item.orgName}
          </Row>
          <Row label="提交时间">{formatDateTime(item.createdAt)}</Row>
          <Row label="期限">
            {item.validFrom} 至 {item.validTo}
          </Row>
          <Row label="用途">
            <span className="whitespace-pre-wrap">{item.purpose}</span>
          </Row>
        </dl>
      </div>
    </div>
  );
}
