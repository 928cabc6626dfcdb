import { readJson } from "@/lib/api/read-json";
import { withApiKey } from "@/lib/api/with-api-key";
import { createModel } from "@/lib/models/commands";
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

/**
 * A new model of the key's org with its first draft. Body: `{key, name, description?, legalBasis?,
 * businessLine, supervisionPoint?, definition}` → `201 {id, version}`. The definition is checked
 * against the catalog (422 with every problem at its path, e.g. `definition.where.all[1].op`); a
 * key the org already uses is 409.
 */
export const POST = withApiKey(
  async (req, { actor }) => {
    const created = await createModel(actor, await readJson(req));
    return Response.json(created, { status: 201, headers: { Location: `/api/v1/models/${created.id}/versions/${created.version}` } });
  },
  { permission: "models.build" },
);
