"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { keepTypedValues } from "@/components/forms/keep-typed-values";
import { resetPasswordAction, setDisabledAction } from "./actions";
import { PASSWORD_HINT } from "./user-form-client";

export function StatusForm({ id, disabled }: { id: string; disabled: boolean }) {
  const [state, action, pending] = useActionState(setDisabledAction, null);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="disabled" value={disabled ? "false" : "true"} />
      <p className="text-sm text-slate-600">
        {disabled ? "该账号已停用，无法登录。" : "停用后该用户立即退出登录且无法再登录，数据与记录保留。"}
      </p>
      <FormMessage state={state} />
      <button className={disabled ? "btn-primary" : "btn-danger"} disabled={pending}>
        {disabled ? "启用账号" : "停用账号"}
      </button>
    </form>
  );
}

export function ResetPasswordForm({ id }: { id: string }) {
  const [state, action, pending] = useActionState(resetPasswordAction, null);
  const problem = state && !state.ok ? state.issues?.find((i) => i.path === "password")?.message : undefined;
  return (
    // Kept after an error so it can be corrected; a successful reset clears the field.
    <form action={action} onSubmit={keepTypedValues(action)} className="space-y-3" noValidate key={state?.ok ? "done" : "editing"}>
      <input type="hidden" name="id" value={id} />
      <input name="password" type="password" placeholder={`新密码（${PASSWORD_HINT}）`} className="input" autoComplete="new-password" aria-label="新密码" />
      {problem ? <p className="text-xs text-red-600" data-testid="password-error">{problem}</p> : null}
      <FormMessage state={state} />
      <button className="btn-secondary" disabled={pending}>
        重置密码
      </button>
    </form>
  );
}
