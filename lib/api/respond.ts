import { randomUUID } from "node:crypto";
import { ZodError } from "zod";
import { maskDeep } from "../datasets/mask";
import { isAppError, ValidationError } from "../errors";

export interface ApiErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[]; ref?: string };
}

/** Every API error answer; an ID or mobile number a message quotes (a cell, a literal) is masked. */
export function apiError(status: number, code: string, message: string, extra: Partial<ApiErrorBody["error"]> = {}): Response {
  return Response.json(maskDeep({ error: { code, message, ...extra } } satisfies ApiErrorBody), { status });
}

/** The one place errors become HTTP answers; unexpected errors are logged with a reference id. */
export function errorResponse(error: unknown): Response {
  if (error instanceof ValidationError) return apiError(422, error.code, error.message, { issues: error.issues });
  if (error instanceof ZodError) {
    const issues = error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
    return apiError(422, "validation_failed", "请求参数有误", { issues });
  }
  if (isAppError(error)) return apiError(error.status, error.code, error.message);
  const ref = randomUUID();
  console.error(`[api] unexpected error ${ref}`, error);
  return apiError(500, "internal_error", "服务器内部错误", { ref });
}

/** A file download (Excel, Word): the name in UTF-8 so Chinese file names survive, never cached. */
export function fileResponse(body: BodyInit, fileName: string, contentType: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "no-store",
    },
  });
}

export const CONTENT_TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
} as const;
