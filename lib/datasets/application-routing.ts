import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { getDb } from "@/db/client";
import { orgs, users } from "@/db/schema";
import { ROLE_PERMISSIONS, ROLES } from "../auth/permissions";

// Who decides a 数据申请. Rows are held per org (every `ds.<key>` row carries its org, and a grant
// lets the applicant's org use its own rows), so the holder is the org whose rows are asked for —
// the application's org. Its data admins decide; where it has none (a city院 often has none), the
// nearest org above it that has one. Computed when read, not stored: a data admin appointed or
// disabled later re-routes the pending applications, so none waits on nobody.

/** The roles whose holders decide applications (permissions are data; today: data_admin). */
const DECIDING_ROLES = ROLES.filter((role) => ROLE_PERMISSIONS[role].includes("data_applications.decide"));
const decidingRoles = sql`array[${sql.join(
  DECIDING_ROLES.map((r) => sql`${r}`),
  sql`, `,
)}]::text[]`;

/**
 * SQL for the id of the org whose data admins decide for `orgId`'s rows: that org or its nearest
 * ancestor with an enabled data admin other than the applicant (nobody decides their own
 * application); null when there is none up to the province.
 */
export function deciderOrgIdSql(orgId: PgColumn | SQL, applicantId: PgColumn | SQL | null): SQL<string | null> {
  const notApplicant = applicantId ? sql`and u.id is distinct from ${applicantId}` : sql``;
  return sql<string | null>`(
    select m.id from ${orgs} m join ${orgs} held on held.id = ${orgId}
    where held.path like m.path || '%'
      and exists (select 1 from ${users} u where u.org_id = m.id and not u.disabled and u.roles && ${decidingRoles} ${notApplicant})
    order by length(m.path) desc limit 1)`;
}

export interface DeciderOrg {
  id: string;
  name: string;
}

/** Where an application for `orgId`'s rows by `applicantUserId` would go now; null when nobody can decide it. */
export async function findDeciderOrg(orgId: string, applicantUserId: string | null): Promise<DeciderOrg | null> {
  const idSql = deciderOrgIdSql(sql`${orgId}::uuid`, applicantUserId ? sql`${applicantUserId}::uuid` : null);
  const rows = await getDb().execute<{ id: string; name: string }>(sql`select o.id::text as id, o.name from ${orgs} o where o.id = ${idSql}`);
  const [row] = [...rows];
  return row ? { id: row.id, name: row.name } : null;
}
