import { NextResponse } from "next/server";
import { auth } from "@/lib/auth/next-auth";

// Route protection only; who may do what is decided in lib/ on every read and write.
export default auth((req) => {
  if (req.auth) return;
  const url = new URL("/login", req.nextUrl.origin);
  if (req.nextUrl.pathname !== "/") url.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.redirect(url);
});

export const config = {
  // Everything but the sign-in page, auth endpoints, the machine API (API keys), static files and
  // the upload route: Next buffers the body of every request the proxy sees and keeps only its
  // first 10 MB, so uploads must not pass through here (the route authenticates itself,
  // lib/api/with-session.ts).
  matcher: ["/((?!login|api/auth|api/v1|_next/static|_next/image|favicon.ico|datasets/[^/]+/upload$|.*\\.(?:png|svg|ico)$).*)"],
};
