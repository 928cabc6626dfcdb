"use client";

import { Fragment, type ReactNode } from "react";
import { useBuilder } from "./context";
import { compatibleTypes, FieldPicker, fieldType } from "./field-picker";
import { ListInput, NumberOrParam, OperandInput } from "./inputs";
import { getIn, isObject, type Path } from "./json";
import { MonthInput } from "./month-input";
import type { FieldType, Json, NodeMeta, ScopeEntry } from "./types";
import { INPUT } from "./styles";

type Input = NodeMeta["inputs"][number];

/**
 * A condition on one line, its inputs in the registry's order: fields (only types the kind takes),
 * the op, then typed values. Where a kind takes a value or another field (value / ref), a switch
 * chooses; the ± days or months of the other field show only beside it.
 */
export function LeafEditor({ path, meta, scope }: { path: Path; meta: NodeMeta; scope: readonly ScopeEntry[] }) {
  const { rule, set } = useBuilder();
  const node = getIn(rule, path);
  const c = isObject(node) ? node : {};
  const at = (input: Input): Path => [...path, ...input.name.split(".")];
  const read = (input: Input): Json | undefined => getIn(c, input.name.split("."));
  const firstField = meta.inputs.find((i) => i.kind === "field");
  const mainType = firstField ? fieldType(scope, read(firstField)) : undefined;
  const paired = meta.inputs.some((i) => i.name === "value") && meta.inputs.some((i) => i.name === "ref" && i.kind === "field");
  const byRef = paired && c.ref !== undefined;
  const opAt = meta.inputs.findIndex((i) => i.kind !== "field");
  const parts: ReactNode[] = [];
  meta.inputs.forEach((input, index) => {
    if (index === opAt && meta.ops.length > 0) parts.push(<OpSelect key="op" meta={meta} type={mainType} value={c.op} onChange={(op) => set([...path, "op"], op)} />);
    if (paired && input.name === "value") {
      parts.push(
        <select key="mode" className={INPUT} aria-label="比较对象" value={byRef ? "ref" : "value"} onChange={(e) => set(path, e.target.value === "ref" ? { ...withoutOperand(c), ref: "" } : { ...withoutOperand(c), value: null })}>
          <option value="value">取值</option>
          <option value="ref">另一字段</option>
        </select>,
      );
      if (byRef) return;
    }
    const shift = input.optional && (input.kind === "days" || input.kind === "months");
    if (paired && !byRef && (input.name === "ref" || shift)) return;
    // ± days / months move a date: offered beside another date field only.
    if (shift && mainType !== "date" && mainType !== "timestamp") return;
    const el = inputEditor(input, read(input), (v) => set(at(input), v), scope, mainType, meta);
    if (el) parts.push(<Fragment key={input.name}>{el}</Fragment>);
  });
  if (opAt < 0 && meta.ops.length > 0) parts.push(<OpSelect key="op" meta={meta} type={mainType} value={c.op} onChange={(op) => set([...path, "op"], op)} />);
  return <span className="inline-flex flex-wrap items-center gap-2">{parts}</span>;
}

function withoutOperand(c: Record<string, Json>): Record<string, Json> {
  const { value: _v, ref: _r, plusDays: _p, minusDays: _m, plusMonths: _pm, minusMonths: _mm, ...rest } = c;
  return rest;
}

function OpSelect({ meta, value, onChange }: { meta: NodeMeta; type: FieldType | undefined; value: Json | undefined; onChange(op: string): void }) {
  return (
    <select className={INPUT} aria-label="比较方式" value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)}>
      {meta.ops.map((o) => (
        <option key={o.op} value={o.op}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

function inputEditor(input: Input, value: Json | undefined, onChange: (v: Json | undefined) => void, scope: readonly ScopeEntry[], mainType: FieldType | undefined, meta: NodeMeta): ReactNode {
  switch (input.kind) {
    case "field": {
      const isMain = input.name === "field" || input.name === "month" || input.name === "daysBetween.from";
      const types = isMain ? meta.fieldTypes : (compatibleTypes(mainType) ?? meta.fieldTypes);
      return <FieldPicker value={typeof value === "string" ? value : ""} onChange={(v) => onChange(v || (input.optional ? undefined : ""))} scope={scope} types={types} label={input.label} optional={input.optional} />;
    }
    case "literalOrRunDate":
    case "fieldOrLiteral":
      return <OperandInput type={mainType} value={value} onChange={onChange} label={input.label} param={input.param} />;
    case "literal":
      return <OperandInput type={mainType} value={value} onChange={onChange} label={input.label} param={input.param} />;
    case "literals":
      return <ListInput key={JSON.stringify(value ?? [])} type={mainType} value={value} onChange={onChange} label={input.label} />;
    case "days":
    case "months":
    case "integer":
    case "number":
      return (
        <span className="inline-flex items-center gap-1 text-sm text-slate-600">
          {input.label}
          <NumberOrParam value={value} onChange={onChange} label={input.label} param={input.param} integer={input.kind !== "number"} />
        </span>
      );
    case "pattern":
    case "text":
      return <input className={`${INPUT} w-48`} aria-label={input.label} placeholder={input.label} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)} />;
    case "choice":
      return (
        <select className={`${INPUT} text-xs`} aria-label={input.label} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value || undefined)}>
          <option value="">{input.optional ? `${input.label}：默认` : `选择${input.label}…`}</option>
          {(input.choices ?? []).map((ch) => (
            <option key={ch.value} value={ch.value}>
              {ch.label}
            </option>
          ))}
        </select>
      );
    case "monthOrRunDate":
      return <MonthInput value={value} onChange={onChange} label={input.label} />;
    default:
      return null;
  }
}
