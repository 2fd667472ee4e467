import type { Context } from "koa";

const LIMIT_BYTES = 16 * 1024;

/** Reads an `application/x-www-form-urlencoded` body; a login form is small, so is the limit. */
export async function readForm(ctx: Context): Promise<URLSearchParams> {
  if (!ctx.is("application/x-www-form-urlencoded")) {
    ctx.throw(415, "expected a form submission");
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LIMIT_BYTES) ctx.throw(413, "form too large");
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
