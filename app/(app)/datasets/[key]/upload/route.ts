import { withSession } from "@/lib/api/with-session";
import { startImport } from "@/lib/datasets/import/commands";
import { ValidationError } from "@/lib/errors";

/** The import form posts the raw file here (streamed to disk; no size limit of server actions). */
export const POST = withSession<{ key: string }>(async (req, { actor, params }) => {
  if (!req.body) throw new ValidationError("请选择要导入的文件");
  const url = new URL(req.url);
  const q = (name: string): string | undefined => url.searchParams.get(name) || undefined;
  const imp = await startImport(actor, {
    datasetKey: params.key,
    fileName: q("filename") ?? "upload.csv",
    body: req.body,
    options: { mode: q("mode"), replace: q("replace"), encoding: q("encoding"), sheet: q("sheet") },
  });
  return Response.json({ id: imp.id }, { status: 202 });
});
