"use client";

import { ConditionBlock } from "./condition-block";
import { useBuilder } from "./context";
import { DatasetPicker } from "./dataset-picker";
import { BlockIssues } from "./issues";
import { freshNode } from "./kinds";
import { isObject } from "./json";
import { INPUT } from "./styles";
import type { ScopeEntry } from "./types";

/**
 * 关联数据: datasets joined to the source (the same one again for a self-join: 前次/后次理赔), each
 * with its alias, label, join type and the condition that pairs rows (a time window is a date
 * condition there), as RULE_META.join describes. Each join's condition sees the source and the
 * joins before it and itself.
 */
export function JoinsEditor({ scope }: { scope: readonly ScopeEntry[] }) {
  const { catalog, rule, set } = useBuilder();
  const joins = Array.isArray(rule.joins) ? rule.joins : [];
  const meta = catalog.meta.join;
  const typeInput = meta.inputs.find((i) => i.name === "type");
  const all = catalog.meta.conditions.find((m) => m.kind === "all");
  const add = () => set(["joins", joins.length], { dataset: "", as: `t${joins.length + 1}`, type: typeInput?.choices?.[0]?.value ?? "inner", on: all ? freshNode(catalog, all) : { all: [] } });
  return (
    <section className="space-y-2" data-testid="builder-joins">
      <div className="flex items-center gap-2">
        <h3 className="text-sm font-medium text-slate-700">{meta.label}</h3>
        <button type="button" className="btn-secondary text-xs" onClick={add} data-testid="add-join">
          + 添加{meta.label}
        </button>
      </div>
      {joins.map((j, i) => {
        const join = isObject(j) ? j : {};
        const inScope = scope.slice(0, i + 2);
        return (
          <div key={i} className="space-y-2 rounded border border-sky-200 bg-sky-50/40 p-2" data-testid="join-row">
            <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
              <DatasetPicker value={typeof join.dataset === "string" ? join.dataset : ""} onChange={(key) => set(["joins", i, "dataset"], key)} label="关联的数据资源" />
              别名
              <input className={`${INPUT} w-16 font-mono`} aria-label="关联数据的别名" value={typeof join.as === "string" ? join.as : ""} onChange={(e) => set(["joins", i, "as"], e.target.value)} />
              标签
              <input className={`${INPUT} w-32`} aria-label="关联数据的标签" placeholder="如：后次理赔" value={typeof join.label === "string" ? join.label : ""} onChange={(e) => set(["joins", i, "label"], e.target.value || undefined)} />
              <select className={INPUT} aria-label={typeInput?.label ?? "关联方式"} value={typeof join.type === "string" ? join.type : ""} onChange={(e) => set(["joins", i, "type"], e.target.value)}>
                {(typeInput?.choices ?? []).map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
              <button type="button" className="btn-secondary ml-auto px-2 py-0.5 text-xs text-red-700" onClick={() => set(["joins", i], undefined)} aria-label="删除关联数据">
                删除
              </button>
            </div>
            <BlockIssues path={["joins", i]} />
            <div className="text-xs text-slate-500">{meta.inputs.find((x) => x.name === "on")?.label ?? "关联条件"}：</div>
            <ConditionBlock path={["joins", i, "on"]} scope={inScope} />
          </div>
        );
      })}
    </section>
  );
}
