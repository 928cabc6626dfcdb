import type { OrgLevel } from "@/db/schema";
import { permissionsFor, type Permission, type Role } from "./permissions";

/** Who is acting: a signed-in user, an org's API key, or the platform itself (workers, seed). */
export interface Actor {
  kind: "user" | "api_key" | "system";
  id: string;
  name: string;
  orgId: string;
  orgPath: string;
  orgName: string;
  orgLevel: OrgLevel;
  roles: Role[];
  permissions: ReadonlySet<Permission>;
  /** Where the request came from, for the audit log. */
  ip: string | null;
}

export interface ActorOrg {
  id: string;
  path: string;
  name: string;
  level: OrgLevel;
}

export function makeActor(
  kind: Actor["kind"],
  id: string,
  name: string,
  org: ActorOrg,
  roles: Role[],
  ip: string | null = null,
): Actor {
  return {
    kind,
    id,
    name,
    orgId: org.id,
    orgPath: org.path,
    orgName: org.name,
    orgLevel: org.level,
    roles,
    permissions: permissionsFor(roles),
    ip,
  };
}

/** Where a request came from (forwarded headers only from TRUSTED_PROXIES): see client-ip.ts. */
export { clientIp } from "./client-ip";
