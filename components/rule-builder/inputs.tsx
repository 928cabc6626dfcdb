"use client";

import { useParamNames } from "./context";
import { isObject } from "./json";
import type { FieldType, Json } from "./types";
import { INPUT } from "./styles";

/** A value typed as the field it is compared with: a date picker, a number, 是/否, or text. */
export function LiteralInput({ type, value, onChange, label }: { type: FieldType | undefined; value: Json | undefined; onChange(v: Json | undefined): void; label: string }) {
  const text = value === undefined || value === null || isObject(value) || Array.isArray(value) ? "" : String(value);
  if (type === "boolean")
    return (
      <select className={INPUT} aria-label={label} value={text} onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value === "true")}>
        <option value="">选择…</option>
        <option value="true">是</option>
        <option value="false">否</option>
      </select>
    );
  if (type === "integer" || type === "numeric")
    return <input type="number" className={`${INPUT} w-32`} aria-label={label} value={text} step={type === "integer" ? 1 : "any"} onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))} />;
  if (type === "date") return <input type="date" className={`${INPUT} w-40`} aria-label={label} value={text} onChange={(e) => onChange(e.target.value || undefined)} />;
  return <input className={`${INPUT} w-48`} aria-label={label} value={text} onChange={(e) => onChange(e.target.value)} placeholder={type === "timestamp" ? "2025-01-31 08:00:00" : "取值"} />;
}

/** A whole or decimal number, or (where the language allows) a parameter the rule declares. */
export function NumberOrParam({ value, onChange, label, param, integer }: { value: Json | undefined; onChange(v: Json | undefined): void; label: string; param?: boolean; integer?: boolean }) {
  const params = useParamNames();
  const isParam = isObject(value) && typeof value.param === "string";
  return (
    <span className="inline-flex items-center gap-1">
      {param && params.length > 0 ? (
        <select className={INPUT} aria-label={`${label}：数值或参数`} value={isParam ? "param" : "number"} onChange={(e) => onChange(e.target.value === "param" ? { param: params[0].name } : undefined)}>
          <option value="number">数值</option>
          <option value="param">参数</option>
        </select>
      ) : null}
      {isParam ? (
        <ParamSelect value={String(value.param)} onChange={(name) => onChange({ param: name })} label={label} />
      ) : (
        <input type="number" className={`${INPUT} w-24`} aria-label={label} step={integer ? 1 : "any"} value={typeof value === "number" ? value : ""} onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))} />
      )}
    </span>
  );
}

function ParamSelect({ value, onChange, label }: { value: string; onChange(name: string): void; label: string }) {
  const params = useParamNames();
  return (
    <select className={INPUT} aria-label={`${label}（参数）`} value={value} onChange={(e) => onChange(e.target.value)}>
      {params.map((p) => (
        <option key={p.name} value={p.name}>
          {p.label}（{p.name}）
        </option>
      ))}
    </select>
  );
}

type OperandMode = "literal" | "runDate" | "param";

function modeOf(value: Json | undefined): OperandMode {
  if (isObject(value) && "runDate" in value) return "runDate";
  if (isObject(value) && "param" in value) return "param";
  return "literal";
}

/**
 * A literal of the field's type, the run date ± days (date fields), or a parameter: what a
 * comparison or a range bound may stand against.
 */
export function OperandInput({ type, value, onChange, label, param }: { type: FieldType | undefined; value: Json | undefined; onChange(v: Json | undefined): void; label: string; param?: boolean }) {
  const params = useParamNames();
  const mode = modeOf(value);
  const dated = type === "date" || type === "timestamp";
  const runDate = isObject(value) && isObject(value.runDate) ? value.runDate : {};
  const shiftKey = "plusDays" in runDate ? "plusDays" : "minusDays";
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      {dated || (param && params.length > 0) ? (
        <select className={INPUT} aria-label={`${label}：取值方式`} value={mode} onChange={(e) => onChange(e.target.value === "runDate" ? { runDate: {} } : e.target.value === "param" ? { param: params[0]?.name ?? "" } : undefined)}>
          <option value="literal">{dated ? "固定日期" : "固定值"}</option>
          {dated ? <option value="runDate">运行日期</option> : null}
          {param && params.length > 0 ? <option value="param">参数</option> : null}
        </select>
      ) : null}
      {mode === "literal" ? <LiteralInput type={type} value={value} onChange={onChange} label={label} /> : null}
      {mode === "param" && isObject(value) ? <ParamSelect value={String(value.param)} onChange={(name) => onChange({ param: name })} label={label} /> : null}
      {mode === "runDate" ? (
        <>
          <select className={INPUT} aria-label={`${label}：运行日期前后`} value={shiftKey} onChange={(e) => onChange({ runDate: { [e.target.value]: runDate[shiftKey] ?? 0 } })}>
            <option value="minusDays">之前</option>
            <option value="plusDays">之后</option>
          </select>
          <NumberOrParam value={runDate[shiftKey]} onChange={(v) => onChange({ runDate: v === undefined ? {} : { [shiftKey]: v } })} label={`${label}：天数`} param integer />
          <span className="text-sm text-slate-500">日</span>
        </>
      ) : null}
    </span>
  );
}

/** A list of values, one a line (a column pasted from Excel works: tabs, commas and 、 split too). */
export function ListInput({ type, value, onChange, label }: { type: FieldType | undefined; value: Json | undefined; onChange(v: Json | undefined): void; label: string }) {
  const list = Array.isArray(value) ? value : [];
  const numeric = type === "integer" || type === "numeric";
  return (
    <textarea
      className={`${INPUT} w-64 font-mono text-xs`}
      rows={Math.min(6, Math.max(2, list.length))}
      aria-label={label}
      placeholder="每行一个取值（可从 Excel 粘贴一列）"
      defaultValue={list.map(String).join("\n")}
      onBlur={(e) => {
        const items = e.target.value.split(/[\n\t,，、]+/).map((s) => s.trim()).filter(Boolean);
        onChange(items.map((s) => (numeric && s !== "" && !Number.isNaN(Number(s)) ? Number(s) : type === "boolean" ? s === "true" || s === "是" : s)));
      }}
    />
  );
}
