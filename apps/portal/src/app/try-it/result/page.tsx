import { ArrowLeft, CheckCircle2, RotateCw, SearchX } from "lucide-react";
import { cookies } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { Alert } from "@lotse/ui/alert";
import { buttonVariants } from "@lotse/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lotse/ui/card";
import { EmptyState, PageHeader } from "@lotse/ui/layout";
import { AppShell } from "~/components/app-shell";
import { requireSession } from "~/server/session";
import { authSecret, RESULT_COOKIE } from "~/server/try-it/cookies";
import { tryItResultSchema } from "~/server/try-it/result";
import { unseal } from "~/server/try-it/sealed";
import { api } from "~/trpc/server";

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
    <AppShell session={session}>
      <PageHeader
        eyebrow="Try it"
        title={application.name}
        description="The outcome of a real login through the broker with this application's settings."
        actions={
          <>
            <Link
              className={buttonVariants({ variant: "secondary" })}
              href={`/apps/${application.id}`}
            >
              <ArrowLeft aria-hidden />
              Back to the application
            </Link>
            {/* A plain link: /try-it/start is a route handler that redirects to the broker. */}
            <a className={buttonVariants()} href={`/try-it/start?applicationId=${application.id}`}>
              <RotateCw aria-hidden />
              Try again
            </a>
          </>
        }
      />
      {!result && (
        <EmptyState
          icon={<SearchX />}
          title="No result"
          description="There is no recent Try-it login of this application. Results are kept for five minutes."
        />
      )}
      {result?.error && (
        <Alert tone="danger" title="The login did not succeed">
          <p data-testid="try-it-error">{result.error}</p>
        </Alert>
      )}
      {result?.claims && (
        <Card aria-labelledby="try-it-result-title">
          <CardHeader>
            <div>
              <CardTitle id="try-it-result-title" className="flex items-center gap-2">
                <CheckCircle2 className="size-5 text-success" aria-hidden />
                Signed in: the ID token&apos;s claims
              </CardTitle>
              <CardDescription>
                Signature, issuer, audience, expiry and nonce were checked. This is what your
                application receives with its current settings.
              </CardDescription>
            </div>
          </CardHeader>
          <CardContent>
            <pre
              className="m-0 overflow-x-auto rounded-lg bg-muted p-4 text-sm"
              data-testid="try-it-claims"
            >
              {JSON.stringify(result.claims, null, 2)}
            </pre>
          </CardContent>
        </Card>
      )}
    </AppShell>
  );
}
