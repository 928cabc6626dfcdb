"use client";

import Link from "next/link";
import { useBuilder } from "./context";
import { INPUT } from "./styles";

/**
 * A dataset of the catalog. Those the org holds no live grant for are greyed and cannot be chosen;
 * each has 申请数据, which opens the application with that dataset chosen.
 */
export function DatasetPicker({ value, onChange, label }: { value: string; onChange(key: string): void; label: string }) {
  const { catalog } = useBuilder();
  const ungranted = catalog.datasets.filter((d) => !d.granted);
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <select className={`${INPUT} min-w-48`} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} data-testid="dataset-picker">
        <option value="">选择数据资源…</option>
        {catalog.datasets.map((d) => (
          <option key={d.key} value={d.key} disabled={!d.granted} className={d.granted ? "" : "text-slate-400"}>
            {d.name}
            {d.granted ? "" : "（未获授权，需申请）"}
          </option>
        ))}
      </select>
      {ungranted.length > 0 ? (
        <details className="text-xs text-slate-500" data-testid="ungranted-datasets">
          <summary className="cursor-pointer">未获授权的数据（{ungranted.length}）</summary>
          <ul className="mt-1 space-y-0.5">
            {ungranted.map((d) => (
              <li key={d.key} className="text-slate-400">
                {d.name}{" "}
                <Link href={`/datasets/applications/new?dataset=${encodeURIComponent(d.key)}`} className="btn-link" target="_blank" prefetch={false}>
                  申请数据
                </Link>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </span>
  );
}
