"use client";

import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { ClueEditor } from "./clue-editor";
import { ConditionBlock } from "./condition-block";
import { BuilderContext, type BuilderApi } from "./context";
import { freshNode } from "./kinds";
import { isObject, setIn } from "./json";
import { GroupEditor } from "./group-editor";
import { JoinsEditor } from "./joins-editor";
import { JsonView } from "./json-view";
import { ParamsPanel } from "./params-panel";
import { SourceEditor } from "./source-editor";
import type { BuilderCatalog, Issue, JsonObject, ScopeEntry } from "./types";

export type CheckRule = (definition: unknown) => Promise<{ ok: true; data: Issue[] } | { ok: false; error: string }>;

/** The aliases of the rule's source and joins, each with its dataset (the fields conditions may read). */
export function ruleScope(rule: JsonObject, catalog: BuilderCatalog): ScopeEntry[] {
  const entry = (ref: unknown): ScopeEntry | null => {
    if (!isObject(ref as JsonObject) || typeof (ref as JsonObject).as !== "string") return null;
    const r = ref as JsonObject;
    return { alias: r.as as string, label: typeof r.label === "string" ? r.label : undefined, dataset: catalog.datasets.find((d) => d.key === r.dataset) };
  };
  const joins = Array.isArray(rule.joins) ? rule.joins : [];
  return [entry(rule.from), ...joins.map(entry)].filter((e): e is ScopeEntry => e !== null);
}

/**
 * The no-code rule builder. Its state is the rule JSON itself (posted as `name`); blocks and the
 * JSON view edit the same object. Every edit is checked on the server (debounced) and each problem
 * shows on the block it concerns; `savedIssues` are the last save's, shown until the next check.
 */
export function RuleBuilder({ name, initial, catalog, check, savedIssues = [], onChange, onChecked, aside }: { name: string; initial: JsonObject; catalog: BuilderCatalog; check: CheckRule; savedIssues?: readonly Issue[]; onChange?(rule: JsonObject): void; onChecked?(rule: JsonObject, issues: readonly Issue[]): void; aside?(rule: JsonObject, issues: readonly Issue[]): ReactNode }) {
  const [rule, setRule] = useState<JsonObject>(initial);
  const [view, setView] = useState<"blocks" | "json">("blocks");
  const [checked, setChecked] = useState<Issue[] | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);
  const seq = useRef(0);
  const first = useRef(true);
  const update = (next: JsonObject) => {
    setRule(next);
    onChange?.(next);
  };
  useEffect(() => {
    // The page's own issues (a refused save) stand until the first edit is checked.
    if (first.current) {
      first.current = false;
      if (savedIssues.length > 0) return;
    }
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      void check(rule).then((r) => {
        if (mine !== seq.current) return; // a later edit's check answers instead
        if (r.ok) {
          setChecked(r.data);
          onChecked?.(rule, r.data);
          setCheckError(null);
        } else setCheckError(r.error);
      });
    }, 400);
    return () => clearTimeout(timer);
    // onChecked is a callback of the page; a new one each render must not re-run the check.
  }, [rule, check, savedIssues.length]);
  // A refused save's issues replace an earlier check's until the next edit is checked.
  useEffect(() => {
    if (savedIssues.length > 0) setChecked(null);
  }, [savedIssues]);
  const issues = useMemo(() => (checked ?? savedIssues).map((i) => ({ ...i, path: i.path.replace(/^definition\.?/, "") })), [checked, savedIssues]);
  const api: BuilderApi = { catalog, rule, issues, set: (path, value) => update(setIn(rule, path, value) as JsonObject) };
  const scope = ruleScope(rule, catalog);
  const all = catalog.meta.conditions.find((m) => m.kind === "all");
  return (
    <BuilderContext.Provider value={api}>
      <input type="hidden" name={name} value={JSON.stringify(rule)} />
      <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_24rem]" data-testid="rule-builder">
        <div className="min-w-0 space-y-4">
          <div className="flex items-center gap-2 border-b border-slate-100 pb-2">
            <button type="button" className={view === "blocks" ? "btn-primary text-xs" : "btn-secondary text-xs"} onClick={() => setView("blocks")} data-testid="view-blocks">
              积木视图
            </button>
            <button type="button" className={view === "json" ? "btn-primary text-xs" : "btn-secondary text-xs"} onClick={() => setView("json")} data-testid="view-json">
              JSON 视图
            </button>
            <span className="ml-auto text-xs" data-testid="check-status">
              {checkError ? <span className="text-amber-700">检查暂不可用：{checkError}</span> : issues.length > 0 ? <span className="text-red-700">规则检查：{issues.length} 处问题</span> : checked ? <span className="text-emerald-700">规则检查通过</span> : null}
            </span>
          </div>
          {view === "json" ? (
            <JsonView rule={rule} onChange={update} issues={issues} />
          ) : (
            <>
              <SourceEditor />
              <JoinsEditor scope={scope} />
              <section className="space-y-1" data-testid="builder-where">
                <h3 className="text-sm font-medium text-slate-700">条件</h3>
                {rule.where !== undefined ? (
                  <ConditionBlock path={["where"]} scope={scope} moves={{ onRemove: () => api.set(["where"], undefined) }} />
                ) : all ? (
                  <button type="button" className="btn-secondary text-xs" onClick={() => api.set(["where"], freshNode(catalog, all))}>
                    + 添加条件
                  </button>
                ) : null}
              </section>
              <GroupEditor scope={scope} />
              <ClueEditor scope={scope} />
            </>
          )}
        </div>
        <aside className="min-w-0 space-y-4">
          <ParamsPanel />
          {aside?.(rule, issues)}
        </aside>
      </div>
    </BuilderContext.Provider>
  );
}
