import { withApiKey } from "@/lib/api/with-api-key";
import { expiryWarning, keyExpiry } from "@/lib/api-keys/expiry";

/** Who this API key acts as: its org, its scopes and rights, and when it expires (with a warning in the last 14 days). */
export const GET = withApiKey(async (_req, { actor, key }) => {
  const expiry = keyExpiry(key.expiresAt);
  return Response.json({
    org: { id: actor.orgId, name: actor.orgName, level: actor.orgLevel },
    roles: actor.roles,
    permissions: [...actor.permissions].sort(),
    key: {
      id: key.id,
      name: key.name,
      scopes: key.scopes,
      expiresAt: key.expiresAt.toISOString(),
      daysLeft: expiry.daysLeft,
      expiresSoon: expiry.state === "expiring",
      warning: expiryWarning(key.expiresAt),
    },
  });
});
