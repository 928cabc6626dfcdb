import "server-only";
import { createHash } from "node:crypto";
import { and, desc, eq, max } from "drizzle-orm";
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

/**
 * For the seed and every start: the built-in models, owned by the province. A model new to the
 * database is installed with version 1 published; a built-in whose file changed since (a newer
 * release of the product: a fixed dedup key, thresholds declared as parameters) gets the file as
 * its next published version — published versions are immutable, and runs take the newest one.
 * Answers how many models were installed or upgraded.
 */
export async function installBuiltinModels(db: Db, ownerOrgId: string, files: ModelFile[]): Promise<number> {
  await assertModelFileCodes(files);
  let changed = 0;
  for (const file of files) {
    const done = await db.transaction(async (tx) => {
      const [model] = await tx
        .insert(models)
        .values({ key: file.key, name: file.name, description: file.description, legalBasis: file.legalBasis, businessLine: file.businessLine, supervisionPoint: file.supervisionPoint ?? null, ownerOrgId, builtin: true })
        .onConflictDoNothing()
        .returning({ id: models.id });
      const contentHash = definitionHash(file.rule);
      if (model) {
        await tx.insert(modelVersions).values({ modelId: model.id, version: 1, definition: file.rule, contentHash, status: "published", publishedAt: new Date() });
        return true;
      }
      return upgradeBuiltin(tx, ownerOrgId, file, contentHash);
    });
    if (done) changed++;
  }
  return changed;
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Publishes a built-in's file as its next version when it differs from the newest published one. */
async function upgradeBuiltin(tx: Tx, ownerOrgId: string, file: ModelFile, contentHash: string): Promise<boolean> {
  const [model] = await tx
    .select({ id: models.id })
    .from(models)
    .where(and(eq(models.ownerOrgId, ownerOrgId), eq(models.key, file.key), eq(models.builtin, true)))
    .for("update");
  if (!model) return false;
  const [newest] = await tx
    .select({ contentHash: modelVersions.contentHash })
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.status, "published")))
    .orderBy(desc(modelVersions.version))
    .limit(1);
  if (newest?.contentHash === contentHash) return false;
  const [{ last }] = await tx.select({ last: max(modelVersions.version) }).from(modelVersions).where(eq(modelVersions.modelId, model.id));
  await tx.insert(modelVersions).values({ modelId: model.id, version: (last ?? 0) + 1, definition: file.rule, contentHash, status: "published", publishedAt: new Date() });
  return true;
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
