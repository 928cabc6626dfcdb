import { Readable } from "node:stream";
import { withSession } from "@/lib/api/with-session";
import { exportClues } from "@/lib/clues/export";

/** The filtered clue list as .xlsx (the page's export button links here with its filters). */
export const GET = withSession(async (req, { actor }) => {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const { stream, fileName } = await exportClues(actor, params);
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "no-store",
    },
  });
});
