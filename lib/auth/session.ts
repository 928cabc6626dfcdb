import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { recordAudit } from "../audit/record";
import { UnauthorizedError } from "../errors";
import { clientIp, type Actor } from "./actor";
import { loadUserActor } from "./load-actor";
import { isSessionRevoked, revokeSession } from "./revocation";
import { auth } from "./next-auth";

/** The signed-in actor for this request, re-checked against the database (once per request). */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  if (!session?.uid || session.sessionVersion === undefined || !session.sid) return null;
  if (await isSessionRevoked(session.sid)) return null;
  const ip = clientIp(await headers());
  return loadUserActor(session.uid, session.sessionVersion, ip);
});

/** For pages: no valid session → the sign-in page. */
export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/login");
  return actor;
}

/** For server actions: no valid session → an error the form shows. */
export async function actorOrThrow(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new UnauthorizedError("登录已失效，请重新登录");
  return actor;
}

/**
 * Ends the current sign-in on the server: audited, and revoked so a cookie refreshed by a racing
 * request cannot bring it back (next-auth's signOut clears the cookie itself).
 */
export async function endCurrentSession(): Promise<void> {
  const actor = await getActor();
  if (actor) await recordAudit(actor, { action: "auth.sign_out", orgId: actor.orgId, targetType: "user", targetId: actor.id });
  const session = await auth();
  if (session?.sid) await revokeSession(session.sid);
}
