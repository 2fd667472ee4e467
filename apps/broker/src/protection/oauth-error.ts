/**
 * An OAuth error answer written by the broker's own middleware in front of oidc-provider
 * (RFC 6749 §5.2): the status, `Cache-Control: no-store`, and `{error, error_description}`.
 */
import type { Context } from "koa";

export function answerOAuthError(
  ctx: Context,
  status: number,
  error: string,
  description: string,
): void {
  ctx.status = status;
  ctx.set("Cache-Control", "no-store");
  ctx.body = { error, error_description: description };
}
