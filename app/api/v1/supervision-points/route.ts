import { withApiKey } from "@/lib/api/with-api-key";
import { listCodes } from "@/lib/code-lists/queries";

/**
 * 监督点: the taxonomy a model is filed under (`supervisionPoint` of POST /api/v1/models takes a
 * code); disabled points are listed for the models that still carry them.
 */
export const GET = withApiKey(
  async () =>
    Response.json({
      items: (await listCodes("supervisionPoint")).map((p) => ({ code: p.code, label: p.labelZh, labelEn: p.labelEn, active: p.active })),
    }),
  { permission: "models.read" },
);
