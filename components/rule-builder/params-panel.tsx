"use client";

import { useBuilder } from "./context";
import { LiteralInput } from "./inputs";
import { BlockIssues } from "./issues";
import { isObject } from "./json";
import { INPUT } from "./styles";
import type { FieldType, Json, JsonObject } from "./types";

/**
 * 参数: the rule's named thresholds (type, default, bounds, Chinese label), declared here and offered
 * by every value input that takes a parameter; an org may later set its own values within the bounds.
 */
export function ParamsPanel() {
  const { catalog, rule, set } = useBuilder();
  const params = isObject(rule.params) ? rule.params : {};
  const names = Object.keys(params);
  const rename = (from: string, to: string) => {
    // Keep the order: rebuild the object with the new key in place.
    const next: JsonObject = {};
    for (const [k, v] of Object.entries(params)) next[k === from ? to : k] = v;
    set(["params"], next);
  };
  const add = () => {
    let n = names.length + 1;
    while (`param${n}` in params) n++;
    set(["params", `param${n}`], { type: "integer", default: 30, min: 1, max: 365, label: "" });
  };
  return (
    <section className="card space-y-2 p-3" data-testid="params-panel">
      <div className="flex items-center">
        <h2 className="mr-auto font-medium text-slate-800">参数</h2>
        <button type="button" className="btn-secondary text-xs" onClick={add} data-testid="add-param">
          + 添加参数
        </button>
      </div>
      {names.length === 0 ? <p className="text-xs text-slate-500">阈值（如宽限天数）可声明为参数：各院可在上下限内调整，条件中的数值可选用参数。</p> : null}
      {names.map((name, i) => {
        const decl = isObject(params[name]) ? params[name] : {};
        const type = (typeof decl.type === "string" ? decl.type : "integer") as FieldType;
        const field = (key: string, value: Json | undefined) => set(["params", name, key], value);
        return (
          <div key={i} className="space-y-1 rounded border border-slate-200 p-2 text-xs text-slate-600" data-testid="param-row">
            <div className="flex flex-wrap items-center gap-1">
              <input className={`${INPUT} w-28`} aria-label="参数中文名" placeholder="中文名，如宽限天数" value={typeof decl.label === "string" ? decl.label : ""} onChange={(e) => field("label", e.target.value)} />
              <input className={`${INPUT} w-28 font-mono`} aria-label="参数标识" value={name} onChange={(e) => e.target.value && !(e.target.value in params) && rename(name, e.target.value)} />
              <select className={INPUT} aria-label="参数类型" value={type} onChange={(e) => set(["params", name], { type: e.target.value, default: e.target.value === "text" || e.target.value === "date" ? "" : 0, label: typeof decl.label === "string" ? decl.label : "" })}>
                {catalog.paramTypes.map((t) => (
                  <option key={t.value} value={t.value}>
                    {t.label}
                  </option>
                ))}
              </select>
              <button type="button" className="btn-secondary ml-auto px-2 py-0.5 text-xs text-red-700" onClick={() => set(["params", name], undefined)} aria-label={`删除参数${name}`}>
                删除
              </button>
            </div>
            <div className="flex flex-wrap items-center gap-1">
              默认
              <LiteralInput type={type} value={decl.default} onChange={(v) => field("default", v)} label="参数默认值" />
              {type !== "text" ? (
                <>
                  下限
                  <LiteralInput type={type} value={decl.min} onChange={(v) => field("min", v)} label="参数下限" />
                  上限
                  <LiteralInput type={type} value={decl.max} onChange={(v) => field("max", v)} label="参数上限" />
                </>
              ) : null}
            </div>
            <BlockIssues path={["params", name]} />
          </div>
        );
      })}
      <BlockIssues path={["params"]} exact />
    </section>
  );
}
