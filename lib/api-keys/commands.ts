import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { recordAudit } from "../audit/record";
import type { Actor } from "../auth/actor";
import type { ApiKeyScope } from "../auth/permissions";
import { inScope, requirePermission, scopeFor } from "../auth/policy";
import { NotFoundError } from "../errors";
import { getOrg } from "../orgs/queries";
import { parseInput } from "../validation";
import { defaultExpiryDay, expiresAtForDay } from "./expiry";
import { displayPrefix, generateApiKey, hashApiKey } from "./keys";
import { ZCreateApiKeyInput } from "./schemas";

export interface NewApiKey {
  orgId: string;
  name: string;
  /** The plaintext, given by the caller (the seed's DEMO_API_KEY) or generated; only its hash is stored. */
  key: string;
  scopes: readonly ApiKeyScope[];
  expiresAt: Date;
  createdById: string | null;
}

/** Stores a key; returns its id. */
export async function insertApiKey(db: Pick<Db, "insert">, key: NewApiKey): Promise<string> {
  const [row] = await db
    .insert(apiKeys)
    .values({
      orgId: key.orgId,
      name: key.name,
      prefix: displayPrefix(key.key),
      keyHash: hashApiKey(key.key),
      scopes: [...key.scopes],
      expiresAt: key.expiresAt,
      createdById: key.createdById,
    })
    .returning({ id: apiKeys.id });
  return row.id;
}

/**
 * Creates a key for an org the admin manages, acting as the chosen roles in that org only (the admin may
 * already give those roles to a person of that org). The plaintext is returned once and never stored.
 */
export async function createApiKey(actor: Actor, input: unknown): Promise<{ id: string; key: string; expiresAt: Date }> {
  requirePermission(actor, "admin.api_keys");
  const data = parseInput(ZCreateApiKeyInput, input);
  const org = await getOrg(actor, data.orgId, "admin.api_keys");
  const key = generateApiKey();
  const expiresOn = data.expiresOn ?? defaultExpiryDay();
  const expiresAt = expiresAtForDay(expiresOn);
  const id = await getDb().transaction(async (tx) => {
    const keyId = await insertApiKey(tx, { orgId: org.id, name: data.name, key, scopes: data.scopes, expiresAt, createdById: actor.kind === "user" ? actor.id : null });
    await recordAudit(actor, { action: "api_key.create", orgId: org.id, targetType: "api_key", targetId: keyId, detail: { name: data.name, org: org.name, scopes: data.scopes, expiresOn } }, tx);
    return keyId;
  });
  return { id, key, expiresAt };
}

/** Revokes a key of an org in the admin's scope; any other key answers 404 and stays as it was. */
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
