import { ValidationError } from "../errors";

/** The request body as JSON, or a 422 that says the body is not JSON. */
export async function readJson(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new ValidationError("请求体不是有效的 JSON", [{ path: "(body)", message: "不是有效的 JSON" }]);
  }
}
