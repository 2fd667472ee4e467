import { TRPCError } from "@trpc/server";
import { Plus } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@lotse/ui/badge";
import { buttonVariants } from "@lotse/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lotse/ui/card";
import { CopyButton } from "@lotse/ui/copy-button";
import { Code, PageHeader } from "@lotse/ui/layout";
import { AppShell } from "~/components/app-shell";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";
import { ApisTable } from "./apis-table";
import { InvitePanel } from "./invite-panel";
import { LeaveOrganization } from "./leave-organization";
import { MembersTable } from "./members-table";

export default async function OrganizationPage({
  params,
}: {
  params: Promise<{ organizationId: string }>;
}) {
  const { organizationId } = await params;
  const session = await requireSession(`/orgs/${organizationId}`);
  const caller = await api();
  const organization = await caller.organization.get({ organizationId }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const isOwner = organization.role === "OWNER";
  const [members, invitations, apis] = await Promise.all([
    caller.organization.members({ organizationId }),
    isOwner ? caller.organization.invitations({ organizationId }) : [],
    caller.api.list({ organizationId }),
  ]);

  return (
    <AppShell session={session}>
      <PageHeader
        eyebrow="Organization"
        title={organization.name}
        description={
          <>
            <span className="font-mono">{organization.slug}</span> ·{" "}
            {organization.applicationCount === 1
              ? "1 application"
              : `${organization.applicationCount} applications`}{" "}
            · you are {isOwner ? "an owner" : "a member"}
          </>
        }
        actions={
          <Link className={buttonVariants()} href={`/orgs/${organization.id}/apps/new`}>
            <Plus aria-hidden />
            Register an app
          </Link>
        }
      />
      <div className="grid grid-cols-1 gap-6">
        <Card aria-labelledby="relying-party-title">
          <CardHeader>
            <div>
              <CardTitle id="relying-party-title">Relying-party id</CardTitle>
              <CardDescription>
                Stands for all of this organization&apos;s applications: the IDP list (
                <Code>/api/v1/idps</Code>) accepts it as <Code>relyingPartyId</Code> or{" "}
                <Code>relayingPartyId</Code>, like a client id.
              </CardDescription>
            </div>
          </CardHeader>
          <CardContent>
            <div className="flex min-w-0 items-center justify-between gap-2">
              <Code data-testid="relying-party-id">{organization.relyingPartyId}</Code>
              <CopyButton
                value={organization.relyingPartyId}
                label="Copy"
                aria-label="Copy the relying-party id"
                variant="ghost"
              />
            </div>
          </CardContent>
        </Card>
        <Card id="apis" aria-labelledby="apis-title" className="scroll-mt-20">
          <CardHeader>
            <div>
              <CardTitle id="apis-title">
                APIs <Badge className="align-middle">{apis.length}</Badge>
              </CardTitle>
              <CardDescription>
                Your resource servers: applications granted their scopes get access tokens for them
                (as a JWT or opaque).
              </CardDescription>
            </div>
            <Link
              className={buttonVariants({ variant: "secondary", size: "sm" })}
              href={`/orgs/${organization.id}/apis/new`}
              data-testid="register-api"
            >
              <Plus aria-hidden />
              Register an API
            </Link>
          </CardHeader>
          <CardContent>
            <ApisTable apis={apis} />
          </CardContent>
        </Card>
        <Card aria-labelledby="members-title">
          <CardHeader>
            <div>
              <CardTitle id="members-title">
                Members <Badge className="align-middle">{members.length}</Badge>
              </CardTitle>
              <CardDescription>
                Every member manages the organization&apos;s applications. Owners also manage
                members and invitation links.
              </CardDescription>
            </div>
          </CardHeader>
          <CardContent>
            <MembersTable
              organizationId={organization.id}
              organizationName={organization.name}
              currentUserId={session.user.id}
              isOwner={isOwner}
              initialMembers={members}
            />
          </CardContent>
        </Card>
        {isOwner && (
          <InvitePanel organizationId={organization.id} initialInvitations={invitations} />
        )}
        <Card aria-labelledby="leave-title" className="border-destructive/30">
          <CardHeader>
            <div>
              <CardTitle id="leave-title">Leave organization</CardTitle>
              <CardDescription>
                {isOwner
                  ? "An organization always keeps an owner: if you are the only one, make another member an owner first."
                  : "You lose access to its applications. An owner can invite you again."}
              </CardDescription>
            </div>
          </CardHeader>
          <CardContent>
            <LeaveOrganization
              organizationId={organization.id}
              organizationName={organization.name}
              currentUserId={session.user.id}
            />
          </CardContent>
        </Card>
      </div>
    </AppShell>
  );
}
