import { CopyButton } from "../../../components/copy-button";
import { AppShell } from "../../../components/app-shell";
import { requireSession } from "../../../server/session";
import { api } from "../../../trpc/server";
import { AdminNav } from "../admin-nav";
import { adminQuery } from "../admin-page";

const ROTATE_COMMAND = "pnpm --filter @lotse/broker keys:rotate";
const date = (value: Date | null) =>
  value ? value.toISOString().replace("T", " ").slice(0, 16) : "—";

export default async function AdminKeysPage() {
  const session = await requireSession("/admin/keys");
  const keys = await adminQuery((await api()).admin.signingKeys());
  return (
    <>
      <AppShell session={session}>
        <h1>Admin</h1>
        <AdminNav current="/admin/keys" />
        <section className="card" aria-labelledby="rotate-title">
          <h2 id="rotate-title">Rotating the OIDC signing keys</h2>
          <p>
            A rotation retires the <strong>current</strong> keys, promotes the <strong>next</strong>{" "}
            keys (already published in the JWKS, so relying parties hold them) and creates new next
            keys. The new private keys are encrypted with the broker&apos;s key-encryption key,
            which only the broker holds, so the portal cannot rotate. Run on a host with the
            broker&apos;s configuration, then restart the broker instances:
          </p>
          <p className="row">
            <code data-testid="rotate-command">{ROTATE_COMMAND}</code>
            <CopyButton value={ROTATE_COMMAND} />
          </p>
        </section>
        <section className="card" aria-labelledby="keys-title">
          <h2 id="keys-title">Signing keys</h2>
          {keys.length === 0 ? (
            <p className="hint">No keys yet: the broker creates them on its first start.</p>
          ) : (
            <table data-testid="admin-keys">
              <thead>
                <tr>
                  <th>Key id</th>
                  <th>Algorithm</th>
                  <th>Purpose</th>
                  <th>State</th>
                  <th>Created</th>
                  <th>Activated</th>
                  <th>Retired</th>
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => (
                  <tr key={key.kid}>
                    <td>
                      <code>{key.kid}</code>
                    </td>
                    <td>{key.alg}</td>
                    <td>
                      {key.purpose.toLowerCase()} ({key.use})
                    </td>
                    <td>{key.state.toLowerCase()}</td>
                    <td>{date(key.createdAt)}</td>
                    <td>{date(key.activatedAt)}</td>
                    <td>{date(key.retiredAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </AppShell>
    </>
  );
}
