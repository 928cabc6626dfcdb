import { withApiKey } from "@/lib/api/with-api-key";
import { getClue } from "@/lib/clues/queries";

/** One clue: subject and evidence (personal data masked), the rule's explanation, history and outcomes. */
export const GET = withApiKey<{ id: string }>(async (_req, { actor, params }) => Response.json(await getClue(actor, params.id)), { permission: "clues.read" });
