"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { cancelImport } from "@/lib/datasets/import/cancel";

type State = ActionResult<null> | null;

/** Cancels a queued import at once, or asks the worker to stop a running one (it rolls back). */
export async function cancelImportAction(_prev: State, formData: FormData): Promise<State> {
  const id = formData.get("id");
  const result = await runAction(async (actor) => cancelImport(actor, typeof id === "string" ? id : ""));
  if (!result.ok) return result;
  revalidatePath(`/datasets/[key]`, "page");
  return { ok: true, data: null, message: result.data.status === "cancelled" ? "已取消。" : "正在停止导入并撤销已写入的数据…" };
}
