import { withApiKey } from "@/lib/api/with-api-key";
import { startImport } from "@/lib/datasets/import/commands";
import { uploadBody } from "@/lib/datasets/import/uploads";

/**
 * Uploads a CSV or XLSX file as the raw body: `?mode=strict|lenient&replace=false&encoding=auto&sheet=…`
 * (`&filename=x.xlsx` or an xlsx content type marks a spreadsheet). Answers 202 with the import id;
 * 413 over MAX_UPLOAD_MB.
 */
export const POST = withApiKey<{ key: string }>(
  async (req, { actor, params }) => {
    const url = new URL(req.url);
    const q = (name: string): string | undefined => url.searchParams.get(name) ?? undefined;
    const spreadsheet = (req.headers.get("content-type") ?? "").includes("spreadsheetml");
    const fileName = q("filename") ?? (spreadsheet ? "upload.xlsx" : "upload.csv");
    const imp = await startImport(actor, {
      datasetKey: params.key,
      fileName,
      body: uploadBody(req),
      options: { mode: q("mode"), replace: q("replace"), encoding: q("encoding"), sheet: q("sheet") },
    });
    return Response.json({ id: imp.id, status: imp.status }, { status: 202, headers: { Location: `/api/v1/imports/${imp.id}` } });
  },
  { permission: "datasets.import" },
);
