import { CONTENT_TYPES, fileResponse } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { buildBriefing } from "@/lib/stats/briefing";

/** 月度通报 (.docx) for the month and org in the query. */
export const GET = withSession(async (req, { actor }) => {
  const { buffer, fileName } = await buildBriefing(actor, Object.fromEntries(new URL(req.url).searchParams));
  return fileResponse(new Uint8Array(buffer), fileName, CONTENT_TYPES.docx);
});
