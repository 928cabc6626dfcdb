"use server";

import { revalidatePath } from "next/cache";
import { notFound } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/commands";
import { actorOrThrow } from "@/lib/auth/session";
import { NotFoundError, ValidationError } from "@/lib/errors";

export async function createApiKeyAction(_prev: ActionResult<{ key: string }> | null, formData: FormData): Promise<ActionResult<{ key: string }>> {
  const result = await runAction(async (actor) => {
    const input = { orgId: formData.get("orgId"), name: formData.get("name"), scopes: formData.getAll("scopes"), expiresOn: formData.get("expiresOn") };
    const { key } = await createApiKey(actor, input);
    return { key };
  });
  if (result.ok) revalidatePath("/admin/api-keys");
  return result;
}

/** Another org's key (or a forged or malformed id) answers 404, as the API would, and stays as it was. */
export async function revokeApiKeyAction(formData: FormData): Promise<void> {
  try {
    await revokeApiKey(await actorOrThrow(), formData.get("id"));
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ValidationError) notFound();
    throw error;
  }
  revalidatePath("/admin/api-keys");
}
