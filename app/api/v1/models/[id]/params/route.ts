import { readJson } from "@/lib/api/read-json";
import { withApiKey } from "@/lib/api/with-api-key";
import { getModelParams, setModelParams } from "@/lib/models/params";

/**
 * 本院参数 of a model this org may run: each declared parameter with its label, type, default,
 * bounds, the value a run of this org uses and where it comes from (default / org). 404 for a
 * model the org cannot run.
 */
export const GET = withApiKey<{ id: string }>(async (_req, { actor, params }) => Response.json(await getModelParams(actor, params.id)), { permission: "models.read" });

/**
 * Replaces the org's values: `{ "values": { "graceDays": 45 } }` (a parameter left out or null
 * goes back to the default). 422 naming `values.<name>` for an unknown parameter, a wrong type or
 * a value out of bounds; 403 without models.build.
 */
export const PUT = withApiKey<{ id: string }>(async (req, { actor, params }) => Response.json(await setModelParams(actor, params.id, await readJson(req))), { permission: "models.read" });
