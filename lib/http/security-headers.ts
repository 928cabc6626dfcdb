/**
 * Security headers. Pages get a per-request nonce-based Content-Security-Policy from proxy.ts (Next
 * puts the nonce it finds in the request's CSP header on its own scripts); everything the proxy
 * does not see — route handlers under /api, the upload route — gets the static headers from
 * next.config.ts. No "server-only": next.config.ts imports this file.
 */

export type HeaderList = { key: string; value: string }[];

const SCRIPT_DEV_EXTRAS = process.env.NODE_ENV === "production" ? "" : " 'unsafe-eval'"; // React's dev tooling

/**
 * The policy for an HTML page. 'strict-dynamic' lets the nonce-bearing bootstrap load Next's chunks.
 * Styles: the stylesheet is ours ('self'); style attributes stay allowed because React and Recharts
 * position elements (chart tooltips, progress bars) with inline style attributes.
 */
export function pageContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${SCRIPT_DEV_EXTRAS}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** For answers that are never a page (JSON, files): nothing may load, nothing may frame them. */
export const NON_PAGE_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** On every response. */
export const COMMON_SECURITY_HEADERS: HeaderList = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  // For browsers without CSP frame-ancestors.
  { key: "X-Frame-Options", value: "DENY" },
];

/** Only over HTTPS (a TLS-terminating proxy says so with X-Forwarded-Proto); browsers ignore it over HTTP. */
export const HSTS_HEADER = { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" };

/** API answers carry personal data and per-user state: never stored by a browser or a proxy. */
export const NO_STORE = { key: "Cache-Control", value: "no-store" };

/** A fresh nonce (128 random bits, base64). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
