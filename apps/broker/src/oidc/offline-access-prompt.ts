/**
 * Lets `offline_access` through without the application having to send prompt=consent.
 *
 * oidc-provider follows OIDC Core §11 literally and drops offline_access unless the
 * request carries prompt=consent. Every Lotse login *is* a consent: the person approves
 * the release at their insurer, the scopes an application may get are fixed by its
 * registration, and the person can revoke the grant at any time. So where an application
 * asks for offline_access (and may hold refresh tokens, checked by oidc-provider) this
 * adds `consent` to the request's prompt before oidc-provider sees it. prompt=none is
 * left alone: a silent request cannot start a new offline grant.
 */
import type { Context, Middleware } from "koa";
import { formBody, setFormBody } from "../protection/form-body.js";
import { canonicalPath, ROUTES } from "./routes.js";

function withConsent(scope: unknown, prompt: unknown): string | undefined {
  if (typeof scope !== "string" || !scope.split(" ").includes("offline_access")) return undefined;
  if (prompt !== undefined && typeof prompt !== "string") return undefined; // duplicates: oidc-provider rejects
  const prompts = new Set((prompt ?? "").split(" ").filter(Boolean));
  if (prompts.has("none") || prompts.has("consent")) return undefined;
  prompts.add("consent");
  return [...prompts].join(" ");
}

function onQuery(ctx: Context): void {
  const prompt = withConsent(ctx.query.scope, ctx.query.prompt);
  if (prompt) ctx.query = { ...ctx.query, prompt };
}

function onForm(ctx: Context): void {
  const form = formBody(ctx);
  if (!form || form.getAll("scope").length !== 1 || form.getAll("prompt").length > 1) return;
  const prompt = withConsent(form.get("scope"), form.get("prompt") ?? undefined);
  if (!prompt) return;
  form.set("prompt", prompt);
  setFormBody(ctx, form);
}

export function offlineAccessWithoutPromptConsent(): Middleware {
  return async (ctx, next) => {
    const path = canonicalPath(ctx.path);
    if (ctx.method === "GET" && path === ROUTES.authorization) onQuery(ctx);
    else if (ctx.method === "POST" && path === ROUTES.pushed_authorization_request) onForm(ctx);
    await next();
  };
}
