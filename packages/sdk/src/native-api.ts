/**
 * The broker's native app APIs (docs/api.md "Native app APIs", shapes in
 * apps/broker/src/native-api/schemas.ts): the IDP list and the mobile code exchange.
 */
import { brokerUrl, type ClientContext } from "./context.js";
import { LotseProtocolError } from "./errors.js";
import { isRecord, requestJson } from "./http.js";

export interface Idp {
  /** Pass it as `provider` to `startNativeLogin` or `buildAuthorizationUrl`. */
  issuer: string;
  organizationName: string;
  logoUri: string | null;
  /** True for a private health insurer (PKV). */
  pkv: boolean;
}

function isIdp(value: unknown): value is Idp {
  return (
    isRecord(value) &&
    typeof value.issuer === "string" &&
    typeof value.organizationName === "string" &&
    (typeof value.logoUri === "string" || value.logoUri === null) &&
    typeof value.pkv === "boolean"
  );
}

/** The insurers this application may use, for a native chooser (flow B). */
export async function listIdps(context: ClientContext): Promise<Idp[]> {
  const query = new URLSearchParams({ relyingPartyId: context.clientId });
  const body = await requestJson(context.fetch, brokerUrl(context, `/api/v1/idps?${query}`));
  if (!Array.isArray(body) || !body.every(isIdp))
    throw new LotseProtocolError("invalid_response", "The IDP list is malformed.");
  return body.map(({ issuer, organizationName, logoUri, pkv }) => ({
    issuer,
    organizationName,
    logoUri,
    pkv,
  }));
}

/** What the insurer's app returned to the app: its `code` and `state`, or the whole link. */
export type ExchangeInput = { code: string; state: string } | { redirectUrl: string };

/**
 * `POST /oidcf/exchange/mobile`: the broker redeems the insurer's code and answers the
 * redirect URL with the broker's code and the app's own state (or an OAuth error).
 */
export async function exchange(
  context: ClientContext,
  input: ExchangeInput,
): Promise<{ redirectUrl: string }> {
  const fields =
    "redirectUrl" in input
      ? { redirectUrl: input.redirectUrl }
      : { code: input.code, state: input.state };
  const body = await requestJson(context.fetch, brokerUrl(context, "/oidcf/exchange/mobile"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ clientId: context.clientId, ...fields }),
  });
  if (!isRecord(body) || typeof body.redirectUrl !== "string")
    throw new LotseProtocolError("invalid_response", "The exchange answer has no redirectUrl.");
  return { redirectUrl: body.redirectUrl };
}
