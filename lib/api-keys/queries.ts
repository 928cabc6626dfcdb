import "server-only";
import { desc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiKeys, orgs, users } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { isApiKeyScope, type ApiKeyScope } from "../auth/permissions";
import { inScope, scopeFor } from "../auth/policy";

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  orgId: string;
  orgName: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdByName: string | null;
}

export async function listApiKeys(actor: Actor): Promise<ApiKeyView[]> {
  const scope = scopeFor(actor, "admin.api_keys");
  const rows = await getDb()
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      orgId: apiKeys.orgId,
      orgName: orgs.name,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      expiresAt: apiKeys.expiresAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      createdByName: users.name,
    })
    .from(apiKeys)
    .innerJoin(orgs, eq(orgs.id, apiKeys.orgId))
    .leftJoin(users, eq(users.id, apiKeys.createdById))
    .where(inScope(apiKeys.orgId, scope))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map((row) => ({ ...row, scopes: row.scopes.filter(isApiKeyScope) }));
}
