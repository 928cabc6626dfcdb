"use client";

import { useActionState, useCallback, useRef, useState } from "react";
import { useLeaveWarning } from "@/components/forms/use-leave-warning";
import { RuleBuilder } from "@/components/rule-builder/rule-builder";
import type { BuilderCatalog, Issue, JsonObject } from "@/components/rule-builder/types";
import { saveDraftAction } from "../../../actions";
import { checkDefinitionAction } from "../../../builder-actions";
import { DraftPreview } from "../../../draft-preview-client";
import { useAutosave } from "./use-autosave";

/**
 * The draft's definition in the no-code builder (blocks, or the same rule as JSON), saved through
 * the same checker as the API: a refusal shows every problem at its block and path and keeps what
 * was built.
 */
export function DraftEditor({ modelId, version, initial, catalog }: { modelId: string; version: number; initial: JsonObject; catalog: BuilderCatalog }) {
  const [state, action, pending] = useActionState(saveDraftAction, null);
  const [dirty, setDirty] = useState(false);
  const [checked, setChecked] = useState<{ rule: JsonObject; issues: readonly Issue[] } | null>(null);
  const latest = useRef(JSON.stringify(initial));
  // Saved what is on screen: nothing left to lose.
  const onSaved = useCallback((text: string) => {
    if (text === latest.current) setDirty(false);
  }, []);
  const autosave = useAutosave(modelId, version, JSON.stringify(initial), checked?.rule ?? null, checked?.issues ?? null, onSaved);
  useLeaveWarning(dirty);
  const savedIssues = state && !state.ok ? (state.issues ?? []) : [];
  return (
    <form
      action={(formData) => {
        setDirty(false);
        return action(formData);
      }}
      className="space-y-3"
      data-testid="draft-editor"
    >
      <input type="hidden" name="modelId" value={modelId} />
      <input type="hidden" name="version" value={version} />
      <RuleBuilder
        name="definition"
        initial={initial}
        catalog={catalog}
        check={checkDefinitionAction}
        savedIssues={savedIssues}
        onChange={(rule) => {
          latest.current = JSON.stringify(rule);
          setDirty(true);
        }}
        onChecked={(rule, issues) => setChecked({ rule, issues })}
        aside={(rule, issues) => <DraftPreview rule={rule} issues={issues} />}
      />
      <div className="flex items-center gap-3">
        <button type="submit" className="btn-primary" disabled={pending} data-testid="save-draft">
          {pending ? "保存中…" : "保存草稿"}
        </button>
        {dirty ? <span className="text-xs text-amber-700">有未保存的修改</span> : null}
        {autosave ? (
          <span className="text-xs text-slate-500" data-testid="autosave-status">
            {autosave}
          </span>
        ) : null}
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
