import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireActor } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/locale";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  const { t, locale } = await getMessages();
  return (
    <AppShell actor={actor} t={t} locale={locale}>
      {children}
    </AppShell>
  );
}
