import { withSession } from "@/lib/api/with-session";
import { buildStatsWorkbook } from "@/lib/stats/briefing";

/** The dashboard's tables (.xlsx) for the month and org in the query. */
export const GET = withSession(async (req, { actor }) => {
  const { buffer, fileName } = await buildStatsWorkbook(actor, Object.fromEntries(new URL(req.url).searchParams));
  return new Response(new Uint8Array(buffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "no-store",
    },
  });
});
