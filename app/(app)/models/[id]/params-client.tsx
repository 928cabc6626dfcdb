"use client";

import { FormMessage } from "@/components/forms/form-message";
import { useKeptFormAction } from "@/components/forms/use-kept-form-action";
import type { ModelParamView } from "@/lib/models/params";
import { modelParamsAction } from "../actions";

const SOURCE_LABELS: Record<ModelParamView["source"], string> = { default: "默认", org: "本院设置" };
const INPUT_TYPES: Record<ModelParamView["type"], string> = { integer: "number", numeric: "number", date: "date", text: "text" };

function range(p: ModelParamView): string {
  if (p.min !== undefined && p.max !== undefined) return `范围 ${p.min}–${p.max}`;
  if (p.min !== undefined) return `不小于 ${p.min}`;
  if (p.max !== undefined) return `不大于 ${p.max}`;
  return "";
}

/** What the explanation and the runs use now, and what the default is. */
function hint(p: ModelParamView): string {
  return [`默认 ${p.default}`, range(p)].filter(Boolean).join("，");
}

/**
 * 本院参数: each threshold the model declares, with the value this org's runs use. Builders set
 * the org's own values (an empty field goes back to the default); others read them.
 */
export function ModelParamsForm({ modelId, params, canEdit }: { modelId: string; params: ModelParamView[]; canEdit: boolean }) {
  const [state, onSubmit, pending, action] = useKeptFormAction(modelParamsAction, null);
  if (!canEdit) {
    return (
      <dl className="space-y-1" data-testid="model-params">
        {params.map((p) => (
          <div key={p.name} className="flex justify-between gap-2">
            <dt className="text-slate-600">{p.label}</dt>
            <dd className="tabular-nums text-slate-800">
              {String(p.value)}
              <span className="text-xs text-slate-400">（{SOURCE_LABELS[p.source]}）</span>
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-2" data-testid="model-params-form">
      <input type="hidden" name="modelId" value={modelId} />
      {params.map((p) => (
        <label key={p.name} className="block">
          <span className="mb-0.5 flex justify-between gap-2 text-slate-600">
            <span>{p.label}</span>
            <span className="text-xs text-slate-400">{SOURCE_LABELS[p.source]}</span>
          </span>
          <input
            name={`param.${p.name}`}
            type={INPUT_TYPES[p.type]}
            step={p.type === "numeric" ? "any" : undefined}
            defaultValue={p.source === "org" ? String(p.value) : ""}
            placeholder={String(p.default)}
            className="input w-full"
            aria-label={p.label}
          />
          <span className="text-xs text-slate-400">{hint(p)}；留空即用默认值</span>
        </label>
      ))}
      <button type="submit" className="btn-secondary" disabled={pending} data-testid="save-model-params">
        {pending ? "保存中…" : "保存本院参数"}
      </button>
      <FormMessage state={state} />
    </form>
  );
}
