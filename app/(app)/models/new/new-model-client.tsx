"use client";

import { useState } from "react";
import { useLeaveWarning } from "@/components/forms/use-leave-warning";
import { Field, OptionList, type Option } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { useKeptFormAction } from "@/components/forms/use-kept-form-action";
import { RuleBuilder } from "@/components/rule-builder/rule-builder";
import type { BuilderCatalog, JsonObject } from "@/components/rule-builder/types";
import { createModelAction } from "../actions";
import { checkDefinitionAction } from "../builder-actions";
import { DraftPreview } from "../draft-preview-client";

/** The model's registry entry and its first rule, built in the no-code builder (or as JSON in its JSON view). */
export function NewModelForm({ lines, points, template, catalog }: { lines: Option[]; points: Option[]; template: JsonObject; catalog: BuilderCatalog }) {
  const [state, onSubmit, pending, action] = useKeptFormAction(createModelAction, null);
  const [dirty, setDirty] = useState(false);
  // Leaving before the model is created asks first (a draft then autosaves).
  useLeaveWarning(dirty);
  const issue = (path: string): string | undefined => (state && !state.ok ? state.issues?.find((i) => i.path === path)?.message : undefined);
  const ruleIssues = state && !state.ok ? (state.issues ?? []).filter((i) => i.path.startsWith("definition")) : [];
  return (
    <form action={action} onSubmit={onSubmit} onChange={() => setDirty(true)} className="space-y-4" data-testid="new-model-form">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="模型名称" error={issue("name")}>
          <input name="name" className="input w-full" required />
        </Field>
        <Field label="模型标识" hint="小写字母开头，字母、数字、下划线，本院内唯一" error={issue("key")}>
          <input name="key" className="input w-full font-mono" required />
        </Field>
        <Field label="业务条线" error={issue("businessLine")}>
          <select name="businessLine" className="input w-full" defaultValue="" required>
            <OptionList options={lines} />
          </select>
        </Field>
        <Field label="监督点" hint="可不选" error={issue("supervisionPoint")}>
          <select name="supervisionPoint" className="input w-full" defaultValue="">
            <option value="">（不选）</option>
            {points.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label="说明" error={issue("description")}>
        <textarea name="description" rows={2} className="input w-full" />
      </Field>
      <Field label="法律依据" error={issue("legalBasis")}>
        <textarea name="legalBasis" rows={2} className="input w-full" />
      </Field>
      <div>
        <h2 className="mb-2 text-sm font-medium text-slate-700">规则</h2>
        <RuleBuilder name="definition" initial={template} catalog={catalog} check={checkDefinitionAction} savedIssues={ruleIssues} onChange={() => setDirty(true)} aside={(rule, issues) => <DraftPreview rule={rule} issues={issues} />} />
      </div>
      {ruleIssues.length > 0 ? (
        <ul className="list-disc space-y-0.5 rounded border border-red-200 bg-red-50 py-2 pl-8 pr-3 text-sm text-red-700" data-testid="draft-issues">
          {ruleIssues.map((i, k) => (
            <li key={k}>
              <code className="font-mono text-xs">{i.path}</code>：{i.message}
            </li>
          ))}
        </ul>
      ) : (
        <FormMessage state={state} />
      )}
      <button type="submit" className="btn-primary" disabled={pending} data-testid="create-model">
        {pending ? "创建中…" : "创建模型（草稿 v1）"}
      </button>
    </form>
  );
}
