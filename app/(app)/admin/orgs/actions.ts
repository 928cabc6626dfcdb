"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { createOrg, renameOrg } from "@/lib/orgs/commands";

type State = ActionResult<{ id: string }> | null;

export async function createOrgAction(_prev: State, formData: FormData): Promise<State> {
  const result = await runAction(async (actor) => {
    const org = await createOrg(actor, { parentId: formData.get("parentId"), name: formData.get("name") });
    return { id: org.id };
  });
  if (result.ok) {
    revalidatePath("/admin/orgs");
    return { ...result, message: "已创建" };
  }
  return result;
}

export async function renameOrgAction(_prev: State, formData: FormData): Promise<State> {
  const result = await runAction(async (actor) => {
    const org = await renameOrg(actor, { id: formData.get("id"), name: formData.get("name") });
    return { id: org.id };
  });
  if (result.ok) {
    revalidatePath("/admin/orgs");
    return { ...result, message: "已保存" };
  }
  return result;
}
