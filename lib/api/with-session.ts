import "server-only";
import type { Actor } from "../auth/actor";
import { getActor } from "../auth/session";
import { apiError, errorResponse } from "./respond";

type RouteContext<P> = { params: Promise<P> };

/** Route handlers the browser calls (uploads, polling, downloads): the signed-in actor, one error mapping. */
export function withSession<P = Record<string, never>>(handler: (req: Request, ctx: { actor: Actor; params: P }) => Promise<Response>) {
  return async (req: Request, route: RouteContext<P>): Promise<Response> => {
    try {
      const actor = await getActor();
      if (!actor) return apiError(401, "unauthorized", "登录已失效，请重新登录");
      return await handler(req, { actor, params: await route.params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
