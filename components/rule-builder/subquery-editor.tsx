"use client";

import { ConditionBlock } from "./condition-block";
import { useBuilder } from "./context";
import { DatasetPicker } from "./dataset-picker";
import { freshNode } from "./kinds";
import { getIn, isObject, type Path } from "./json";
import type { NodeMeta, ScopeEntry } from "./types";
import { INPUT } from "./styles";

/**
 * exists / notExists: another dataset with its alias and Chinese label, its own conditions (the
 * outer rule's fields stay available, to correlate), and for exists the matched rows' evidence fields.
 */
export function SubqueryEditor({ path, meta, scope }: { path: Path; meta: NodeMeta; scope: readonly ScopeEntry[] }) {
  const { catalog, rule, set } = useBuilder();
  const sub = getIn(rule, path);
  const from = isObject(sub) && isObject(sub.from) ? sub.from : {};
  const dataset = catalog.datasets.find((d) => d.key === from.dataset);
  const alias = typeof from.as === "string" ? from.as : "";
  const inner: ScopeEntry[] = [...scope.filter((s) => s.alias !== alias), { alias, label: typeof from.label === "string" ? from.label : undefined, dataset }];
  const takesEvidence = meta.inputs.some((i) => i.name === "evidence");
  const evidence = isObject(sub) && Array.isArray(sub.evidence) ? sub.evidence : [];
  const hasWhere = isObject(sub) && sub.where !== undefined;
  const all = catalog.meta.conditions.find((m) => m.kind === "all");
  return (
    <div className="mt-2 space-y-2 border-l-2 border-amber-300 pl-4" data-testid="subquery-editor">
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
        在
        <DatasetPicker value={typeof from.dataset === "string" ? from.dataset : ""} onChange={(key) => set([...path, "from", "dataset"], key)} label="查找的数据资源" />
        中查找，别名
        <input className={`${INPUT} w-16 font-mono`} aria-label="查找数据的别名" value={alias} onChange={(e) => set([...path, "from", "as"], e.target.value)} />
        标签
        <input className={`${INPUT} w-32`} aria-label="查找数据的标签" placeholder="如：驾驶证" value={typeof from.label === "string" ? from.label : ""} onChange={(e) => set([...path, "from", "label"], e.target.value || undefined)} />
      </div>
      {hasWhere ? (
        <ConditionBlock path={[...path, "where"]} scope={inner} moves={{ onRemove: () => set([...path, "where"], undefined) }} />
      ) : all ? (
        <button type="button" className="btn-secondary text-xs" onClick={() => set([...path, "where"], freshNode(catalog, all))}>
          + 查找条件
        </button>
      ) : null}
      {takesEvidence && dataset ? (
        <fieldset className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
          <legend className="mb-1">找到的记录作为证据展示的字段：</legend>
          {dataset.fields.map((f) => (
            <label key={f.name} className="inline-flex items-center gap-1">
              <input
                type="checkbox"
                checked={evidence.includes(f.name)}
                onChange={(e) => {
                  const next = e.target.checked ? [...evidence, f.name] : evidence.filter((n) => n !== f.name);
                  set([...path, "evidence"], next.length > 0 ? next : undefined);
                }}
              />
              {f.label}
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
