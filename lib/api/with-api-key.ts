import "server-only";
import { clientIp, type Actor } from "../auth/actor";
import { requirePermission } from "../auth/policy";
import type { Permission } from "../auth/permissions";
import { authenticateApiKey, type ApiKeyInfo } from "../api-keys/authenticate";
import { shouldAuditCall } from "../api-keys/call-audit";
import { keyExpiry } from "../api-keys/expiry";
import { recordAudit } from "../audit/record";
import { apiError, errorResponse } from "./respond";

export interface ApiContext<P> {
  actor: Actor;
  /** The key the call came with: its scopes and expiry. */
  key: ApiKeyInfo;
  params: P;
}

type Handler<P> = (req: Request, ctx: ApiContext<P>) => Promise<Response>;
type RouteContext<P> = { params: Promise<P> };

function bearerToken(req: Request): string | null {
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}

/**
 * Every answer to a key tells when it expires; inside the warning window it also says how soon
 * (headers are ASCII, so the Chinese warning itself is in GET /api/v1/me).
 */
function withExpiryHeaders(res: Response, key: ApiKeyInfo): Response {
  const expiry = keyExpiry(key.expiresAt);
  try {
    res.headers.set("X-Api-Key-Expires-At", key.expiresAt.toISOString());
    if (expiry.state === "expiring") res.headers.set("X-Api-Key-Expiry-Warning", `expires in ${expiry.daysLeft} day(s)`);
  } catch {
    // Some responses (a fetched body passed through) have immutable headers; the expiry is in /me too.
  }
  return res;
}

async function auditCall(req: Request, actor: Actor, readOnly: boolean): Promise<void> {
  const { pathname } = new URL(req.url);
  if (!(await shouldAuditCall(actor.id, req.method, pathname, readOnly))) return;
  await recordAudit(actor, { action: "api.call", orgId: actor.orgId, targetType: "api_key", targetId: actor.id, detail: { method: req.method, path: pathname } });
}

/**
 * Wraps a `/api/v1` route handler: API key → actor (its scopes' permissions in its org), expiry, the
 * permission check, the audit of the call (writes always, reads once per key, path and minute), and
 * one error mapping. The handler calls lib/ functions with `ctx.actor`.
 */
export interface ApiRouteOptions {
  permission?: Permission;
  /** A POST that changes nothing and answers no personal data (a rule check): its audit is a read's. */
  readOnly?: boolean;
}

export function withApiKey<P = Record<string, never>>(handler: Handler<P>, options: ApiRouteOptions = {}) {
  return async (req: Request, route: RouteContext<P>): Promise<Response> => {
    const token = bearerToken(req);
    if (!token) return apiError(401, "unauthorized", "缺少 API 密钥（Authorization: Bearer <key>）");
    try {
      const auth = await authenticateApiKey(token, clientIp(req.headers));
      if (!auth.ok) return auth.reason === "expired" ? apiError(401, "api_key_expired", "API 密钥已过期") : apiError(401, "unauthorized", "API 密钥无效或已吊销");
      await auditCall(req, auth.actor, options.readOnly ?? false);
      if (options.permission) requirePermission(auth.actor, options.permission);
      return withExpiryHeaders(await handler(req, { actor: auth.actor, key: auth.key, params: await route.params }), auth.key);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
