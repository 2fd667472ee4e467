import type { Idp } from "@lotse/sdk";
import Link from "next/link";
import { connection } from "next/server";
import { ClaimsTable } from "~/components/claims-table";
import { DecodedJwt } from "~/components/decoded-jwt";
import { decodeJwt } from "~/lib/decode-jwt";
import { lotseClient } from "~/server/lotse-client";
import { backendSession } from "~/server/sealed-cookie";
import { signOutBackend, startBackendLogin } from "./actions";
import { DemoApiSection } from "./demo-api-section";

export default async function BackendPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string | string[] }>;
}) {
  await connection();
  const { error } = await searchParams;
  const session = await backendSession.read();
  return (
    <main className="page">
      <p className="eyebrow">
        <Link href="/">Lotse demo app</Link>
      </p>
      <h1>Backend exchange variant</h1>
      <p className="lead">
        Here this app&apos;s own server runs the login with <code>@lotse/sdk</code>: it creates
        PKCE, state and nonce, sends you to the broker, receives the code at{" "}
        <code>/backend/callback</code> and redeems it with its client secret. Your browser only ever
        carries the code.
      </p>
      {typeof error === "string" && (
        <p className="error" data-testid="backend-error">
          The login did not complete: <code>{error}</code>
        </p>
      )}
      {session ? <Result idToken={session.idToken} /> : <Start />}
      <DemoApiSection />
    </main>
  );
}

async function Start() {
  let idps: Idp[] = [];
  let listError: string | undefined;
  try {
    idps = await lotseClient().listIdps();
  } catch (error) {
    listError = error instanceof Error ? error.message : "unknown error";
  }
  return (
    <section data-testid="backend-signed-out">
      <h2>Pick your insurer</h2>
      <p className="hint">
        From <code>GET /api/v1/idps?relyingPartyId=demo-web</code>; choosing one sends{" "}
        <code>provider=&lt;issuer&gt;</code>, so the broker skips its own chooser.
      </p>
      {listError && <p className="error">The insurer list is unavailable: {listError}</p>}
      <ul className="idps" data-testid="idp-list">
        {idps.map((idp) => (
          <li key={idp.issuer}>
            <form action={startBackendLogin}>
              <input type="hidden" name="provider" value={idp.issuer} />
              <button type="submit" data-issuer={idp.issuer}>
                {idp.organizationName}
                {idp.pkv ? " (PKV)" : ""}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <form action={startBackendLogin}>
        <button type="submit" className="primary" data-testid="backend-sign-in">
          Choose at Lotse instead
        </button>
      </form>
    </section>
  );
}

function Result({ idToken }: { idToken: string }) {
  const { payload } = decodeJwt(idToken);
  return (
    <section data-testid="backend-signed-in">
      <h2>Signed in on the server</h2>
      <p>
        Your <code>sub</code> at demo-web: <code data-testid="sub">{String(payload.sub)}</code>
      </p>
      <ClaimsTable payload={payload} />
      <form action={signOutBackend} className="actions">
        <button type="submit" data-testid="sign-out">
          Sign out
        </button>
      </form>
      <h2>The ID token, decoded</h2>
      <p className="hint">
        Decoded here for display only. The SDK checked it on receipt (issuer, audience, expiry,
        nonce) when it came straight from the broker&apos;s token endpoint (OIDC Core §3.1.3.7).
      </p>
      <DecodedJwt token={idToken} testId="id-token" />
    </section>
  );
}
