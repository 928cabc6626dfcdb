"use server";

import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { signOut } from "@/lib/auth/next-auth";
import { changeOwnPassword } from "@/lib/users/commands";

/** On success every session of the user has ended (this one too): back to sign-in, saying why. */
export async function changeOwnPasswordAction(_prev: ActionResult<null> | null, formData: FormData): Promise<ActionResult<null>> {
  const result = await runAction(async (actor) => {
    await changeOwnPassword(actor, {
      currentPassword: formData.get("currentPassword"),
      newPassword: formData.get("newPassword"),
      confirmPassword: formData.get("confirmPassword"),
    });
    return null;
  });
  if (!result.ok) return result;
  await signOut({ redirectTo: "/login?passwordChanged=1" });
  return result;
}
