import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { SectionCard } from "@/components/ui/section-card";
import { PageHeader } from "@/components/ui/page-header";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/policy";
import { NotFoundError } from "@/lib/errors";
import { requireActor } from "@/lib/auth/session";
import { OUTCOME_KIND_LABELS } from "@/lib/clues/labels";
import { formatPercent } from "@/lib/format";
import { getMessages } from "@/lib/i18n/locale";
import { listOrgs } from "@/lib/orgs/queries";
import { CONVERSION_FLOOR, getDashboard, type Dashboard, type Kpis } from "@/lib/stats/dashboard";
import { drilldownHref, type Figure } from "@/lib/stats/drilldown";
import { monthLabel, ZStatsQuery, type StatsQuery } from "@/lib/stats/period";
import { filterErrorText } from "@/lib/validation";
import { BarsChart, TrendChart } from "./charts-client";
import { OrgTable, type OrgTableRow } from "./org-table-client";

export const metadata: Metadata = { title: "统计" };

type Search = Record<string, string | string[] | undefined>;


/** The change against last month, green when it moved the good way (more found, less backlog). */
function delta(current: number | null, previous: number | null, kind: "count" | "percent" | "days", better: "up" | "down" | "neutral" = "up"): { text: string; tone: string } {
  if (current === null || previous === null) return { text: "上月无可比数据", tone: "text-slate-400" };
  const d = current - previous;
  if (Math.abs(d) < 1e-9) return { text: "与上月持平", tone: "text-slate-400" };
  const sign = d > 0 ? "+" : "−";
  const abs = Math.abs(d);
  const body = kind === "percent" ? `${(abs * 100).toFixed(1)} 个百分点` : kind === "days" ? `${abs.toFixed(1)} 天` : abs.toLocaleString("zh-CN");
  const good = better === "up" ? d > 0 : d < 0;
  return { text: `较上月 ${sign}${body}`, tone: better === "neutral" ? "text-slate-500" : good ? "text-emerald-700" : "text-amber-700" };
}

interface Card {
  label: string;
  value: string;
  delta: { text: string; tone: string };
  href?: string;
  note?: string;
  warn?: boolean;
}

function cards(d: Dashboard): Card[] {
  const c = d.current;
  const p = d.previous;
  const link = (f: Figure): string => drilldownHref(f, d.month, d.org.id);
  const count = (k: keyof Kpis, f: Figure, label: string, better: "up" | "down" | "neutral" = "up"): Card => ({ label, value: Number(c[k] ?? 0).toLocaleString("zh-CN"), delta: delta(c[k] as number, p[k] as number, "count", better), href: link(f) });
  return [
    { ...count("found", "found", "发现线索"), note: c.received > 0 ? `另接收移送 ${c.received} 条` : undefined },
    count("triaged", "triaged", "分派核查"),
    count("confirmed", "confirmed", "成案"),
    count("dismissed", "dismissed", "不成案", "neutral"),
    count("transferred", "transferred", "移送", "neutral"),
    {
      label: "成案率",
      value: formatPercent(c.conversion),
      delta: delta(c.conversion, p.conversion, "percent"),
      note: `底线 ${formatPercent(CONVERSION_FLOOR)}`,
      warn: c.conversion !== null && c.conversion < CONVERSION_FLOOR,
      href: link("closed"),
    },
    { label: "挽回经济损失（元）", value: c.recovered.toLocaleString("zh-CN"), delta: delta(c.recovered, p.recovered, "count") },
    { label: "积压线索（月末）", value: c.backlog.toLocaleString("zh-CN"), delta: delta(c.backlog, p.backlog, "count", "down"), href: link("backlog") },
    { label: "积压中位时长", value: c.backlogMedianDays === null ? "—" : `${c.backlogMedianDays} 天`, delta: delta(c.backlogMedianDays, p.backlogMedianDays, "days", "down") },
  ];
}

function KpiCard({ card }: { card: Card }) {
  const body = (
    <>
      <div className="text-xs text-slate-500">{card.label}</div>
      <div className={`mt-1 text-2xl font-semibold tabular-nums ${card.warn ? "text-red-600" : "text-slate-900"}`}>{card.value}</div>
      <div className={`mt-1 text-xs ${card.delta.tone}`}>{card.delta.text}</div>
      {card.note ? <div className={`text-xs ${card.warn ? "text-red-600" : "text-slate-400"}`}>{card.note}</div> : null}
    </>
  );
  return card.href ? (
    <Link href={card.href} prefetch={false} className="card block px-4 py-3 hover:border-brand-300 hover:bg-brand-50/40" data-testid="kpi-card">
      {body}
    </Link>
  ) : (
    <div className="card px-4 py-3" data-testid="kpi-card">
      {body}
    </div>
  );
}

/** An org outside the user's scope (a hand-edited ?org=) is not found, as everywhere. */
async function dashboardOr404(actor: Actor, query: StatsQuery): Promise<Dashboard> {
  try {
    return await getDashboard(actor, query);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

export default async function StatsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requireActor();
  const { t } = await getMessages();
  if (!can(actor, "stats.read")) return <Forbidden t={t} />;
  const raw = await searchParams;
  const parsed = ZStatsQuery.safeParse({ month: raw.month, org: raw.org });
  const query = parsed.success ? parsed.data : {};
  const [d, orgs] = await Promise.all([dashboardOr404(actor, query), listOrgs(actor, "stats.read")]);
  const qs = new URLSearchParams({ month: d.month, org: d.org.id }).toString();
  const orgRows: OrgTableRow[] = d.orgs.map((o) => ({
    orgId: o.orgId,
    name: o.name,
    found: o.found,
    confirmed: o.confirmed,
    dismissed: o.dismissed,
    conversion: o.conversion,
    backlog: o.backlog,
    recovered: o.recovered,
    belowFloor: !o.self && o.conversion !== null && o.conversion < CONVERSION_FLOOR,
    hrefs: {
      found: drilldownHref("found", d.month, o.orgId, {}),
      confirmed: drilldownHref("confirmed", d.month, o.orgId),
      backlog: drilldownHref("backlog", d.month, o.orgId),
      view: o.self ? null : `/stats?month=${d.month}&org=${o.orgId}`,
    },
  }));
  const nothing = d.trend.every((m) => m.found + m.confirmed + m.dismissed === 0) && d.current.backlog === 0;
  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader
        title="统计"
        description={`${d.org.name}及下级院 · ${monthLabel(d.month)}`}
        actions={
          <>
            <a href={`/stats/briefing?${qs}`} className="btn-primary" data-testid="briefing-docx">
              导出月度通报（Word）
            </a>
            <a href={`/stats/tables?${qs}`} className="btn-secondary" data-testid="stats-xlsx">
              导出报表（Excel）
            </a>
          </>
        }
      />
      <form method="get" action="/stats" className="card mb-4 flex flex-wrap items-end gap-3 p-3" data-testid="stats-filter">
        <label className="block">
          <span className="mb-1 block text-xs text-slate-500">月份</span>
          <input type="month" name="month" defaultValue={d.month} className="input" aria-label="月份" />
        </label>
        <label className="block min-w-64">
          <span className="mb-1 block text-xs text-slate-500">院</span>
          <select name="org" defaultValue={d.org.id} className="input" aria-label="院">
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.level === "city" ? "　" : o.level === "district" ? "　　" : ""}
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn-primary">
          查看
        </button>
        {!parsed.success ? <span className="text-sm text-red-600">查询条件有误：{filterErrorText(parsed.error)}，已显示默认月份。</span> : null}
      </form>
      {nothing ? (
        <div className="card">
          <EmptyState title="暂无统计数据">{d.org.name}及下级院在所选期间没有线索。模型运行并发现线索后，这里显示发现、成案、成案率与成效。</EmptyState>
        </div>
      ) : (
        <div className="space-y-4">
          <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5" data-testid="kpis">
            {cards(d).map((c) => (
              <KpiCard key={c.label} card={c} />
            ))}
          </div>
          <div className="grid gap-4 lg:grid-cols-2">
            <SectionCard title="近 12 个月趋势" testId="trend">
              <TrendChart data={d.trend.map((m) => ({ label: m.month.slice(2).replace("-", "/"), found: m.found, confirmed: m.confirmed, dismissed: m.dismissed, href: drilldownHref("found", m.month, d.org.id) }))} />
            </SectionCard>
            <SectionCard title="各模型成案率" testId="model-conversion" extra={<span className="text-xs text-slate-400">红线为 {formatPercent(CONVERSION_FLOOR)} 底线</span>}>
              {d.byModel.some((m) => m.conversion !== null) ? (
                <BarsChart
                  unit="percent"
                  floor={CONVERSION_FLOOR}
                  data={d.byModel
                    .filter((m) => m.conversion !== null)
                    .map((m) => ({ label: m.name, value: m.conversion ?? 0, warn: (m.conversion ?? 0) < CONVERSION_FLOOR, href: drilldownHref("closed", d.month, d.org.id, { model: m.modelId }) }))}
                />
              ) : (
                <p className="px-2 py-8 text-center text-sm text-slate-500">本月尚无办结（成案或不成案）的线索。</p>
              )}
            </SectionCard>
            <SectionCard title="监督成效" testId="outcomes">
              {d.outcomes.length > 0 ? (
                <BarsChart unit="count" data={d.outcomes.map((o) => ({ label: OUTCOME_KIND_LABELS[o.kind], value: o.count, href: drilldownHref("confirmed", d.month, d.org.id) }))} />
              ) : (
                <p className="px-2 py-8 text-center text-sm text-slate-500">本月尚未记录监督成效。</p>
              )}
            </SectionCard>
            <SectionCard title="按业务条线" testId="business-lines">
              {d.byBusinessLine.length > 0 ? (
                <BarsChart unit="count" data={d.byBusinessLine.map((l) => ({ label: `${l.label}（发现）`, value: l.found, href: drilldownHref("found", d.month, d.org.id, { businessLine: l.line }) }))} />
              ) : (
                <p className="px-2 py-8 text-center text-sm text-slate-500">本月没有发现线索。</p>
              )}
            </SectionCard>
          </div>
          <SectionCard title={d.orgs.length > 1 ? "下级院情况" : "本院情况"} testId="orgs">
            <div className="overflow-x-auto">
              <OrgTable rows={orgRows} />
            </div>
            {d.belowFloor.length > 0 ? (
              <p className="mt-2 text-sm text-red-600" data-testid="below-floor">
                成案率低于 {formatPercent(CONVERSION_FLOOR)} 底线：{d.belowFloor.map((o) => o.name).join("、")}
              </p>
            ) : null}
          </SectionCard>
          <SectionCard title="模型排行" testId="model-leaderboard">
            <div className="overflow-x-auto">
              <table className="table">
                <thead>
                  <tr>
                    <th>#</th>
                    <th>监督模型</th>
                    <th className="text-right">发现</th>
                    <th className="text-right">成案</th>
                    <th className="text-right">不成案</th>
                    <th className="text-right">成案率</th>
                    <th className="text-right">挽回损失（元）</th>
                    <th className="text-right">使用院数</th>
                  </tr>
                </thead>
                <tbody>
                  {d.byModel.map((m, i) => (
                    <tr key={m.modelId} data-testid="leaderboard-row">
                      <td className="tabular-nums text-slate-400">{i + 1}</td>
                      <td>
                        <Link href={drilldownHref("found", d.month, d.org.id, { model: m.modelId })} className="btn-link" prefetch={false}>
                          {m.name}
                        </Link>
                      </td>
                      <td className="text-right tabular-nums">{m.found.toLocaleString("zh-CN")}</td>
                      <td className="text-right tabular-nums">{m.confirmed.toLocaleString("zh-CN")}</td>
                      <td className="text-right tabular-nums">{m.dismissed.toLocaleString("zh-CN")}</td>
                      <td className={`text-right tabular-nums ${m.conversion !== null && m.conversion < CONVERSION_FLOOR ? "text-red-600" : ""}`}>{formatPercent(m.conversion)}</td>
                      <td className="text-right tabular-nums">{m.recovered.toLocaleString("zh-CN")}</td>
                      <td className="text-right tabular-nums">{m.adopters}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </SectionCard>
        </div>
      )}
    </div>
  );
}
