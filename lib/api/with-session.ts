import "server-only";
import type { Actor } from "../auth/actor";
import { getActor } from "../auth/session";
import { apiError, errorResponse } from "./respond";

type RouteContext<P> = { params: Promise<P> };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a request comes from our own pages, checked as Next checks server actions: the Origin's
 * host must be the Host (or X-Forwarded-Host) the request was sent to. A request without Origin is
 * not a browser's cross-site request (browsers send Origin on every POST) unless the browser says
 * so in Sec-Fetch-Site.
 */
export function isSameOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (origin === null) {
    const site = headers.get("sec-fetch-site");
    return site === null || site === "same-origin" || site === "none";
  }
  let originHost: string;
  try {
    originHost = new URL(origin).host; // "null" (sandboxed frames, file:) does not parse
  } catch {
    return false;
  }
  const forwardedHost = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return originHost === forwardedHost || originHost === headers.get("host");
}

/** Per-user answers are never stored by a browser or a proxy. */
function noStore(response: Response): Response {
  if (!response.headers.has("cache-control")) response.headers.set("Cache-Control", "no-store");
  return response;
}

/**
 * Route handlers the browser calls (uploads, polling, downloads): the signed-in actor, one error
 * mapping. A state-changing request from another site is refused before anything is read: the
 * session cookie rides along with any cross-site form or fetch (CSRF).
 */
export function withSession<P = Record<string, never>>(handler: (req: Request, ctx: { actor: Actor; params: P }) => Promise<Response>) {
  return async (req: Request, route: RouteContext<P>): Promise<Response> => {
    try {
      if (!SAFE_METHODS.has(req.method) && !isSameOrigin(req.headers)) {
        return noStore(apiError(403, "cross_site_request", "请求来自其他网站，已拒绝：请在本平台页面内操作"));
      }
      const actor = await getActor();
      if (!actor) return noStore(apiError(401, "unauthorized", "登录已失效，请重新登录"));
      return noStore(await handler(req, { actor, params: await route.params }));
    } catch (error) {
      return noStore(errorResponse(error));
    }
  };
}
