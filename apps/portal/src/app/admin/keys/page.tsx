import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lotse/ui/card";
import { CopyButton } from "@lotse/ui/copy-button";
import { AppShell } from "~/components/app-shell";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";
import { AdminHeader } from "../admin-header";
import { adminQuery } from "../admin-page";
import { KeysTable } from "./keys-table";
import { RotateKeysButton } from "./rotate-keys-button";

const ROTATE_COMMAND = "pnpm --filter @lotse/broker keys:rotate";

export default async function AdminKeysPage() {
  const session = await requireSession("/admin/keys");
  const keys = await adminQuery((await api()).admin.signingKeys());
  return (
    <AppShell session={session}>
      <AdminHeader current="/admin/keys" />
      <div className="grid grid-cols-1 gap-6">
        <Card aria-labelledby="keys-title">
          <CardHeader>
            <div>
              <CardTitle id="keys-title">Signing keys</CardTitle>
              <CardDescription>
                Public facts only: the private keys never leave the broker.
              </CardDescription>
            </div>
          </CardHeader>
          <CardContent data-testid="admin-keys">
            <KeysTable initialKeys={keys} />
          </CardContent>
        </Card>
        <Card aria-labelledby="rotate-title">
          <CardHeader>
            <CardTitle id="rotate-title">Rotating the OIDC signing keys</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-3 text-sm">
            <p className="m-0">
              A rotation retires the <strong>current</strong> keys and promotes the{" "}
              <strong>next</strong> keys, which are already published in the JWKS, so relying
              parties hold them. The brokers read their keys at start: they sign with the promoted
              keys after their next restart, which also creates new next keys. Until then, another
              rotation here is refused.
            </p>
            <RotateKeysButton />
            <p className="m-0 mt-2">
              Or run the command below on a host with the broker&apos;s configuration, which
              includes the key-encryption key the portal never holds: it also creates the new next
              keys at once (and, like this button, waits for the restart after a rotation here).
              Restart the broker instances afterwards either way.
            </p>
            <div className="flex flex-wrap items-center gap-2 rounded-lg border border-border bg-muted/50 p-2 pl-3">
              <code
                className="min-w-0 flex-1 font-mono text-sm [overflow-wrap:anywhere]"
                data-testid="rotate-command"
              >
                {ROTATE_COMMAND}
              </code>
              <CopyButton value={ROTATE_COMMAND} />
            </div>
          </CardContent>
        </Card>
      </div>
    </AppShell>
  );
}
