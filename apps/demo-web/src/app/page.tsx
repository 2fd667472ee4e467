import type { Session } from "next-auth";
import Link from "next/link";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { ClaimsTable } from "../components/claims-table";
import { DecodedJwt } from "../components/decoded-jwt";
import { SmartSection } from "../components/smart/smart-section";
import { env } from "../env";
import { decodeJwt } from "../lib/decode-jwt";
import { accessTokenExpiredNow } from "../lib/token-expiry";
import { auth } from "../server/auth";
import { refreshNow, signInWithLotse, signOutEverywhere } from "./actions";

function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.000Z$/, "Z");
}

export default async function HomePage() {
  // The broker URL and the session come from the request: render per request.
  await connection();
  const session = await auth();
  if (session?.idToken && !session.error) {
    // A page cannot set cookies; /session/refresh can, and stores the rotated refresh token.
    if (accessTokenExpiredNow(session)) redirect("/session/refresh");
    return <SignedIn session={session} />;
  }
  return <SignedOut error={session?.error} />;
}

function SignedOut({ error }: { error: string | undefined }) {
  const discoveryUrl = `${env.BROKER_URL}/.well-known/openid-configuration`;
  return (
    <main className="page" data-testid="signed-out">
      <p className="eyebrow">Lotse</p>
      <h1 data-testid="demo-title">Lotse demo app</h1>
      <p className="lead">
        An example relying party: an ordinary Next.js app that signs people in through the Lotse
        broker with next-auth&apos;s generic OpenID Connect provider, exactly as a health app would.
      </p>
      {error && (
        <p className="error" data-testid="session-error">
          Your session could not be renewed (<code>{error}</code>). Please sign in again.
        </p>
      )}
      <form action={signInWithLotse}>
        <button type="submit" className="primary" data-testid="sign-in">
          Sign in with Lotse
        </button>
      </form>

      <h2>Other ways to sign in</h2>
      <ul className="links">
        <li>
          <Link href="/backend">Backend exchange variant</Link>
          <span className="hint">
            this app&apos;s own server starts the flow and redeems the code with @lotse/sdk
          </span>
        </li>
        <li>
          <Link href="/helpdesk" data-testid="helpdesk-link">
            Help desk (CIBA)
          </Link>
          <span className="hint">
            an agent confirms a caller&apos;s identity by asking their insurer to approve it on the
            caller&apos;s phone, without the caller signing in anywhere
          </span>
        </li>
      </ul>

      <SmartSection fhirBaseUrl={env.DEMO_SMART_FHIR_BASE_URL} />

      <h2>The broker it talks to</h2>
      <ul className="links">
        <li>
          <a href={discoveryUrl}>Broker discovery document</a>
          <span className="hint">
            the only thing this app is configured with: <code>{discoveryUrl}</code>
          </span>
        </li>
      </ul>
    </main>
  );
}

function SignedIn({ session }: { session: Session }) {
  const { payload } = decodeJwt(session.idToken);
  return (
    <main className="page" data-testid="signed-in">
      <p className="eyebrow">Lotse demo app</p>
      <h1>
        Signed in
        {typeof payload["urn:telematik:claims:display_name"] === "string" &&
          ` as ${payload["urn:telematik:claims:display_name"]}`}
      </h1>
      <p className="lead">
        Your subject at this app (<code>sub</code>, pairwise: other apps see another one):{" "}
        <code data-testid="sub">{String(payload.sub)}</code>
      </p>

      <h2>What your insurer released</h2>
      <ClaimsTable payload={payload} />

      <h2>Tokens</h2>
      <dl className="facts">
        <dt>Access token expires</dt>
        <dd>
          <time data-testid="access-token-expiry" dateTime={isoTime(session.accessTokenExpiresAt)}>
            {isoTime(session.accessTokenExpiresAt)}
          </time>
        </dd>
        <dt>Access token fingerprint</dt>
        <dd>
          <code data-testid="access-token-fingerprint">{session.accessTokenFingerprint}</code>
        </dd>
        <dt>Refresh token fingerprint</dt>
        <dd>
          <code data-testid="refresh-token-fingerprint">{session.refreshTokenFingerprint}</code>
        </dd>
        <dt>Refreshed</dt>
        <dd>
          <span data-testid="refresh-count">{session.refreshCount}</span> time(s)
          {session.lastRefresh && (
            <>
              , last at {isoTime(session.lastRefresh.at)} (
              <span data-testid="refresh-reason">{session.lastRefresh.reason}</span>)
            </>
          )}
        </dd>
      </dl>
      <p className="hint">
        Fingerprints are the first 12 hex digits of the token&apos;s SHA-256, never the token: each
        refresh replaces both tokens (the broker rotates refresh tokens). The tokens themselves stay
        in the encrypted session cookie. An expired access token is refreshed when you open this
        page.
      </p>
      <div className="actions">
        <form action={refreshNow}>
          <button type="submit" data-testid="refresh">
            Refresh now
          </button>
        </form>
        <form action={signOutEverywhere}>
          <button type="submit" data-testid="sign-out">
            Sign out
          </button>
        </form>
      </div>

      <SmartSection fhirBaseUrl={env.DEMO_SMART_FHIR_BASE_URL} />

      <h2>Your ID token, decoded</h2>
      <p className="hint">
        Decoded here for display only. It was verified when it arrived: next-auth (oauth4webapi)
        checked issuer, audience, expiry and nonce of the token it received directly from the
        broker&apos;s token endpoint over the authenticated back channel (OIDC Core §3.1.3.7).
      </p>
      <DecodedJwt token={session.idToken} testId="id-token" />
    </main>
  );
}
