import { withSession } from "@/lib/api/with-session";
import { buildBriefing } from "@/lib/stats/briefing";

/** 月度通报 (.docx) for the month and org in the query. */
export const GET = withSession(async (req, { actor }) => {
  const { buffer, fileName } = await buildBriefing(actor, Object.fromEntries(new URL(req.url).searchParams));
  return new Response(new Uint8Array(buffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "no-store",
    },
  });
});
