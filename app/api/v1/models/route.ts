import { withApiKey } from "@/lib/api/with-api-key";
import { listRunnableModels } from "@/lib/models/runnable";

/**
 * The models this org may run: each one's latest published version, owned by the org or an org
 * above it. The rule definition is left out (it can be large); `versionId` names the exact version
 * a run will execute.
 */
export const GET = withApiKey(
  async (_req, { actor }) => {
    const items = await listRunnableModels(actor);
    return Response.json({
      items: items.map((m) => ({
        id: m.modelId,
        key: m.key,
        name: m.name,
        description: m.description,
        businessLine: m.businessLine,
        legalBasis: m.legalBasis,
        builtin: m.builtin,
        version: m.version,
        versionId: m.versionId,
      })),
    });
  },
  { permission: "models.read" },
);
