import { withApiKey } from "@/lib/api/with-api-key";
import { RULE_META } from "@/lib/rules/nodes/meta";

/** `{meta}`: what a builder reads about the rule language — each construct, its inputs, Chinese labels (lib/rules/nodes/meta.ts). */
export const GET = withApiKey(async () => Response.json({ meta: RULE_META }), { permission: "models.read" });
