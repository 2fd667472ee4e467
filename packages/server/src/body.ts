/**
 * Reads a request body with a size limit, for the few endpoints that take one outside a
 * framework's parser (forms of server-rendered pages, small JSON APIs). The limit is
 * checked against Content-Length first and then while reading, so a flood of bytes never
 * reaches a parser or memory. The body must be UTF-8 (RFC 8259 §8.1 for JSON; forms are
 * percent-encoded UTF-8): octets that are not are refused rather than silently turned into
 * U+FFFD, so a value is never taken for one the client did not send.
 */
import type { Context } from "koa";

export class BodyTooLarge extends Error {
  readonly status = 413;
  constructor() {
    super("The request body is too large.");
  }
}

export class BodyNotUtf8 extends Error {
  readonly status = 400;
  readonly expose = true;
  constructor() {
    super("The request body is not valid UTF-8.");
  }
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

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
  try {
    return UTF8.decode(Buffer.concat(chunks));
  } catch {
    throw new BodyNotUtf8();
  }
}
