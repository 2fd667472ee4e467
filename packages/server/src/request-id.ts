/**
 * Request ids: every request gets one, taken from the incoming `X-Request-Id` when it is
 * well-formed (a load balancer or the calling service set it, so its logs and ours join) or
 * made up here. It is echoed in the response, added to every log line written while the
 * request runs (logger.ts reads it through AsyncLocalStorage, so code that holds the
 * process's logger needs no change), and available to whatever records the request (the
 * broker's audit events).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { Middleware } from "koa";

export const REQUEST_ID_HEADER = "X-Request-Id";

/**
 * What an incoming id may look like: short, and only characters that cannot break a log
 * line, a header or a query (a UUID, a ULID, nginx's $request_id, Envoy's and AWS's ids).
 */
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

const requests = new AsyncLocalStorage<{ requestId: string }>();

/** The id of the request this code runs for, if any. */
export function currentRequestId(): string | undefined {
  return requests.getStore()?.requestId;
}

export function requestIdFrom(header: string | undefined): string {
  return header && WELL_FORMED.test(header) ? header : randomUUID();
}

/** Runs `fn` as part of the request `requestId` (also for work outside Koa, e.g. tests). */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return requests.run({ requestId }, fn);
}

/** The first middleware: sets `ctx.state.requestId` and the response header. */
export function requestIds(): Middleware {
  return (ctx, next) => {
    const requestId = requestIdFrom(ctx.get(REQUEST_ID_HEADER) || undefined);
    ctx.state.requestId = requestId;
    ctx.set(REQUEST_ID_HEADER, requestId);
    return withRequestId(requestId, () => next());
  };
}
