import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { ApplicationView } from "@/lib/datasets/applications";
import { DISPLAY_STATUS_LABELS, DISPLAY_STATUS_TONES } from "@/lib/datasets/applications-schemas";
import { deciderLabel } from "@/lib/datasets/application-labels";
import { formatDateTime } from "@/lib/format";
import { DecisionForm, RevokeForm } from "./decision-client";

interface Props {
  items: ApplicationView[];
  /** Data admins get an 操作 column. */
  canDecide: boolean;
  actorId: string;
}

/** Who decides a pending application (the applicant must know whom to ask). */
function PendingDecider({ item }: { item: ApplicationView }) {
  if (!item.deciderOrgName) {
    return (
      <span className="text-xs text-red-600" data-testid="application-decider">
        本院及上级院暂无可审批的数据管理员，请联系系统管理员
      </span>
    );
  }
  return (
    <span className="text-slate-700" data-testid="application-decider">
      待{deciderLabel(item.deciderOrgName)}审批
    </span>
  );
}

function Decision({ item }: { item: ApplicationView }) {
  if (item.status === "pending") return <PendingDecider item={item} />;
  if (!item.deciderName) return <span className="text-slate-400">—</span>;
  return (
    <div className="space-y-0.5">
      <div className="text-slate-800">{item.deciderName}</div>
      {item.decidedAt ? <div className="text-xs text-slate-400">{formatDateTime(item.decidedAt)}</div> : null}
      {item.comment ? <div className="max-w-56 text-xs whitespace-pre-wrap text-slate-600">“{item.comment}”</div> : null}
    </div>
  );
}

function Operations({ item, actorId }: { item: ApplicationView; actorId: string }) {
  // One's own application is decided by a colleague (the lib refuses it too).
  if (item.status === "pending" && item.applicantId !== actorId) return <DecisionForm id={item.id} />;
  if (item.displayStatus === "approved") return <RevokeForm id={item.id} />;
  return <span className="text-slate-400">—</span>;
}

export function ApplicationsTable({ items, canDecide, actorId }: Props) {
  return (
    <table className="table" data-testid="applications-table">
      <thead>
        <tr>
          <th>数据资源</th>
          <th>申请人</th>
          <th>用途</th>
          <th>期限</th>
          <th>状态</th>
          <th>审批人 / 意见</th>
          {canDecide ? <th>操作</th> : null}
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id} data-testid="application-row" data-dataset={item.datasetKey} className="align-top">
            <td className="align-top">
              <Link href={`/datasets/applications/${item.id}`} className="font-medium text-slate-800 hover:text-brand-700 hover:underline" prefetch={false}>
                {item.datasetName}
              </Link>
              <div className="font-mono text-xs text-slate-400">{item.datasetKey}</div>
            </td>
            <td className="align-top whitespace-nowrap">
              <div>{item.applicantName}</div>
              <div className="text-xs text-slate-400">{item.orgName}</div>
              <div className="text-xs text-slate-400">{formatDateTime(item.createdAt)}</div>
            </td>
            <td className="min-w-48 max-w-xs align-top whitespace-pre-wrap text-slate-700">{item.purpose}</td>
            <td className="align-top whitespace-nowrap tabular-nums">
              {item.validFrom}
              <span className="mx-1 text-slate-400">至</span>
              {item.validTo}
            </td>
            <td className="align-top whitespace-nowrap" data-testid="application-status">
              <Badge tone={DISPLAY_STATUS_TONES[item.displayStatus]}>{DISPLAY_STATUS_LABELS[item.displayStatus]}</Badge>
            </td>
            <td className="align-top">
              <Decision item={item} />
            </td>
            {canDecide ? (
              <td className="align-top">
                <Operations item={item} actorId={actorId} />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
