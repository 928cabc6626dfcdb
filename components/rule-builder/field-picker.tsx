"use client";

import { FIELD_TYPE_LABELS } from "./labels";
import type { FieldType, ScopeEntry } from "./types";
import { INPUT } from "./styles";

/** A field of a dataset in scope, by its Chinese label; only fields of `types` are offered. */
export function FieldPicker({ value, onChange, scope, types, label, optional }: { value: string; onChange(v: string): void; scope: readonly ScopeEntry[]; types?: readonly FieldType[]; label: string; optional?: boolean }) {
  return (
    <select className={`${INPUT} min-w-40`} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} data-testid="field-picker">
      <option value="">{optional ? "（不用）" : `选择${label}…`}</option>
      {scope.map((s) => (
        <optgroup key={s.alias} label={`${s.label || s.dataset?.name || s.alias}（${s.alias}）`}>
          {(s.dataset?.fields ?? [])
            .filter((f) => !types || types.includes(f.type))
            .map((f) => (
              <option key={f.name} value={`${s.alias}.${f.name}`}>
                {f.label}（{FIELD_TYPE_LABELS[f.type]}）
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}

/** The type of "alias.field" in scope, if known. */
export function fieldType(scope: readonly ScopeEntry[], ref: unknown): FieldType | undefined {
  if (typeof ref !== "string") return undefined;
  const [alias, name] = ref.split(".");
  return scope.find((s) => s.alias === alias)?.dataset?.fields.find((f) => f.name === name)?.type;
}

/** Field types that compare with a field of type `t` (dates with dates, numbers with numbers). */
export function compatibleTypes(t: FieldType | undefined): FieldType[] | undefined {
  if (!t) return undefined;
  if (t === "date" || t === "timestamp") return ["date", "timestamp"];
  if (t === "integer" || t === "numeric") return ["integer", "numeric"];
  return [t];
}
