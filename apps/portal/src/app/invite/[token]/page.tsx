import { TRPCError } from "@trpc/server";
import { Link2Off, UsersRound } from "lucide-react";
import Link from "next/link";
import { buttonVariants } from "@lotse/ui/button";
import { Card, CardContent } from "@lotse/ui/card";
import { AppShell } from "~/components/app-shell";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";
import { AcceptInvitation } from "./accept-invitation";

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const session = await requireSession(`/invite/${token}`);
  const preview = await (
    await api()
  ).organization
    .previewInvitation({ token })
    .catch((error: unknown) => {
      if (
        error instanceof TRPCError &&
        (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")
      )
        return null;
      throw error;
    });

  return (
    <AppShell session={session}>
      <Card className="mx-auto max-w-lg">
        <CardContent className="grid justify-items-center gap-3 pt-8 pb-8 text-center">
          {!preview ? (
            <>
              <Link2Off className="size-8 text-muted-foreground" aria-hidden />
              <h1 className="m-0 text-xl font-semibold">Invitation not valid</h1>
              <p className="m-0 max-w-prose text-sm text-muted-foreground">
                This link has expired, was revoked or has been used. Ask an owner of the
                organization for a new one.
              </p>
              <Link className={buttonVariants({ variant: "secondary" })} href="/dashboard">
                Go to your dashboard
              </Link>
            </>
          ) : (
            <>
              <UsersRound className="size-8 text-primary" aria-hidden />
              <h1 className="m-0 text-xl font-semibold">Join {preview.organizationName}</h1>
              {preview.alreadyMember ? (
                <>
                  <p className="m-0 text-sm text-muted-foreground">You are already a member.</p>
                  <Link className={buttonVariants()} href="/dashboard">
                    Go to your dashboard
                  </Link>
                </>
              ) : (
                <>
                  <p className="m-0 max-w-prose text-sm text-muted-foreground">
                    You join as a member, signed in as{" "}
                    <span className="font-medium text-foreground">{session.user.email}</span>, and
                    can register and manage the organization&apos;s applications.
                  </p>
                  <AcceptInvitation token={token} />
                </>
              )}
            </>
          )}
        </CardContent>
      </Card>
    </AppShell>
  );
}
