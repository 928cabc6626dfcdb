import { PayloadTooLargeError, ValidationError } from "../errors";

/** JSON bodies of the API (rules included) stay under 1 MB: a larger rule is not a rule a person wrote. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

function tooLarge(maxBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`请求体过大：不能超过 ${Math.round(maxBytes / 1024)} KB（规则请拆分或精简后再提交）`);
}

/** The body's bytes, refused as soon as they pass `maxBytes` (by Content-Length first, then while reading). */
async function readBounded(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The request body as JSON (at most `maxBytes`, 413 beyond), or a 422 that says the body is not JSON. */
export async function readJson(req: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const bytes = await readBounded(req, maxBytes);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ValidationError("请求体不是有效的 JSON", [{ path: "(body)", message: "不是有效的 JSON" }]);
  }
}
