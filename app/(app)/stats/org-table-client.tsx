"use client";

import Link from "next/link";
import { useState } from "react";
import { formatPercent } from "@/lib/format";

export interface OrgTableRow {
  orgId: string;
  name: string;
  found: number;
  confirmed: number;
  dismissed: number;
  conversion: number | null;
  backlog: number;
  recovered: number;
  belowFloor: boolean;
  /** Drill-down links per figure. */
  hrefs: { found: string; confirmed: string; backlog: string; view: string | null };
}

type SortKey = "found" | "confirmed" | "conversion" | "backlog" | "recovered";
const COLUMNS: { key: SortKey; label: string }[] = [
  { key: "found", label: "发现" },
  { key: "confirmed", label: "成案" },
  { key: "conversion", label: "成案率" },
  { key: "backlog", label: "积压" },
  { key: "recovered", label: "挽回损失（元）" },
];

/** The orgs below, one row each, sortable by any figure (click a header). */
export function OrgTable({ rows }: { rows: OrgTableRow[] }) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "found", desc: true });
  const sorted = [...rows].sort((a, b) => {
    const d = (a[sort.key] ?? -1) - (b[sort.key] ?? -1);
    return sort.desc ? -d : d;
  });
  return (
    <table className="table" data-testid="org-table">
      <thead>
        <tr>
          <th>院</th>
          {COLUMNS.map((c) => (
            <th key={c.key} className="text-right">
              <button type="button" className="hover:text-brand-700" onClick={() => setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : true }))} aria-sort={sort.key === c.key ? (sort.desc ? "descending" : "ascending") : "none"}>
                {c.label}
                {sort.key === c.key ? (sort.desc ? " ▼" : " ▲") : ""}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => (
          <tr key={r.orgId + r.name} data-testid="org-row">
            <td className="whitespace-nowrap">
              {r.hrefs.view ? (
                <Link href={r.hrefs.view} className="btn-link" prefetch={false}>
                  {r.name}
                </Link>
              ) : (
                r.name
              )}
            </td>
            <td className="text-right tabular-nums">
              <Link href={r.hrefs.found} className="hover:underline" prefetch={false}>
                {r.found.toLocaleString("zh-CN")}
              </Link>
            </td>
            <td className="text-right tabular-nums">
              <Link href={r.hrefs.confirmed} className="hover:underline" prefetch={false}>
                {r.confirmed.toLocaleString("zh-CN")}
              </Link>
            </td>
            <td className={`text-right tabular-nums ${r.belowFloor ? "font-medium text-red-600" : ""}`}>
              {formatPercent(r.conversion)}
              {r.belowFloor ? <span className="ml-1 text-xs">低于底线</span> : null}
            </td>
            <td className="text-right tabular-nums">
              <Link href={r.hrefs.backlog} className="hover:underline" prefetch={false}>
                {r.backlog.toLocaleString("zh-CN")}
              </Link>
            </td>
            <td className="text-right tabular-nums">{r.recovered.toLocaleString("zh-CN")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
