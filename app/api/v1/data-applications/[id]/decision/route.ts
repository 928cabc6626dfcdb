import { readJson } from "@/lib/api/read-json";
import { withApiKey } from "@/lib/api/with-api-key";
import { decideApplication } from "@/lib/datasets/applications";
import { ZApplicationId } from "@/lib/datasets/applications-schemas";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { presentApplication } from "../../present";

/**
 * Body `{decision: "approve" | "reject", comment?}` (a comment is required to reject) → the decided
 * application. 404 for an application not routed to this key's org; 409 once it is decided.
 */
export const POST = withApiKey<{ id: string }>(
  async (req, { actor, params }) => {
    // A malformed id names no application: 404, like another org's.
    if (!ZApplicationId.safeParse(params.id).success) throw new NotFoundError("数据申请");
    const body = await readJson(req);
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new ValidationError("请求体须为 JSON 对象：{decision, comment}", [{ path: "(根)", message: "须为 JSON 对象" }]);
    const application = await decideApplication(actor, { ...body, id: params.id });
    return Response.json(presentApplication(application));
  },
  { permission: "data_applications.decide" },
);
