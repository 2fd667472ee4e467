import { errors } from "oidc-provider";
import { assertedAcr } from "../idp/acr.js";
import { AMR_OTHER } from "../idp/create-idp-provider.js";
import type { SandboxIdp } from "../idp/sandbox-idp.js";
import type { CibaInboxEntry } from "./ciba-inbox.js";

/**
 * The person approved on their phone: a grant for the requested scopes (and claims, when
 * the request named any), handed to oidc-provider as the request's result (CIBA Core §10).
 * The broker's next token request then gets an ID token exactly like after a browser
 * login: the granted scopes' telematik claims, acr/amr, ES256, encrypted to the broker.
 */
export async function approveCibaRequest(idp: SandboxIdp, entry: CibaInboxEntry): Promise<void> {
  const { provider } = idp;
  const request = await provider.BackchannelAuthenticationRequest.find(entry.authReqId);
  if (!request?.accountId || !request.clientId) throw new CibaRequestGone();
  const grant = new provider.Grant({ accountId: request.accountId, clientId: request.clientId });
  grant.addOIDCScope(request.scope ?? "openid");
  const claims = Object.keys(request.claims?.id_token ?? {});
  if (claims.length) grant.addOIDCClaims(claims);
  await grant.save();
  await provider.backchannelResult(request, grant, {
    acr: assertedAcr(request.params?.acr_values),
    amr: AMR_OTHER,
    authTime: Math.floor(Date.now() / 1000),
  });
}

/** The person denied: the broker's next token request gets `access_denied` (CIBA Core §11). */
export async function denyCibaRequest(idp: SandboxIdp, entry: CibaInboxEntry): Promise<void> {
  const { provider } = idp;
  const request = await provider.BackchannelAuthenticationRequest.find(entry.authReqId);
  if (!request) throw new CibaRequestGone();
  await provider.backchannelResult(
    request,
    new errors.AccessDenied("The insured person denied the request on their phone."),
  );
}

/** The insurer no longer knows the request (expired or already redeemed). */
export class CibaRequestGone extends Error {
  constructor() {
    super("the CIBA request is no longer pending");
  }
}
