/**
 * Plain-language explanations of failed login steps for the flow inspector: the usual
 * cause and what to change. Pure, so it is unit-tested without a database. The codes are
 * OAuth 2.0 (RFC 6749 §4.1.2.1, §5.2) and PKCE (RFC 7636 §4.6) errors as the broker
 * records them; SMART launch steps (SMART App Launch 2.2) by their event type.
 */
import { SMART_SIMULATED_ERRORS } from "@lotse/domain";
import type { Explanation } from "../../schemas/audit.js";

export interface ExplainableEvent {
  type: string;
  outcome: "SUCCESS" | "FAILURE";
  errorCode: string | null;
  errorDescription: string | null;
  details: Record<string, unknown>;
}

export interface ExplainContext {
  /** The application's registered redirect URIs, when the event's client is known. */
  registeredRedirectUris?: string[] | undefined;
  /**
   * The error the flow's SMART launch asked the platform to simulate (the `smart.launch`
   * step's details.simulatedError), if any: failures after it are intended.
   */
  simulatedError?: string | undefined;
}

const sentRedirectUri = (event: ExplainableEvent): string | undefined =>
  typeof event.details.redirect_uri === "string" ? event.details.redirect_uri : undefined;

function redirectUriMismatch(event: ExplainableEvent, context: ExplainContext): Explanation {
  const sent = sentRedirectUri(event);
  return {
    title: "redirect_uri does not match",
    cause:
      "The app sent a redirect_uri that is not one of its registered redirect URIs. They are " +
      "compared exactly (RFC 9700 §4.1.3): scheme, host, port, path, a trailing slash and the " +
      "query all count.",
    fix:
      "Send one of the registered URIs character for character, or register the one the app " +
      "sends on the application's page in the portal.",
    ...(context.registeredRedirectUris ? { registered: context.registeredRedirectUris } : {}),
    ...(sent !== undefined ? { sent } : {}),
  };
}

const isPkceProblem = (event: ExplainableEvent) =>
  /pkce|code_verifier|code_challenge/i.test(event.errorDescription ?? "");

const isRedirectProblem = (event: ExplainableEvent) =>
  /redirect_uri/i.test(event.errorDescription ?? "");

/**
 * A failure in a flow whose launch asked for a simulated error (the portal's SMART
 * launcher): say so first, so nobody hunts for a configuration problem that is not there.
 */
function simulated(name: string, usual: Explanation | null): Explanation {
  const label = SMART_SIMULATED_ERRORS.find((error) => error.name === name)?.label ?? name;
  return {
    ...usual,
    title: `Simulated error: ${label}`,
    cause:
      `This flow's SMART launch asked the platform to simulate ${name} (portal, SMART ` +
      `launcher), so this failure is intended.${usual ? ` Outside a simulation: ${usual.cause}` : ""}`,
    fix:
      "Check that the app handles this error gracefully (a message, a way to start again). " +
      "Launch again without a simulated error for a normal run.",
  };
}

/** The explanation of a failed step, or null for a success or an unknown error. */
export function explainEvent(
  event: ExplainableEvent,
  context: ExplainContext = {},
): Explanation | null {
  if (event.outcome === "SUCCESS") return null;
  const usual = explainFailure(event, context);
  return context.simulatedError ? simulated(context.simulatedError, usual) : usual;
}

function explainFailure(event: ExplainableEvent, context: ExplainContext): Explanation | null {
  const code = event.errorCode ?? "";

  // SMART 2.2 §2.0.2: the app returns the opaque launch value unchanged, with aud = iss.
  if (event.type === "smart.launch")
    return {
      title: "SMART launch not resolved",
      cause:
        "The broker could not resolve the app's launch: the launch value is unknown or expired " +
        "(a launch from the portal's launcher works for one hour), belongs to another " +
        "application, or the app's aud is not the FHIR base URL (iss) it was launched with.",
      fix:
        "Start a new launch from the SMART launcher; send its launch value back unchanged on " +
        "the authorization request, with aud set to the iss the app received.",
    };
  if (event.type === "smart.context")
    return {
      title: "SMART context not granted",
      cause:
        "The broker could not settle the launch context the app asked for: no patient was " +
        "chosen in the patient picker, the patient, encounter or practitioner does not exist " +
        "on the FHIR server, or the app asked for launch/patient without allowing it.",
      fix:
        "Choose a patient when asked, launch with ids the FHIR server knows, and allow the " +
        "launch scopes the app requests in the application's SMART settings.",
    };

  if (code === "invalid_redirect_uri" || (code === "invalid_request" && isRedirectProblem(event)))
    return redirectUriMismatch(event, context);

  if (isPkceProblem(event)) {
    return code === "invalid_grant"
      ? {
          title: "PKCE verification failed",
          cause:
            "The code_verifier sent to the token endpoint does not hash to the code_challenge of " +
            "the authorization request (RFC 7636 §4.6). Usually the app generated a new verifier " +
            "or lost the one it stored before the redirect.",
          fix: "Store the verifier with the login's state and send that same value when redeeming the code.",
        }
      : {
          title: "PKCE missing or malformed",
          cause:
            "Lotse requires PKCE with S256 for every authorization request (RFC 9700 §2.1.1); " +
            "the request had no code_challenge, used the plain method, or had a malformed value.",
          fix: "Send code_challenge (BASE64URL(SHA-256(verifier))) and code_challenge_method=S256.",
        };
  }

  switch (code) {
    case "invalid_client":
      return {
        title: "Client authentication failed",
        cause:
          "The client_id is unknown or disabled, or the client secret is wrong, revoked or past " +
          "its rotation grace period.",
        fix:
          "Check the client id and secret in the app's configuration; if the secret was rotated, " +
          "deploy the new one. Public apps must not send a secret.",
      };
    case "access_denied":
      return {
        title: "The user cancelled",
        cause:
          "The user cancelled at the insurer's app or the broker, or did not approve the data " +
          "release. This is not a configuration problem.",
        fix: "Nothing to fix; let the user start the login again.",
      };
    case "temporarily_unavailable":
      return {
        title: "The insurer's identity provider is unavailable",
        cause:
          "The upstream identity provider did not answer or answered with an error; usually a " +
          "maintenance window or outage on the insurer's side.",
        fix: "Retry later, or let the user choose another way to sign in. Check the status of the IDP.",
      };
    case "invalid_scope":
      return {
        title: "Scope not allowed",
        cause: "The app asked for a scope that is not among the application's allowed scopes.",
        fix: "Request only the registered scopes, or add the scope in the application's settings.",
      };
    case "unauthorized_client":
      return {
        title: "Grant type or IDP not allowed for this application",
        cause:
          "The application is not registered for this grant type (e.g. refresh_token) or this " +
          "identity provider.",
        fix: "Allow the grant type or IDP in the application's settings, or stop using it.",
      };
    case "invalid_grant":
      return {
        title: "Code or refresh token rejected",
        cause:
          "The authorization code or refresh token is expired, was already used, or was issued " +
          "to another client or redirect_uri. Codes work once, within a minute.",
        fix: "Redeem the code immediately and only once, with the same redirect_uri as the authorization request.",
      };
    case "login_required":
    case "interaction_required":
    case "consent_required":
      return {
        title: "Interaction needed",
        cause: "The app asked for prompt=none, but the user has to sign in or consent.",
        fix: "Start a normal login without prompt=none.",
      };
    case "invalid_request":
      return {
        title: "Malformed request",
        cause: `The broker rejected the request: ${event.errorDescription ?? "a parameter is missing or invalid"}.`,
        fix: "Compare the request's parameters with the discovery document and the quick start.",
      };
    case "server_error":
      return {
        title: "Error inside Lotse",
        cause:
          "The broker failed unexpectedly; the broker's log has the details under this flow id.",
        fix: "Retry; if it persists, report it with the flow id.",
      };
    default:
      return null;
  }
}
