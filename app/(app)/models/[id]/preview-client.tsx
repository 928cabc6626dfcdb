"use client";

import { FormMessage } from "@/components/forms/form-message";
import { useKeptFormAction } from "@/components/forms/use-kept-form-action";
import { previewModelAction } from "../actions";
import { PreviewFunnel } from "./preview-funnel";

/** 预览命中: what a run of the published version would find in this org, masked, nothing stored. */
export function ModelPreviewPanel({ modelId }: { modelId: string }) {
  // A refused preview keeps the run date typed (a form action would clear it).
  const [state, onSubmit, pending, action] = useKeptFormAction(previewModelAction, null);
  const preview = state?.ok ? state.data : null;
  const formId = `model-preview-${modelId}`;
  return (
    <section className="card mt-4" data-testid="model-preview">
      <form id={formId} action={action} onSubmit={onSubmit} className="flex flex-wrap items-end gap-3 border-b border-slate-100 px-4 py-2.5">
        <h2 className="mr-auto font-medium text-slate-800">预览命中（不保存）</h2>
        <input type="hidden" name="modelId" value={modelId} />
        <label className="flex items-center gap-2 whitespace-nowrap text-sm text-slate-600">
          运行日期
          <input type="date" name="runDate" className="input w-40" aria-label="运行日期" />
        </label>
        <button type="submit" className="btn-secondary" disabled={pending} data-testid="preview-run">
          {pending ? "预览中…" : "预览"}
        </button>
      </form>
      {state && !state.ok ? (
        <div className="p-4">
          <FormMessage state={state} />
        </div>
      ) : null}
      {preview?.funnel ? <PreviewFunnel steps={preview.funnel} /> : null}
      {preview ? (
        <div className="overflow-x-auto">
          <div className="flex flex-wrap items-center gap-3 px-4 py-2">
            <p className="mr-auto text-sm text-slate-600" data-testid="preview-count">
              共命中 {preview.count.toLocaleString("zh-CN")} 条{preview.count > preview.clues.length ? `，第 ${preview.page} 页（本页 ${preview.clues.length} 条）` : ""}；个人信息已脱敏。
            </p>
            {preview.previous !== null || preview.next !== null ? (
              // The page buttons submit the panel's form with their own value (cursor and the way back).
              <div className="flex gap-2">
                <button type="submit" form={formId} name="page" value={preview.previous ?? ""} className="btn-secondary" disabled={pending || preview.previous === null} data-testid="preview-previous">
                  上一页
                </button>
                <button type="submit" form={formId} name="page" value={preview.next ?? ""} className="btn-secondary" disabled={pending || preview.next === null} data-testid="preview-next">
                  下一页
                </button>
              </div>
            ) : null}
          </div>
          {preview.clues.length > 0 ? (
            <table className="table" data-testid="preview-table">
              <thead>
                <tr>
                  <th>线索标题</th>
                  <th>当事人</th>
                  <th>证件号码</th>
                  <th>证据</th>
                </tr>
              </thead>
              <tbody>
                {preview.clues.map((c, i) => (
                  <tr key={i} data-testid="preview-row">
                    <td>{c.title}</td>
                    <td className="whitespace-nowrap">{c.subjectName ?? "—"}</td>
                    <td className="whitespace-nowrap font-mono">{c.subjectId ?? "—"}</td>
                    <td className="text-xs text-slate-600">
                      {c.evidence.flatMap((s) => s.fields.map((f) => `${f.label}：${f.value}`)).join("；")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
