import { AppShell } from "../../components/app-shell";
import { requireSession } from "../../server/session";
import { ChangePasswordForm } from "./change-password-form";

export default async function AccountPage() {
  const session = await requireSession("/account");
  return (
    <>
      <AppShell session={session}>
        <h1>Your account</h1>
        <section className="card" aria-labelledby="password-title">
          <h2 id="password-title">Change password</h2>
          <ChangePasswordForm />
        </section>
      </AppShell>
    </>
  );
}
