import { TRPCError } from "@trpc/server";
import { AppShell } from "../../../components/app-shell";
import { requireSession } from "../../../server/session";
import { api } from "../../../trpc/server";
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
    <>
      <AppShell session={session}>
        {!preview ? (
          <>
            <h1>Invitation not valid</h1>
            <p>This link has expired, was revoked or has been used. Ask for a new one.</p>
          </>
        ) : (
          <>
            <h1>Join {preview.organizationName}</h1>
            {preview.alreadyMember ? (
              <p>You are already a member.</p>
            ) : (
              <AcceptInvitation token={token} />
            )}
          </>
        )}
      </AppShell>
    </>
  );
}
