import { withSession } from "@/lib/api/with-session";
import { importErrorsCsv } from "@/lib/datasets/import/commands";

/** Every stored error of an import, as a CSV the user opens in Excel. */
export const GET = withSession<{ id: string }>(async (_req, { actor, params }) => {
  const csv = await importErrorsCsv(actor, params.id);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="import-errors-${params.id.slice(0, 8)}.csv"`,
    },
  });
});
