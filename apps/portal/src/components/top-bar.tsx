import Link from "next/link";
import { signOutAction } from "../app/(auth)/actions";

/** `admin`: show the admin console link (the pages check the role themselves). */
export function TopBar({ email, admin = false }: { email: string; admin?: boolean }) {
  return (
    <header className="topbar">
      <Link href="/dashboard">Lotse developer portal</Link>
      <form action={signOutAction} className="row">
        <Link href="/audit">Audit log</Link>
        {admin && <Link href="/admin">Admin</Link>}
        <Link className="hint" href="/account" data-testid="signed-in-as">
          {email}
        </Link>
        <button className="button secondary" type="submit">
          Sign out
        </button>
      </form>
    </header>
  );
}
