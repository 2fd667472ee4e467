import { cookies } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { AppShell } from "../../../components/app-shell";
import { requireSession } from "../../../server/session";
import { authSecret, RESULT_COOKIE } from "../../../server/try-it/cookies";
import { tryItResultSchema } from "../../../server/try-it/result";
import { unseal } from "../../../server/try-it/sealed";
import { api } from "../../../trpc/server";

/** The outcome of a Try-it login: the ID token's claims, or what went wrong. */
export default async function TryItResultPage({
  searchParams,
}: {
  searchParams: Promise<{ applicationId?: string }>;
}) {
  const { applicationId = "" } = await searchParams;
  const session = await requireSession(
    `/try-it/result?applicationId=${encodeURIComponent(applicationId)}`,
  );
  // Membership is checked by the service, as on the application page.
  const application = await (
    await api()
  ).application
    .get({ applicationId })
    .catch((error: unknown) => {
      if (error instanceof TRPCError && ["NOT_FOUND", "BAD_REQUEST"].includes(error.code))
        notFound();
      throw error;
    });
  const parsed = tryItResultSchema.safeParse(
    unseal(authSecret(), (await cookies()).get(RESULT_COOKIE)?.value),
  );
  const result =
    parsed.success &&
    parsed.data.userId === session.user.id &&
    parsed.data.applicationId === application.id
      ? parsed.data
      : null;

  return (
    <>
      <AppShell session={session}>
        <h1>Try it: {application.name}</h1>
        <section className="card" aria-labelledby="try-it-result-title">
          {!result && (
            <>
              <h2 id="try-it-result-title">No result</h2>
              <p className="hint">There is no recent Try-it login of this application.</p>
            </>
          )}
          {result?.error && (
            <>
              <h2 id="try-it-result-title">The login did not succeed</h2>
              <p className="error" data-testid="try-it-error">
                {result.error}
              </p>
            </>
          )}
          {result?.claims && (
            <>
              <h2 id="try-it-result-title">Signed in: the ID token&apos;s claims</h2>
              <p className="hint">
                Signature, issuer, audience, expiry and nonce were checked. This is what your
                application receives with its current settings.
              </p>
              <pre className="snippet" data-testid="try-it-claims">
                {JSON.stringify(result.claims, null, 2)}
              </pre>
            </>
          )}
          <p>
            <Link href={`/apps/${application.id}`}>Back to the application</Link>
          </p>
        </section>
      </AppShell>
    </>
  );
}
