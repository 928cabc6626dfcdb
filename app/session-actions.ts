"use server";

import { cookies } from "next/headers";
import { signOut } from "@/lib/auth/next-auth";
import { endCurrentSession } from "@/lib/auth/session";
import { LOCALE_COOKIE } from "@/lib/i18n/locale";

export async function signOutAction(): Promise<void> {
  await endCurrentSession();
  await signOut({ redirectTo: "/login" });
}

export async function switchLocaleAction(formData: FormData): Promise<void> {
  const locale = formData.get("locale") === "en" ? "en" : "zh";
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
}
