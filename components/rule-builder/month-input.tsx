"use client";

import { NumberOrParam } from "./inputs";
import { isObject } from "./json";
import type { Json } from "./types";
import { INPUT } from "./styles";

/** A calendar month ("2025-03"), or the run date's month N months before. */
export function MonthInput({ value, onChange, label }: { value: Json | undefined; onChange(v: Json | undefined): void; label: string }) {
  const runDate = isObject(value) && isObject(value.runDate) ? value.runDate : null;
  return (
    <span className="inline-flex items-center gap-1">
      <select className={INPUT} aria-label={`${label}：取值方式`} value={runDate ? "runDate" : "month"} onChange={(e) => onChange(e.target.value === "runDate" ? { runDate: {} } : undefined)}>
        <option value="month">固定月份</option>
        <option value="runDate">运行日期所在月</option>
      </select>
      {runDate ? (
        <>
          <span className="text-sm text-slate-500">之前</span>
          <NumberOrParam value={runDate.minusMonths} onChange={(v) => onChange({ runDate: v === undefined ? {} : { minusMonths: v } })} label={`${label}：月数`} param integer />
          <span className="text-sm text-slate-500">个月</span>
        </>
      ) : (
        <input type="month" className={`${INPUT} w-40`} aria-label={label} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value || undefined)} />
      )}
    </span>
  );
}
