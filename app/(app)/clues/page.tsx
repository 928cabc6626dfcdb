import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { CLUE_STATUSES, type ClueStatus } from "@/db/schema";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { assignableUsers } from "@/lib/clues/commands";
import { filterParams, type ClueFilter } from "@/lib/clues/filter";
import { CLUE_STATUS_LABELS } from "@/lib/clues/labels";
import { clueFilterOrError, clueStatusCounts, listClues, type StatusCounts } from "@/lib/clues/queries";
import { nextStatus } from "@/lib/clues/state-machine";
import { codeLabel } from "@/lib/code-lists/kinds";
import { listCodes } from "@/lib/code-lists/queries";
import { formatDateTime } from "@/lib/format";
import { getMessages } from "@/lib/i18n/locale";
import { listOrgs } from "@/lib/orgs/queries";
import { runnableModelOptions } from "@/lib/models/runnable";
import { ClueTable, type ClueRow } from "./clue-table-client";
import { ClueFilters } from "./filters";

export const metadata: Metadata = { title: "线索" };

type Search = Record<string, string | string[] | undefined>;

function first(params: Search): Record<string, string> {
  return Object.fromEntries(Object.entries(params).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : Array.isArray(v) && v[0] ? [[k, v[0]]] : [])));
}

function StatusTabs({ filter, counts }: { filter: ClueFilter; counts: StatusCounts }) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const tabs: { status: ClueStatus | undefined; label: string; n: number }[] = [
    { status: undefined, label: "全部", n: total },
    ...CLUE_STATUSES.map((s) => ({ status: s, label: CLUE_STATUS_LABELS[s], n: counts[s] })),
  ];
  return (
    <nav className="mb-3 flex flex-wrap gap-1 border-b border-slate-200" aria-label="按状态筛选" data-testid="status-tabs">
      {tabs.map((tab) => {
        const active = tab.status === filter.status;
        const href = `/clues?${filterParams(filter, { status: tab.status, cursor: undefined })}`;
        return (
          <Link
            key={tab.label}
            href={href}
            prefetch={false}
            aria-current={active ? "page" : undefined}
            data-testid={`tab-${tab.status ?? "all"}`}
            className={`-mb-px flex items-center gap-1.5 border-b-2 px-3 py-2 text-sm ${active ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-500 hover:text-slate-800"}`}
          >
            {tab.label}
            <span className={`rounded-full px-1.5 text-xs tabular-nums ${active ? "bg-brand-100 text-brand-700" : "bg-slate-100 text-slate-500"}`}>{tab.n}</span>
          </Link>
        );
      })}
    </nav>
  );
}

export default async function CluesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requireActor();
  const { t, locale } = await getMessages();
  if (!can(actor, "clues.read")) return <Forbidden t={t} />;
  const raw = first(await searchParams);
  const [{ filter, error: filterError }, lines] = await Promise.all([clueFilterOrError(raw), listCodes("businessLine")]);
  const lineLabels = new Map(lines.map((l) => [l.code, l]));
  const subtree = can(actor, "clues.assign");
  const assigneeOrg = filter.org ?? actor.orgId;
  const [page, counts, models, orgs, people] = await Promise.all([
    listClues(actor, filter),
    clueStatusCounts(actor, { ...filter, status: undefined, cursor: undefined }),
    runnableModelOptions(actor),
    subtree ? listOrgs(actor, "clues.read") : Promise.resolve([]),
    can(actor, "clues.assign") || can(actor, "clues.triage") ? assignableUsers(actor, assigneeOrg) : Promise.resolve([]),
  ]);
  // A prosecutor assigns only to themself; a leader to the prosecutors of the chosen org.
  const assignees = can(actor, "clues.assign") ? people : people.filter((u) => u.id === actor.id);
  const rows: ClueRow[] = page.items.map((c) => ({
    id: c.id,
    title: c.title,
    status: c.status,
    modelName: c.modelName,
    businessLine: codeLabel(lineLabels, c.businessLine, locale),
    orgName: c.orgName,
    subjectName: c.subjectName,
    subjectId: c.subjectId,
    assigneeName: c.assigneeName,
    firstSeen: formatDateTime(c.firstSeenAt).slice(0, 16),
    assignable: nextStatus("assign", c.status, c.assigneeId !== null) !== null && c.orgId === assigneeOrg,
  }));
  const exportHref = `/clues/export?${filterParams(filter, { cursor: undefined })}`;
  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader
        title="线索"
        description="监督模型发现的线索：分派、核查，成案或不成案，并记录监督成效。"
        actions={
          <a href={exportHref} className="btn-secondary" data-testid="export-clues">
            导出 Excel
          </a>
        }
      />
      <ClueFilters filter={filter} options={{ models, orgs, assignees: can(actor, "clues.assign") ? people : [], businessLines: lines.map((l) => ({ code: l.code, label: codeLabel(lineLabels, l.code, locale) })) }} />
      {filterError ? (
        <p className="mb-3 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="filter-error">
          筛选条件有误：{filterError}。已显示全部线索。
        </p>
      ) : null}
      <StatusTabs filter={filter} counts={counts} />
      <div className="card overflow-x-auto">
        {rows.length === 0 ? (
          filter.cursor ? (
            <EmptyState title="没有更多线索了">
              <Link href={`/clues?${filterParams(filter, { cursor: undefined })}`} className="btn-link">
                回到第一页
              </Link>
            </EmptyState>
          ) : (
            <EmptyState title="没有符合条件的线索">调整上方的筛选条件，或等待模型下一次运行。模型可在“模型”页面手动运行或设置定时运行。</EmptyState>
          )
        ) : (
          <ClueTable rows={rows} assignees={assignees} showOrg={orgs.length > 1} />
        )}
      </div>
      <div className="mt-3 flex items-center justify-between text-sm text-slate-500">
        <span>每页 {filter.limit} 条，按发现时间{filter.sort === "oldest" ? "正序" : "倒序"}</span>
        <div className="flex gap-2">
          {filter.cursor ? (
            <Link href={`/clues?${filterParams(filter, { cursor: undefined })}`} className="btn-secondary" prefetch={false}>
              第一页
            </Link>
          ) : null}
          {page.nextCursor ? (
            <Link href={`/clues?${filterParams(filter, { cursor: page.nextCursor })}`} className="btn-secondary" prefetch={false} data-testid="next-page">
              下一页
            </Link>
          ) : null}
        </div>
      </div>
    </div>
  );
}
