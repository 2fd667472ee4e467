/**
 * Reads a small application/x-www-form-urlencoded body (the chooser's POST). The limit
 * keeps a flood of bytes from reaching the parser; the chooser sends a few dozen.
 */
import type { Context } from "koa";

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
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > LIMIT_BYTES) throw new FormError(413, "the form is too large");
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
