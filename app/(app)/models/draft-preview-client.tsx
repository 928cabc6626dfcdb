"use client";

import { useEffect, useRef, useState } from "react";
import type { Issue, JsonObject } from "@/components/rule-builder/types";
import type { PreviewResult } from "@/lib/rules/preview-page";
import { PreviewFunnel } from "./[id]/preview-funnel";
import { explainDefinitionAction, previewDefinitionAction } from "./builder-actions";

type Answer = { ok: true; data: PreviewResult } | { ok: false; error: string; issues?: Issue[] };

/**
 * 预览: the rule being edited, run for the user's org (nothing stored): the count, the first 20
 * clues masked, the condition funnel. It never blocks the editor; an edit made while it runs
 * discards its answer (marked stale instead), so what is shown is always the rule on screen.
 */
export function DraftPreview({ rule, issues }: { rule: JsonObject; issues: readonly Issue[] }) {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [pending, setPending] = useState(false);
  const [stale, setStale] = useState(false);
  const [runDate, setRunDate] = useState("");
  const asked = useRef<string | null>(null);
  const latest = useRef("");
  const current = JSON.stringify(rule);
  useEffect(() => {
    latest.current = current;
    if (asked.current !== null && asked.current !== current) setStale(true);
  }, [current]);
  const run = async () => {
    const mine = current;
    asked.current = mine;
    setPending(true);
    setStale(false);
    const result = (await previewDefinitionAction(rule, runDate)) as Answer;
    setPending(false);
    // An edit meanwhile: the answer is for a rule no longer on screen, so it is dropped.
    if (latest.current !== mine) return;
    setAnswer(result);
  };
  const data = answer?.ok ? answer.data : null;
  return (
    <section className="card" data-testid="draft-preview">
      <div className="flex flex-wrap items-end gap-2 border-b border-slate-100 px-3 py-2">
        <h2 className="mr-auto font-medium text-slate-800">预览命中</h2>
        <label className="flex items-center gap-1 text-xs text-slate-600">
          运行日期
          <input type="date" className="rounded border border-slate-300 px-2 py-1 text-sm" aria-label="预览运行日期" value={runDate} onChange={(e) => setRunDate(e.target.value)} />
        </label>
        <button type="button" className="btn-secondary" onClick={() => void run()} disabled={pending || issues.length > 0} data-testid="draft-preview-run">
          {pending ? "预览中…" : "预览"}
        </button>
      </div>
      {issues.length > 0 ? <p className="px-3 py-2 text-xs text-slate-500">规则通过检查后即可预览。</p> : null}
      {stale ? <p className="px-3 py-2 text-xs text-amber-700" data-testid="preview-stale">规则已修改，下方为修改前的预览；请重新预览。</p> : null}
      {answer && !answer.ok ? (
        <p className="px-3 py-2 text-sm text-red-700" data-testid="draft-preview-error">
          {answer.error}
        </p>
      ) : null}
      {data ? (
        <>
          <SqlAndPlan rule={rule} runDate={runDate} />
          <p className="px-3 py-2 text-sm text-slate-700" data-testid="draft-preview-count">
            共命中 {data.count.toLocaleString("zh-CN")} 条{data.count > data.clues.length ? `（显示前 ${data.clues.length} 条）` : ""}；个人信息已脱敏。
          </p>
          {data.funnel ? <PreviewFunnel steps={data.funnel} /> : null}
          <ul className="divide-y divide-slate-100 text-sm" data-testid="draft-preview-clues">
            {data.clues.map((c, i) => (
              <li key={i} className="px-3 py-1.5" data-testid="draft-preview-row">
                <div className="text-slate-800">{c.title}</div>
                <div className="font-mono text-xs text-slate-500">
                  {c.subject.name ?? "—"} {c.subject.idNumber ?? ""}
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** 编译后的 SQL 与执行计划, collapsed: asked for when opened (the plan of the rule on screen then). */
function SqlAndPlan({ rule, runDate }: { rule: JsonObject; runDate: string }) {
  const [text, setText] = useState<string | null>(null);
  return (
    <details
      className="border-b border-slate-100 px-3 py-2 text-xs"
      data-testid="draft-preview-sql"
      onToggle={(e) => {
        if (!(e.currentTarget as HTMLDetailsElement).open) return;
        setText("读取中…");
        void explainDefinitionAction(rule, runDate).then((r) => setText(r.ok ? `${r.data.sql}\n\n-- 执行计划\n${r.data.plan}` : r.error));
      }}
    >
      <summary className="cursor-pointer text-slate-600">编译后的 SQL 与执行计划</summary>
      <pre className="mt-2 max-h-80 overflow-auto whitespace-pre-wrap rounded bg-slate-50 p-2 font-mono text-[11px] leading-4 text-slate-700">{text}</pre>
    </details>
  );
}
