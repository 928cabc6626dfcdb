import Link from "next/link";
import type { ReactNode } from "react";
import { signOutAction, switchLocaleAction } from "@/app/session-actions";
import type { Actor } from "@/lib/auth/actor";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import type { Locale, Messages } from "@/lib/i18n/messages";
import { navigationFor } from "@/lib/navigation";
import { Icon } from "../ui/icons";
import { SidebarNav } from "./sidebar-nav-client";

export function AppShell({ actor, t, locale, children }: { actor: Actor; t: Messages; locale: Locale; children: ReactNode }) {
  const roles = actor.roles.map((r) => ROLE_LABELS[r][locale]).join("、");
  return (
    <div className="flex min-h-screen">
      <aside className="fixed inset-y-0 left-0 flex w-56 flex-col bg-brand-900 text-white">
        <div className="flex items-center gap-2.5 border-b border-white/10 px-4 py-4">
          <span className="rounded bg-seal p-1.5 text-white">
            <Icon name="emblem" className="h-5 w-5" />
          </span>
          <div className="leading-tight">
            <div className="text-base font-semibold tracking-wide">{t.app.name}</div>
            <div className="text-[11px] text-brand-100">{t.app.fullName}</div>
          </div>
        </div>
        <SidebarNav items={navigationFor(actor, t)} />
        <div className="border-t border-white/10 px-4 py-3 text-[11px] text-brand-100/70">{t.app.tagline}</div>
      </aside>
      <div className="ml-56 flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-10 flex h-14 items-center justify-between border-b border-slate-200 bg-white px-6">
          <div className="truncate text-sm text-slate-500" data-testid="header-org">
            {actor.orgName}
          </div>
          <div className="flex items-center gap-4 text-sm">
            <form action={switchLocaleAction}>
              <input type="hidden" name="locale" value={locale === "zh" ? "en" : "zh"} />
              <button type="submit" className="btn-link">
                {t.header.language}
              </button>
            </form>
            <div className="text-right leading-tight" data-testid="header-user">
              <div className="font-medium text-slate-800">{actor.name}</div>
              <div className="text-xs text-slate-500">{roles}</div>
            </div>
            <Link href="/account/password" className="btn-link" data-testid="change-password-link">
              {t.header.changePassword}
            </Link>
            <form action={signOutAction}>
              <button type="submit" className="btn-secondary">
                {t.header.signOut}
              </button>
            </form>
          </div>
        </header>
        <main className="flex-1 px-6 py-6">{children}</main>
      </div>
    </div>
  );
}
