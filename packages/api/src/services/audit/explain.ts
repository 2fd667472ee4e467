/**
 * Plain-language explanations of failed login steps for the flow inspector: the usual
 * cause and what to change. Pure, so it is unit-tested without a database. The codes are
 * OAuth 2.0 (RFC 6749 §4.1.2.1, §5.2) and PKCE (RFC 7636 §4.6) errors as the broker
 * records them; SMART launch steps (SMART App Launch 2.2) and backchannel logins (CIBA
 * Core 1.0) by their event type.
 */
import { SMART_SIMULATED_ERRORS } from "@lotse/domain";
import type { Explanation } from "../../schemas/audit.js";

export interface ExplainableEvent {
  type: string;
  outcome: "SUCCESS" | "FAILURE";
  errorCode: string | null;
  errorDescription: string | null;
  details: Record<string, unknown>;
  /** The insurer's issuer, where the step involved one (the CIBA request names it). */
  upstreamIdp?: string | null;
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

/**
 * A refused or unfinished backchannel login (CIBA Core 1.0): the insurer's refusals of the
 * request (§13), the answers to the app's polls (§11), the person's denial. Null where the
 * generic OAuth explanation fits (invalid_client, unauthorized_client, …).
 */
function explainCiba(event: ExplainableEvent): Explanation | null {
  const code = event.errorCode ?? "";
  const denied: Explanation = {
    title: "The person denied the request",
    cause:
      "The person declined the backchannel login on their phone (the insurer's authenticator " +
      "app), so the app's token request answers access_denied. This is not a configuration " +
      "problem.",
    fix:
      "Nothing to fix. Make sure the binding message tells the person who is asking and why, " +
      "so they recognise the request; a new login needs a new request.",
  };
  if (event.type === "ciba.denied") return denied;
  if (event.type === "ciba.poll")
    switch (code) {
      case "authorization_pending":
        return {
          title: "Waiting for the person (normal)",
          cause:
            "The person has not answered on their phone yet. In poll mode every token request " +
            "before the answer gets authorization_pending (CIBA Core §11); this is expected.",
          fix:
            "Poll again after the interval the request answered with, until tokens or another " +
            "error arrive. In ping mode, wait for the notification instead of polling.",
        };
      case "slow_down":
        return {
          title: "Polling too fast",
          cause:
            "The app asked the token endpoint again before the interval had passed; the broker " +
            "answers slow_down and adds 5 seconds to the interval for this request (CIBA Core §11).",
          fix: "Wait at least the interval between polls, and add 5 seconds to it after every slow_down.",
        };
      case "expired_token":
        return {
          title: "The request expired",
          cause:
            "The person did not answer before the request's expires_in passed (or the insurer " +
            "ended the request), so the auth_req_id is no longer valid.",
          fix:
            "Start a new backchannel request and ask the person to confirm it on their phone; " +
            "requested_expiry can give them more time.",
        };
      case "access_denied":
        return denied;
      default:
        return null;
    }
  if (event.type === "ciba.request")
    switch (code) {
      case "unknown_user_id":
        return {
          title: "The insurer does not know this person",
          cause:
            "The insurer has no insured person with the health insurance number (KVNR) sent as " +
            "login_hint, or the request went to another insurer than the person's.",
          fix: "Check the KVNR (a letter and nine digits) and send the person's insurer as provider.",
        };
      case "invalid_user_code":
      case "missing_user_code":
        return {
          title: code === "missing_user_code" ? "User code missing" : "User code not accepted",
          cause:
            "The person's user code (their code at the insurer, sent as user_code) is required " +
            "for this request and was missing or did not match (CIBA Core §13).",
          fix:
            "Ask the person for their code at the insurer and send it as user_code; if the app " +
            "must always send one, turn on “Require a user code” in the application's settings.",
        };
      case "invalid_binding_message":
        return {
          title: "Binding message not accepted",
          cause:
            "The binding_message is too long or has characters the phone cannot show; it must " +
            "be short plain text, at most 64 characters (CIBA Core §7.1).",
          fix: "Send a short message the person can match with what they see in the app, e.g. a case number.",
        };
      default:
        return null;
    }
  if (event.type === "ciba.approved" && code === "transaction_failed")
    return {
      title: "Approved, but the login could not be finished",
      cause:
        "The person confirmed on their phone, but the broker could not turn the insurer's " +
        "answer into tokens for the app: e.g. the person who confirmed is not the one named in " +
        "login_hint, or the insurer's ID token was not usable.",
      fix: "Start a new request for the right person; if it persists, report it with the flow id.",
    };
  return null;
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

  if (event.type.startsWith("ciba.")) {
    const ciba = explainCiba(event);
    if (ciba) return ciba;
  }

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
