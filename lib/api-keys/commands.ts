import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { apiKeys, orgs, users } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { makeActor, API_KEY_ROLES, type Actor } from "../auth/actor";
import { inScope, requirePermission, scopeFor } from "../auth/policy";
import { NotFoundError } from "../errors";
import { getOrg } from "../orgs/queries";
import { parseInput } from "../validation";
import { displayPrefix, generateApiKey, hashApiKey } from "./keys";

export const ZCreateApiKeyInput = z.object({
  orgId: z.uuid("请选择所属院"),
  name: z.string().trim().min(2, "名称至少 2 个字").max(60, "名称不能超过 60 个字"),
});

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  orgId: string;
  orgName: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdByName: string | null;
}

/** Stores a key (plaintext given by the caller, e.g. the seed's DEMO_API_KEY); returns its id. */
export async function insertApiKey(db: Pick<Db, "insert">, orgId: string, name: string, key: string, createdById: string | null): Promise<string> {
  const [row] = await db
    .insert(apiKeys)
    .values({ orgId, name, prefix: displayPrefix(key), keyHash: hashApiKey(key), createdById })
    .returning({ id: apiKeys.id });
  return row.id;
}

/** Creates a key for an org the admin manages; the plaintext is returned once and never stored. */
export async function createApiKey(actor: Actor, input: unknown): Promise<{ id: string; key: string }> {
  requirePermission(actor, "admin.api_keys");
  const data = parseInput(ZCreateApiKeyInput, input);
  const org = await getOrg(actor, data.orgId, "admin.api_keys");
  const key = generateApiKey();
  const id = await getDb().transaction(async (tx) => {
    const keyId = await insertApiKey(tx, org.id, data.name, key, actor.kind === "user" ? actor.id : null);
    await recordAudit(actor, { action: "api_key.create", orgId: org.id, targetType: "api_key", targetId: keyId, detail: { name: data.name, org: org.name } }, tx);
    return keyId;
  });
  return { id, key };
}

export async function listApiKeys(actor: Actor): Promise<ApiKeyView[]> {
  const scope = scopeFor(actor, "admin.api_keys");
  return getDb()
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      orgId: apiKeys.orgId,
      orgName: orgs.name,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      createdByName: users.name,
    })
    .from(apiKeys)
    .innerJoin(orgs, eq(orgs.id, apiKeys.orgId))
    .leftJoin(users, eq(users.id, apiKeys.createdById))
    .where(inScope(apiKeys.orgId, scope))
    .orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(actor: Actor, id: unknown): Promise<void> {
  requirePermission(actor, "admin.api_keys");
  const keyId = parseInput(z.uuid("密钥标识无效"), id);
  const scope = scopeFor(actor, "admin.api_keys");
  await getDb().transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, keyId), inScope(apiKeys.orgId, scope), isNull(apiKeys.revokedAt)))
      .returning();
    if (!row) throw new NotFoundError("API 密钥");
    await recordAudit(actor, { action: "api_key.revoke", orgId: row.orgId, targetType: "api_key", targetId: row.id, detail: { name: row.name } }, tx);
  });
}

/** The actor a live key acts as (its org's data admin + prosecutor rights), or null. */
export async function authenticateApiKey(key: string, ip: string | null): Promise<Actor | null> {
  const db = getDb();
  const [row] = await db
    .select({ key: apiKeys, org: orgs })
    .from(apiKeys)
    .innerJoin(orgs, eq(orgs.id, apiKeys.orgId))
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return null;
  await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.key.id));
  return makeActor("api_key", row.key.id, `API 密钥：${row.key.name}`, row.org, API_KEY_ROLES, ip);
}
