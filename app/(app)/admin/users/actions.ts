"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { createUser, resetPassword, setUserDisabled, updateUser } from "@/lib/users/commands";

type State = ActionResult<unknown> | null;

function userFields(formData: FormData): Record<string, unknown> {
  return {
    username: formData.get("username"),
    name: formData.get("name"),
    orgId: formData.get("orgId"),
    roles: formData.getAll("roles"),
  };
}

export async function createUserAction(_prev: State, formData: FormData): Promise<State> {
  const result = await runAction((actor) => createUser(actor, { ...userFields(formData), password: formData.get("password") }));
  if (!result.ok) return result;
  revalidatePath("/admin/users");
  redirect(`/admin/users?created=${encodeURIComponent(String(formData.get("username")))}`);
}

export async function updateUserAction(_prev: State, formData: FormData): Promise<State> {
  const result = await runAction((actor) => updateUser(actor, { id: formData.get("id"), ...userFields(formData) }));
  if (!result.ok) return result;
  revalidatePath("/admin/users");
  return { ok: true, data: null, message: "已保存。角色或所属院变更后，该用户需重新登录。" };
}

export async function setDisabledAction(_prev: State, formData: FormData): Promise<State> {
  const disabled = formData.get("disabled") === "true";
  const result = await runAction((actor) => setUserDisabled(actor, { id: formData.get("id"), disabled }));
  if (!result.ok) return result;
  revalidatePath("/admin/users");
  return { ok: true, data: null, message: disabled ? "账号已停用，其登录会话立即失效。" : "账号已启用。" };
}

export async function resetPasswordAction(_prev: State, formData: FormData): Promise<State> {
  const result = await runAction((actor) => resetPassword(actor, { id: formData.get("id"), password: formData.get("password") }));
  if (!result.ok) return result;
  return { ok: true, data: null, message: "密码已重置，该用户需使用新密码重新登录。" };
}
