import { withApiKey } from "@/lib/api/with-api-key";

/** Who this API key acts as: its org and its rights. */
export const GET = withApiKey(async (_req, { actor }) =>
  Response.json({
    org: { id: actor.orgId, name: actor.orgName, level: actor.orgLevel },
    roles: actor.roles,
    permissions: [...actor.permissions].sort(),
  }),
);
