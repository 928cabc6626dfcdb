import { readJson } from "@/lib/api/read-json";
import { withApiKey } from "@/lib/api/with-api-key";
import { previewRule } from "@/lib/rules/service";

/** `{definition, limit?, runDate?, cursor?, funnel?}` → `{count, clues, nextCursor, funnel}` for this key's org; nothing is stored (docs/rules.md, Previews). */
export const POST = withApiKey(async (req, { actor }) => Response.json(await previewRule(actor, await readJson(req))));
