/**
 * SMART at the token endpoint, as oidc-provider pre- and post-middleware
 * (`provider.use`, its documented way to extend an endpoint):
 * - after a successful token response of a SMART grant, the launch context goes into it
 *   (SMART 2.2 §2.0.10: `patient`, `encounter`, `fhirContext`, `need_patient_banner`,
 *   `smart_style_url`), for the code and for every refresh alike;
 * - before it, the token errors the portal's launcher can simulate for a launch
 *   (`auth_invalid_client_secret`, `token_invalid_token`, `token_expired_refresh_token`):
 *   the request is answered with the error a real failure would give, and nothing is issued.
 */
import type { Context, Middleware } from "koa";
import type Provider from "oidc-provider";
import type { KoaContextWithOIDC } from "oidc-provider";
import { parseBasic } from "../applications/client-auth.js";
import { lotseFields } from "../applications/client-metadata.js";
import { canonicalPath, ROUTES } from "../oidc/routes.js";
import { formBody } from "../protection/form-body.js";
import { answerOAuthError } from "../protection/oauth-error.js";
import { requestInfo, type AuditLog } from "../audit/index.js";
import type { SmartContext, SmartContextStore } from "./context-store.js";

/** The token response fields of a context (only what was granted is present). */
export function contextResponseFields(context: SmartContext): Record<string, unknown> {
  return {
    ...(context.patient ? { patient: context.patient } : {}),
    ...(context.encounter ? { encounter: context.encounter } : {}),
    ...(context.fhirContext.length > 0 ? { fhirContext: context.fhirContext } : {}),
    need_patient_banner: context.needPatientBanner,
    ...(context.smartStyleUrl ? { smart_style_url: context.smartStyleUrl } : {}),
  };
}

const SIMULATED: Record<
  string,
  { grant: string; status: number; error: string; description: string }
> = {
  auth_invalid_client_secret: {
    grant: "authorization_code",
    status: 401,
    error: "invalid_client",
    description: "Simulated invalid client secret (SMART launcher).",
  },
  token_invalid_token: {
    grant: "authorization_code",
    status: 400,
    error: "invalid_grant",
    description: "Simulated invalid token (SMART launcher).",
  },
  token_expired_refresh_token: {
    grant: "refresh_token",
    status: 400,
    error: "invalid_grant",
    description: "Simulated expired refresh token (SMART launcher).",
  },
};

async function grantOfTokenRequest(
  provider: Provider,
  form: URLSearchParams,
): Promise<string | undefined> {
  const grantType = form.get("grant_type");
  try {
    if (grantType === "authorization_code" && form.get("code"))
      return (await provider.AuthorizationCode.find(form.get("code")!))?.grantId;
    if (grantType === "refresh_token" && form.get("refresh_token"))
      return (await provider.RefreshToken.find(form.get("refresh_token")!))?.grantId;
  } catch {
    // A value that is no token of ours: oidc-provider answers it as it always does.
  }
  return undefined;
}

/** The client a token request names (form or HTTP Basic), before oidc-provider checks it. */
function claimedClientId(ctx: Context, form: URLSearchParams): string | undefined {
  return form.get("client_id") ?? parseBasic(ctx.get("authorization"))?.clientId;
}

async function isSmartClient(provider: Provider, clientId: string | undefined): Promise<boolean> {
  if (!clientId) return false;
  const client = await provider.Client.find(clientId).catch(() => undefined);
  return !!client && !!lotseFields(client).lotseSmart;
}

export function smartTokenHooks(
  provider: Provider,
  contexts: SmartContextStore,
  audit: Pick<AuditLog, "record">,
): Middleware {
  return async (ctx: Context, next) => {
    const isToken = ctx.method === "POST" && canonicalPath(ctx.path) === ROUTES.token;
    if (!isToken) return next();

    // Only SMART applications have launches, so only their requests are looked into.
    const form = formBody(ctx);
    const smart = form ? await isSmartClient(provider, claimedClientId(ctx, form)) : false;
    const grantId = form && smart ? await grantOfTokenRequest(provider, form) : undefined;
    const context = grantId ? await contexts.load(grantId) : undefined;
    const simulated = context?.simulatedError ? SIMULATED[context.simulatedError] : undefined;
    if (simulated && simulated.grant === form?.get("grant_type")) {
      answerOAuthError(ctx, simulated.status, simulated.error, simulated.description);
      // RFC 6749 §5.2: a challenge for the scheme the client authenticated with, if any.
      if (simulated.status === 401 && ctx.get("authorization"))
        ctx.set("WWW-Authenticate", 'Basic realm="token"');
      await audit.record({
        type: "token.rejected",
        outcome: "FAILURE",
        errorCode: simulated.error,
        errorDescription: simulated.description,
        grantId,
        details: { simulatedError: context!.simulatedError, grant_type: form?.get("grant_type") },
        ...requestInfo(ctx),
      });
      return;
    }

    await next();

    const oidc = (ctx as KoaContextWithOIDC).oidc;
    const body = ctx.body as Record<string, unknown> | undefined;
    if (ctx.status !== 200 || !body?.access_token || !oidc?.client) return;
    if (!lotseFields(oidc.client).lotseSmart) return;
    const issuedFor = oidc.entities.AccessToken?.grantId;
    const granted = issuedFor ? await contexts.load(issuedFor) : undefined;
    if (granted) ctx.body = { ...body, ...contextResponseFields(granted) };
  };
}
