"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/lib/auth/next-auth";
import { LOGIN_LIMITS } from "@/lib/auth/rate-limit";
import { getMessages } from "@/lib/i18n/locale";
import { format } from "@/lib/i18n/messages";

export interface LoginState {
  error: string | null;
  username: string;
}

/** Only same-site paths may follow a sign-in. */
function safeCallback(value: FormDataEntryValue | null): string {
  const path = typeof value === "string" ? value : "/";
  return path.startsWith("/") && !path.startsWith("//") ? path : "/";
}

export async function loginAction(_prev: LoginState, formData: FormData): Promise<LoginState> {
  const username = String(formData.get("username") ?? "").trim();
  const password = String(formData.get("password") ?? "");
  const { t } = await getMessages();
  if (!username || !password) return { error: username ? "请输入密码" : "请输入用户名", username };
  try {
    await signIn("credentials", { username, password, redirectTo: safeCallback(formData.get("callbackUrl")) });
    return { error: null, username };
  } catch (error) {
    // The success path throws Next's redirect, which must propagate.
    if (!(error instanceof AuthError)) throw error;
    const code = error instanceof CredentialsSignin ? error.code : "invalid";
    if (code === "rate_limited") {
      return { error: format(t.login.rateLimited, { minutes: Math.ceil(LOGIN_LIMITS.windowSeconds / 60) }), username };
    }
    return { error: code === "disabled" ? t.login.disabled : t.login.invalid, username };
  }
}
