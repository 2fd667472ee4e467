/**
 * The answer to a method a route does not serve: 405 with `Allow` (RFC 9110 §15.5.6) and
 * the JSON error shape of every other refusal. @koa/router's own `allowedMethods()` answers
 * a method it does not implement at all (TRACE, PROPFIND, …, which Node's parser accepts)
 * with 501 Not Implemented: a server error for what is the client's, found by fuzzing
 * (docs/security.md "Fuzzing"). Its 405 also kept notFound()'s `not_found` body.
 */
import type Router from "@koa/router";

export function allowedMethods(router: Router): ReturnType<Router["allowedMethods"]> {
  const routerAnswer = router.allowedMethods();
  return async (ctx, next) => {
    let downstream: number | undefined;
    await routerAnswer(ctx, async () => {
      await next();
      downstream = ctx.status;
    });
    if (ctx.status === downstream || (ctx.status !== 405 && ctx.status !== 501)) return;
    const allow = ctx.response.get("Allow");
    if (!allow) {
      // No route of the router has this path: the answer of the rest of the app stands.
      ctx.remove("Allow");
      ctx.status = downstream ?? 404;
      return;
    }
    ctx.status = 405;
    ctx.set("Cache-Control", "no-store");
    ctx.body = {
      error: "invalid_request",
      error_description: `The method ${ctx.method} is not allowed here; allowed: ${allow}.`,
    };
  };
}
