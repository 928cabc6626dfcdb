"use client";

import { useActionState } from "react";
import { OptionList } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { createApiKeyAction } from "./actions";

export function ApiKeyForm({ orgs }: { orgs: { value: string; label: string }[] }) {
  const [state, action, pending] = useActionState(createApiKeyAction, null);
  return (
    <div className="space-y-3">
      <form action={action} className="flex flex-wrap items-end gap-3" noValidate>
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">名称（用途）</span>
          <input name="name" className="input w-64" placeholder="如：法院数据每日推送" />
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">所属院</span>
          <select name="orgId" className="input w-72" defaultValue="">
            <OptionList options={orgs} />
          </select>
        </label>
        <button className="btn-primary" disabled={pending}>
          生成密钥
        </button>
      </form>
      {state?.ok ? (
        <div className="rounded border border-amber-200 bg-amber-50 p-3 text-sm" data-testid="new-api-key">
          <p className="mb-1 font-medium text-amber-800">请立即复制并妥善保存，此密钥只显示这一次：</p>
          <code className="block rounded bg-white px-2 py-1 font-mono text-xs break-all select-all">{state.data.key}</code>
        </div>
      ) : (
        <FormMessage state={state} />
      )}
    </div>
  );
}
