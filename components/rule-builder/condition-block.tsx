"use client";

import { useBuilder } from "./context";
import { BlockIssues } from "./issues";
import { freshNode, kindOfNode, nestedUnderKey } from "./kinds";
import { getIn, type Path } from "./json";
import { LeafEditor } from "./leaf-editor";
import { SubqueryEditor } from "./subquery-editor";
import type { ScopeEntry } from "./types";
import { INPUT } from "./styles";

interface Moves {
  onRemove?(): void;
  onUp?(): void;
  onDown?(): void;
}

/** One condition: its kind (from the registry), then the editor its inputs call for. */
export function ConditionBlock({ path, scope, moves = {} }: { path: Path; scope: readonly ScopeEntry[]; moves?: Moves }) {
  const { catalog, rule, set } = useBuilder();
  const value = getIn(rule, path);
  const meta = kindOfNode(catalog, value);
  const key = meta ? catalog.keys[meta.kind] : null;
  const group = meta?.inputs.find((i) => i.name === key && (i.kind === "conditions" || i.kind === "condition"));
  return (
    <div className={`rounded border p-2 ${group ? "border-indigo-200 bg-indigo-50/40" : "border-slate-200 bg-white"}`} data-testid="condition-block" data-kind={meta?.kind ?? "unknown"}>
      <div className="flex flex-wrap items-center gap-2">
        <select
          className={`${INPUT} font-medium`}
          aria-label="条件类型"
          value={meta?.kind ?? ""}
          onChange={(e) => {
            const next = catalog.meta.conditions.find((m) => m.kind === e.target.value);
            if (next) set(path, freshNode(catalog, next, value));
          }}
        >
          {meta ? null : <option value="">（无法识别的条件）</option>}
          {catalog.meta.conditions.map((m) => (
            <option key={m.kind} value={m.kind}>
              {m.label}
            </option>
          ))}
        </select>
        {meta && !group && !nestedUnderKey(meta, key) ? <LeafEditor path={path} meta={meta} scope={scope} /> : null}
        <span className="ml-auto inline-flex gap-1">
          {moves.onUp ? (
            <button type="button" className="btn-secondary px-2 py-0.5 text-xs" onClick={moves.onUp} aria-label="上移">
              ↑
            </button>
          ) : null}
          {moves.onDown ? (
            <button type="button" className="btn-secondary px-2 py-0.5 text-xs" onClick={moves.onDown} aria-label="下移">
              ↓
            </button>
          ) : null}
          {moves.onRemove ? (
            <button type="button" className="btn-secondary px-2 py-0.5 text-xs text-red-700" onClick={moves.onRemove} aria-label="删除条件">
              删除
            </button>
          ) : null}
        </span>
      </div>
      <BlockIssues path={path} />
      {meta && key && group?.kind === "conditions" ? <ConditionList path={[...path, key]} scope={scope} /> : null}
      {meta && key && group?.kind === "condition" ? (
        <div className="mt-2 pl-4">
          <ConditionBlock path={[...path, key]} scope={scope} />
        </div>
      ) : null}
      {meta && key && nestedUnderKey(meta, key) ? <SubqueryEditor path={[...path, key]} meta={meta} scope={scope} /> : null}
    </div>
  );
}

/** The conditions of an all / any: each reorders (↑ ↓, by keyboard too) and is removed; new ones are added at the end. */
export function ConditionList({ path, scope }: { path: Path; scope: readonly ScopeEntry[] }) {
  const { catalog, rule, set } = useBuilder();
  const list = getIn(rule, path);
  const items = Array.isArray(list) ? list : [];
  const move = (from: number, to: number) => {
    const next = [...items];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item);
    set(path, next);
  };
  const leaf = catalog.meta.conditions.find((m) => catalog.keys[m.kind] == null);
  const groupMeta = catalog.meta.conditions.find((m) => m.inputs.some((i) => i.name === catalog.keys[m.kind] && i.kind === "conditions"));
  return (
    <div className="mt-2 space-y-2 pl-4">
      {items.map((_, i) => (
        <ConditionBlock
          key={i}
          path={[...path, i]}
          scope={scope}
          moves={{ onRemove: () => set([...path, i], undefined), onUp: i > 0 ? () => move(i, i - 1) : undefined, onDown: i < items.length - 1 ? () => move(i, i + 1) : undefined }}
        />
      ))}
      <div className="flex gap-2">
        {leaf ? (
          <button type="button" className="btn-secondary text-xs" onClick={() => set([...path, items.length], freshNode(catalog, leaf))} data-testid="add-condition">
            + 添加条件
          </button>
        ) : null}
        {groupMeta ? (
          <button type="button" className="btn-secondary text-xs" onClick={() => set([...path, items.length], freshNode(catalog, groupMeta))} data-testid="add-group">
            + 添加条件组
          </button>
        ) : null}
      </div>
    </div>
  );
}
