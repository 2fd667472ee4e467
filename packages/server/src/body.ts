/**
 * Reads a request body with a size limit, for the few endpoints that take one outside a
 * framework's parser (forms of server-rendered pages, small JSON APIs). The limit is
 * checked against Content-Length first and then while reading, so a flood of bytes never
 * reaches a parser or memory.
 */
import type { Context } from "koa";

export class BodyTooLarge extends Error {
  readonly status = 413;
  constructor() {
    super("The request body is too large.");
  }
}

export async function readBody(ctx: Context, limit: number): Promise<string> {
  const declared = Number(ctx.get("content-length") || "0");
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > limit) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
