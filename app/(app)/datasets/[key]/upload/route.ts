import { withSession } from "@/lib/api/with-session";
import { startImport } from "@/lib/datasets/import/commands";
import { uploadBody } from "@/lib/datasets/import/uploads";

/**
 * The import form posts the raw file here, streamed to disk (no size limit of server actions).
 * Outside proxy.ts's matcher on purpose: the proxy would buffer the body and cut it at 10 MB.
 */
export const POST = withSession<{ key: string }>(async (req, { actor, params }) => {
  const url = new URL(req.url);
  const q = (name: string): string | undefined => url.searchParams.get(name) || undefined;
  const imp = await startImport(actor, {
    datasetKey: params.key,
    fileName: q("filename") ?? "upload.csv",
    body: uploadBody(req),
    options: { mode: q("mode"), replace: q("replace"), encoding: q("encoding"), sheet: q("sheet") },
  });
  return Response.json({ id: imp.id }, { status: 202 });
});
