import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { models, modelVersions } from "@/db/schema";
import type { ModelFile } from "../rules/model-file";
import type { Rule } from "../rules/schema";

/** JSON with sorted keys: the same definition always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

export function definitionHash(rule: Rule): string {
  return createHash("sha256").update(canonical(rule)).digest("hex");
}

/** For the seed: the built-in models, owned by the province, version 1 published (once). */
export async function installBuiltinModels(db: Db, ownerOrgId: string, files: ModelFile[]): Promise<number> {
  let created = 0;
  for (const file of files) {
    await db.transaction(async (tx) => {
      const [model] = await tx
        .insert(models)
        .values({ key: file.key, name: file.name, description: file.description, legalBasis: file.legalBasis, businessLine: file.businessLine, supervisionPoint: file.supervisionPoint ?? null, ownerOrgId, builtin: true })
        .onConflictDoNothing()
        .returning({ id: models.id });
      if (!model) return;
      await tx.insert(modelVersions).values({ modelId: model.id, version: 1, definition: file.rule, contentHash: definitionHash(file.rule), status: "published", publishedAt: new Date() });
      created++;
    });
  }
  return created;
}
