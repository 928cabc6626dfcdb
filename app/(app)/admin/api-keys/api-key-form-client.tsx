"use client";

import { OptionList, type Option } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { useKeptFormAction } from "@/components/forms/use-kept-form-action";
import { createApiKeyAction } from "./actions";

interface Props {
  orgs: Option[];
  /** The roles a key may act as, with their labels. */
  scopes: Option[];
  expiry: { defaultDay: string; min: string; max: string };
}

export function ApiKeyForm({ orgs, scopes, expiry }: Props) {
  const [state, onSubmit, pending, action] = useKeptFormAction(createApiKeyAction, null, { resetOnSuccess: true });
  const issue = (path: string): string | undefined => (state && !state.ok ? state.issues?.find((i) => i.path === path)?.message : undefined);
  return (
    <div className="space-y-3">
      <form action={action} onSubmit={onSubmit} className="space-y-3" noValidate>
        <div className="flex flex-wrap items-end gap-3">
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
          <label className="text-sm">
            <span className="mb-1 block text-slate-600">有效期至</span>
            <input name="expiresOn" type="date" className="input w-44" defaultValue={expiry.defaultDay} min={expiry.min} max={expiry.max} />
          </label>
        </div>
        <fieldset className="text-sm">
          <legend className="mb-1 text-slate-600">权限范围（密钥以所选角色在本院的权限访问，可多选）</legend>
          <div className="flex flex-wrap gap-x-5 gap-y-2">
            {scopes.map((s) => (
              <label key={s.value} className="flex items-center gap-1.5">
                <input type="checkbox" name="scopes" value={s.value} className="h-4 w-4 accent-brand-600" />
                {s.label}
              </label>
            ))}
          </div>
          {issue("scopes") ? <p className="mt-1 text-xs text-red-600">{issue("scopes")}</p> : null}
          {issue("expiresOn") ? <p className="mt-1 text-xs text-red-600">有效期：{issue("expiresOn")}</p> : null}
        </fieldset>
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
