import { withApiKey } from "@/lib/api/with-api-key";
import { cancelImport } from "@/lib/datasets/import/cancel";

/**
 * Cancels one of this org's imports: a queued one at once (`cancelled`), a running one within a
 * second (its worker rolls it back; the answer says `running` until then). 409 once finished.
 */
export const POST = withApiKey<{ id: string }>(
  async (_req, { actor, params }) => {
    const imp = await cancelImport(actor, params.id);
    return Response.json({ id: imp.id, status: imp.status, cancelRequested: true }, { status: 202 });
  },
  { permission: "datasets.import" },
);
