import { Readable } from "node:stream";
import { CONTENT_TYPES, fileResponse } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { exportClues } from "@/lib/clues/export";

/** The filtered clue list as .xlsx (the page's export button links here with its filters). */
export const GET = withSession(async (req, { actor }) => {
  const { stream, fileName } = await exportClues(actor, Object.fromEntries(new URL(req.url).searchParams));
  return fileResponse(Readable.toWeb(stream) as ReadableStream<Uint8Array>, fileName, CONTENT_TYPES.xlsx);
});
