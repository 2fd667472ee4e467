/**
 * The one typed error of the native APIs and its one mapping to HTTP (STYLE.md rule 5):
 * a JSON body `{error, error_description}` with an OAuth error code, never a stack trace.
 */
import type { Context } from "koa";
import type { z } from "zod";
import { LoginRequestError } from "../login/login-deps.js";
import { answerOAuthError } from "../protection/oauth-error.js";

export class ApiError extends Error {
  constructor(
    readonly status: 400 | 404 | 413 | 415,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

export function sendApiError(ctx: Context, error: ApiError): void {
  answerOAuthError(ctx, error.status, error.error, error.description);
}

/**
 * Runs a handler and turns an ApiError, or a login request the login layer refused, into
 * its JSON answer.
 */
export async function answering(ctx: Context, handler: () => Promise<void>): Promise<void> {
  try {
    await handler();
  } catch (error) {
    if (error instanceof ApiError) return sendApiError(ctx, error);
    if (error instanceof LoginRequestError)
      return sendApiError(ctx, new ApiError(400, error.error, error.description));
    throw error;
  }
}

/** Validates input against its schema; the first problem becomes an invalid_request. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  throw new ApiError(400, "invalid_request", `${where}${issue?.message ?? "invalid input"}`);
}
