"use client";

import { useBuilder } from "./context";
import { FieldPicker } from "./field-picker";
import { BlockIssues } from "./issues";
import { isObject } from "./json";
import type { ScopeEntry } from "./types";
import { INPUT } from "./styles";

/**
 * 线索: what identifies one finding across runs (suggested from the source's business key), the
 * title with field chips, the subject, and the evidence fields of each dataset in scope.
 */
export function ClueEditor({ scope }: { scope: readonly ScopeEntry[] }) {
  const { rule, set } = useBuilder();
  const clue = isObject(rule.clue) ? rule.clue : {};
  const dedup = Array.isArray(clue.dedupKey) ? clue.dedupKey.filter((k): k is string => typeof k === "string") : [];
  const subject = isObject(clue.subject) ? clue.subject : {};
  const evidence = isObject(clue.evidence) ? clue.evidence : {};
  const title = typeof clue.title === "string" ? clue.title : "";
  const source = scope[0];
  // A grouped rule finds one hit per group: its key is the group's fields; else the source's business key.
  const grouped = Array.isArray(rule.groupBy) ? rule.groupBy.filter((g): g is string => typeof g === "string") : [];
  const suggested = grouped.length > 0 ? grouped : source?.dataset ? source.dataset.businessKey.map((f) => `${source.alias}.${f}`) : [];
  // With several datasets in scope (前次/后次理赔) a field is named with its alias's label.
  const named = (s: ScopeEntry, label: string) => (scope.length > 1 ? `${s.label || s.dataset?.name || s.alias}.${label}` : label);
  const fields = scope.flatMap((s) => (s.dataset?.fields ?? []).map((f) => ({ ref: `${s.alias}.${f.name}`, label: named(s, f.label) })));
  const labelOf = (ref: string) => fields.find((f) => f.ref === ref)?.label ?? ref;
  return (
    <section className="space-y-3" data-testid="builder-clue">
      <h3 className="text-sm font-medium text-slate-700">线索</h3>
      <div className="space-y-1 text-sm text-slate-600">
        <div className="flex flex-wrap items-center gap-2">
          去重键（同一发现在多次运行中的标识）：
          {dedup.map((ref) => (
            <span key={ref} className="inline-flex items-center gap-1 rounded bg-slate-100 px-2 py-0.5 text-xs" data-testid="dedup-chip">
              {labelOf(ref)}
              <button type="button" aria-label={`移除${labelOf(ref)}`} onClick={() => set(["clue", "dedupKey"], dedup.filter((r) => r !== ref))}>
                ×
              </button>
            </span>
          ))}
          <FieldPicker value="" onChange={(ref) => ref && !dedup.includes(ref) && set(["clue", "dedupKey"], [...dedup, ref])} scope={scope} label="去重字段" />
          {suggested.length > 0 && suggested.join() !== dedup.join() ? (
            <button type="button" className="btn-secondary text-xs" onClick={() => set(["clue", "dedupKey"], suggested)} data-testid="suggest-dedup">
              {grouped.length > 0 ? "按分组字段建议：" : "按业务主键建议："}{suggested.map(labelOf).join("、")}
            </button>
          ) : null}
        </div>
        <BlockIssues path={["clue", "dedupKey"]} />
      </div>
      <div className="space-y-1 text-sm text-slate-600">
        <label className="block">
          标题模板
          <input className={`${INPUT} mt-1 w-full`} aria-label="标题模板" value={title} onChange={(e) => set(["clue", "title"], e.target.value)} placeholder="如：{j.defendant_name}醉驾判刑后驾驶证未吊销" />
        </label>
        <div className="flex flex-wrap gap-1">
          {fields
            .filter((f) => scope.slice(0, 1).some((s) => f.ref.startsWith(`${s.alias}.`)))
            .map((f) => (
              <button key={f.ref} type="button" className="rounded border border-slate-200 px-1.5 py-0.5 text-xs hover:bg-slate-50" onClick={() => set(["clue", "title"], `${title}{${f.ref}}`)} title={`插入 {${f.ref}}`}>
                + {f.label}
              </button>
            ))}
        </div>
        <BlockIssues path={["clue", "title"]} />
      </div>
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
        主体
        <select className={INPUT} aria-label="主体类别" value={subject.kind === "company" ? "company" : "person"} onChange={(e) => set(["clue", "subject", "kind"], e.target.value)}>
          <option value="person">个人</option>
          <option value="company">单位</option>
        </select>
        名称
        <FieldPicker value={typeof subject.name === "string" ? subject.name : ""} onChange={(v) => set(["clue", "subject", "name"], v)} scope={scope} types={["text"]} label="主体名称" />
        证件号
        <FieldPicker value={typeof subject.idNumber === "string" ? subject.idNumber : ""} onChange={(v) => set(["clue", "subject", "idNumber"], v || undefined)} scope={scope} types={["text"]} label="主体证件号" optional />
      </div>
      <BlockIssues path={["clue", "subject"]} />
      <div className="space-y-1 text-sm text-slate-600">
        证据字段（每个数据资源中展示的字段）：
        {scope.map((s) => {
          const chosen = Array.isArray(evidence[s.alias]) ? (evidence[s.alias] as string[]) : [];
          return (
            <fieldset key={s.alias} className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs" data-testid="clue-evidence">
              <legend className="font-medium">{s.label || s.dataset?.name || s.alias}</legend>
              {(s.dataset?.fields ?? []).map((f) => (
                <label key={f.name} className="inline-flex items-center gap-1">
                  <input
                    type="checkbox"
                    checked={chosen.includes(f.name)}
                    onChange={(e) => {
                      const next = e.target.checked ? [...chosen, f.name] : chosen.filter((n) => n !== f.name);
                      set(["clue", "evidence", s.alias], next.length > 0 ? next : undefined);
                    }}
                  />
                  {f.label}
                </label>
              ))}
            </fieldset>
          );
        })}
        {Object.keys(evidence)
          .filter((alias) => !scope.some((s) => s.alias === alias))
          .map((alias) => (
            // An alias no longer in the rule (the source was renamed): its evidence can only go.
            <p key={alias} className="text-xs text-amber-700">
              别名 {alias} 已不在规则中，其证据字段无法展示{" "}
              <button type="button" className="btn-link" onClick={() => set(["clue", "evidence", alias], undefined)} data-testid="drop-stale-evidence">
                移除
              </button>
            </p>
          ))}
        <BlockIssues path={["clue", "evidence"]} />
      </div>
      <BlockIssues path={["clue"]} exact />
    </section>
  );
}
