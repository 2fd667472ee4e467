import { connection } from "next/server";
import { env } from "../env";

export default async function HomePage() {
  // The broker URL comes from the runtime configuration: render per request, not at build time.
  await connection();
  const discoveryUrl = `${env.BROKER_URL}/.well-known/openid-configuration`;

  return (
    <main className="page">
      <p className="eyebrow">Lotse</p>
      <h1 data-testid="demo-title">Lotse demo app</h1>
      <p className="lead">
        This is an example relying party: an ordinary app that will sign people in through the Lotse
        broker using standard OpenID Connect, exactly as a health app would.
      </p>
      <p>
        It knows the broker only through its public endpoints, never its database. Coming here soon:
        a web login with the insurer chooser, a help desk that signs people in on their phone
        (CIBA), and a SMART on FHIR app.
      </p>

      <h2>The broker it talks to</h2>
      <ul className="links">
        <li>
          <a href={discoveryUrl}>Broker discovery document</a>
          <span className="hint">
            where this app will learn the broker&apos;s endpoints: <code>{discoveryUrl}</code>
          </span>
        </li>
      </ul>
    </main>
  );
}
