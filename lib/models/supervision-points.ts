import "server-only";
import { asc } from "drizzle-orm";
import { getDb } from "@/db/client";
import { supervisionPoints, type SupervisionPoint } from "@/db/schema";
import { requireActiveCode } from "../code-lists/queries";

/** The taxonomy in display order, disabled points included (models filed under them keep them). */
export async function listSupervisionPoints(): Promise<SupervisionPoint[]> {
  return getDb().select().from(supervisionPoints).orderBy(asc(supervisionPoints.position), asc(supervisionPoints.code));
}

/** code → “刑罚执行·交付执行” for showing a stored code (an unknown code shows as itself). */
export async function supervisionPointLabels(): Promise<ReadonlyMap<string, string>> {
  return new Map((await listSupervisionPoints()).map((p) => [p.code, p.labelZh]));
}

/** Refuses a code that names no active point, listing the ones that may stand there (422 at `path`). */
export async function assertSupervisionPoint(code: string, path = "supervisionPoint"): Promise<void> {
  await requireActiveCode("supervisionPoint", path, code);
}
