"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { keepTypedValues } from "@/components/forms/keep-typed-values";
import { Field, OptionList, type Option } from "@/components/forms/field";
import { createUserAction, updateUserAction } from "./actions";

interface Props {
  mode: "create" | "edit";
  orgs: Option[];
  roles: Option[];
  user?: { id: string; username: string; name: string; orgId: string; roles: string[] };
}

export const PASSWORD_HINT = "至少 10 位，不能含登录名，不能是常见密码或键盘序列";

export function UserForm({ mode, orgs, roles, user }: Props) {
  const [state, action, pending] = useActionState(mode === "create" ? createUserAction : updateUserAction, null);
  const issue = (path: string): string | undefined => (state && !state.ok ? state.issues?.find((i) => i.path === path)?.message : undefined);
  return (
    <form action={action} onSubmit={keepTypedValues(action)} className="space-y-4" noValidate>
      {user ? <input type="hidden" name="id" value={user.id} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="用户名" hint="登录用，字母、数字、下划线" error={issue("username")}>
          <input name="username" className="input" defaultValue={user?.username} disabled={mode === "edit"} autoComplete="off" />
        </Field>
        <Field label="姓名" error={issue("name")}>
          <input name="name" className="input" defaultValue={user?.name} />
        </Field>
        <Field label="所属院" error={issue("orgId")}>
          <select name="orgId" className="input" defaultValue={user?.orgId ?? ""}>
            <OptionList options={orgs} />
          </select>
        </Field>
        {mode === "create" ? (
          <Field label="初始密码" hint={PASSWORD_HINT} error={issue("password")}>
            <input name="password" type="password" className="input" autoComplete="new-password" />
          </Field>
        ) : null}
      </div>
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-700">角色（可多选）</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-2">
          {roles.map((r) => (
            <label key={r.value} className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" name="roles" value={r.value} defaultChecked={user?.roles.includes(r.value)} className="h-4 w-4 accent-brand-600" />
              {r.label}
            </label>
          ))}
        </div>
        {issue("roles") ? <p className="mt-1 text-xs text-red-600">{issue("roles")}</p> : null}
      </fieldset>
      <FormMessage state={state} />
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={pending}>
          {pending ? "正在保存…" : mode === "create" ? "创建用户" : "保存修改"}
        </button>
      </div>
    </form>
  );
}
