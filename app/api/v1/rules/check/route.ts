import { readJson } from "@/lib/api/read-json";
import { withApiKey } from "@/lib/api/with-api-key";
import { checkRuleFor } from "@/lib/rules/service";

/**
 * `{definition}` → `{errors: [{path, message}]}` (empty when the rule may run for this org). The
 * builder sends it on every edit and it changes nothing: audited as a read (once a minute per key).
 */
export const POST = withApiKey(
  async (req, { actor }) => {
    const body = (await readJson(req)) as { definition?: unknown } | null;
    return Response.json({ errors: await checkRuleFor(actor, body?.definition) });
  },
  { readOnly: true },
);
