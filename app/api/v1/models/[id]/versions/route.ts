import { readJson } from "@/lib/api/read-json";
import { withApiKey } from "@/lib/api/with-api-key";
import { createDraft } from "@/lib/models/commands";
import { listVersions } from "@/lib/models/queries";
import { presentVersion } from "./present";

/** The versions of a model the key's org may see, newest first (another org's drafts are left out). */
export const GET = withApiKey<{ id: string }>(
  async (_req, { actor, params }) => Response.json({ items: (await listVersions(actor, params.id)).map(presentVersion) }),
  { permission: "models.read" },
);

/**
 * A new draft of a model of the key's org. Body: `{definition}` (checked; 422 at the path) or
 * `{fromVersion}` (恢复为新草稿: that version's definition). 201 with the draft; 409 while another
 * draft is open; 403 for a model of another org the key may see; 404 for one it may not.
 */
export const POST = withApiKey<{ id: string }>(
  async (req, { actor, params }) => {
    const draft = await createDraft(actor, params.id, await readJson(req));
    return Response.json(presentVersion(draft), { status: 201, headers: { Location: `/api/v1/models/${params.id}/versions/${draft.version}` } });
  },
  { permission: "models.build" },
);
