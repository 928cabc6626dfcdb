/**
 * Expected errors thrown by lib/ and mapped once: route handlers answer `{ error: { code, message } }`
 * with `status`; server actions show `message` (Chinese, for the user).
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
}

export class UnauthorizedError extends AppError {
  readonly code = "unauthorized";
  readonly status = 401;
  constructor(message = "请先登录") {
    super(message);
  }
}

/** Your own org's resource, but your role may not touch it. */
export class ForbiddenError extends AppError {
  readonly code = "forbidden";
  readonly status = 403;
  constructor(message = "您没有执行此操作的权限") {
    super(message);
  }
}

/** Missing, or in another org: its existence is never revealed. */
export class NotFoundError extends AppError {
  readonly code = "not_found";
  readonly status = 404;
  constructor(what = "资源") {
    super(`${what}不存在或无权访问`);
  }
}

export interface FieldIssue {
  path: string;
  message: string;
}

export class ValidationError extends AppError {
  readonly code = "validation_failed";
  readonly status = 422;
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

export class ConflictError extends AppError {
  readonly code = "conflict";
  readonly status = 409;
}

export class RateLimitedError extends AppError {
  readonly code = "rate_limited";
  readonly status = 429;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** A request body over its bound; refused before it is parsed. */
export class PayloadTooLargeError extends AppError {
  readonly code = "payload_too_large";
  readonly status = 413;
}
