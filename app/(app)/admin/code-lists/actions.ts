"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { createCode, updateCode } from "@/lib/code-lists/commands";

type State = ActionResult<{ code: string }> | null;

const fields = (formData: FormData) => ({ kind: formData.get("kind"), code: formData.get("code"), labelZh: formData.get("labelZh"), labelEn: formData.get("labelEn") });

export async function createCodeAction(_prev: State, formData: FormData): Promise<State> {
  const result = await runAction(async (actor) => ({ code: (await createCode(actor, fields(formData))).code }));
  if (!result.ok) return result;
  revalidatePath("/admin/code-lists");
  return { ...result, message: `已新增“${result.data.code}”` };
}

export async function updateCodeAction(_prev: State, formData: FormData): Promise<State> {
  // An unticked checkbox sends nothing: that is "disabled", not "missing".
  const result = await runAction(async (actor) => ({ code: (await updateCode(actor, { ...fields(formData), active: formData.get("active") ?? "off" })).code }));
  if (!result.ok) return result;
  revalidatePath("/admin/code-lists");
  return { ...result, message: "已保存" };
}
