import type { Context } from "koa";
import { BodyTooLarge, readBody } from "@lotse/server/body";

const LIMIT_BYTES = 16 * 1024;

/** Reads an `application/x-www-form-urlencoded` body; a login form is small, so is the limit. */
export async function readForm(ctx: Context): Promise<URLSearchParams> {
  if (!ctx.is("application/x-www-form-urlencoded")) {
    ctx.throw(415, "expected a form submission");
  }
  try {
    return new URLSearchParams(await readBody(ctx, LIMIT_BYTES));
  } catch (error) {
    if (error instanceof BodyTooLarge) ctx.throw(413, "form too large");
    throw error;
  }
}
