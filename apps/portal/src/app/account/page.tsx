import { TopBar } from "../../components/top-bar";
import { requireSession } from "../../server/session";
import { ChangePasswordForm } from "./change-password-form";

export default async function AccountPage() {
  const session = await requireSession("/account");
  return (
    <>
      <TopBar email={session.user.email ?? ""} />
      <main className="shell">
        <h1>Your account</h1>
        <section className="card" aria-labelledby="password-title">
          <h2 id="password-title">Change password</h2>
          <ChangePasswordForm />
        </section>
      </main>
    </>
  );
}
