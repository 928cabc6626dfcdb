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

/** The client address from proxy headers (Next sets x-forwarded-for on every request). */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || headers.get("x-real-ip") || null;
  // IPv4 clients reach a dual-stack server as IPv4-mapped IPv6 addresses.
  return ip?.startsWith("::ffff:") ? ip.slice(7) : ip;
}
