import type Router from "@koa/router";
import type { Context } from "koa";
import { BodyTooLarge, readBody } from "@lotse/server/body";
import { IDP_NAMES, type IdpName } from "../idp/idp-registry.js";
import { ENTITY_STATEMENT_MEDIA_TYPE } from "./entity-statement.js";
import { faultBody, type FederationFaults } from "./faults.js";
import {
  FEDMASTER_PATH,
  MemberUnreachable,
  type FederationMaster,
  type MemberType,
} from "./federation-master.js";

export { FEDMASTER_PATH };

/** The list endpoint's filters that the sandbox does not implement (§8.2.1). */
const UNSUPPORTED_LIST_PARAMETERS = ["trust_marked", "trust_mark_type", "intermediate"];

/**
 * The federation master over HTTP: entity configuration at the well-known location
 * (OpenID Federation 1.0 §9), fetch (§8.1), list (§8.2), gematik's IDP list, and the
 * sandbox-only switches that break a member for tests. Everything is signed per request,
 * so `iat` is always fresh and a fault shows at once.
 */
export function registerFedmasterRoutes(
  router: Router,
  options: { master: FederationMaster; faults: FederationFaults },
): void {
  const { master, faults } = options;

  router.get(`${FEDMASTER_PATH}/.well-known/openid-federation`, async (ctx) => {
    ctx.type = ENTITY_STATEMENT_MEDIA_TYPE;
    ctx.set("Cache-Control", "no-cache");
    ctx.body = await master.entityConfiguration();
  });

  router.get(`${FEDMASTER_PATH}/federation/fetch`, async (ctx) => {
    const { sub, iss } = ctx.query;
    if (typeof sub !== "string" || sub === "") {
      return federationError(ctx, 400, "invalid_request", "sub is required, once");
    }
    // §8.1.1: `iss`, when sent, names the entity asked; only the master answers here.
    if (iss !== undefined && iss !== master.entityId) {
      return federationError(ctx, 400, "invalid_issuer", "iss is not this federation master");
    }
    try {
      const statement = await master.subordinateStatement(sub);
      if (!statement) {
        return federationError(ctx, 404, "not_found", "sub is not a member of this federation");
      }
      ctx.type = ENTITY_STATEMENT_MEDIA_TYPE;
      ctx.set("Cache-Control", "no-cache");
      ctx.body = statement;
    } catch (error) {
      if (!(error instanceof MemberUnreachable)) throw error;
      ctx.set("Retry-After", "5");
      return federationError(ctx, 503, "temporarily_unavailable", error.message);
    }
  });

  router.get(`${FEDMASTER_PATH}/federation/list`, (ctx) => {
    const unsupported = UNSUPPORTED_LIST_PARAMETERS.find((name) => name in ctx.query);
    if (unsupported) {
      return federationError(ctx, 400, "unsupported_parameter", `${unsupported} is not supported`);
    }
    const type = ctx.query.entity_type;
    if (type !== undefined && type !== "openid_provider" && type !== "openid_relying_party") {
      ctx.body = [];
      return;
    }
    ctx.set("Cache-Control", "no-cache");
    ctx.body = master.members(type as MemberType | undefined);
  });

  router.get(`${FEDMASTER_PATH}/federation/listidps`, async (ctx) => {
    ctx.type = "application/jwt";
    ctx.set("Cache-Control", "no-cache");
    ctx.body = await master.idpList();
  });

  // Test control: no authentication, like the rest of the sandbox (it is never production).
  router.get(`${FEDMASTER_PATH}/testing/faults`, (ctx) => {
    ctx.set("Cache-Control", "no-store");
    ctx.body = faults.all();
  });

  router.put(`${FEDMASTER_PATH}/testing/faults/:idp`, async (ctx) => {
    const idp = idpNamed(ctx);
    if (!idp) return;
    if (!ctx.is("application/json")) {
      return federationError(ctx, 415, "invalid_request", "send application/json");
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(ctx, 1024));
    } catch (error) {
      if (error instanceof BodyTooLarge) throw error;
      return federationError(ctx, 400, "invalid_request", "the body is not JSON");
    }
    const parsed = faultBody.safeParse(body);
    if (!parsed.success) {
      return federationError(
        ctx,
        400,
        "invalid_request",
        'expected {"fault": F}, F one of bad-signature, expired, not-member, wrong-sub, swapped-jwks, bad-jwks-signature',
      );
    }
    faults.set(idp, parsed.data.fault);
    ctx.body = faults.all();
  });

  router.delete(`${FEDMASTER_PATH}/testing/faults/:idp`, (ctx) => {
    const idp = idpNamed(ctx);
    if (!idp) return;
    faults.clear(idp);
    ctx.status = 204;
  });
}

function idpNamed(ctx: Context & { params: Record<string, string> }): IdpName | undefined {
  const name = ctx.params.idp;
  if ((IDP_NAMES as readonly string[]).includes(name ?? "")) return name as IdpName;
  federationError(ctx, 404, "not_found", "no sandbox insurer has this name");
  return undefined;
}

/** An error answer in the shape of OpenID Federation 1.0 §8.9. */
function federationError(ctx: Context, status: number, error: string, description: string): void {
  ctx.status = status;
  ctx.set("Cache-Control", "no-store");
  ctx.body = { error, error_description: description };
}
