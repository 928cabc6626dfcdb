import { withApiKey } from "@/lib/api/with-api-key";
import { listClues } from "@/lib/clues/queries";

/**
 * One page of this org's clues, newest first (`sort=oldest` reverses):
 * `?status=new|assigned|verifying|confirmed|dismissed|transferred|open|closed&model=&businessLine=
 * &assignee=none|<user id>&from=YYYY-MM-DD&to=YYYY-MM-DD&q=&sort=&cursor=&limit=1..200` (default 50).
 * `nextCursor` (opaque) fetches the next page; null on the last. ID numbers are masked.
 */
export const GET = withApiKey(
  async (req, { actor }) => {
    const params = Object.fromEntries(new URL(req.url).searchParams);
    return Response.json(await listClues(actor, params));
  },
  { permission: "clues.read" },
);
