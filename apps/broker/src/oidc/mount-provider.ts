/**
 * Runs oidc-provider inside the broker's Koa app at the issuer root, the way koa-mount
 * does for a root mount: its middleware runs on our context, and a request none of its
 * routes handles falls through to the next middleware (our JSON 404). The outer app
 * carries the same cookie keys, so signed cookies agree.
 */
import type { Middleware } from "koa";
import type Provider from "oidc-provider";

export function mountProvider(provider: Provider): Middleware {
  const stack = provider.middleware as Middleware[];
  return (ctx, next) => {
    const dispatch = (i: number): Promise<void> => {
      const fn = stack[i];
      if (!fn) return next();
      return Promise.resolve(fn(ctx, () => dispatch(i + 1)));
    };
    return dispatch(0);
  };
}
