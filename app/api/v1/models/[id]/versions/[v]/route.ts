import { readJson } from "@/lib/api/read-json";
import { withApiKey } from "@/lib/api/with-api-key";
import { updateDraft } from "@/lib/models/commands";
import { getVersion } from "@/lib/models/queries";
import { presentVersionDetail, versionNumber } from "../present";

/** One version with its definition (404 for another org's draft). */
export const GET = withApiKey<{ id: string; v: string }>(
  async (_req, { actor, params }) => Response.json(presentVersionDetail(await getVersion(actor, params.id, versionNumber(params.v)))),
  { permission: "models.read" },
);

/** Saves a draft: body `{definition}` (checked; 422 at the path). A version past draft is 409. */
export const PUT = withApiKey<{ id: string; v: string }>(
  async (req, { actor, params }) => Response.json(presentVersionDetail(await updateDraft(actor, params.id, versionNumber(params.v), await readJson(req)))),
  { permission: "models.build" },
);
