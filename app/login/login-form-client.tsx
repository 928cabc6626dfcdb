"use client";

import { useActionState } from "react";
import type { Messages } from "@/lib/i18n/messages";
import { loginAction, type LoginState } from "./actions";

export function LoginForm({ t, callbackUrl }: { t: Messages["login"]; callbackUrl: string }) {
  const [state, action, pending] = useActionState<LoginState, FormData>(loginAction, { error: null, username: "" });
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <label className="block">
        <span className="mb-1 block text-sm text-slate-600">{t.username}</span>
        <input name="username" className="input py-2" autoComplete="username" defaultValue={state.username} autoFocus required />
      </label>
      <label className="block">
        <span className="mb-1 block text-sm text-slate-600">{t.password}</span>
        <input name="password" type="password" className="input py-2" autoComplete="current-password" required />
      </label>
      {state.error ? (
        <p className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="login-error">
          {state.error}
        </p>
      ) : null}
      <button type="submit" className="btn-primary w-full py-2.5 text-base" disabled={pending}>
        {pending ? t.submitting : t.submit}
      </button>
    </form>
  );
}
