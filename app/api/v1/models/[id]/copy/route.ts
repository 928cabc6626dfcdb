import { readJson } from "@/lib/api/read-json";
import { withApiKey } from "@/lib/api/with-api-key";
import { copyModel } from "@/lib/models/commands";

/**
 * 复制为新模型: a new model of the key's org whose first draft is a version of this one. Body
 * (optional): `{key?, name?, fromVersion?}` → `201 {id, version}`.
 */
export const POST = withApiKey<{ id: string }>(
  async (req, { actor, params }) => {
    const text = await req.clone().text();
    const created = await copyModel(actor, params.id, text.trim() === "" ? {} : await readJson(req));
    return Response.json(created, { status: 201, headers: { Location: `/api/v1/models/${created.id}/versions/${created.version}` } });
  },
  { permission: "models.build" },
);
