"use client";

import { useActionState, useEffect, useState } from "react";
import { saveDraftAction } from "../../../actions";

/**
 * The draft's definition as JSON, saved through the same checker as the API: a refusal lists
 * every problem at its path (definition.where.all[1].op …) and keeps what was typed.
 */
export function DraftEditor({ modelId, version, initial }: { modelId: string; version: number; initial: string }) {
  const [state, action, pending] = useActionState(saveDraftAction, null);
  const [text, setText] = useState(initial);
  const [dirty, setDirty] = useState(false);
  // Nothing typed is lost: leaving with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);
  return (
    <form
      action={(formData) => {
        setDirty(false);
        return action(formData);
      }}
      className="space-y-2"
      data-testid="draft-editor"
    >
      <input type="hidden" name="modelId" value={modelId} />
      <input type="hidden" name="version" value={version} />
      <label htmlFor="definition" className="block text-sm font-medium text-slate-700">
        规则定义（JSON）
      </label>
      <textarea
        id="definition"
        name="definition"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setDirty(true);
        }}
        spellCheck={false}
        rows={28}
        className="input w-full font-mono text-xs leading-5"
      />
      <div className="flex items-center gap-3">
        <button type="submit" className="btn-primary" disabled={pending} data-testid="save-draft">
          {pending ? "保存中…" : "保存草稿"}
        </button>
        {dirty ? <span className="text-xs text-amber-700">有未保存的修改</span> : null}
      </div>
      {state && state.ok ? (
        <p className="rounded border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-700" data-testid="form-success">
          {state.message}
        </p>
      ) : null}
      {state && !state.ok ? (
        <div className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="form-error">
          {state.issues && state.issues.length > 0 ? (
            <>
              <p className="mb-1">规则未通过检查，请修改以下位置：</p>
              <ul className="list-disc space-y-0.5 pl-5" data-testid="draft-issues">
                {state.issues.map((issue, i) => (
                  <li key={i}>
                    <code className="font-mono text-xs">{issue.path}</code>：{issue.message}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            state.error
          )}
        </div>
      ) : null}
    </form>
  );
}
