import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Icon } from "@/components/ui/icons";
import { getActor } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/locale";
import { LoginForm } from "./login-form-client";

export const metadata: Metadata = { title: "登录" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; passwordChanged?: string }> }) {
  if (await getActor()) redirect("/");
  const { t } = await getMessages();
  const { callbackUrl, passwordChanged } = await searchParams;
  return (
    <div className="flex min-h-screen">
      <div className="hidden w-[44%] flex-col justify-between bg-brand-900 p-10 text-white lg:flex">
        <div className="flex items-center gap-3">
          <span className="rounded bg-seal p-2">
            <Icon name="emblem" className="h-7 w-7" />
          </span>
          <div>
            <div className="text-xl font-semibold tracking-wide">{t.app.name}</div>
            <div className="text-sm text-brand-100">{t.app.fullName}</div>
          </div>
        </div>
        <div>
          <p className="text-3xl leading-snug font-semibold">{t.login.heroTitle}</p>
          <p className="mt-3 max-w-md text-brand-100">{t.login.heroBody}</p>
        </div>
        <div className="text-xs text-brand-100/70">{t.login.footer}</div>
      </div>
      <div className="flex flex-1 items-center justify-center p-6">
        <div className="w-full max-w-sm">
          <h1 className="text-2xl font-semibold text-slate-900">{t.login.title}</h1>
          <p className="mt-1 mb-6 text-sm text-slate-500">{t.login.subtitle}</p>
          {passwordChanged ? (
            <p className="mb-4 rounded border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-700" data-testid="login-notice">
              {t.login.passwordChanged}
            </p>
          ) : null}
          <div className="card p-6">
            <LoginForm t={t.login} callbackUrl={callbackUrl ?? "/"} />
          </div>
        </div>
      </div>
    </div>
  );
}
