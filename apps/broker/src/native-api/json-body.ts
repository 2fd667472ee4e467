/**
 * Reads a JSON request body with a size limit; anything else is a 4xx ApiError. A string or
 * key with a NUL or a lone surrogate (`"\u0000"`, `"\ud800"`) is malformed input
 * (protection/well-formed-text.ts), refused before any handler or query sees it.
 */
import type { Context } from "koa";
import { BodyNotUtf8, BodyTooLarge, readBody } from "@lotse/server/body";
import { jsonProblem } from "../protection/well-formed-text.js";
import { ApiError } from "./api-error.js";

/** Far above any deep link an app receives, far below what could cost the broker. */
export const JSON_BODY_LIMIT = 16 * 1024;

/** Where the parsed body is kept on `ctx.state`, for middleware that runs after the handler (cors.ts). */
export const JSON_BODY_STATE = "lotseJsonBody";

export async function readJsonBody(ctx: Context, limit = JSON_BODY_LIMIT): Promise<unknown> {
  if (!ctx.is("application/json"))
    throw new ApiError(415, "invalid_request", "The request body must be application/json.");
  let raw: string;
  try {
    raw = await readBody(ctx, limit);
  } catch (error) {
    if (error instanceof BodyTooLarge)
      throw new ApiError(413, "invalid_request", "The request body is too large.");
    // RFC 8259 §8.1: JSON exchanged between systems is UTF-8.
    if (error instanceof BodyNotUtf8) throw new ApiError(400, "invalid_request", error.message);
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw) as unknown;
  } catch {
    throw new ApiError(400, "invalid_request", "The request body is not valid JSON.");
  }
  const problem = jsonProblem(body);
  if (problem) throw new ApiError(400, "invalid_request", `The request body holds ${problem}.`);
  ctx.state[JSON_BODY_STATE] = body;
  return body;
}
