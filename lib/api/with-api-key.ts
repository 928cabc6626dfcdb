import "server-only";
import { clientIp, type Actor } from "../auth/actor";
import { requirePermission } from "../auth/policy";
import type { Permission } from "../auth/permissions";
import { authenticateApiKey } from "../api-keys/commands";
import { recordAudit } from "../audit/record";
import { apiError, errorResponse } from "./respond";

export interface ApiContext<P> {
  actor: Actor;
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
 * Wraps a `/api/v1` route handler: API key → actor, permission check, audit of the call,
 * and one error mapping. The handler calls lib/ functions with `ctx.actor`.
 */
export function withApiKey<P = Record<string, never>>(handler: Handler<P>, options: { permission?: Permission } = {}) {
  return async (req: Request, route: RouteContext<P>): Promise<Response> => {
    const token = bearerToken(req);
    if (!token) return apiError(401, "unauthorized", "缺少 API 密钥（Authorization: Bearer <key>）");
    try {
      const actor = await authenticateApiKey(token, clientIp(req.headers));
      if (!actor) return apiError(401, "unauthorized", "API 密钥无效或已吊销");
      const url = new URL(req.url);
      await recordAudit(actor, { action: "api.call", orgId: actor.orgId, targetType: "api_key", targetId: actor.id, detail: { method: req.method, path: url.pathname } });
      if (options.permission) requirePermission(actor, options.permission);
      return await handler(req, { actor, params: await route.params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
