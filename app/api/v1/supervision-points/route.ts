import { withApiKey } from "@/lib/api/with-api-key";
import { listSupervisionPoints } from "@/lib/models/supervision-points";

/** 监督点: the taxonomy a model is filed under (`supervisionPoint` of POST /api/v1/models takes a code). */
export const GET = withApiKey(
  async () =>
    Response.json({
      items: (await listSupervisionPoints()).map((p) => ({ code: p.code, label: p.labelZh, labelEn: p.labelEn, active: p.active })),
    }),
  { permission: "models.read" },
);
