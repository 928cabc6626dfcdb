"use server";

import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { registerDataset } from "@/lib/datasets/catalog";
import { ValidationError } from "@/lib/errors";

export async function registerDatasetAction(_prev: ActionResult<unknown> | null, formData: FormData): Promise<ActionResult<unknown>> {
  const text = String(formData.get("definition") ?? "");
  const result = await runAction(async (actor) => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ValidationError(`定义不是有效的 JSON：${(error as Error).message}`);
    }
    return registerDataset(actor, json);
  });
  if (!result.ok) return result;
  redirect(`/datasets/${(result.data as { key: string }).key}`);
}
