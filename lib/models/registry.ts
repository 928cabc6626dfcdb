import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { models, modelVersions } from "@/db/schema";
import { codeIssues } from "../code-lists/queries";
import { invalidInput } from "../validation";
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
  await assertModelFileCodes(files);
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

/** A model file's business lines (the model's and its clue's) must be codes of the list: a typo fails loudly. */
async function assertModelFileCodes(files: readonly ModelFile[]): Promise<void> {
  const issues = await codeIssues(
    files.flatMap((f) => [
      { path: `${f.key}.businessLine`, kind: "businessLine" as const, value: f.businessLine },
      ...(f.rule.clue.businessLine === undefined ? [] : [{ path: `${f.key}.rule.clue.businessLine`, kind: "businessLine" as const, value: f.rule.clue.businessLine }]),
    ]),
  );
  if (issues.length > 0) throw invalidInput(issues);
}
