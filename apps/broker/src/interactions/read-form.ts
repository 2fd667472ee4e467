/**
 * Reads a small application/x-www-form-urlencoded body (the chooser's POST). The limit
 * keeps a flood of bytes from reaching the parser; the chooser sends a few dozen.
 */
import type { Context } from "koa";
import { BodyTooLarge, readBody } from "@lotse/server/body";

const LIMIT_BYTES = 8 * 1024;

export class FormError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

export async function readForm(ctx: Context): Promise<URLSearchParams> {
  if (!ctx.is("application/x-www-form-urlencoded"))
    throw new FormError(415, "expected a form submission");
  try {
    return new URLSearchParams(await readBody(ctx, LIMIT_BYTES));
  } catch (error) {
    if (error instanceof BodyTooLarge) throw new FormError(413, "the form is too large");
    throw error;
  }
}
