import type { FunnelStep } from "@/lib/rules/preview-funnel";

const number = (n: number): string => n.toLocaleString("zh-CN");

/** What a step kept of the step before it, e.g. "保留 12.5%"; the source has nothing before it. */
function kept(rows: number, before: number | undefined): string | null {
  if (before === undefined) return null;
  if (before === 0) return "—";
  const pct = (rows / before) * 100;
  return `保留 ${pct >= 10 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

/**
 * 条件漏斗: the rows left after the source, each join and each top-level condition, as bars scaled
 * to the largest step, so a builder sees which condition cuts what.
 */
export function PreviewFunnel({ steps }: { steps: FunnelStep[] }) {
  const widest = Math.max(1, ...steps.map((s) => s.rows));
  return (
    <div className="border-b border-slate-100 px-4 py-3" data-testid="preview-funnel">
      <h3 className="mb-2 text-sm font-medium text-slate-700">条件漏斗（每一步之后剩余的记录数，按规则顺序）</h3>
      <ol className="space-y-2">
        {steps.map((s, i) => (
          <li key={s.path} data-testid="funnel-step" className="grid grid-cols-[minmax(0,1fr)_12rem] items-center gap-x-4 gap-y-1">
            <div className="min-w-0 text-sm text-slate-700">
              <span className="mr-2 font-mono text-xs text-slate-400">{s.path}</span>
              <span className="line-clamp-2" title={s.label}>
                {s.label}
              </span>
            </div>
            <div className="text-right text-sm tabular-nums text-slate-700">
              <span className="font-medium" data-testid="funnel-rows">
                {number(s.rows)}
              </span>{" "}
              条<span className="ml-2 text-xs text-slate-500">{kept(s.rows, steps[i - 1]?.rows)}</span>
            </div>
            <div className="col-span-2 h-2 rounded bg-slate-100">
              <div className={`h-2 rounded ${i === steps.length - 1 ? "bg-brand-600" : "bg-brand-500/50"}`} style={{ width: `${Math.max(s.rows > 0 ? 0.5 : 0, (s.rows / widest) * 100)}%` }} />
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
