"use client";

import { ConditionBlock } from "./condition-block";
import { useBuilder } from "./context";
import { FieldPicker } from "./field-picker";
import { NumberOrParam } from "./inputs";
import { BlockIssues } from "./issues";
import { freshNode } from "./kinds";
import { getIn, isObject, type Path } from "./json";
import { INPUT } from "./styles";
import type { Json, ScopeEntry } from "./types";

/**
 * 分组: findings per group (groupBy fields) kept by group conditions (having) over aggregates —
 * each an aggregate against a number or a multiple of another aggregate, as RULE_META describes.
 */
export function GroupEditor({ scope }: { scope: readonly ScopeEntry[] }) {
  const { catalog, rule, set } = useBuilder();
  const groupBy = Array.isArray(rule.groupBy) ? rule.groupBy.filter((g): g is string => typeof g === "string") : [];
  const having = isObject(rule.having) ? rule.having : null;
  const groupKey = having && "any" in having ? "any" : "all";
  const rows = having && Array.isArray(having[groupKey]) ? having[groupKey] : [];
  const label = (ref: string) => {
    const [alias, name] = ref.split(".");
    return scope.find((s) => s.alias === alias)?.dataset?.fields.find((f) => f.name === name)?.label ?? ref;
  };
  const { having: havingMeta, havingGroups } = catalog.meta;
  return (
    <section className="space-y-2" data-testid="builder-group">
      <h3 className="text-sm font-medium text-slate-700">{catalog.meta.rule.inputs.find((i) => i.name === "groupBy")?.label ?? "分组字段"}</h3>
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
        {groupBy.map((ref) => (
          <span key={ref} className="inline-flex items-center gap-1 rounded bg-slate-100 px-2 py-0.5 text-xs" data-testid="group-chip">
            {label(ref)}
            <button type="button" aria-label={`移除分组字段${label(ref)}`} onClick={() => set(["groupBy"], groupBy.length > 1 ? groupBy.filter((r) => r !== ref) : undefined)}>
              ×
            </button>
          </span>
        ))}
        <FieldPicker value="" onChange={(ref) => ref && !groupBy.includes(ref) && set(["groupBy"], [...groupBy, ref])} scope={scope} label="分组字段" />
      </div>
      <BlockIssues path={["groupBy"]} />
      {groupBy.length > 0 ? (
        <div className="space-y-2 rounded border border-indigo-200 bg-indigo-50/40 p-2">
          <div className="flex items-center gap-2 text-sm text-slate-600">
            {havingMeta.label}：
            <select className={INPUT} aria-label="分组条件组合" value={groupKey} onChange={(e) => set(["having"], { [e.target.value]: rows })}>
              {havingGroups.map((g) => (
                <option key={g.kind} value={g.kind}>
                  {g.label}
                </option>
              ))}
            </select>
          </div>
          {rows.map((_, i) => (
            <HavingRow key={i} path={["having", groupKey, i]} scope={scope} onRemove={() => set(["having", groupKey, i], undefined)} />
          ))}
          <button type="button" className="btn-secondary text-xs" onClick={() => set(["having", groupKey, rows.length], { aggregate: { fn: "count" }, op: "gte", value: 1 })} data-testid="add-having">
            + 添加分组条件
          </button>
          <BlockIssues path={["having"]} exact />
        </div>
      ) : null}
    </section>
  );
}

function HavingRow({ path, scope, onRemove }: { path: Path; scope: readonly ScopeEntry[]; onRemove(): void }) {
  const { catalog, rule, set } = useBuilder();
  const row = getIn(rule, path);
  const h = isObject(row) ? row : {};
  const byTimes = h.of !== undefined;
  const opInput = catalog.meta.having.inputs.find((i) => i.name === "op");
  return (
    <div className="space-y-1 rounded border border-slate-200 bg-white p-2 text-sm text-slate-600" data-testid="having-row">
      <div className="flex flex-wrap items-center gap-2">
        <AggregateEditor path={[...path, "aggregate"]} scope={scope} />
        <select className={INPUT} aria-label="分组比较方式" value={typeof h.op === "string" ? h.op : ""} onChange={(e) => set([...path, "op"], e.target.value)}>
          {(opInput?.choices ?? []).map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
        <select className={INPUT} aria-label="与什么比较" value={byTimes ? "times" : "value"} onChange={(e) => set(path, e.target.value === "times" ? { aggregate: h.aggregate ?? { fn: "count" }, op: h.op ?? "gte", times: 1, of: { fn: "count" } } : { aggregate: h.aggregate ?? { fn: "count" }, op: h.op ?? "gte", value: 1 })}>
          <option value="value">数值</option>
          <option value="times">另一聚合的倍数</option>
        </select>
        {byTimes ? (
          <>
            <NumberOrParam value={h.times} onChange={(v) => set([...path, "times"], v)} label="倍数" param />
            ×
            <AggregateEditor path={[...path, "of"]} scope={scope} />
          </>
        ) : (
          <NumberOrParam value={h.value} onChange={(v) => set([...path, "value"], v)} label="分组比较数值" param />
        )}
        <button type="button" className="btn-secondary ml-auto px-2 py-0.5 text-xs text-red-700" onClick={onRemove} aria-label="删除分组条件">
          删除
        </button>
      </div>
      <BlockIssues path={path} />
    </div>
  );
}

/** An aggregate: count / distinct count / sum / min / max, of a field, over the rows meeting an optional condition. */
function AggregateEditor({ path, scope }: { path: Path; scope: readonly ScopeEntry[] }) {
  const { catalog, rule, set } = useBuilder();
  const value = getIn(rule, path);
  const a = isObject(value) ? value : {};
  const fnInput = catalog.meta.aggregate.inputs.find((i) => i.name === "fn");
  const all = catalog.meta.conditions.find((m) => m.kind === "all");
  const put = (key: string, v: Json | undefined) => set([...path, key], v);
  return (
    <span className="inline-flex flex-col gap-1">
      <span className="inline-flex flex-wrap items-center gap-1">
        <select className={INPUT} aria-label="聚合方式" value={typeof a.fn === "string" ? a.fn : ""} onChange={(e) => put("fn", e.target.value)}>
          {(fnInput?.choices ?? []).map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
        {a.fn !== "count" ? <FieldPicker value={typeof a.field === "string" ? a.field : ""} onChange={(v) => put("field", v || undefined)} scope={scope} label="聚合字段" optional /> : null}
        {a.where === undefined && all ? (
          <button type="button" className="btn-secondary px-2 py-0.5 text-xs" onClick={() => put("where", freshNode(catalog, all))}>
            + 只统计满足条件的记录
          </button>
        ) : null}
      </span>
      {a.where !== undefined ? <ConditionBlock path={[...path, "where"]} scope={scope} moves={{ onRemove: () => put("where", undefined) }} /> : null}
    </span>
  );
}
