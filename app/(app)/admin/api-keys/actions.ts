"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/commands";

export async function createApiKeyAction(_prev: ActionResult<{ key: string }> | null, formData: FormData): Promise<ActionResult<{ key: string }>> {
  const result = await runAction(async (actor) => {
    const input = { orgId: formData.get("orgId"), name: formData.get("name"), scopes: formData.getAll("scopes"), expiresOn: formData.get("expiresOn") };
    const { key } = await createApiKey(actor, input);
    return { key };
  });
  if (result.ok) revalidatePath("/admin/api-keys");
  return result;
}

export async function revokeApiKeyAction(formData: FormData): Promise<void> {
  const result = await runAction((actor) => revokeApiKey(actor, formData.get("id")));
  if (!result.ok) throw new Error(result.error);
  revalidatePath("/admin/api-keys");
}
