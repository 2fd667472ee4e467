/**
 * How an upstream failure reaches the application (RFC 6749 §4.1.2.1 error codes):
 * the person cancelled → access_denied; the IDP could not be reached or refused for
 * now → temporarily_unavailable; anything the IDP got wrong (bad or expired ID token,
 * failed code redemption) → server_error, since the app can do nothing about it.
 */
export type AppFacingError = "access_denied" | "temporarily_unavailable" | "server_error";

export interface UpstreamFailure {
  error: AppFacingError;
  description: string;
}

export function fromUpstreamErrorResponse(
  error: string,
  description?: string | null,
): UpstreamFailure {
  if (error === "access_denied") {
    return {
      error: "access_denied",
      description: description || "The person cancelled the login at their insurer.",
    };
  }
  if (error === "temporarily_unavailable" || error === "server_error") {
    return {
      error: "temporarily_unavailable",
      description: "The insurer's identity provider is not available right now.",
    };
  }
  return {
    error: "server_error",
    description: `The insurer's identity provider answered ${error}.`,
  };
}

export function fromUpstreamException(error: unknown): UpstreamFailure {
  const err = error as { name?: string; code?: string; cause?: unknown; error?: string };
  // openid-client v6 parses an OAuth error body only for 4xx answers (ResponseBodyError,
  // with the body's `error`); any other unexpected status is a ClientError whose cause
  // is the Response. Neither carries the status or the error in its message.
  const status = err.cause instanceof Response ? err.cause.status : undefined;
  // Network failures and 5xx answers: the IDP is unavailable, not broken.
  if (
    err.name === "TypeError" ||
    err.name === "TimeoutError" ||
    (err.code === "OAUTH_RESPONSE_IS_NOT_CONFORM" && status !== undefined && status >= 500)
  ) {
    return {
      error: "temporarily_unavailable",
      description: "The insurer's identity provider is not available right now.",
    };
  }
  if (
    err.code === "OAUTH_RESPONSE_BODY_ERROR" &&
    (err.error === "temporarily_unavailable" || err.error === "server_error")
  ) {
    return {
      error: "temporarily_unavailable",
      description: "The insurer's identity provider is not available right now.",
    };
  }
  return {
    error: "server_error",
    description: "The insurer's identity provider returned a response that failed verification.",
  };
}
