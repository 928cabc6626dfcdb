import { NextResponse } from "next/server";
import { auth } from "@/lib/auth/next-auth";
import { newNonce, pageContentSecurityPolicy } from "@/lib/http/security-headers";

const SIGN_IN_PAGE = "/login";

/**
 * Every page: a per-request CSP nonce (Next reads it from the request's CSP header and puts it on
 * its scripts) and, except on the sign-in page, route protection. Who may do what is decided in
 * lib/ on every read and write.
 */
export default auth((req) => {
  const nonce = newNonce();
  const csp = pageContentSecurityPolicy(nonce);
  let response: NextResponse;
  if (req.auth || req.nextUrl.pathname === SIGN_IN_PAGE) {
    const headers = new Headers(req.headers);
    headers.set("content-security-policy", csp);
    headers.set("x-nonce", nonce);
    response = NextResponse.next({ request: { headers } });
  } else {
    const url = new URL(SIGN_IN_PAGE, req.nextUrl.origin);
    if (req.nextUrl.pathname !== "/") url.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
    response = NextResponse.redirect(url);
  }
  response.headers.set("Content-Security-Policy", csp);
  return response;
});

export const config = {
  // Not matched: route handlers under /api (API keys, Auth.js; they get static headers from
  // next.config.ts), static files, and the upload route — Next buffers the body of every request
  // the proxy sees and keeps only its first 10 MB, so uploads must not pass through here (the
  // route authenticates itself, lib/api/with-session.ts).
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.ico$|datasets/[^/]+/upload$|.*\\.(?:png|svg|ico)$).*)"],
};
