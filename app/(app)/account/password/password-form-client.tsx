"use client";

import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { useKeptFormAction } from "@/components/forms/use-kept-form-action";
import { PASSWORD_HINT } from "../../admin/users/user-form-client";
import { changeOwnPasswordAction } from "./actions";

export function ChangePasswordForm() {
  const [state, onSubmit, pending, action] = useKeptFormAction(changeOwnPasswordAction, null);
  const issue = (path: string): string | undefined => (state && !state.ok ? state.issues?.find((i) => i.path === path)?.message : undefined);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field label="当前密码" error={issue("currentPassword")}>
        <input name="currentPassword" type="password" className="input" autoComplete="current-password" />
      </Field>
      <Field label="新密码" hint={PASSWORD_HINT} error={issue("newPassword")}>
        <input name="newPassword" type="password" className="input" autoComplete="new-password" />
      </Field>
      <Field label="确认新密码" error={issue("confirmPassword")}>
        <input name="confirmPassword" type="password" className="input" autoComplete="new-password" />
      </Field>
      <FormMessage state={state} />
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? "正在保存…" : "修改密码"}
      </button>
    </form>
  );
}
