"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { applyForDataset, decideApplication, revokeGrant } from "@/lib/datasets/applications";

type State = ActionResult<null> | null;
type ApplyState = ActionResult<string> | null;

/** A form field as text (a missing field reads as empty, so zod answers in Chinese). */
function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

export async function applyAction(_prev: ApplyState, formData: FormData): Promise<ApplyState> {
  const result = await runAction(async (actor) => {
    const application = await applyForDataset(actor, {
      datasetKey: text(formData, "datasetKey"),
      purpose: text(formData, "purpose"),
      validFrom: text(formData, "validFrom"),
      validTo: text(formData, "validTo"),
    });
    return application.id;
  });
  if (!result.ok) return result;
  revalidatePath("/datasets/applications");
  // The list names who decides the submitted application.
  redirect(`/datasets/applications?submitted=${result.data}`);
}

export async function decideAction(_prev: State, formData: FormData): Promise<State> {
  const decision = text(formData, "decision");
  const result = await runAction(async (actor) => {
    await decideApplication(actor, { id: text(formData, "id"), decision, comment: text(formData, "comment") });
    return null;
  });
  if (!result.ok) return result;
  revalidatePath("/datasets/applications");
  return { ok: true, data: null, message: decision === "approve" ? "已批准。" : "已驳回。" };
}

export async function revokeAction(_prev: State, formData: FormData): Promise<State> {
  const result = await runAction(async (actor) => {
    await revokeGrant(actor, text(formData, "id"));
    return null;
  });
  if (!result.ok) return result;
  revalidatePath("/datasets/applications");
  return { ok: true, data: null, message: "授权已撤销。" };
}
