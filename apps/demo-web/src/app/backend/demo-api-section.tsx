import { env } from "~/env";
import type { DemoApiOutcome } from "~/server/demo-api/call-protected-api";
import { demoApiOutcome } from "~/server/sealed-cookie";
import { startDemoApiLogin } from "./actions";

/**
 * The protected API example: a login for the API's scope and identifier, then this app's
 * server calls /api/protected with the access token and the page shows what came back.
 */
export async function DemoApiSection() {
  const outcome = await demoApiOutcome.read();
  return (
    <section data-testid="demo-api">
      <h2>Call a protected API</h2>
      <p className="hint">
        This app also serves an API, <code>GET /api/protected</code>, that accepts only a Lotse
        access token (a JWT, RFC 9068) for the identifier <code>{env.DEMO_API_AUDIENCE}</code> with
        the scope <code>{env.DEMO_API_SCOPE}</code>, checked with <code>@lotse/sdk/api</code>. This
        login asks for <code>scope=openid {env.DEMO_API_SCOPE}</code> and{" "}
        <code>resource={env.DEMO_API_AUDIENCE}</code>; the server redeems the code and calls the API
        with the access token.
      </p>
      <form action={startDemoApiLogin}>
        <button type="submit" className="primary" data-testid="demo-api-login">
          Sign in for the demo API
        </button>
      </form>
      {outcome && <Outcome outcome={outcome} />}
    </section>
  );
}

function Outcome({ outcome }: { outcome: DemoApiOutcome }) {
  if (outcome.kind === "failure")
    return (
      <p className="error" data-testid="demo-api-error">
        {outcome.stage === "login" ? "The login did not complete: " : "The API did not answer: "}
        <code>{outcome.error}</code>
      </p>
    );
  if (outcome.status === 200)
    return (
      <div className="jwt">
        <h3>The API answered 200</h3>
        <pre data-testid="demo-api-result">{JSON.stringify(outcome.body, null, 2)}</pre>
      </div>
    );
  const { error, error_description: description } = oauthError(outcome.body);
  return (
    <div className="error jwt" data-testid="demo-api-error">
      <p>
        The API refused with {outcome.status}
        {error && (
          <>
            : <code>{error}</code>
          </>
        )}
        {description && <> ({description})</>}
      </p>
      {outcome.challenge && (
        <p>
          <code>WWW-Authenticate: {outcome.challenge}</code>
        </p>
      )}
      <pre>{JSON.stringify(outcome.body, null, 2)}</pre>
    </div>
  );
}

function oauthError(body: unknown): { error?: string; error_description?: string } {
  if (typeof body !== "object" || body === null) return {};
  const { error, error_description } = body as Record<string, unknown>;
  return {
    ...(typeof error === "string" ? { error } : {}),
    ...(typeof error_description === "string" ? { error_description } : {}),
  };
}
