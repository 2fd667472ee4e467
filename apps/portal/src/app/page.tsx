import Link from "next/link";
import { connection } from "next/server";
import { env } from "../env";

export default async function HomePage() {
  // The links come from the runtime configuration: render per request, not at build time.
  await connection();
  const discoveryUrl = `${env.BROKER_URL}/.well-known/openid-configuration`;

  return (
    <main className="page">
      <p className="eyebrow">Lotse</p>
      <h1 data-testid="portal-title">Lotse developer portal</h1>
      <p className="lead">
        Lotse is an OpenID Connect identity broker for health apps: your app talks standard OpenID
        Connect to Lotse, and Lotse signs insured people in with their health insurer.
      </p>
      <p className="row">
        <Link className="button" href="/sign-in">
          Sign in
        </Link>
        <Link className="button secondary" href="/sign-up">
          Create a developer account
        </Link>
      </p>

      <h2>Start exploring</h2>
      <ul className="links">
        <li>
          <a href={discoveryUrl}>Broker discovery document</a>
          <span className="hint">
            the broker&apos;s OpenID configuration: <code>{discoveryUrl}</code>
          </span>
        </li>
        <li>
          <a href={env.SANDBOX_URL}>Sandbox</a>
          <span className="hint">
            the simulated federation, insurer identity providers and FHIR server:{" "}
            <code>{env.SANDBOX_URL}</code>
          </span>
        </li>
      </ul>
    </main>
  );
}
