import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lotse/ui/card";
import { DescriptionList, PageHeader } from "@lotse/ui/layout";
import { AppShell } from "~/components/app-shell";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";
import { ChangePasswordForm } from "./change-password-form";

export default async function AccountPage({ searchParams }: PageProps<"/account">) {
  const session = await requireSession("/account");
  const account = await (await api()).account.me();
  return (
    <AppShell session={session}>
      <PageHeader title="Your account" description="How you sign in to the developer portal." />
      <div className="grid grid-cols-1 gap-6">
        <Card aria-labelledby="profile-title">
          <CardHeader>
            <CardTitle id="profile-title">Profile</CardTitle>
          </CardHeader>
          <CardContent>
            <DescriptionList
              items={[
                { term: "Name", value: account.name ?? "—" },
                { term: "Email", value: account.email },
                {
                  term: "Role",
                  value: account.role === "ADMIN" ? "Administrator" : "Developer",
                },
              ]}
            />
          </CardContent>
        </Card>
        <Card aria-labelledby="password-title">
          <CardHeader>
            <div>
              <CardTitle id="password-title">Change password</CardTitle>
              <CardDescription>
                You need your current password to set a new one. Changing it signs you out
                everywhere else.
              </CardDescription>
            </div>
          </CardHeader>
          <CardContent>
            <ChangePasswordForm
              email={account.email}
              changedBefore={(await searchParams).password === "changed"}
            />
          </CardContent>
        </Card>
      </div>
    </AppShell>
  );
}
