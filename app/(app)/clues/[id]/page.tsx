import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { Forbidden } from "@/components/ui/forbidden";
import { SectionCard } from "@/components/ui/section-card";
import type { ClueEvent } from "@/db/schema";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { assignableUsers, offeredActions, transferTargets } from "@/lib/clues/commands";
import { CLUE_ACTION_LABELS, CLUE_STATUS_LABELS, OUTCOME_KIND_LABELS } from "@/lib/clues/labels";
import { getClue, type ClueDetail } from "@/lib/clues/queries";
import { codeLabel } from "@/lib/code-lists/kinds";
import { codeLabels } from "@/lib/code-lists/queries";
import { NotFoundError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { getMessages } from "@/lib/i18n/locale";
import { ClueStatusBadge } from "../status-badge";
import { OutcomeForm } from "./outcome-form-client";
import { RevealValue } from "./reveal-client";
import { TriagePanel } from "./triage-client";

export const metadata: Metadata = { title: "线索详情" };

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[6rem_1fr] gap-2 py-1 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-slate-800">{children}</dd>
    </div>
  );
}

/** What an exists found, or a notExists searched for in vain, with this clue's values. */
function FindingBadge({ finding }: { finding: "found" | "absent" }) {
  return finding === "absent" ? (
    <span className="mr-1.5 rounded bg-rose-50 px-1.5 text-xs text-rose-700 ring-1 ring-rose-200">查无记录</span>
  ) : (
    <span className="mr-1.5 rounded bg-emerald-50 px-1.5 text-xs text-emerald-700 ring-1 ring-emerald-200">查有记录</span>
  );
}

function Explanation({ clue }: { clue: ClueDetail }) {
  return (
    <div data-testid="why-hit">
      <p className="mb-2 text-sm text-slate-500">{clue.explanation.source}</p>
      <ul className="space-y-1 text-sm">
        {clue.explanation.lines.map((line, i) => (
          <li key={i} style={{ paddingLeft: `${line.depth * 1.25}rem` }} className="flex flex-wrap items-baseline gap-2" data-finding={line.finding}>
            {/* The badge inside the text, so a long finding wraps with it instead of leaving it alone on a line. */}
            <span className="text-slate-800">
              {line.finding ? <FindingBadge finding={line.finding} /> : null}
              {line.text}
            </span>
            {line.value !== undefined ? <span className="rounded bg-amber-50 px-1.5 text-xs text-amber-800 ring-1 ring-amber-200">本线索：{line.value}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Several records (a sliding window's events), masked like every evidence value. */
function EvidenceTable({ table }: { table: NonNullable<ClueDetail["evidence"][number]["table"]> }) {
  return (
    <div className="overflow-x-auto px-3 py-2">
      <table className="min-w-full text-sm" data-testid="evidence-table">
        <thead>
          <tr className="text-left text-slate-500">
            {table.columns.map((c) => (
              <th key={c.name} className="py-1 pr-4 font-normal whitespace-nowrap">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i} className="border-t border-slate-100 text-slate-800">
              {row.map((value, j) => (
                <td key={j} className="py-1 pr-4 whitespace-nowrap">
                  {value}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Evidence({ clue }: { clue: ClueDetail }) {
  return (
    <div className={`grid gap-3 ${clue.evidence.length > 1 && !clue.evidence.some((s) => s.table) ? "md:grid-cols-2" : ""}`} data-testid="evidence">
      {clue.evidence.map((section) => (
        <div key={section.alias} className="rounded border border-slate-200" data-testid="evidence-section">
          <div className="border-b border-slate-100 bg-slate-50 px-3 py-1.5 text-sm font-medium text-slate-700">
            {section.heading}
            {section.datasetKey && section.heading !== section.datasetName ? <span className="ml-2 text-xs font-normal text-slate-400">{section.datasetName}</span> : null}
            {section.datasetKey && section.heading === section.datasetName ? <span className="ml-2 font-mono text-xs text-slate-400">{section.alias}</span> : null}
          </div>
          {section.empty ? <p className="px-3 py-2 text-sm text-slate-500">本线索无匹配记录</p> : null}
          {section.fields.length > 0 ? (
            <dl className="px-3 py-1">
              {section.fields.map((f) => (
                <Row key={f.name} label={f.label}>
                  {f.pii ? <RevealValue clueId={clue.id} field={`${section.alias}.${f.name}`} masked={f.value} /> : f.value}
                </Row>
              ))}
            </dl>
          ) : null}
          {section.table ? <EvidenceTable table={section.table} /> : null}
        </div>
      ))}
    </div>
  );
}

function eventDetail(e: ClueEvent): string | null {
  const d = (e.detail ?? {}) as Record<string, string | number | null>;
  if (e.action === "assign" && d.assigneeName) return `承办人：${d.assigneeName}`;
  if (e.action === "confirm" && d.caseNo) return `监督案件号：${d.caseNo}`;
  if (e.action === "transfer") return d.targetOrgName ? `移送至：${d.targetOrgName}` : d.agency ? `移送至：${d.agency}` : null;
  if (e.action === "outcome") return [d.label, d.amount ? `金额 ${Number(d.amount).toLocaleString("zh-CN")} 元` : null, d.feedbackDate ? `反馈日期 ${d.feedbackDate}` : null, d.documentNo ? `文书号 ${d.documentNo}` : null].filter(Boolean).join("，");
  return null;
}

function History({ events }: { events: ClueEvent[] }) {
  if (events.length === 0) return <p className="text-sm text-slate-500">模型发现后尚无人处理。</p>;
  return (
    <ol className="space-y-3" data-testid="history">
      {events.map((e) => (
        <li key={e.id} className="relative border-l-2 border-slate-200 pl-4 text-sm" data-testid="history-entry">
          <span className="absolute top-1.5 -left-[5px] h-2 w-2 rounded-full bg-brand-500" />
          <div className="flex flex-wrap items-baseline gap-2">
            <span className="font-medium text-slate-800">{CLUE_ACTION_LABELS[e.action as keyof typeof CLUE_ACTION_LABELS] ?? e.action}</span>
            {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus ? (
              <span className="text-xs text-slate-500">
                {CLUE_STATUS_LABELS[e.fromStatus]} → {CLUE_STATUS_LABELS[e.toStatus]}
              </span>
            ) : null}
            <span className="text-xs text-slate-400">
              {e.actorName} · {formatDateTime(e.at)}
            </span>
          </div>
          {eventDetail(e) ? <div className="text-slate-600">{eventDetail(e)}</div> : null}
          {e.comment ? <div className="mt-0.5 whitespace-pre-wrap text-slate-600">“{e.comment}”</div> : null}
        </li>
      ))}
    </ol>
  );
}

export default async function ClueDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const { t, locale } = await getMessages();
  if (!can(actor, "clues.read")) return <Forbidden t={t} />;
  const { id } = await params;
  let clue: ClueDetail;
  try {
    clue = await getClue(actor, id);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const offered = offeredActions(actor, clue);
  const [assignees, orgs, lines] = await Promise.all([
    offered.includes("assign") ? assignableUsers(actor, clue.orgId) : Promise.resolve([]),
    offered.includes("transfer") ? transferTargets(actor, clue.orgId) : Promise.resolve([]),
    codeLabels("businessLine"),
  ]);
  const assignable = can(actor, "clues.assign") ? assignees : assignees.filter((u) => u.id === actor.id);
  const canRecordOutcome = clue.status === "confirmed" && clue.assigneeId === actor.id && can(actor, "clues.triage");
  // 挽回 adds up the recoveries only (the amount of any other kind is refused by lib/clues).
  const recovered = clue.outcomes.reduce((sum, o) => sum + (o.kind === "recovery" ? (o.amount ?? 0) : 0), 0);
  return (
    <div className="mx-auto max-w-7xl">
      <div className="mb-2 text-sm">
        <Link href="/clues" className="btn-link" prefetch={false}>
          ← 线索列表
        </Link>
      </div>
      <div className="mb-5 flex flex-wrap items-start justify-between gap-3">
        <div>
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-xl font-semibold text-slate-900" data-testid="clue-title">
              {clue.title}
            </h1>
            <span data-testid="clue-status">
              <ClueStatusBadge status={clue.status} />
            </span>
          </div>
          <p className="mt-1 text-sm text-slate-500">
            线索 #{clue.id} · {clue.orgName} · {clue.model.name}
          </p>
        </div>
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <SectionCard title="命中原因" testId="why-card" extra={<span className="text-xs text-slate-400">由模型规则自动生成</span>}>
            <Explanation clue={clue} />
          </SectionCard>
          <SectionCard title="证据" testId="evidence-card" extra={<span className="text-xs text-slate-400">身份证号、电话已脱敏，查看将记入审计日志</span>}>
            <Evidence clue={clue} />
          </SectionCard>
          <SectionCard title="处理记录" testId="history-card">
            <History events={clue.history} />
          </SectionCard>
        </div>
        <div className="space-y-4">
          <SectionCard title="办理" testId="triage-card">
            <TriagePanel key={clue.status} clueId={clue.id} offered={offered} assignees={assignable} orgs={orgs} selfId={actor.id} />
          </SectionCard>
          <SectionCard title="线索信息" testId="clue-info">
            <dl>
              <Row label="当事人">{clue.subject.name ?? "—"}</Row>
              {clue.subject.idNumber ? (
                <Row label="证件号码">
                  <RevealValue clueId={clue.id} field="subject" masked={clue.subject.idNumber} />
                </Row>
              ) : null}
              <Row label="业务条线">{codeLabel(lines, clue.businessLine, locale)}</Row>
              <Row label="监督模型">
                <Link href={`/models/${clue.model.id}`} className="btn-link" prefetch={false}>
                  {clue.model.name}
                </Link>{" "}
                <span className="text-xs text-slate-400">v{clue.model.version}</span>
              </Row>
              {clue.model.legalBasis ? <Row label="法律依据">{clue.model.legalBasis}</Row> : null}
              <Row label="首次发现">{formatDateTime(clue.firstSeenAt)}</Row>
              <Row label="最近发现">{clue.lastSeenAt ? formatDateTime(clue.lastSeenAt) : "—"}</Row>
              <Row label="命中次数">
                <span data-testid="hit-count">{clue.hitCount}</span> 次
                {clue.stillDetected ? null : <span className="ml-2 text-xs text-amber-700">最近一次运行未再命中</span>}
              </Row>
              <Row label="承办人">{clue.assigneeName ?? "未分派"}</Row>
              {clue.caseNo ? <Row label="监督案件号">{clue.caseNo}</Row> : null}
              {clue.dismissReason ? <Row label="不成案理由">{clue.dismissReason}</Row> : null}
              {clue.transfer.orgName || clue.transfer.agency ? <Row label="移送至">{clue.transfer.orgName ?? clue.transfer.agency}</Row> : null}
              {clue.sourceClueId ? <Row label="来源">由其他院移送（原线索 #{clue.sourceClueId}）</Row> : null}
            </dl>
          </SectionCard>
          <SectionCard title="监督成效" testId="outcomes-card" extra={recovered > 0 ? <span className="text-xs text-emerald-700">挽回 {recovered.toLocaleString("zh-CN")} 元</span> : undefined}>
            {clue.outcomes.length === 0 ? (
              <p className="mb-3 text-sm text-slate-500">{clue.status === "confirmed" ? "尚未记录监督成效。" : "成案后可记录检察建议、纠正违法、挽回损失等成效。"}</p>
            ) : (
              <ul className="mb-3 space-y-1.5 text-sm" data-testid="outcomes">
                {clue.outcomes.map((o) => (
                  <li key={o.id} className="flex flex-wrap gap-2">
                    <span className="font-medium text-slate-800">{OUTCOME_KIND_LABELS[o.kind]}</span>
                    {o.amount ? <span className="text-emerald-700">{o.amount.toLocaleString("zh-CN")} 元</span> : null}
                    {o.feedbackDate ? <span className="text-slate-500">反馈 {o.feedbackDate}</span> : null}
                    {o.documentNo ? <span className="text-slate-500">{o.documentNo}</span> : null}
                    {o.note ? <span className="text-slate-500">{o.note}</span> : null}
                  </li>
                ))}
              </ul>
            )}
            {canRecordOutcome ? <OutcomeForm key={clue.outcomes.length} clueId={clue.id} /> : null}
          </SectionCard>
        </div>
      </div>
    </div>
  );
}
