"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { resetPasswordAction, setDisabledAction } from "./actions";

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
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="id" value={id} />
      <input name="password" type="password" placeholder="新密码（至少 8 位，含字母和数字）" className="input" autoComplete="new-password" aria-label="新密码" />
      <FormMessage state={state} />
      <button className="btn-secondary" disabled={pending}>
        重置密码
      </button>
    </form>
  );
}
