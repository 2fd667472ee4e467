import type Router from "@koa/router";
import type { SigningKey } from "../keys/signing-key.js";
import { signFedmasterEntityStatement } from "./entity-statement.js";
import { signIdpList } from "./idp-list.js";

export const FEDMASTER_PATH = "/fedmaster";

/**
 * The federation master: its entity statement at the well-known location (OpenID
 * Federation 1.0 §9) and the signed IDP list. Both are signed per request, so `iat`
 * is always fresh.
 */
export function registerFedmasterRoutes(
  router: Router,
  options: { sandboxUrl: string; key: SigningKey },
): void {
  const entityId = `${options.sandboxUrl}${FEDMASTER_PATH}`;

  router.get(`${FEDMASTER_PATH}/.well-known/openid-federation`, async (ctx) => {
    // The media type OpenID Federation 1.0 §9.2 registers for entity statements.
    ctx.type = "application/entity-statement+jwt";
    ctx.set("Cache-Control", "no-cache");
    ctx.body = await signFedmasterEntityStatement(options.key, entityId);
  });

  router.get(`${FEDMASTER_PATH}/federation/listidps`, async (ctx) => {
    ctx.type = "application/jwt";
    ctx.set("Cache-Control", "no-cache");
    ctx.body = await signIdpList(options.key, entityId, options.sandboxUrl);
  });
}
