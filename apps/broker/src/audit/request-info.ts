/** Who asked, as every audit event of a request records it: the client IP and user agent. */
import type { Context } from "koa";

export interface RequestInfo {
  clientIp: string;
  userAgent: string | null;
}

export function requestInfo(ctx: Pick<Context, "ip" | "get">): RequestInfo {
  return { clientIp: ctx.ip, userAgent: ctx.get("user-agent") || null };
}
