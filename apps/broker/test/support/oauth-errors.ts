/** The OAuth error of a failed openid-client call, wherever the library put it. */
export async function oauthError(
  promise: Promise<unknown>,
): Promise<{ error?: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    // A 401 with WWW-Authenticate surfaces as a challenge error: the OAuth error is in it.
    const e = error as {
      error?: string;
      status?: number;
      cause?: { error?: string } | Array<{ parameters?: { error?: string } }>;
    };
    const fromChallenge = Array.isArray(e.cause) ? e.cause[0]?.parameters?.error : e.cause?.error;
    return { error: e.error ?? fromChallenge, status: e.status };
  }
  throw new Error("expected the request to fail");
}
