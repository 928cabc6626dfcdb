"use client";

import { FormMessage } from "@/components/forms/form-message";
import { useKeptFormAction } from "@/components/forms/use-kept-form-action";
import { registerDatasetAction } from "./actions";

export function DefinitionForm({ template }: { template: string }) {
  // A refused definition keeps the JSON as edited (a form action would put the template back).
  const [state, onSubmit, pending, action] = useKeptFormAction(registerDatasetAction, null);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-3" noValidate>
      <textarea name="definition" defaultValue={template} spellCheck={false} rows={26} className="input font-mono text-xs leading-5" aria-label="数据资源定义（JSON）" />
      {state && !state.ok && state.issues?.length ? (
        <ul className="rounded border border-red-200 bg-red-50 px-4 py-2 text-sm text-red-700" data-testid="definition-issues">
          {state.issues.map((i, k) => (
            <li key={k}>
              <code className="mr-2 text-xs">{i.path}</code>
              {i.message}
            </li>
          ))}
        </ul>
      ) : (
        <FormMessage state={state} />
      )}
      <button className="btn-primary" disabled={pending}>
        {pending ? "正在创建…" : "登记并建表"}
      </button>
    </form>
  );
}
